import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// The lints of ``Checker`` on a copy of the demo tree with one problem added at a time:
/// identifier, severity, file, line and column of each.
@Suite struct CheckerTests {
    /// A writable copy of the demo tree, removed by `remove()`.
    struct Fixture {
        let folder: URL
        var docs: URL { folder.appendingPathComponent("content/docs") }
        var library: URL { folder.appendingPathComponent("content/library") }

        init() throws {
            folder = try TestPaths.temporaryFolder("checker")
            try #require(try ProgramRun.run("cp", ["-R", SiteBuildTests.content.path, folder.path]).status == 0)
        }

        func remove() {
            try? FileManager.default.removeItem(at: folder)
        }

        func write(_ path: String, _ text: String) throws {
            try write(path, bytes: Array(text.utf8))
        }

        func write(_ path: String, bytes: [UInt8]) throws {
            let url = docs.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }

        func append(_ path: String, _ text: String) throws {
            let url = docs.appendingPathComponent(path)
            try (try String(contentsOf: url, encoding: .utf8) + text).write(to: url, atomically: true, encoding: .utf8)
        }

        /// The number of lines of `path`, so a test can name the line it appends.
        func lineCount(_ path: String) throws -> Int {
            try String(contentsOf: docs.appendingPathComponent(path), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count
        }

        func options(output: String = "") -> SiteBuilder.Options {
            SiteBuildTests.options(docs: docs, library: library, output: URL(fileURLWithPath: output.isEmpty ? folder.path + "/site" : output))
        }

        func check() -> [Diagnostic] {
            SiteBuilder(options: options()).check()
        }

        /// The diagnostics with `identifier`.
        func check(_ identifier: String) -> [Diagnostic] {
            check().filter { $0.identifier == identifier }
        }
    }

    /// A PNG header (signature and IHDR) for an image of `width` × `height`.
    static func pngHeader(width: Int, height: Int) -> [UInt8] {
        let be = { (value: Int) -> [UInt8] in [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be(13) + Array("IHDR".utf8) + be(width) + be(height) + [8, 6, 0, 0, 0]
    }

    @Test func theDemoTreeHasNoLintProblems() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        #expect(fixture.check().isEmpty)
    }

    // MARK: Logo

    @Test func aMissingLogoIsAWarningExceptForADeprecatedImage() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try FileManager.default.removeItem(at: fixture.docs.appendingPathComponent("beacon/logo.svg"))
        let missing = fixture.check("docs.missing-logo")
        #expect(missing.count == 1)
        #expect(missing.first?.severity == .warning)
        #expect(missing.first?.file?.hasSuffix("content/docs/beacon") == true)
        #expect(missing.first?.hint != nil)
        // oldcache is deprecated and has no logo: nothing to say.
        #expect(!missing.contains { $0.file?.hasSuffix("oldcache") == true })
    }

    @Test func aLogoOfAnotherFormatIsReported() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try FileManager.default.removeItem(at: fixture.docs.appendingPathComponent("beacon/logo.svg"))
        try fixture.write("beacon/logo.jpg", bytes: [0xFF, 0xD8, 0xFF, 0xE0])
        try fixture.write("quarry/logo.gif", "GIF89a")
        let problems = fixture.check()
        let format = problems.filter { $0.identifier == "docs.logo-format" }
        #expect(format.compactMap { $0.file.map { PathParts.name(of: $0) } }.sorted() == ["logo.gif", "logo.jpg"])
        #expect(format.allSatisfy { $0.severity == .warning })
        #expect(format.first { $0.file?.hasSuffix("beacon/logo.jpg") == true }?.hint?.contains("logo.png or logo.svg") == true)
        #expect(format.first { $0.file?.hasSuffix("quarry/logo.gif") == true }?.hint?.contains("logo.png") == true)
        // The jpg stands for the logo: no "missing logo" on top.
        #expect(!problems.contains { $0.identifier == "docs.missing-logo" })
    }

