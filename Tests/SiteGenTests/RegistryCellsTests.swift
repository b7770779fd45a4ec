import Testing
@testable import SiteGen

/// ``RegistryCells``: a record's lines rendered once with the root marker serve pages of every
/// depth, and data that could carry the marker is rendered for each depth instead.
@Suite struct RegistryCellsTests {
    static func record(osVersion: String? = nil) -> RegistryData.Record {
        RegistryData.Record(mediaType: "application/vnd.oci.image.index.v1+json", firstSeen: "2026-12-01T00:00:00Z", platforms: [
            RegistryData.Platform(os: "linux", architecture: "amd64", variant: nil, osVersion: osVersion,
                                  digest: "sha256:" + String(repeating: "a", count: 64),
                                  mediaType: "application/vnd.oci.image.manifest.v1+json", size: 1234, created: nil),
        ])
    }

    /// The digest of ``record(osVersion:)``'s index.
    static let indexDigest = "sha256:" + String(repeating: "b", count: 64)

    /// A stand-in for the template: a link per architecture after the prefix it is given.
    static func lines(_ architectures: [Architecture], _ rootPrefix: String) -> String {
        architectures.map { "<li><a href=\"\(rootPrefix)architectures/\($0.name)/\">\($0.name)</a></li>" }.joined()
    }

    @Test(arguments: ["", "x", "1234567", "12345678", "123456789"])
    func markedLinesJoinWithEachDepthsPrefix(lead: String) throws {
        let marker = RegistryCells.rootMarker
        let html = lead + marker + "ab" + marker + marker + lead + marker
        let marked = try #require(RegistryCells.Marked(html))
        #expect(marked.holes.count == 4)
        #expect(marked.joined(with: "../") == lead + "../ab../../" + lead + "../")
        #expect(marked.joined(with: "") == lead + "ab" + lead)
        #expect(RegistryCells.Marked("no marker")?.joined(with: "../") == "no marker")
        // The marker's first byte anywhere else: the lines cannot be cut.
        #expect(RegistryCells.Marked(lead + marker + "a\u{1}b") == nil)
        #expect(RegistryCells.Marked(lead + marker.uppercased()) == nil)
        #expect(RegistryCells.Marked(lead + String(marker.dropLast())) == nil)
    }

    /// Both template engines leave the marker as it is, one per line's link, and the lines
    /// cut at it and joined with a depth's prefix are the lines rendered with that prefix.
    @Test func theMarkerComesThroughBothTemplateEngines() throws {
        let compiled = try PageModelLookupTests.renderer()
        let reference = SiteRenderer(catalog: compiled.catalog, theme: compiled.theme.withoutCompiledTemplates(),
                                     settings: compiled.settings, sites: compiled.sites, assets: compiled.assets,
                                     history: compiled.history, commitLinks: compiled.commitLinks)
        let lumen = try #require(compiled.sites.first { $0.name == "lumen" })
        let registry = try #require(lumen.registry)
        var checked = 0
        for entry in lumen.image.entries {
            guard let number = registry.recordNumber(ofTag: entry.firstTag) else { continue }
            let (digest, record) = registry.records[number]
            for renderer in [compiled, reference] {
                func lines(_ prefix: String) -> String {
                    renderer.theme.render(renderer.registryPlatforms(record, digest: digest, number: number, architectures: entry.architectures,
                                                                     rootPrefix: prefix, cells: RegistryCells()),
                                          template: "registry-platforms")
                }
                let marked = try #require(RegistryCells.Marked(lines(RegistryCells.rootMarker)), "\(entry.firstTag)")
                let rows = renderer.registryPlatforms(record, digest: digest, number: number, architectures: entry.architectures,
                                                      rootPrefix: "", cells: RegistryCells()).platforms.count
                #expect(marked.holes.count == rows, "one link per line")
                for depth in 1...2 {
                    #expect(marked.joined(with: SitePaths.rootPrefix(depth: depth)) == lines(SitePaths.rootPrefix(depth: depth)))
                }
                checked += 1
            }
        }
        #expect(checked > 10)
    }

