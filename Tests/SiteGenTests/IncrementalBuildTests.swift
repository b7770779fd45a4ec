import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// Incremental builds: after any edit, the site equals a clean build of the same inputs, and
/// a build with nothing to do writes nothing.
@Suite struct IncrementalBuildTests {
    /// A writable copy of the demo tree.
    static func copyOfContent() throws -> URL {
        let folder = try TestPaths.temporaryFolder("incremental")
        try #require(try ProgramRun.run("cp", ["-R", SiteBuildTests.content.path, folder.path]).status == 0)
        return folder
    }

    static func options(_ folder: URL, into site: String) -> SiteBuilder.Options {
        SiteBuildTests.options(docs: folder.appendingPathComponent("content/docs"),
                               library: folder.appendingPathComponent("content/library"),
                               output: folder.appendingPathComponent(site))
    }

    static func build(_ folder: URL, into site: String, clean: Bool = false) async throws -> SiteBuilder.Report {
        var options = options(folder, into: site)
        options.clean = clean
        return try await SiteBuildTests.build(options)
    }

    /// The incremental site and a clean build of the same inputs hold the same bytes.
    static func expectSameAsClean(_ folder: URL, _ step: String) async throws {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("clean"))
        _ = try await build(folder, into: "clean", clean: true)
        let incremental = try SiteBuildTests.files(in: folder.appendingPathComponent("site"))
        let clean = try SiteBuildTests.files(in: folder.appendingPathComponent("clean"))
        #expect(incremental.keys.sorted() == clean.keys.sorted(), "after \(step): different files")
        // The input cache depends on the files' times; what the manifests say of the site's
        // files must not differ.
        let bookkeeping: Set<String> = [Manifest.fileName, InputStatCache.fileName]
        let differing = clean.keys.filter { !bookkeeping.contains($0) && incremental[$0] != clean[$0] }.sorted()
        let incrementalManifest = try #require(Manifest.load(from: folder.appendingPathComponent("site").path))
        let cleanManifest = try #require(Manifest.load(from: folder.appendingPathComponent("clean").path))
        #expect(incrementalManifest.files == cleanManifest.files, "after \(step): the manifests list different files")
        // The incremental build scanned the inputs before reading them: its record is of the
        // inputs now. A clean build scans them while it reads them, and keeps the record only
        // when no input had changed in the seconds before (see `ChangeDetector.unchangedSinceScanned`).
        let now = ChangeDetector(options: Self.options(folder, into: "site")).record
        #expect(incrementalManifest.inputs == now, "after \(step): the incremental build's input record is stale")
        #expect(cleanManifest.inputs == nil || cleanManifest.inputs == now, "after \(step): different input records")
        #expect(incrementalManifest.diagnostics.map(\.description).sorted() == cleanManifest.diagnostics.map(\.description).sorted(),
                "after \(step): different diagnostics recorded")
        #expect(differing.isEmpty, "after \(step): \(differing) differ from a clean build")
    }

    @Test func editsAddsAndRemovalsEqualACleanBuild() async throws {
        let folder = try Self.copyOfContent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let docs = folder.appendingPathComponent("content/docs")
        let library = folder.appendingPathComponent("content/library")
        _ = try await Self.build(folder, into: "site")

        // Edit a content.md.
        let content = docs.appendingPathComponent("lumen/content.md")
        try (try String(contentsOf: content, encoding: .utf8) + "\n## Added section\n\nNew text.\n").write(to: content, atomically: true, encoding: .utf8)
        let edited = try await Self.build(folder, into: "site")
        #expect(edited.summary?.written ?? 0 > 0)
        #expect(try SiteBuildTests.text(folder.appendingPathComponent("site"), "lumen/index.html").contains("Added section"))
        try await Self.expectSameAsClean(folder, "editing content.md")

        // Add a variant file, and a tag to a library file.
        try "## `%%IMAGE%%:<version>-bookworm`\n\nBuilt on Debian bookworm.\n".write(to: docs.appendingPathComponent("lumen/variant-bookworm.md"), atomically: true, encoding: .utf8)
        _ = try await Self.build(folder, into: "site")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("site/lumen/bookworm/index.html").path))
        try await Self.expectSameAsClean(folder, "adding a variant file")

        // Remove an image: its pages go.
        try FileManager.default.removeItem(at: docs.appendingPathComponent("beacon"))
        try FileManager.default.removeItem(at: library.appendingPathComponent("beacon"))
        _ = try await Self.build(folder, into: "site")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("site/beacon").path))
        try await Self.expectSameAsClean(folder, "removing an image")

        // Change a shared text: every image's pages may change.
        let helpers = docs.appendingPathComponent(".template-helpers")
        try FileManager.default.createDirectory(at: helpers, withIntermediateDirectories: true)
        let theme = try #require(Theme.load().theme)
        for (name, file) in theme.defaultHelpers.files {
            try (name == "get-help.md" ? "[the new help forum](https://help.example.org)\n" : file.text)
                .write(to: helpers.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        _ = try await Self.build(folder, into: "site")
        #expect(try SiteBuildTests.text(folder.appendingPathComponent("site"), "quarry/index.html").contains("the new help forum"))
        try await Self.expectSameAsClean(folder, "changing a shared text")
    }

    @Test func buildWithNothingToDoWritesNothing() async throws {
        let folder = try Self.copyOfContent()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await Self.build(folder, into: "site")
        let site = folder.appendingPathComponent("site")
        let before = try FileManager.default.attributesOfItem(atPath: site.path)
        let index = try FileManager.default.attributesOfItem(atPath: site.appendingPathComponent("index.html").path)
        let report = try await Self.build(folder, into: "site")
        #expect(report.summary?.written == 0)
        let after = try FileManager.default.attributesOfItem(atPath: site.path)
        #expect(before[.systemFileNumber] as? Int == after[.systemFileNumber] as? Int, "the site folder was replaced")
        let indexAfter = try FileManager.default.attributesOfItem(atPath: site.appendingPathComponent("index.html").path)
        #expect(index[.modificationDate] as? Date == indexAfter[.modificationDate] as? Date)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".site.sitegen-") }
        #expect(leftovers.isEmpty)
    }

    @Test func cleanBuildIgnoresTheManifest() async throws {
        let folder = try Self.copyOfContent()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await Self.build(folder, into: "site")
        // A page changed behind sitegen's back is carried over by an incremental build with no
        // input change, and redone by --clean.
        let page = folder.appendingPathComponent("site/lumen/index.html")
        try "tampered\n".write(to: page, atomically: true, encoding: .utf8)
        let content = folder.appendingPathComponent("content/docs/quarry/content.md")
        try (try String(contentsOf: content, encoding: .utf8) + "\nMore.\n").write(to: content, atomically: true, encoding: .utf8)
        _ = try await Self.build(folder, into: "site")
        #expect(try String(contentsOf: page, encoding: .utf8) == "tampered\n")
        let report = try await Self.build(folder, into: "site", clean: true)
        #expect(report.summary?.written ?? 0 > 40)
        #expect(try String(contentsOf: page, encoding: .utf8).contains("<h1>lumen</h1>"))
    }

    @Test func fileDeletedFromTheSiteIsPutBack() async throws {
        let folder = try Self.copyOfContent()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await Self.build(folder, into: "site")
        let page = folder.appendingPathComponent("site/quarry/tags/index.html")
        try FileManager.default.removeItem(at: page)
        let report = try await Self.build(folder, into: "site")
        #expect(report.summary?.written ?? 0 >= 1)
        #expect(FileManager.default.fileExists(atPath: page.path))
        try await Self.expectSameAsClean(folder, "deleting a built page")

        // The same while a content.md changes: the quick path must not carry over a missing page.
        try FileManager.default.removeItem(at: page)
        let content = folder.appendingPathComponent("content/docs/lumen/content.md")
        try (try String(contentsOf: content, encoding: .utf8) + "\nOne more line.\n").write(to: content, atomically: true, encoding: .utf8)
        let edited = try await Self.build(folder, into: "site")
        #expect(edited.succeeded)
        #expect(FileManager.default.fileExists(atPath: page.path))
        try await Self.expectSameAsClean(folder, "deleting a built page and editing a content.md")
    }

    /// A content.md edit redoes only that image: its pages and README change, the other
    /// images' files stay the very same files (same inodes), and warnings are still reported.
    @Test func contentEditRedoesOnlyItsImage() async throws {
        let folder = try Self.copyOfContent()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A cold build of files copied a moment ago keeps no record of them (see
        // `ChangeDetector.unchangedSinceScanned`); the build after it does.
        _ = try await Self.build(folder, into: "site")
        let first = try await Self.build(folder, into: "site")
        let site = folder.appendingPathComponent("site")
        func inode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: site.appendingPathComponent(path).path)[.systemFileNumber] as? NSNumber)?.intValue ?? -1
        }
        let otherImage = try inode("quarry/index.html")
        let catalog = try inode("index.html")
        let content = folder.appendingPathComponent("content/docs/lumen/content.md")
        try (try String(contentsOf: content, encoding: .utf8) + "\n## Quick path\n\nText.\n").write(to: content, atomically: true, encoding: .utf8)
        let edited = try await Self.build(folder, into: "site")
        #expect(edited.succeeded)
        #expect(edited.plan == .images(["lumen"], listings: false) && edited.renderedImages == ["lumen"])
        // lumen's image page, its README and the search index: nothing else.
        #expect(edited.summary?.written == 3)
        #expect(try inode("quarry/index.html") == otherImage)
        #expect(try inode("index.html") == catalog)
        #expect(try SiteBuildTests.text(site, "lumen/index.html").contains("Quick path"))
        #expect(try SiteBuildTests.text(site, "assets/search-index.js").contains("Quick path"))
        #expect(edited.diagnostics.map(\.description) == first.diagnostics.map(\.description))
        try await Self.expectSameAsClean(folder, "the quick content.md path")
    }
}