    @Test func pngSizeAndDimensionsAreChecked() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        // 8000 × 2659, like the corpus's archlinux logo, and over 200 KB.
        try fixture.write("quarry/logo.png", bytes: Self.pngHeader(width: 8000, height: 2659) + [UInt8](repeating: 0, count: 210 * 1024))
        try fixture.write("kestrel-lang/logo.png", bytes: Self.pngHeader(width: 8, height: 64))
        let problems = fixture.check()
        let large = problems.filter { $0.identifier == "docs.logo-too-large" }
        #expect(large.count == 1)
        #expect(large.first?.file?.hasSuffix("quarry/logo.png") == true)
        #expect(large.first?.message.contains("210 KB") == true)
        let dimensions = problems.filter { $0.identifier == "docs.logo-dimensions" }
        #expect(dimensions.count == 2)
        #expect(dimensions.first { $0.file?.hasSuffix("quarry/logo.png") == true }?.message.contains("8000 by 2659") == true)
        #expect(dimensions.first { $0.file?.hasSuffix("kestrel-lang/logo.png") == true }?.message.contains("8 by 64") == true)
        #expect((large + dimensions).allSatisfy { $0.severity == .warning })
    }

    @Test func aLogoThatIsNotWhatItsNameSaysIsReported() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.write("quarry/logo.png", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
        try fixture.write("lumen/logo.svg", "not an image\n")
        let invalid = fixture.check("docs.logo-invalid")
        #expect(invalid.compactMap(\.file).map { $0.split(separator: "/").suffix(2).joined(separator: "/") }.sorted()
            == ["lumen/logo.svg", "quarry/logo.png"])
    }

    @Test func anSVGLogoWithScriptIsAnErrorAtItsPosition() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.write("lumen/logo.svg", """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
              <title>on=off is text, not an attribute</title>
              <rect width="10" height="10" onload="alert(1)"/>
              <a href="javascript:alert(2)"><circle r="2"/></a>
              <script>alert(3)</script>
            </svg>

            """)
        let unsafe = fixture.check("docs.logo-unsafe-svg")
        #expect(unsafe.map(\.severity) == [.error, .error, .error])
        #expect(unsafe.map { "\($0.line ?? 0):\($0.column ?? 0)" } == ["3:32", "4:12", "5:3"])
        #expect(unsafe.first?.message.contains("onload=") == true)
        #expect(unsafe.allSatisfy { $0.file?.hasSuffix("lumen/logo.svg") == true && $0.hint != nil })
        // Clean SVGs (the demo's) pass.
        #expect(!unsafe.contains { $0.file?.contains("tidewater") == true })
    }

    // MARK: Placeholders

    @Test func unknownAndUnfilledPlaceholdersAreReportedWithLineAndColumn() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let line = try fixture.lineCount("lumen/content.md")
        try fixture.append("lumen/content.md", "Run `docker pull %%IMAGES%%` or %%image%%; tags: %%TAGS%%. Fine: %%IMAGE%%, 100%%, %%%.\n")
        try fixture.write("lumen/license.md", "See %%LICENSE%% and %%GITHUB-REPO%%.\n")
        let problems = fixture.check()
        let unknown = problems.filter { $0.identifier == "readme.unknown-placeholder" }
        #expect(unknown.map { "\($0.line ?? 0):\($0.column ?? 0)" } == ["\(line):18", "\(line):33"])
        #expect(unknown.first?.message.contains("%%IMAGES%%") == true)
        #expect(unknown.first?.hint?.hasPrefix("did you mean %%IMAGE%%?") == true)
        #expect(unknown.last?.hint?.hasPrefix("did you mean %%IMAGE%%?") == true)
        let unfilled = problems.filter { $0.identifier == "readme.unfilled-placeholder" }
        #expect(unfilled.map { "\(PathParts.name(of: $0.file ?? "")):\($0.line ?? 0):\($0.column ?? 0)" }
            == ["content.md:\(line):50", "license.md:1:5"])
        #expect(unfilled.first?.message.contains("%%CONTENT%%") == true)
        #expect(unfilled.first?.hint?.contains("%%VARIANT%%") == true)
        #expect((unknown + unfilled).allSatisfy { $0.severity == .warning })
    }

    @Test func theLintKnowsTheFieldsTheReadmeFills() throws {
        let (catalog, _) = CatalogLoader(docsPath: SiteBuildTests.content.appendingPathComponent("docs").path,
                                         libraryPath: SiteBuildTests.content.appendingPathComponent("library").path,
                                         fallbackHelpers: Theme.load().theme?.defaultHelpers).load()
        let catalogValue = try #require(catalog)
        let image = try #require(catalogValue.images.first)
        let placeholders = try HubReadme.placeholders(for: image.folder, library: image.library, inputs: catalogValue.readmeInputs)
        #expect(placeholders.map(\.name) == PlaceholderLint.order)
    }

    @Test func placeholderTokensAreFoundInBytes() {
        let tokens = PlaceholderLint.tokens(in: "a %%X%% é%%Y-2%%\n%%%%  %%1%% %%Z_z%%%%W%%")
        #expect(tokens.map { "\($0.name)@\($0.line):\($0.column)" } == ["X@1:3", "Y-2@1:11", "Z_z@2:13", "W@2:20"])
    }

    // MARK: Variants

    @Test func variantFilesNoTagUsesAreReported() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.write("lumen/variant-musl.md", "## `%%IMAGE%%:<version>-musl`\n\nNo tag has this.\n")
        try fixture.write("lumen/variant-bookworm.md", "## `%%IMAGE%%:<version>-bookworm`\n\nTags like 1.4-bookworm have this.\n")
        let unused = fixture.check("docs.unused-variant")
        #expect(unused.count == 1)
        #expect(unused.first?.file?.hasSuffix("lumen/variant-musl.md") == true)
        #expect(unused.first?.severity == .warning)
        #expect(unused.first?.message.contains("`musl`") == true)
    }

    // MARK: Markdown

    @Test func linksToImagesThatExistNowhereAreReported() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let line = try fixture.lineCount("tidewater/content.md") + 1
        try fixture.append("tidewater/content.md", """

            See [nope](https://hub.docker.com/_/nope/), [quarry](https://hub.docker.com/_/quarry/) and [self](https://hub.docker.com/_/%%IMAGE%%).
            -\tAlso [gone](../gone/README.md), [debian](../debian/) (a library file, no docs folder), https://hub.docker.com/_/bare/ and [tags](https://hub.docker.com/_/quarry/tags), [root](../README.md).

            """)
        let links = fixture.check("markdown.unknown-image-link")
        #expect(links.map { "\($0.line ?? 0):\($0.column ?? 0)" } == ["\(line):5", "\(line + 1):8", "\(line + 1):90"])
        #expect(links.map { $0.message.contains("`nope`") || $0.message.contains("`gone`") || $0.message.contains("`bare`") } == [true, true, true])
        #expect(links.allSatisfy { $0.severity == .warning && $0.file?.hasSuffix("tidewater/content.md") == true })
    }

    @Test func anchorsThatNameNoHeadingAreReported() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let line = try fixture.lineCount("quarry/content.md") + 1
        try fixture.append("quarry/content.md", """

            Fine: [a](#image-variants), [b](#quick-reference), [c](#supported-tags-and-respective-dockerfile-links), [d](#license), [top](#top).
            Also fine: [e](#how-to-use-this-image) and [f](#caf%C3%A9-cr%C3%A8me).
            Broken: [g](#no-such-section) and
            \t[h](#How-To-Use-This-Image).

            ## Café crème

            """)
        let anchors = fixture.check("markdown.broken-anchor")
        #expect(anchors.map { "\($0.line ?? 0):\($0.column ?? 0)" } == ["\(line + 2):9", "\(line + 3):2"])
        #expect(anchors.first?.message.contains("#no-such-section") == true)
        #expect(anchors.last?.hint?.contains("did you mean `#how-to-use-this-image`?") == true)
    }

    @Test func anchorsIntoTextsFilledFromPlaceholdersAndVariantPagesPass() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        // quarry's content.md has `## %%COMPOSE%%`: the heading's anchor is that of the filled text.
        try fixture.append("quarry/content.md", "\nSee [compose](#-with-docker-compose), not [raw](#compose).\n")
        try fixture.append("kestrel-lang/variant-slim.md", "\nSee [the tags](#supported-tags-and-respective-dockerfile-links) and [x](#nowhere).\n")
        let anchors = fixture.check("markdown.broken-anchor")
        let found = anchors.map { diagnostic in
            (diagnostic.file ?? "").split(separator: "/").suffix(2).joined(separator: "/") + " "
                + (diagnostic.message.split(separator: "`").dropFirst().first ?? "")
        }
        #expect(found.sorted() == ["kestrel-lang/variant-slim.md #nowhere", "quarry/content.md #compose"])
    }

    @Test func rawHTMLIsReportedButCommentsAreNot() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let line = try fixture.lineCount("beacon/content.md") + 1
        try fixture.append("beacon/content.md", """

            <div align="center">
            <img src="x.png">
            </div>

            A line<br>break, <!-- a note --> and <b>bold</b>.

            <!-- a comment block,
            over two lines -->

            """)
        let html = fixture.check("markdown.raw-html")
        #expect(html.map { "\($0.line ?? 0):\($0.column ?? 0)" } == ["\(line):1", "\(line + 4):7", "\(line + 4):38", "\(line + 4):45"])
        #expect(html.first?.message.contains("`<div align=\"center\">`") == true)
        #expect(html.allSatisfy { $0.severity == .warning && $0.hint?.contains("Markdown") == true })
    }

    // MARK: Build

    @Test func buildReportsTheLintsAlsoWhenNothingChanged() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.write("lumen/variant-musl.md", "## musl\n")
        let output = fixture.folder.appendingPathComponent("site").path
        let first = await SiteBuilder(options: fixture.options(output: output)).build()
        #expect(first.succeeded)
        #expect(first.diagnostics.map(\.identifier) == ["docs.unused-variant"])
        let manifest = try #require(Manifest.load(from: output))
        #expect(manifest.diagnostics.map(\.identifier) == ["docs.unused-variant"])

        // Nothing changed: nothing rendered, nothing written, the same warning.
        let second = await SiteBuilder(options: fixture.options(output: output)).build()
        #expect(second.summary?.written == 0)
        #expect(second.diagnostics == first.diagnostics)

        // A file the lints read but pages do not (a stray logo.gif): linted again.
        try fixture.write("lumen/logo.gif", "GIF89a")
        let third = await SiteBuilder(options: fixture.options(output: output)).build()
        #expect(third.succeeded)
        #expect(third.summary?.written == 0)
        #expect(Set(third.diagnostics.map(\.identifier)) == ["docs.unused-variant", "docs.logo-format"])
    }

    @Test func aLintErrorStopsTheBuild() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try fixture.write("lumen/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>\n")
        let output = fixture.folder.appendingPathComponent("site").path
        let report = await SiteBuilder(options: fixture.options(output: output)).build()
        #expect(!report.succeeded)
        #expect(report.diagnostics.map(\.identifier) == ["docs.logo-unsafe-svg"])
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// The README lint reads the README the build writes, and `check` fills one for it: both
    /// report a README over Docker Hub's limit in characters (not bytes), once.
    @Test func aReadmeOverDockerHubsLimitIsReportedByCheckAndBuild() async throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let output = fixture.folder.appendingPathComponent("site").path
        // 10,000 two-byte characters: the README is then over the limit in bytes, under it in
        // characters (lumen's is about 12,000 without them).
        try fixture.append("lumen/content.md", "\n" + String(repeating: "é", count: 10_000) + "\n")
        #expect(fixture.check("readme.too-long").isEmpty)
        let under = await SiteBuilder(options: fixture.options(output: output)).build()
        #expect(under.succeeded)
        #expect(!under.diagnostics.contains { $0.identifier == "readme.too-long" })

        try fixture.append("lumen/content.md", "\n" + String(repeating: "word ", count: 2_000) + "\n")
        let checked = fixture.check("readme.too-long")
        #expect(checked.count == 1)
        #expect(checked.first?.file == fixture.docs.path + "/lumen/content.md")
        #expect(checked.first?.severity == .warning)
        let over = await SiteBuilder(options: fixture.options(output: output)).build()
        #expect(over.succeeded)
        #expect(over.diagnostics.filter { $0.identifier == "readme.too-long" } == checked)
        // The README written is the one measured.
        let readme = try String(contentsOfFile: output + "/lumen/README.md", encoding: .utf8)
        #expect(checked.first?.message.contains("\(readme.count) characters") == true)

        // Nothing changed: the warning is replayed; the image shortened: it is gone.
        let again = await SiteBuilder(options: fixture.options(output: output)).build()
        #expect(again.summary?.written == 0)
        #expect(again.diagnostics.filter { $0.identifier == "readme.too-long" } == checked)
        let text = try String(contentsOf: fixture.docs.appendingPathComponent("lumen/content.md"), encoding: .utf8)
        try fixture.write("lumen/content.md", String(text.prefix { $0 != "é" }))
        let shortened = await SiteBuilder(options: fixture.options(output: output)).build()
        #expect(shortened.succeeded)
        #expect(!shortened.diagnostics.contains { $0.identifier == "readme.too-long" })
    }
}
