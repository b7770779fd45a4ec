import Foundation

/// Writes a new file with plain POSIX calls.
///
/// Foundation's `Data.write(to:)` calls `fsync` for every file on Linux, so a build of a few
/// hundred pages would wait on the disk for each of them. Durability per file buys nothing
/// here: the pages go into a staging folder that replaces the site in one rename, so a killed
/// build leaves the old site whole either way, and the output can always be built again.
enum FileOutput {
    struct Failure: LocalizedError, CustomStringConvertible {
        let path: String
        let code: Int32
        var description: String { "\(path): \(String(cString: strerror(code)))" }
        /// The system's words for the error ("Permission denied"), for diagnostics.
        var errorDescription: String? { String(cString: strerror(code)) }
    }

    /// Creates `path` (which must not exist) holding `bytes`, readable by everyone (0644).
    static func create(_ path: String, bytes: [UInt8]) throws(Failure) {
        try create(path, pieces: [bytes])
    }

    /// Creates `path` holding `pieces` one after the other.
    static func create(_ path: String, pieces: [[UInt8]]) throws(Failure) {
        try create(path) { descriptor in
            for bytes in pieces {
                let failure = bytes.withUnsafeBytes { write(descriptor, $0) }
                if failure != 0 { return failure }
            }
            return 0
        }
    }

    /// Creates `path` holding the bytes of `buffer`.
    static func create(_ path: String, buffer: UnsafeRawBufferPointer) throws(Failure) {
        try create(path) { write($0, buffer) }
    }

    /// Opens a new file, lets `fill` write into it (returning 0 or an errno), closes it.
    private static func create(_ path: String, fill: (Int32) -> Int32) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(path: path, code: errno) }
        var failure = fill(descriptor)
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure != 0 { throw Failure(path: path, code: failure) }
    }

    /// All of `buffer` into `descriptor`; 0 or the errno of the failure.
    static func write(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < buffer.count {
            let count = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += count
        }
        return 0
    }
}
