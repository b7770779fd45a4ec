import Foundation
import Synchronization

/// One read of the registry data file for a cold build, whose change detection and load both
/// need it whole and run at the same time: the first to ask reads the file and cuts it into
/// its parts (``RegistryDataSections``), and the second takes the same bytes (waiting for the
/// read if it is still going on). The file is then read and cut once, not twice (a pass over
/// megabytes for the whole docker-library), and the change record describes the very bytes the
/// pages were made from.
///
/// The read is let go once both have taken it, so that the file's bytes are not kept through
/// the rest of the build; a later caller reads the file again. The reader waits on nothing
/// while it holds the lock, so a caller that waits cannot be waited on in turn.
final class RegistryDataRead: Sendable {
    /// What one read found.
    struct Contents: Sendable {
        let bytes: [UInt8]
        /// The file's status just before it was read: what the change record keeps of it.
        let status: stat
        /// Nil when the bytes are not a JSON object.
        let sections: RegistryDataSections?
    }

    /// The two that share a read: the change detection and the load.
    static let readers = 2

    let path: String
    /// The read (nil inside when the file could not be read), kept until every reader took it.
    private let state = Mutex<(read: Contents??, taken: Int)>((nil, 0))

    init(path: String) {
        self.path = path
    }

    /// The file as read; nil when it could not be read (whoever shows the problem words it).
    func value() -> Contents? {
        state.withLock { state in
            let contents = state.read ?? FileInput.readWithStatus(path).map {
                Contents(bytes: $0.bytes, status: $0.status, sections: RegistryDataSections($0.bytes))
            }
            state.taken += 1
            state.read = state.taken < Self.readers ? .some(contents) : nil
            return contents
        }
    }
}
