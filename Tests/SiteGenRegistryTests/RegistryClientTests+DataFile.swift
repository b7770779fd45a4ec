import Foundation
import SiteGen
import Testing
import TestSupport
@testable import SiteGenRegistry

/// Where the sync writes its data file, checked before any request: a sync that cannot save
/// what it fetched would have spent its requests (Docker Hub's pulls) for nothing.
extension RegistryClientTests {
    /// A library folder with one valid file, `lumen` (tag 1, amd64).
    static func oneImageLibrary(_ label: String) throws -> URL {
        let library = try TestPaths.temporaryFolder(label)
        try "Maintainers: Someone <someone@example.org> (@someone)\nGitRepo: https://github.com/example/lumen.git\n\nTags: 1\nArchitectures: amd64\nGitCommit: 0123456789abcdef0123456789abcdef01234567\n"
            .write(to: library.appendingPathComponent("lumen"), atomically: true, encoding: .utf8)
        return library
    }

    @Test func aDataFileThatCannotBeWrittenIsRefusedBeforeAnyRequest() throws {
        let library = try Self.oneImageLibrary("registry-data-path")
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

        // No file name at all: said as such, not "its folder . does not exist" after the requests.
        for given in ["", base.appendingPathComponent("new.json").path + "/"] {
            let unnamed = try sync(given)
            #expect(unnamed.status == 1)
            #expect(unnamed.standardError.contains("error: --data \(given.isEmpty ? "is empty" : "names a folder (\(given))"): the registry data file needs a file name\n"),
                    "\(unnamed.standardError)")
            #expect(!unnamed.standardError.contains("cannot reach"), "refused before any request: \(unnamed.standardError)")
        }

        // A file made read-only was frozen by its owner: refused, though renaming over it
        // would go through (and root may write it).
        let frozen = base.appendingPathComponent("frozen.json")
        try Data("{}".utf8).write(to: frozen)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: frozen.path)
        let readOnlyFile = try sync(frozen.path)
        #expect(readOnlyFile.status == 1)
        #expect(readOnlyFile.standardError.hasPrefix("\(frozen.path): error: the registry data file is read-only\n"
                                                     + "  hint: make it writable (chmod u+w \(frozen.path)) for the sync to update it, or give --data another file\n"),
                "\(readOnlyFile.standardError)")
        #expect(try Data(contentsOf: frozen) == Data("{}".utf8))
        try FileManager.default.removeItem(at: frozen)

        // Said of the path as given, and where its link leads; a slash too many after a file.
        let dangling = base.appendingPathComponent("dangling.json").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "nodir/x.json")
        let throughLink = try sync(dangling)
        #expect(throughLink.standardError.hasPrefix("\(dangling): error: \(dangling) links to \(base.path)/nodir/x.json; the registry data file's folder \(base.path)/nodir does not exist\n"),
                "\(throughLink.standardError)")
        try FileManager.default.removeItem(atPath: dangling)
        let slash = try sync(plain.path + "/")
        #expect(slash.standardError.contains("error: --data names a folder (\(plain.path)/): the registry data file needs a file name\n  hint: give --data \(plain.path), without the slash\n"),
                "\(slash.standardError)")

        var runs = [noFolder, throughMissing, folder, inFile, readOnlyFile, throughLink, slash]
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
        #expect(build.standardError.contains("the registry data file is a folder\n  hint: give the file a sync wrote, not its folder, or write it with `sitegen registry sync --data \(base.path)/registry-data.json`"),
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

extension RegistryClientTests {
    /// One sync writes a data file at a time: a second, started while the first holds the
    /// lock, stops before any request (each of the two would save over the other's records),
    /// naming the process that holds it; once let go, the lock file is gone and a sync goes on.
    @Test func aSecondSyncOfOneFileStopsBeforeAnyRequest() throws {
        let library = try Self.oneImageLibrary("registry-lock-library")
        let base = try TestPaths.temporaryFolder("registry-lock")
        let path = base.appendingPathComponent("registry-data.json").path
        func sync() throws -> ProgramRun {
            try ProgramRun.run(TestPaths.sitegen, ["registry", "sync", "--library", library.path, "--registry", "http://127.0.0.1:1",
                                                   "--insecure", "--data", path])
        }
        let lock = try SyncLock.take(path)
        #expect(throws: DiagnosticError.self) { try SyncLock.take(path).release() }
        let second = try sync()
        #expect(second.status == 1)
        #expect(second.standardError.hasPrefix("\(path): error: another `sitegen registry sync` (process \(getpid())) is writing the registry data file\n"
                                               + "  hint: let it finish, or stop it, then run this sync again"), "\(second.standardError)")
        #expect(!second.standardError.contains("cannot reach"), "refused before any request")
        lock.release()
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path).isEmpty, "the lock file is removed")
        let after = try sync()
        #expect(after.standardError.contains("cannot reach http://127.0.0.1:1/v2/"), "\(after.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path).isEmpty, "nothing left")
    }

    /// The file a sync writes is where links at the path lead, relative to each link's folder;
    /// a replaced file keeps its mode; files that killed syncs left while saving go.
    @Test func theFileWrittenIsWhereTheLinkLeadsAndKeepsItsMode() throws {
        let base = try TestPaths.temporaryFolder("registry-link")
        let manager = FileManager.default
        try manager.createDirectory(at: base.appendingPathComponent("cache"), withIntermediateDirectories: false)
        try manager.createSymbolicLink(atPath: base.path + "/cache/current.json", withDestinationPath: "data.json")
        try manager.createSymbolicLink(atPath: base.path + "/registry-data.json", withDestinationPath: "cache/current.json")
        let target = try RegistrySync.target(of: base.path + "/registry-data.json")
        #expect(target == base.path + "/cache/data.json", "followed though the file does not exist yet")
        #expect(try RegistrySync.target(of: base.path + "/cache/data.json") == base.path + "/cache/data.json")
        try manager.createSymbolicLink(atPath: base.path + "/loop", withDestinationPath: "loop")
        #expect(throws: DiagnosticError.self) { try RegistrySync.target(of: base.path + "/loop") }

        try SyncState.replace(target, with: Array("first\n".utf8))
        try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
        try SyncState.replace(target, with: Array("second\n".utf8))
        #expect(try manager.attributesOfItem(atPath: target)[.posixPermissions] as? Int == 0o600)
        #expect(try String(contentsOfFile: base.path + "/registry-data.json", encoding: .utf8) == "second\n")
        #expect(try manager.destinationOfSymbolicLink(atPath: base.path + "/registry-data.json") == "cache/current.json")

        // A process that ran and ended (reaped: its id names no process), and one that runs.
        let ended = try ProgramRun.run("sh", ["-c", "echo $$"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let running = String(getppid())
        for name in ["data.json.sitegen-\(ended)", "data.json.sitegen-\(running)", "data.json.sitegen-x", "data.json.sitegen-+\(ended)",
                     "other.json.sitegen-\(ended)"] {
            try Data().write(to: base.appendingPathComponent("cache/" + name))
        }
        RegistrySync.removeAbandoned(beside: target)
        #expect(try manager.contentsOfDirectory(atPath: base.path + "/cache").sorted()
                    == ["current.json", "data.json", "data.json.sitegen-+\(ended)", "data.json.sitegen-\(running)", "data.json.sitegen-x",
                        "other.json.sitegen-\(ended)"].sorted())
    }
}
