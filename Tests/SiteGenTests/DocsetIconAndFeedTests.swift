import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// The docset's icons (where they come from, their sizes and pixels) and its feed (the address
/// it names, its version, and the bytes two bundles of the same inputs give).
@Suite struct DocsetIconAndFeedTests {
    /// A docs tree of the demo's `quarry` alone, its logo replaced by `logo` when given.
    static func singleImageTree(in folder: URL, logo: Data? = nil) throws -> (docs: URL, library: URL) {
        let docs = folder.appendingPathComponent("docs"), library = folder.appendingPathComponent("library")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
        for name in ["quarry", ".common-templates"] {
            try FileManager.default.copyItem(at: SiteBuildTests.content.appendingPathComponent("docs/\(name)"), to: docs.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: SiteBuildTests.content.appendingPathComponent("library/quarry"), to: library.appendingPathComponent("quarry"))
        if let logo { try logo.write(to: docs.appendingPathComponent("quarry/logo.png")) }
        return (docs, library)
    }

    /// A `width`×`height` PNG of one opaque colour.
    static func solid(width: Int, height: Int, rgb: [UInt8]) throws -> Data {
        try PNGImage(width: width, height: height, pixels: Array(repeating: rgb + [255], count: width * height).flatMap { $0 }).pngData()
    }

    static func picture(_ url: URL) throws -> PNGImage { try PNGImage(png: Data(contentsOf: url)) }

    // MARK: Icons

    @Test func theMarkIsATileWithContainersAtBothSizes() throws {
        for side in [16, 32] {
            let mark = DocsetIcon.mark(side: side)
            let decoded = try PNGImage(png: mark.pngData())
            #expect(decoded == mark, "a PNG round trip keeps every pixel")
            func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(mark.pixels[((y * side + x) * 4)..<((y * side + x) * 4 + 4)]) }
            #expect(pixel(0, 0)[3] < 128, "rounded corner")
            #expect(pixel(side / 2, side / 16) == [0x0B, 0x5C, 0xAD, 255], "the accent tile above the containers")
            #expect(pixel(side / 2, side * 6 / 16) == [255, 255, 255, 255], "the top container")
            #expect(pixel(side * 4 / 16, side * 11 / 16) == [255, 255, 255, 255], "a bottom container")
        }
    }

