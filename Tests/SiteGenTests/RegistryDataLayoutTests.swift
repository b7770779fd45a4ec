import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// Where the registry data file's parts are (``RegistryDataSections/Layout``): found by the
/// change detection, kept in the stat cache, and used by the loader to read only the parts a
/// build shows, while the file is as it was; anything else reads the whole file.
@Suite struct RegistryDataLayoutTests {
    /// A walk of the file that trusts every file's times (it began well after they were set).
    static func walk(_ path: String, names: [String], previous: InputStatCache = InputStatCache(), read: RegistryDataRead? = nil)
        -> (walker: InputWalker, images: [String: String], layout: RegistryDataSections.Layout?) {
        var walker = InputWalker(previous: previous, started: Int64(Date().timeIntervalSince1970 + 10) * 1_000_000_000, observing: false)
        let (_, images, layout) = walker.addRegistryData(path, images: names, read: read)
        return (walker, images, layout)
    }

    /// The fast read of a settled file checks the registry address and namespace as the whole
    /// read does: a file edited by hand into one the pages could not pin from is refused on a
    /// warm build too, at its line (by the whole read it falls back to); an old sync's
    /// `demo/` reads as `demo` both ways.
    @Test func theFastReadChecksTheAddressAndNamespaceToo() throws {
        let folder = try TestPaths.temporaryFolder("registry-layout-head")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("registry-data.json").path
        for (registry, namespace) in [("https://registry.example.org/v2/x", "demo"), ("https://me:pw@registry.example.org", "demo"),
                                      ("https://registry.example.org", "Demo")] {
            let data = RegistryDataTests.demoData(registry: registry, namespace: namespace)
            try Data(data.encoded()).write(to: URL(fileURLWithPath: path))
            let layout = try #require(Self.walk(path, names: ["lumen"]).layout)
            #expect(RegistryDataFile.parts(of: path, layout: layout, images: ["lumen"]) == nil, "\(registry) \(namespace)")
            #expect(throws: DiagnosticError.self) { try RegistryDataFile.load(path, images: ["lumen"], layout: layout) }
        }
        let old = RegistryDataTests.demoData(namespace: "demo/")
        try Data(old.encoded()).write(to: URL(fileURLWithPath: path))
        let layout = try #require(Self.walk(path, names: ["lumen"]).layout)
        #expect(try #require(RegistryDataFile.parts(of: path, layout: layout, images: ["lumen"])).namespace == "demo")
        #expect(try RegistryDataFile.load(path).namespace == "demo")
    }

