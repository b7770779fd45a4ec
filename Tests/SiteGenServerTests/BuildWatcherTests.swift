import Foundation
import SiteGenServer
import Testing
import TestSupport

@Suite struct BuildWatcherTests {
    @Test func snapshotSeesAddedChangedAndRemovedFiles() throws {
        let folder = try TestPaths.temporaryFolder("watch-snapshot")
        defer { try? FileManager.default.removeItem(at: folder) }
        let docs = folder.path + "/docs"
        try FileManager.default.createDirectory(atPath: docs + "/lumen", withIntermediateDirectories: true)
        try Data("one".utf8).write(to: URL(fileURLWithPath: docs + "/lumen/content.md"))
        try Data("keep".utf8).write(to: URL(fileURLWithPath: docs + "/lumen/license.md"))
        let before = FolderSnapshot(of: [docs, folder.path + "/not-yet"])
        #expect(before == FolderSnapshot(of: [docs, folder.path + "/not-yet"]))

        try Data("one, longer".utf8).write(to: URL(fileURLWithPath: docs + "/lumen/content.md"))
        try FileManager.default.removeItem(atPath: docs + "/lumen/license.md")
        try FileManager.default.createDirectory(atPath: folder.path + "/not-yet", withIntermediateDirectories: true)
        try Data("new".utf8).write(to: URL(fileURLWithPath: folder.path + "/not-yet/beacon"))
        let after = FolderSnapshot(of: [docs, folder.path + "/not-yet"])
        #expect(after.changes(since: before) == [docs + "/lumen/content.md", docs + "/lumen/license.md", folder.path + "/not-yet/beacon"])
    }

    @Test func aFileNamedAmongTheFoldersIsWatchedItself() throws {
        let folder = try TestPaths.temporaryFolder("watch-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let table = folder.path + "/logo-commits.tsv"
        try Data("lumen\tlogo.svg\tabc\n".utf8).write(to: URL(fileURLWithPath: table))
        let before = FolderSnapshot(of: [table])
        #expect(before.files.keys.sorted() == [table])
        try Data("lumen\tlogo.svg\tdef0\n".utf8).write(to: URL(fileURLWithPath: table))
        #expect(FolderSnapshot(of: [table]).changes(since: before) == [table])
    }

    @Test func sameSizeReplacementByRenameIsAChange() throws {
        let folder = try TestPaths.temporaryFolder("watch-rename")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.path + "/content.md"
        try Data("aaaa".utf8).write(to: URL(fileURLWithPath: file))
        let before = FolderSnapshot(of: [folder.path])
        try Data("bbbb".utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        #expect(FolderSnapshot(of: [folder.path]).changes(since: before) == [file])
    }

    @Test func versionControlAndEditorScratchFilesAreIgnored() throws {
        let folder = try TestPaths.temporaryFolder("watch-ignore")
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = FolderSnapshot(of: [folder.path])
        try FileManager.default.createDirectory(atPath: folder.path + "/.git", withIntermediateDirectories: true)
        for name in [".git/index", ".content.md.swp", "content.md~", "4913", ".#content.md"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: folder.path + "/" + name))
        }
        #expect(FolderSnapshot(of: [folder.path]) == before)
        try FileManager.default.createDirectory(atPath: folder.path + "/.template-helpers", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.path + "/.template-helpers/variant.md"))
        #expect(FolderSnapshot(of: [folder.path]).changes(since: before) == [folder.path + "/.template-helpers/variant.md"],
                "dot-folders of the docs tree are inputs")
    }

    @Test func burstOfEditsMakesOneRebuild() async throws {
        let folder = try TestPaths.temporaryFolder("watch-burst")
        defer { try? FileManager.default.removeItem(at: folder) }
        let calls = CallLog()
        let watcher = BuildWatcher(folders: [folder.path], interval: .milliseconds(20), quietPeriod: .milliseconds(300))
        let task = Task { await watcher.run { changed in await calls.append(changed) } }
        try await Task.sleep(for: .milliseconds(100))
        for name in ["a.md", "b.md", "c.md"] {
            try Data(name.utf8).write(to: folder.appendingPathComponent(name))
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
        #expect(recorded == [["a.md", "b.md", "c.md"].map { folder.path + "/" + $0 }])
    }

    @Test func cancellingStopsTheWatcher() async {
        let watcher = BuildWatcher(folders: ["/nonexistent/sitegen"], interval: .seconds(60))
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
