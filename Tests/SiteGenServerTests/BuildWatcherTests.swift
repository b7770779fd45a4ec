import Foundation
import SiteGen
import SiteGenServer
import Testing
import TestSupport

@Suite struct BuildWatcherTests {
    /// Build options over `folder`/docs and `folder`/library, with side files when given.
    static func inputs(_ folder: URL, logoCommits: String? = nil) -> SiteBuilder.Options {
        SiteBuilder.Options(loader: CatalogLoader(docsPath: folder.path + "/docs", libraryPath: folder.path + "/library",
                                                  logoCommitsPath: logoCommits),
                            output: folder.path + "/site")
    }

    @Test func snapshotSeesAddedChangedAndRemovedFiles() throws {
        let folder = try TestPaths.temporaryFolder("watch-snapshot")
        defer { try? FileManager.default.removeItem(at: folder) }
        let docs = folder.path + "/docs"
        try FileManager.default.createDirectory(atPath: docs + "/lumen", withIntermediateDirectories: true)
        try Data("one".utf8).write(to: URL(fileURLWithPath: docs + "/lumen/content.md"))
        try Data("keep".utf8).write(to: URL(fileURLWithPath: docs + "/lumen/license.md"))
        let before = InputSnapshot(options: Self.inputs(folder))
        #expect(before == InputSnapshot(options: Self.inputs(folder)))

        try Data("one, longer".utf8).write(to: URL(fileURLWithPath: docs + "/lumen/content.md"))
        try FileManager.default.removeItem(atPath: docs + "/lumen/license.md")
        try FileManager.default.createDirectory(atPath: folder.path + "/library", withIntermediateDirectories: true)
        try Data("new".utf8).write(to: URL(fileURLWithPath: folder.path + "/library/lumen"))
        let after = InputSnapshot(options: Self.inputs(folder))
        #expect(after.changes(since: before) == [docs + "/lumen/content.md", docs + "/lumen/license.md", folder.path + "/library/lumen"])
    }

    @Test func aSideFileIsWatched() throws {
        let folder = try TestPaths.temporaryFolder("watch-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let table = folder.path + "/logo-commits.tsv"
        try Data("lumen\tlogo.svg\tabc\n".utf8).write(to: URL(fileURLWithPath: table))
        let before = InputSnapshot(options: Self.inputs(folder, logoCommits: table))
        try Data("lumen\tlogo.svg\tdef0\n".utf8).write(to: URL(fileURLWithPath: table))
        #expect(InputSnapshot(options: Self.inputs(folder, logoCommits: table)).changes(since: before) == [table])
    }

    @Test func sameSizeReplacementByRenameIsAChange() throws {
        let folder = try TestPaths.temporaryFolder("watch-rename")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(atPath: folder.path + "/docs/lumen", withIntermediateDirectories: true)
        let file = folder.path + "/docs/lumen/content.md"
        try Data("aaaa".utf8).write(to: URL(fileURLWithPath: file))
        let before = InputSnapshot(options: Self.inputs(folder))
        try Data("bbbb".utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        #expect(InputSnapshot(options: Self.inputs(folder)).changes(since: before) == [file])
    }

    @Test func versionControlAndEditorScratchFilesAreIgnored() throws {
        let folder = try TestPaths.temporaryFolder("watch-ignore")
        defer { try? FileManager.default.removeItem(at: folder) }
        let docs = folder.path + "/docs"
        try FileManager.default.createDirectory(atPath: docs + "/lumen/.git", withIntermediateDirectories: true)
        let before = InputSnapshot(options: Self.inputs(folder))
        for name in [".git/index", ".content.md.swp", "content.md~", "4913", ".#content.md"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: docs + "/lumen/" + name))
        }
        #expect(InputSnapshot(options: Self.inputs(folder)) == before)
        try FileManager.default.createDirectory(atPath: docs + "/.template-helpers", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: docs + "/.template-helpers/variant.md"))
        #expect(InputSnapshot(options: Self.inputs(folder)).changes(since: before) == [docs + "/.template-helpers/variant.md"],
                "dot-folders of the docs tree are inputs")
    }

    @Test func burstOfEditsMakesOneRebuild() async throws {
        let folder = try TestPaths.temporaryFolder("watch-burst")
        defer { try? FileManager.default.removeItem(at: folder) }
        let calls = CallLog()
        try FileManager.default.createDirectory(atPath: folder.path + "/docs/lumen", withIntermediateDirectories: true)
        let watcher = BuildWatcher(inputs: Self.inputs(folder), interval: .milliseconds(20), quietPeriod: .milliseconds(300))
        let task = Task { await watcher.run { changed in await calls.append(changed) } }
        try await Task.sleep(for: .milliseconds(100))
        for name in ["a.md", "b.md", "c.md"] {
            try Data(name.utf8).write(to: folder.appendingPathComponent("docs/lumen/" + name))
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while await calls.count == 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        // Long enough for a second, wrong call to happen.
        try await Task.sleep(for: .milliseconds(400))
        task.cancel()
        await task.value
        let recorded = await calls.all
        #expect(recorded == [["a.md", "b.md", "c.md"].map { folder.path + "/docs/lumen/" + $0 }])
    }

    @Test func cancellingStopsTheWatcher() async {
        let watcher = BuildWatcher(inputs: Self.inputs(URL(fileURLWithPath: "/nonexistent/sitegen")), interval: .seconds(60))
        let task = Task { await watcher.run { _ in } }
        task.cancel()
        await task.value
    }
}

/// The changes a watcher reported, in order.
actor CallLog {
    private(set) var all: [[String]] = []
    var count: Int { all.count }

    func append(_ changed: [String]) {
        all.append(changed)
    }
}
