import Foundation
import SiteGen
import Testing
import TestSupport
@testable import SiteGenRegistry

/// Where the sync writes its data file, checked before any request: a sync that cannot save
/// what it fetched would have spent its requests (Docker Hub's pulls) for nothing.
extension RegistryClientTests {
    @Test func aDataFileThatCannotBeWrittenIsRefusedBeforeAnyRequest() throws {
        let library = try TestPaths.temporaryFolder("registry-data-path")
        try "Maintainers: Someone <someone@example.org> (@someone)\nGitRepo: https://github.com/example/lumen.git\n\nTags: 1\nArchitectures: amd64\nGitCommit: 0123456789abcdef0123456789abcdef01234567\n"
            .write(to: library.appendingPathComponent("lumen"), atomically: true, encoding: .utf8)
        let base = try TestPaths.temporaryFolder("registry-data-place")
        // Nothing listens on port 1: an error that is not "cannot reach" came before any request.
        func sync(_ data: String) throws -> ProgramRun {
            try ProgramRun.run(TestPaths.sitegen, ["registry", "sync", "--library", library.path, "--registry", "http://127.0.0.1:1",
                                                   "--insecure", "--data", data])
        }
        let missing = base.appendingPathComponent("nodir/registry-data.json").path
        let noFolder = try sync(missing)
        #expect(noFolder.status == 1)
        #expect(noFolder.standardError.hasPrefix("\(missing): error: the registry data file's folder \(base.path)/nodir does not exist\n"
                                                 + "  hint: create the folder (mkdir -p \(base.path)/nodir), or give --data a path in a folder that exists\n"),
                "\(noFolder.standardError)")

        // A path through a folder that is missing, then `..`: the system's reading of it, which
        // a build's is too (not `..` cancelled as text, which wrote the file beside `nodir`).
        let through = base.appendingPathComponent("nodir").path + "/../registry-data.json"
        let throughMissing = try sync(through)
        #expect(throughMissing.status == 1)
        #expect(throughMissing.standardError.hasPrefix("\(through): error: the registry data file's folder \(base.path)/nodir/.. does not exist\n"),
                "\(throughMissing.standardError)")

        let folder = try sync(base.path)
        #expect(folder.status == 1)
        #expect(folder.standardError.hasPrefix("\(base.path): error: the registry data file is a folder\n"
                                               + "  hint: give --data the path of a file, as \(base.path)/registry-data.json\n"),
                "\(folder.standardError)")

        let plain = base.appendingPathComponent("plain")
        try Data("x".utf8).write(to: plain)
        let inFile = try sync(plain.appendingPathComponent("registry-data.json").path)
        #expect(inFile.status == 1)
        #expect(inFile.standardError.contains("error: the registry data file's folder \(plain.path) is not a folder\n"
                                              + "  hint: give --data a path in a folder, not under a file\n"), "\(inFile.standardError)")

        var runs = [noFolder, throughMissing, folder, inFile]
        // Root may write anywhere: the permission is only tested for others (in a folder of its
        // own, outside `base`, whose listing follows).
        if getuid() != 0 {
            let locked = try TestPaths.temporaryFolder("registry-data-locked")
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
            let readOnly = try sync(locked.appendingPathComponent("registry-data.json").path)
            #expect(readOnly.status == 1)
            #expect(readOnly.standardError.contains("error: the registry data file's folder \(locked.path) is not writable"),
                    "\(readOnly.standardError)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: locked.path).isEmpty, "nothing made")
            runs.append(readOnly)
        }
        for run in runs {
            #expect(!run.standardError.contains("cannot reach"), "refused before any request: \(run.standardError)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() == ["plain"], "nothing made")

        // What a build says of a folder given as the data file is a build's: it points at the sync.
        let build = try ProgramRun.run(TestPaths.sitegen, ["check", "--registry-data", base.path], in: TestPaths.packageRoot)
        #expect(build.standardError.contains("the registry data file is a folder\n  hint: write it with `sitegen registry sync --data \(base.path)`"),
                "\(build.standardError)")
    }

    /// A write that fails in spite of the checks (the folder removed during the sync, a full
    /// disk) says why in plain words, not Foundation's "The operation could not be completed".
    @Test func aFailedWriteSaysWhyInPlainWords() throws {
        let base = try TestPaths.temporaryFolder("registry-data-write")
        let path = base.appendingPathComponent("gone/registry-data.json").path
        do {
            try Data("{}".utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            Issue.record("the write went through")
        } catch {
            #expect(SyncState.writeFailure(error, path: path) == "its folder \(base.path)/gone does not exist")
        }
        let full = CocoaError(.fileWriteOutOfSpace, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))])
        #expect(SyncState.writeFailure(full, path: path) == "the disk is full")
        #expect(SyncState.writeFailure(NSError(domain: NSPOSIXErrorDomain, code: Int(EROFS)), path: path)
                    == "\(base.path)/gone is on a read-only file system")
        #expect(SyncState.writeFailure(CocoaError(.fileWriteVolumeReadOnly), path: path) == "\(base.path)/gone is on a read-only file system")
        #expect(SyncState.writeFailure(NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES)), path: path)
                    == "permission denied: \(base.path)/gone may not be written to")
    }
}

extension RegistryClientTests {
    /// The file is replaced whole (a new file renamed over it), at the path as the system
    /// reads it: through `folder/..` the file a build of the same path reads.
    @Test func theDataFileIsReplacedWholeAtThePathAsGiven() throws {
        let base = try TestPaths.temporaryFolder("registry-data-replace")
        try FileManager.default.createDirectory(at: base.appendingPathComponent("cache"), withIntermediateDirectories: false)
        let through = base.path + "/cache/../registry-data.json"
        try SyncState.replace(through, with: Array("first\n".utf8))
        try SyncState.replace(through, with: Array("second\n".utf8))
        #expect(try String(contentsOfFile: base.path + "/registry-data.json", encoding: .utf8) == "second\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() == ["cache", "registry-data.json"], "no file left beside it")
        #expect(throws: (any Error).self) { try SyncState.replace(base.path + "/gone/../registry-data.json", with: [1]) }
        #expect(SyncState.folder(of: "cache/../registry-data.json") == "cache/.." && SyncState.folder(of: "registry-data.json") == ".")
    }
}
