import Foundation

/// The `git` program, run as a child process: history is read with git itself, never by
/// reading `.git` here.
///
/// `Git` takes arguments and returns what git printed; it knows nothing of library files.
/// Every run has `LC_ALL=C` (so messages can be told apart) and no pager or prompt.
struct Git: Sendable {
    /// The absolute path of the executable.
    let executable: String

    /// What one run printed, and how it ended.
    struct Output: Sendable {
        let status: Int32
        let standardOutput: [UInt8]
        let standardError: String

        var succeeded: Bool { status == 0 }

        /// Standard output as text, without the trailing newline.
        var text: String {
            String(decoding: standardOutput, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
    }

    /// Finds `git` on `searchPath` (`$PATH` by default). Throws `history.git-missing` when no
    /// folder of it holds an executable `git`.
    static func locate(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) throws(DiagnosticError) -> Git {
        let folders = (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for folder in folders where !folder.isEmpty {
            let candidate = folder + "/git"
            if FileManager.default.isExecutableFile(atPath: candidate) { return Git(executable: candidate) }
        }
        throw DiagnosticError(.error("history.git-missing", "history needs `git`, which is not installed (not found on PATH)",
                                     hint: "install git (`apt-get install git`), or build without --history"))
    }

    /// Runs `git -C folder arguments…`, writing `input` to its standard input from a thread of
    /// its own while standard output and standard error are read, so no pipe fills up.
    func run(_ arguments: [String], in folder: String, input: Data? = nil) throws(DiagnosticError) -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-C", folder] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        environment["GIT_PAGER"] = "cat"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        let feed = input.map { _ in Pipe() }
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = feed ?? FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw DiagnosticError(.error("history.git-missing", "cannot run `\(executable)`: \(error.localizedDescription)",
                                         hint: "install git (`apt-get install git`), or build without --history"))
        }
        if let feed, let input {
            let writer = feed.fileHandleForWriting
            Thread {
                // A git that exits early closes its end: the write then fails, and git's status says why.
                try? writer.write(contentsOf: input)
                try? writer.close()
            }.start()
        }
        let (standardOutput, standardError) = ParallelMap.both(
            { Git.readAll(output.fileHandleForReading.fileDescriptor) },
            { Git.readAll(errors.fileHandleForReading.fileDescriptor) })
        process.waitUntilExit()
        return Output(status: process.terminationStatus, standardOutput: standardOutput,
                      standardError: String(decoding: standardError, as: UTF8.self))
    }

    /// Every byte until end of file, read in large blocks (blob contents run to tens of MiB).
    private static func readAll(_ descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: block[0..<count])
            } else if count == 0 || errno != EINTR {
                return bytes
            }
        }
    }
}