    @Test func theLayoutIsFoundKeptAndReadsOnlyTheWantedParts() throws {
        let folder = try TestPaths.temporaryFolder("registry-layout")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("registry-data.json").path
        let data = RegistryDataTests.demoData()
        try Data(data.encoded()).write(to: URL(fileURLWithPath: path))
        let names = data.images.keys.sorted() + ["nothing"]

        // Found by reading the file, then given again by the stat cache alone, equal.
        let first = Self.walk(path, names: names)
        let found = try #require(first.layout)
        #expect(found.images.keys.sorted() == data.images.keys.sorted() && found.site.count == 3)
        let second = Self.walk(path, names: names, previous: first.walker.next)
        let kept = try #require(second.layout)
        #expect(kept.site == found.site && second.images == first.images)
        for name in names { #expect(kept.part(of: name) == found.part(of: name), "\(name)") }
        #expect(found.part(of: "nothing") == .some(nil) && kept.part(of: "nothing") == .some(nil), "no part, known")
        #expect(kept.part(of: "elsewhere") == nil && found.part(of: "elsewhere") == .some(nil), "a name the kept layout was not asked about")
        #expect(second.walker.next == first.walker.next, "kept for the build after")

        // The parts it places are the images' values; read alone they give what a whole read gives.
        let bytes = data.encoded()
        for (name, range) in found.images {
            let part = try #require(range)
            #expect(try JSONDecoder().decode(RegistryData.Image.self, from: Data(bytes[part])) == data.images[name])
        }
        let wanted: Set<String> = ["lumen", "nothing"]
        let parts = try #require(RegistryDataFile.parts(of: path, layout: found, images: wanted))
        #expect(parts == (try RegistryDataFile.load(path, images: wanted)))
        #expect(parts.images.keys.sorted() == ["lumen"])

        // A layout kept for other images than a build wants (an image folder added since the
        // scan): the whole file is read, and the other image has its data.
        let other = try #require(data.images.keys.sorted().first { $0 != "lumen" })
        let lumenOnly = try #require(Self.walk(path, names: ["lumen"], previous: Self.walk(path, names: ["lumen"]).walker.next).layout)
        #expect(!lumenOnly.namesAll && RegistryDataFile.parts(of: path, layout: lumenOnly, images: ["lumen", other]) == nil)
        let both = try RegistryDataFile.load(path, images: ["lumen", other], layout: lumenOnly)
        #expect(both.images.keys.sorted() == ["lumen", other].sorted() && both.images[other] == data.images[other])

        // Ranges that no longer fit, or a file rewritten since: the whole file is read.
        let shifted = RegistryDataSections.Layout(status: found.status, site: found.site,
                                                  images: found.images.mapValues { $0.map { ($0.lowerBound + 1)..<$0.upperBound } },
                                                  namesAll: true)
        #expect(RegistryDataFile.parts(of: path, layout: shifted, images: wanted) == nil)
        #expect(try RegistryDataFile.load(path, images: wanted, layout: shifted) == parts)
        var changed = data
        let trixie = data.images["lumen"]?.tags["trixie"]
        changed.images["lumen"]?.tags["new"] = trixie
        try Data(changed.encoded()).write(to: URL(fileURLWithPath: path))
        #expect(RegistryDataFile.parts(of: path, layout: found, images: wanted) == nil, "the file's status changed")
        #expect(try RegistryDataFile.load(path, images: wanted, layout: found).images["lumen"] == changed.images["lumen"])
        // And the next walk finds the new file's layout.
        let third = Self.walk(path, names: names, previous: second.walker.next)
        #expect(third.layout != nil && third.layout != found && third.images["lumen"] != first.images["lumen"])
    }

    @Test func aPartNotAsTheSyncWritesItIsReadWholeAndReportedAtItsLine() throws {
        let folder = try TestPaths.temporaryFolder("registry-layout-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("registry-data.json").path
        var data = RegistryDataTests.demoData()
        data.images["lumen"]?.tags["broken"] = "sha256:nothing"
        try Data(data.encoded()).write(to: URL(fileURLWithPath: path))
        let layout = try #require(Self.walk(path, names: ["lumen"]).layout)
        #expect(RegistryDataFile.parts(of: path, layout: layout, images: ["lumen"]) == nil)
        let error = try #require(throws: DiagnosticError.self) { try RegistryDataFile.load(path, images: ["lumen"], layout: layout) }
        #expect(error.diagnostics.contains { $0.message.contains("lumen:broken") && $0.line != nil })
    }

    /// A file giving a name twice (a second `registry`, or a second part for an image) has no
    /// layout, found or kept: read through one, a settled file's build took one of the two
    /// values (the first `registry`, the last part) and passed a file that a cold build,
    /// `check` and `bundle` refuse at its line.
    @Test func aFileGivingANameTwiceHasNoLayoutAndIsRefusedOnEveryBuild() throws {
        let folder = try TestPaths.temporaryFolder("registry-layout-twice")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("registry-data.json").path
        let text = String(decoding: RegistryDataTests.demoData().encoded(), as: UTF8.self)
        let namespace = try #require(text.range(of: "  \"namespace\""))
        let lumen = try #require(text.range(of: "    \"lumen\": {"))
        let lumenPart = String(text[lumen.lowerBound...].prefix { $0 != "\n" }) + "\n      \"repository\": \"demo/lumen\",\n      \"tags\": {}\n    },\n"
        for twice in [text.replacingCharacters(in: namespace.lowerBound..<namespace.lowerBound, with: "  \"registry\": \"https://elsewhere.example\",\n"),
                      text.replacingCharacters(in: lumen.lowerBound..<lumen.lowerBound, with: lumenPart)] {
            try Data(twice.utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: DiagnosticError.self) { try RegistryDataFile.load(path) }
            let first = Self.walk(path, names: ["lumen"])
            #expect(first.layout == nil, "found")
            let second = Self.walk(path, names: ["lumen"], previous: first.walker.next)
            #expect(second.layout == nil, "kept")
            let error = try #require(throws: DiagnosticError.self) { try RegistryDataFile.load(path, images: ["lumen"], layout: second.layout) }
            #expect(error.diagnostics.contains { $0.message.hasPrefix("the registry data file has a second member named") && $0.line != nil })
        }
    }

    /// The parts are cut at the right bytes whatever the spacing and whatever the strings hold:
    /// the scanner skips eight bytes at a time where none can be a quote or a bracket, so each
    /// part is checked against `JSONSerialization`'s reading of the whole file, with brackets,
    /// quotes and the bytes that look like brackets to the word test (`Y`, `y`, `_`) at every
    /// offset from a word's start.
    @Test func partsAreCutAtTheirBytesWhateverTheSpacingAndStrings() throws {
        for shift in 0..<9 {
            let pad = String(repeating: " ", count: shift)
            let tricky = ["Yy_", "[{\\\"}]", "a\\\\", String(repeating: "_", count: shift) + "]"]
            var images: [String] = []
            for (index, text) in tricky.enumerated() {
                let value = "{\(pad)\"k\(index)\":\(pad)[\(pad)\"\(text)\",\(pad){\"y\":[[],{}],\"_\":\"\(pad)Y\"}\(pad)],\"n\": 12\(pad)}"
                images.append("\"image\(index)\"\(pad):\(pad)\(value)")
            }
            let text = "{\(pad)\"schemaVersion\": 1,\(pad)\"images\": {\n\(images.joined(separator: ",\n" + pad))\(pad)},\"registry\":\"r\"}"
            let bytes = Array(text.utf8)
            let sections = try #require(RegistryDataSections(bytes), "shift \(shift)")
            let whole = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            let wanted = try #require(whole["images"] as? [String: Any])
            #expect(sections.images.keys.sorted() == wanted.keys.sorted())
            for (name, part) in sections.images {
                let read = try JSONSerialization.jsonObject(with: Data(part)) as? NSDictionary
                #expect(read == (wanted[name] as? NSDictionary), "shift \(shift), \(name)")
            }
            #expect(sections.site.count == 2)
        }
    }
}
