import Foundation

/// One read of the registry data file for a cold build, whose change detection and load both
/// need it whole and run at the same time: the first to ask reads the file and cuts it into
/// its parts (``RegistryDataSections``), and the other waits for that and takes the same
/// bytes. The file is then read and cut once, not twice (a pass over megabytes for the whole
/// docker-library), and the change record describes the very bytes the pages were made from.
///
/// The reader only reads and cuts, and waits on nothing: a caller that waits cannot be waited
/// on in turn.
final class RegistryDataRead: @unchecked Sendable {
    // Sendable by hand: `contents` is written once, by the caller that claimed the read,
    // before it leaves `finished`; every other caller reads it only after waiting on
    // `finished`, which orders the write before its read.

    /// What one read found.
    struct Contents {
        let bytes: [UInt8]
        /// The file's status just before it was read: what the change record keeps of it.
        let status: stat
        /// Nil when the bytes are not a JSON object.
        let sections: RegistryDataSections?
    }

    let path: String
    private let lock = NSLock()
    private var claimed = false
    private let finished = DispatchGroup()
    private var contents: Contents?

    init(path: String) {
        self.path = path
        finished.enter()
    }

    /// The file as read; nil when it could not be read (whoever shows the problem words it).
    func value() -> Contents? {
        let first = lock.withLock {
            defer { claimed = true }
            return !claimed
        }
        if first {
            contents = FileInput.readWithStatus(path).map {
                Contents(bytes: $0.bytes, status: $0.status, sections: RegistryDataSections($0.bytes))
            }
            finished.leave()
        } else {
            finished.wait()
        }
        return contents
    }
}
