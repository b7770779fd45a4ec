import Foundation
import Testing
import TestSupport

/// Standard output and error that cannot be written (a full disk under a log, a terminal that
/// hung up, a closed descriptor): the commands never trap. A result that cannot be written is
/// an error; a message that cannot be written is dropped and the command ends as it would.
@Suite struct StandardStreamTests {
    /// Runs `sitegen arguments` from the package root with its outputs on `/dev/full`
    /// (`standardOutput`, `standardError`: that stream there, else a pipe).
    static func run(_ arguments: [String], fullOutput: Bool, fullError: Bool) throws -> (status: Int32, reason: Process.TerminationReason, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.sitegen)
        process.arguments = arguments
        process.currentDirectoryURL = TestPaths.packageRoot
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let errors = Pipe()
        process.standardOutput = fullOutput ? full : FileHandle.nullDevice
        process.standardError = fullError ? full : errors
        try process.run()
        let said = fullError ? "" : String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason, said)
    }

    /// A README that cannot be printed is an error (74, EX_IOERR) that says why. It trapped
    /// (SIGILL, with a crash report) in `FileHandle.write(_:)`.
    @Test func aResultThatCannotBeWrittenIsAnError() throws {
        let readme = try Self.run(["readme", "--docs", "content/docs", "--library", "content/library", "lumen"], fullOutput: true, fullError: false)
        #expect(readme.reason == .exit && readme.status == 74, "\(readme)")
        #expect(readme.errors == "sitegen: cannot write to standard output: No space left on device\n", "\(readme.errors)")
    }

    /// A build whose messages cannot be written builds all the same and exits 0.
    @Test func messagesThatCannotBeWrittenAreDropped() throws {
        let folder = try TestPaths.temporaryFolder("full-stderr")
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site")
        let build = try Self.run(BadInputCase.buildArguments(output: site.path), fullOutput: true, fullError: true)
        #expect(build.reason == .exit && build.status == 0, "\(build)")
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("lumen/index.html").path))
        // A build that fails still fails (1), with its messages dropped.
        let failed = try Self.run(BadInputCase.buildArguments(output: site.path) + ["--theme", folder.appendingPathComponent("no-theme").path],
                                  fullOutput: true, fullError: true)
        #expect(failed.reason == .exit && failed.status != 0, "\(failed)")
    }

    /// A reader that went away: a build whose stderr pipe nobody reads any more builds all
    /// the same (SIGPIPE used to kill it midway, with no site), and a README printed into such
    /// a pipe ends quietly with 141, as the shell reports a pipe's writer killed by SIGPIPE.
    @Test func aReaderThatWentAwayStopsOnlyTheResult() throws {
        let folder = try TestPaths.temporaryFolder("closed-pipe")
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = folder.appendingPathComponent("site")
        func run(_ arguments: [String], closing: (Process, Pipe) -> Void) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: TestPaths.sitegen)
            process.arguments = arguments
            process.currentDirectoryURL = TestPaths.packageRoot
            let pipe = Pipe()
            closing(process, pipe)
            try process.run()
            // The only reader goes away before anything is written.
            try pipe.fileHandleForReading.close()
            try pipe.fileHandleForWriting.close()
            process.waitUntilExit()
            return process
        }
        let build = try run(BadInputCase.buildArguments(output: site.path) + ["--verbose"]) { process, pipe in
            process.standardError = pipe.fileHandleForWriting
            process.standardOutput = FileHandle.nullDevice
        }
        #expect(build.terminationReason == .exit && build.terminationStatus == 0, "\(build.terminationReason) \(build.terminationStatus)")
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent("lumen/index.html").path))
        let readme = try run(["readme", "--docs", "content/docs", "--library", "content/library", "lumen"]) { process, pipe in
            process.standardOutput = pipe.fileHandleForWriting
        }
        #expect(readme.terminationReason == .exit && readme.terminationStatus == 141, "\(readme.terminationReason) \(readme.terminationStatus)")
    }
}
