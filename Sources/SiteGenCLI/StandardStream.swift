import Foundation
import Glibc

/// Every message and result the CLI writes goes through here, with `write(2)`:
/// `FileHandle.write(_:)` traps when a write fails (the process died with SIGILL and a crash
/// report), which a full disk under a log (ENOSPC), a terminal that hung up (EIO) or a reader
/// that went away (EPIPE; the CLI ignores SIGPIPE) made happen.
enum StandardStream {
    /// A message on standard error. A write that fails is dropped: there is nowhere left to
    /// say so, and the command goes on and ends as it would have (a sync still saves).
    static func error(_ text: String) {
        _ = write(text, to: STDERR_FILENO)
    }

    /// A line for the reader on standard output that is not a command's result (the preview's
    /// address): like a message, dropped when it cannot be written.
    static func note(_ text: String) {
        _ = write(text, to: STDOUT_FILENO)
    }

    /// A command's result on standard output (a README, a diff, JSON). A write that fails ends
    /// the process: quietly with 141 when the reader is gone (EPIPE, as SIGPIPE's default
    /// would), else with a message and 74 (EX_IOERR), since the result is incomplete.
    static func output(_ text: String) {
        guard let failure = write(text, to: STDOUT_FILENO) else { return }
        if failure == EPIPE { exit(128 + SIGPIPE) }
        error("sitegen: cannot write to standard output: \(String(cString: strerror(failure)))\n")
        exit(74)
    }

    /// Writes all of `text`, waiting while a non-blocking descriptor is full; the `errno` of a
    /// write that failed, or nil.
    private static func write(_ text: String, to descriptor: Int32) -> Int32? {
        var text = text
        return text.withUTF8 { bytes -> Int32? in
            guard let start = bytes.baseAddress else { return nil }
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, start + offset, bytes.count - offset)
                if written >= 0 {
                    offset += written
                    continue
                }
                switch errno {
                case EINTR: continue
                case EAGAIN:
                    // A descriptor another program made non-blocking: wait until it takes more
                    // (a second at a time, as long as it takes, as a blocking one would).
                    var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, 1000)
                case let failure: return failure
                }
            }
            return nil
        }
    }
}
