import Foundation
import Synchronization

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
        var standardOutput: [UInt8] = []
        let (status, standardError) = try stream(arguments, in: folder, input: input) { standardOutput.append(contentsOf: $0) }
        return Output(status: status, standardOutput: standardOutput, standardError: standardError)
    }

    /// `run`, handing standard output to `receive` block by block as git writes it (on the
    /// calling thread; standard error is read on a thread of its own), so the caller can work
    /// on the first bytes while git writes the rest.
    func stream(_ arguments: [String], in folder: String, input: Data? = nil,
                receive: (UnsafeBufferPointer<UInt8>) -> Void) throws(DiagnosticError) -> (status: Int32, standardError: String) {
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
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
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
        let standardError = ErrorText()
        let errorsRead = DispatchSemaphore(value: 0)
        let errorDescriptor = errors.fileHandleForReading.fileDescriptor
        Thread {
            var bytes: [UInt8] = []
            Git.readBlocks(errorDescriptor) { bytes.append(contentsOf: $0) }
            standardError.text.withLock { $0 = String(decoding: bytes, as: UTF8.self) }
            errorsRead.signal()
        }.start()
        Git.readBlocks(output.fileHandleForReading.fileDescriptor, receive)
        errorsRead.wait()
        // Not `waitUntilExit()`: on Linux it polls its run loop every 50 ms, which made every
        // git run cost at least that; the termination handler is called as the child is reaped.
        exited.wait()
        return (process.terminationStatus, standardError.text.withLock { $0 })
    }

    private final class ErrorText: Sendable {
        let text = Mutex("")
    }

    /// Every byte until end of file, handed over in large blocks (blob contents run to tens of MiB).
    private static func readBlocks(_ descriptor: Int32, _ receive: (UnsafeBufferPointer<UInt8>) -> Void) {
        let block = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 20)
        defer { block.deallocate() }
        while true {
            let count = read(descriptor, block.baseAddress, block.count)
            if count > 0 {
                receive(UnsafeBufferPointer(rebasing: block[0..<count]))
            } else if count == 0 || errno != EINTR {
                return
            }
        }
    }
}