    @Test func theOnlyImagesSquareLogoIsScaledDown() async throws {
        let folder = try TestPaths.temporaryFolder("docset-icon-logo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tree = try Self.singleImageTree(in: folder)
        let docset = folder.appendingPathComponent("Quarry.docset")
        let report = await DocsetTests.bundle(to: docset, docs: tree.docs, library: tree.library)
        let summary = try #require(report.docset, "bundle failed: \(report.diagnostics)")
        #expect(summary.iconSource == "from the quarry logo")
        let logo = try Self.picture(tree.docs.appendingPathComponent("quarry/logo.png"))
        let bounds = try #require(logo.visibleBounds)
        #expect(try Self.picture(docset.appendingPathComponent("icon.png")) == logo.fitted(bounds, into: 16))
        #expect(try Self.picture(docset.appendingPathComponent("icon@2x.png")) == logo.fitted(bounds, into: 32))
    }

    /// A wordmark four times as wide as high would be a 16×4 strip: the mark stands in.
    @Test func aWideLogoGivesWayToTheMark() async throws {
        let folder = try TestPaths.temporaryFolder("docset-icon-wide")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tree = try Self.singleImageTree(in: folder, logo: try Self.solid(width: 328, height: 52, rgb: [200, 30, 30]))
        let docset = folder.appendingPathComponent("Quarry.docset")
        let summary = try #require(await DocsetTests.bundle(to: docset, docs: tree.docs, library: tree.library).docset)
        #expect(summary.iconSource == "sitegen's mark")
        #expect(try Self.picture(docset.appendingPathComponent("icon.png")) == DocsetIcon.mark(side: 16))
    }

    /// `--icon` wins, scaled to fit and centred: a 64×32 picture becomes 16×8 inside 16×16.
    @Test func aConfiguredIconIsScaledToFit() async throws {
        let folder = try TestPaths.temporaryFolder("docset-icon-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let icon = folder.appendingPathComponent("brand.png")
        try Self.solid(width: 64, height: 32, rgb: [10, 120, 60]).write(to: icon)
        let docset = folder.appendingPathComponent("Demo.docset")
        let summary = try #require(await DocsetTests.bundle(to: docset, icon: icon.path).docset)
        #expect(summary.iconSource == "from \(icon.path)")
        let small = try Self.picture(docset.appendingPathComponent("icon.png"))
        #expect(small.width == 16 && small.height == 16)
        let alphas = stride(from: 3, to: small.pixels.count, by: 4).map { small.pixels[$0] }
        #expect(alphas.filter { $0 == 255 }.count == 16 * 8)
        #expect(alphas.prefix(16 * 4).allSatisfy { $0 == 0 }, "transparent rows above")
        #expect(Array(small.pixels[(8 * 16 + 3) * 4..<(8 * 16 + 3) * 4 + 4]) == [10, 120, 60, 255])
    }

    /// Scaling averages in linear light: black and white stripes become the grey of half the
    /// light (188), not the sRGB midpoint (128), which looks too dark.
    @Test func scalingAveragesLight() {
        let stripes = (0..<4).flatMap { _ in [UInt8](arrayLiteral: 0, 0, 0, 255, 255, 255, 255, 255) }
        let picture = PNGImage(width: 2, height: 4, pixels: stripes)
        let scaled = picture.fitted((0, 0, 2, 4), into: 2)
        // 2×4 into 2: 1×2 centred at x 0 (offset (2 - 1) / 2 = 0), each pixel the mean of a 2×2 block.
        #expect(Array(scaled.pixels[0..<4]) == [188, 188, 188, 255])
    }

    @Test func aWrongIconFailsBeforeTheBuildAndWritesNothing() async throws {
        let folder = try TestPaths.temporaryFolder("docset-icon-wrong")
        defer { try? FileManager.default.removeItem(at: folder) }
        let svg = folder.appendingPathComponent("logo.svg")
        try "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".write(to: svg, atomically: true, encoding: .utf8)
        let docset = folder.appendingPathComponent("Demo.docset")
        for (path, code) in [(svg.path, "docset.icon-not-png"), (folder.appendingPathComponent("none.png").path, "docset.icon-unreadable")] {
            let report = await DocsetTests.bundle(to: docset, icon: path)
            #expect(!report.succeeded && report.build == nil, "the build should not run")
            let error = try #require(report.diagnostics.first)
            #expect(error.identifier == code && error.file == path, "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: docset.path))
    }

    // MARK: Feed

    @Test func feedAddressesNameTheTarballBesideTheFeed() throws {
        #expect(try DocsetFeed.address(of: "https://docs.example.org/docset", name: "Images") == "https://docs.example.org/docset/Images.tgz")
        #expect(try DocsetFeed.address(of: "https://docs.example.org/docset/", name: "Images") == "https://docs.example.org/docset/Images.tgz")
        #expect(try DocsetFeed.address(of: "https://docs.example.org/docset/Images.xml", name: "Images") == "https://docs.example.org/docset/Images.tgz")
        // Names from --output go on the wire percent-encoded; the feed's own address may be given encoded.
        #expect(try DocsetFeed.address(of: "https://docs.example.org/dd/", name: "Ça-été") == "https://docs.example.org/dd/%C3%87a-%C3%A9t%C3%A9.tgz")
        #expect(try DocsetFeed.address(of: "https://docs.example.org/dd/%C3%87a-%C3%A9t%C3%A9.xml", name: "Ça-été")
            == "https://docs.example.org/dd/%C3%87a-%C3%A9t%C3%A9.tgz")
        #expect(try DocsetFeed.address(of: "http://docs.example.org:8080/d", name: "My Docs") == "http://docs.example.org:8080/d/My%20Docs.tgz")
        #expect(try DocsetFeed.address(of: "https://[::1]:8443/d//Images.xml", name: "Images") == "https://[::1]:8443/d//Images.tgz")
        for wrong in ["ftp://example.org/", "docs/docset", "https://example.org/d/?a=1", "https://example.org/d/#x", "https://example.org/d/Other.xml",
                      "https:///x", "https://example.org/a b/", "https://example.org/\"<x>", "https://u:secret@example.org/d/",
                      "https://example.org/a%zz/", "https://h%C3%A9llo.example/", "https://example.org:99999/", "https://example.org/d/Images.XML"] {
            #expect(throws: Diagnostic.self, "\(wrong)") { try DocsetFeed.address(of: wrong, name: "Images") }
        }
        let xml = String(decoding: DocsetFeed(version: "1a2b", tarball: "https://e.org/a&b/I.tgz").xml, as: UTF8.self)
        #expect(xml == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- docset feed written by sitegen bundle -->\n<entry>\n"
            + "  <version>1a2b</version>\n  <url>https://e.org/a&amp;b/I.tgz</url>\n</entry>\n")
    }

    /// The tarball and feed go beside the docset, whatever way its path was written.
    @Test func theTarballAndFeedGoBesideTheDocset() async throws {
        let folder = try TestPaths.temporaryFolder("docset-feed-beside")
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = await DocsetTests.bundle(to: URL(fileURLWithPath: folder.path + "/x.docset/."), feedURL: "https://docs.example.org/d/")
        let summary = try #require(report.docset, "bundle failed: \(report.diagnostics)")
        #expect(summary.feed == folder.path + "/x.xml" && summary.tarball == folder.path + "/x.tgz")
        for name in ["x.docset/Contents/Info.plist", "x.xml", "x.tgz"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.docset/x.xml").path))
    }

    /// A feed sitegen wrote is replaced by the next bundle; any other file at that path (a
    /// feed kept by hand) stops the bundle before it builds, and is left as it was.
    @Test func aFeedReplacesItsOwnPredecessorButNoOtherFile() async throws {
        let folder = try TestPaths.temporaryFolder("docset-feed-ours")
        defer { try? FileManager.default.removeItem(at: folder) }
        let docset = folder.appendingPathComponent("Demo.docset")
        let feedURL = "https://docs.example.org/docset/"
        #expect(await DocsetTests.bundle(to: docset, feedURL: feedURL).succeeded)
        #expect(await DocsetTests.bundle(to: docset, feedURL: feedURL).succeeded, "the second bundle replaces the first's feed")

        let other = folder.appendingPathComponent("Other.docset")
        let foreign = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<entry>\n  <version>7.1</version>\n  <url>https://x/Other.tgz</url>\n</entry>\n"
        try foreign.write(to: folder.appendingPathComponent("Other.xml"), atomically: true, encoding: .utf8)
        let report = await DocsetTests.bundle(to: other, feedURL: feedURL)
        #expect(!report.succeeded && report.build == nil, "refused before the build")
        let error = try #require(report.diagnostics.first)
        #expect(error.identifier == "bundle.not-ours" && error.message.contains("Other.xml exists and is not a docset feed sitegen wrote"), "\(error)")
        #expect(try String(contentsOf: folder.appendingPathComponent("Other.xml"), encoding: .utf8) == foreign)
        #expect(!FileManager.default.fileExists(atPath: other.path))
    }

    /// The same inputs give the same docset, tarball and feed, byte for byte; a changed page
    /// gives a new version. The feed is well-formed XML (xmllint) naming the version and tarball.
    @Test func theFeedVersionFollowsTheInputs() async throws {
        let folder = try TestPaths.temporaryFolder("docset-feed")
        defer { try? FileManager.default.removeItem(at: folder) }
        let feedURL = "https://docs.example.org/images/docset/"
        func make(_ label: String, docs: URL? = nil, icon: String? = nil) async throws -> (files: [String: Data], feed: Data, tarball: Data, version: String) {
            let out = folder.appendingPathComponent(label)
            let docset = out.appendingPathComponent("Demo-images.docset")
            let summary = try #require(await DocsetTests.bundle(to: docset, docs: docs, icon: icon, feedURL: feedURL).docset)
            #expect(summary.feed == out.appendingPathComponent("Demo-images.xml").path)
            return (try SiteBuildTests.files(in: docset), try Data(contentsOf: out.appendingPathComponent("Demo-images.xml")),
                    try Data(contentsOf: out.appendingPathComponent("Demo-images.tgz")), summary.version)
        }
        let first = try await make("first")
        let second = try await make("second")
        #expect(first.files == second.files && first.feed == second.feed && first.tarball == second.tarball)

        let feed = folder.appendingPathComponent("first/Demo-images.xml")
        let lint = try ProgramRun.run("xmllint", ["--noout", feed.path])
        #expect(lint.status == 0, "\(lint.standardError)")
        let text = String(decoding: first.feed, as: UTF8.self)
        #expect(text.contains("<version>\(first.version)</version>"))
        #expect(text.contains("<url>https://docs.example.org/images/docset/Demo-images.tgz</url>"))

        // One changed sentence in one image's content.
        let docs = folder.appendingPathComponent("docs")
        try FileManager.default.copyItem(at: SiteBuildTests.content.appendingPathComponent("docs"), to: docs)
        let content = docs.appendingPathComponent("lumen/content.md")
        try (String(contentsOf: content, encoding: .utf8) + "\nOne more sentence.\n").write(to: content, atomically: true, encoding: .utf8)
        let changed = try await make("changed", docs: docs)
        #expect(changed.version != first.version)
        #expect(String(decoding: changed.feed, as: UTF8.self).contains("<version>\(changed.version)</version>"))

        // Another icon, the pages as they were.
        let brand = folder.appendingPathComponent("brand.png")
        try Self.solid(width: 32, height: 32, rgb: [10, 120, 60]).write(to: brand)
        let iconed = try await make("icon", icon: brand.path)
        #expect(iconed.version != first.version && iconed.version != changed.version)
    }

    /// The version takes the icons by their pixels, which are what the two files show: a
    /// libpng or zlib that encodes them otherwise must not make a new version of the docs.
    @Test func theVersionTakesTheIconsByTheirPixels() throws {
        let icon = try DocsetIcon(source: .mark, small: DocsetIcon.mark(side: 16), large: DocsetIcon.mark(side: 32))
        for (data, pixels, side) in [(icon.small, icon.smallPixels, 16), (icon.large, icon.largePixels, 32)] {
            let picture = try PNGImage(png: data)
            var expected = Data()
            withUnsafeBytes(of: UInt32(side).littleEndian) { expected.append(contentsOf: $0) }
            withUnsafeBytes(of: UInt32(side).littleEndian) { expected.append(contentsOf: $0) }
            expected.append(contentsOf: picture.pixels)
            #expect(pixels == expected, "the \(side)-pixel file's own pixels")
        }
    }
}
