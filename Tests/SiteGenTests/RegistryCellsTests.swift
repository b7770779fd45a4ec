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

    /// A stand-in for the template: a link per architecture after the prefix it is given.
    static func lines(_ architectures: [Architecture], _ rootPrefix: String) -> String {
        architectures.map { "<li><a href=\"\(rootPrefix)architectures/\($0.name)/\">\($0.name)</a></li>" }.joined()
    }

    @Test(arguments: ["", "x", "1234567", "12345678", "123456789"])
    func markedLinesJoinWithEachDepthsPrefix(lead: String) {
        let marker = RegistryCells.rootMarker
        let html = lead + marker + "a\u{1}b" + marker + marker + lead + marker
        let marked = RegistryCells.Marked(html)
        #expect(marked.holes.count == 4)
        #expect(marked.joined(with: "../") == lead + "../a\u{1}b../../" + lead + "../")
        #expect(marked.joined(with: "") == lead + "a\u{1}b" + lead)
        #expect(RegistryCells.Marked("no marker").joined(with: "../") == "no marker")
    }

    @Test func aRecordsLinesAreRenderedOnceForEveryDepth() {
        let cells = RegistryCells()
        let architectures = [Architecture("amd64"), Architecture("arm64v8")]
        var prefixes: [String] = []
        for depth in [1, 2, 1, 2, 3] {
            let html = cells.html(number: 0, record: Self.record(), architectures: architectures, depth: depth) { prefix in
                prefixes.append(prefix)
                return Self.lines(architectures, prefix)
            }
            #expect(html == Self.lines(architectures, SitePaths.rootPrefix(depth: depth)), "depth \(depth)")
        }
        #expect(prefixes == [RegistryCells.rootMarker])
        // Another architecture list of the same record is another rendering.
        _ = cells.html(number: 0, record: Self.record(), architectures: [Architecture("amd64")], depth: 1) { prefix in
            prefixes.append(prefix)
            return Self.lines([Architecture("amd64")], prefix)
        }
        #expect(prefixes.count == 2)
    }

    @Test func dataThatCouldCarryTheMarkerIsRenderedForEachDepth() {
        let cells = RegistryCells()
        let record = Self.record(osVersion: RegistryCells.rootMarker)
        let architectures = [Architecture("amd64")]
        var prefixes: [String] = []
        for depth in [1, 2, 1] {
            let html = cells.html(number: 3, record: record, architectures: architectures, depth: depth) { prefix in
                prefixes.append(prefix)
                return Self.lines(architectures, prefix) + record.platforms[0].osVersion!
            }
            #expect(html == Self.lines(architectures, SitePaths.rootPrefix(depth: depth)) + RegistryCells.rootMarker)
        }
        #expect(prefixes == [SitePaths.rootPrefix(depth: 1), SitePaths.rootPrefix(depth: 2)])
    }
}