    /// A theme that changes the link (a lambda over it) or writes the marker's first byte:
    /// the lines are rendered for each depth, never cut wrongly.
    @Test func linesTheThemeChangedAreRenderedForEachDepth() {
        let cells = RegistryCells()
        let architectures = [Architecture("amd64")]
        var prefixes: [String] = []
        for depth in [1, 2, 1] {
            let html = cells.html(number: 0, digest: Self.indexDigest, record: Self.record(), architectures: architectures, depth: depth) { prefix in
                prefixes.append(prefix)
                return Self.lines(architectures, prefix.uppercased())
            }
            #expect(html == Self.lines(architectures, SitePaths.rootPrefix(depth: depth).uppercased()))
        }
        #expect(prefixes == [RegistryCells.rootMarker, SitePaths.rootPrefix(depth: 1), SitePaths.rootPrefix(depth: 2)])
    }

    @Test func aRecordsLinesAreRenderedOnceForEveryDepth() {
        let cells = RegistryCells()
        let architectures = [Architecture("amd64"), Architecture("arm64v8")]
        var prefixes: [String] = []
        for depth in [1, 2, 1, 2, 3] {
            let html = cells.html(number: 0, digest: Self.indexDigest, record: Self.record(), architectures: architectures, depth: depth) { prefix in
                prefixes.append(prefix)
                return Self.lines(architectures, prefix)
            }
            #expect(html == Self.lines(architectures, SitePaths.rootPrefix(depth: depth)), "depth \(depth)")
        }
        #expect(prefixes == [RegistryCells.rootMarker])
        // Another architecture list of the same record is another rendering.
        _ = cells.html(number: 0, digest: Self.indexDigest, record: Self.record(), architectures: [Architecture("amd64")], depth: 1) { prefix in
            prefixes.append(prefix)
            return Self.lines([Architecture("amd64")], prefix)
        }
        #expect(prefixes.count == 2)
    }

    /// The marker's first byte in a string stored inline (15 bytes or fewer) or on the heap,
    /// at its start, middle or end, in a platform's `os.version`, an architecture's name or the
    /// record's own digest (which an index's first line shows).
    @Test(arguments: [RegistryCells.rootMarker, "\u{1}", "10.0\u{1}", "\u{1}10.0.20348.2227-long-build", "10.0.20348\u{1}.2227-long-build",
                      "10.0.20348.2227-long-build\u{1}"])
    func dataThatCouldCarryTheMarkerIsRenderedForEachDepth(text: String) {
        for place in ["osVersion", "architecture", "digest"] {
            let cells = RegistryCells()
            let record = Self.record(osVersion: place == "osVersion" ? text : "10.0.20348.2227")
            let architectures = [Architecture(place == "architecture" ? "amd64" + text : "amd64")]
            let digest = place == "digest" ? Self.indexDigest + text : Self.indexDigest
            var prefixes: [String] = []
            for depth in [1, 2, 1] {
                let html = cells.html(number: 3, digest: digest, record: record, architectures: architectures, depth: depth) { prefix in
                    prefixes.append(prefix)
                    return digest + Self.lines(architectures, prefix) + (record.platforms[0].osVersion ?? "")
                }
                #expect(html == digest + Self.lines(architectures, SitePaths.rootPrefix(depth: depth)) + (record.platforms[0].osVersion ?? ""))
            }
            #expect(prefixes == [SitePaths.rootPrefix(depth: 1), SitePaths.rootPrefix(depth: 2)], "\(place)")
        }
    }

    @Test func cleanDataIsRenderedOnceWhateverItsLength() {
        for osVersion in [nil, "", "10.0", "10.0.20348.2227-long-build"] {
            let cells = RegistryCells()
            var calls = 0
            for depth in [1, 2] {
                _ = cells.html(number: 0, digest: Self.indexDigest, record: Self.record(osVersion: osVersion), architectures: [Architecture("amd64")], depth: depth) { prefix in
                    calls += 1
                    return Self.lines([Architecture("amd64")], prefix)
                }
            }
            #expect(calls == 1, "\(osVersion ?? "nil")")
        }
    }
}
