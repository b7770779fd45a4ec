import Foundation
import TestSupport

/// Runs the built `sitegen` for the end-to-end hardening tests: with a time limit (a hang is a
/// failure, not a stuck suite), optionally as an unprivileged user, or started in the
/// background so a test can kill it.
enum SitegenProcess {
    struct Result {
        let status: Int32
        /// Ended by a signal (status is then the signal number).
        let signaled: Bool
        let timedOut: Bool
        let standardOutput: Data
        let standardError: String
        let seconds: Double
    }

    /// The user and group id an unprivileged run takes (`nobody`).
    static let unprivilegedID = 65534

    /// Whether this process is root, so file modes alone do not stop it.
    static var isRoot: Bool { getuid() == 0 }

    /// Where `setpriv` is, to drop root for a run; nil when absent.
    static let setpriv: String? = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `sitegen arguments` in `directory`. `asUnprivileged`: as user 65534 when we are
    /// root (file modes do stop a normal user already).
    static func run(_ arguments: [String], in directory: URL, asUnprivileged: Bool = false,
                    environment: [String: String] = [:], timeout: Double = 120) throws -> Result {
        let running = try start(arguments, in: directory, asUnprivileged: asUnprivileged, environment: environment)
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while running.process.isRunning {
            if Date() > deadline {
                kill(running.process.processIdentifier, SIGKILL)
                timedOut = true
                break
            }
            usleep(5_000)
        }
        return running.finish(timedOut: timedOut)
    }

    /// A `sitegen` run in the background; its output goes to files so no pipe can fill up.
    final class Running {
        let process: Process
        let started: Date
        private let outputFile: URL
        private let errorFile: URL

        fileprivate init(process: Process, outputFile: URL, errorFile: URL) {
            self.process = process
            self.outputFile = outputFile
            self.errorFile = errorFile
            self.started = Date()
        }

        var pid: Int32 { process.processIdentifier }

        func kill(_ signal: Int32 = SIGKILL) {
            guard process.isRunning else { return }
            _ = Foundation.kill(process.processIdentifier, signal)
        }

        /// Waits for the end and collects what it printed.
        func finish(timedOut: Bool = false) -> Result {
            process.waitUntilExit()
            let seconds = Date().timeIntervalSince(started)
            let output = (try? Data(contentsOf: outputFile)) ?? Data()
            let error = (try? Data(contentsOf: errorFile)) ?? Data()
            try? FileManager.default.removeItem(at: outputFile.deletingLastPathComponent())
            return Result(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                          timedOut: timedOut, standardOutput: output, standardError: String(decoding: error, as: UTF8.self),
                          seconds: seconds)
        }
    }

    /// `environment`: variables set (or replaced) for this run only.
    static func start(_ arguments: [String], in directory: URL, asUnprivileged: Bool = false,
                      environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if asUnprivileged && isRoot {
            guard let setpriv else { throw SkipReason("setpriv is not installed") }
            process.executableURL = URL(fileURLWithPath: setpriv)
            process.arguments = ["--reuid=\(unprivilegedID)", "--regid=\(unprivilegedID)", "--clear-groups", TestPaths.sitegen] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: TestPaths.sitegen)
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory
        let logs = try TestPaths.temporaryFolder("logs")
        let outputFile = logs.appendingPathComponent("stdout")
        let errorFile = logs.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, outputFile: outputFile, errorFile: errorFile)
    }

    struct SkipReason: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// Every file and folder under a folder, with the bytes of each file: what "byte-identical"
/// is checked against.
struct TreeSnapshot: Equatable {
    /// Relative path → file bytes; folders map to nil, symbolic links to their target.
    let entries: [String: Data?]

    static func of(_ folder: URL) -> TreeSnapshot {
        var entries: [String: Data?] = [:]
        let root = folder.path
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return TreeSnapshot(entries: [:]) }
        while let relative = enumerator.nextObject() as? String {
            let path = root + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: entries[relative] = .some(nil)
            case S_IFLNK: entries[relative] = Data("link:\((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "")".utf8)
            default: entries[relative] = FileManager.default.contents(atPath: path) ?? Data("<unreadable>".utf8)
            }
        }
        return TreeSnapshot(entries: entries)
    }

    var isEmpty: Bool { entries.isEmpty }

    /// What differs, for a failure message (at most a few paths).
    func differences(from other: TreeSnapshot) -> String {
        let paths = Set(entries.keys).union(other.entries.keys).sorted()
        let changed = paths.filter { entries[$0] != other.entries[$0] }
        guard !changed.isEmpty else { return "no differences" }
        return "\(changed.count) paths differ: " + changed.prefix(8).map { path in
            let state: (TreeSnapshot) -> String = { snapshot in
                guard let entry = snapshot.entries[path] else { return "missing" }
                return entry.map { "\($0.count) bytes" } ?? "folder"
            }
            return "\(path) (\(state(self)) → \(state(other)))"
        }.joined(separator: ", ")
    }
}
