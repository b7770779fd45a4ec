/// One commit of the first-parent chain: where a change landed, and when.
///
/// `time` is the committer date in Unix seconds (UTC): the moment the change reached the
/// published branch, which for a pull request is its merge. A commit is shared by every tag
/// and landing it dates, so its fields live in one object and a copy costs a reference.
public struct HistoryCommit: Sendable, Hashable, CustomStringConvertible {
    private final class Storage: Sendable {
        let id: String
        let time: Int64
        let subject: String

        init(id: String, time: Int64, subject: String) {
            self.id = id
            self.time = time
            self.subject = subject
        }
    }

    private let storage: Storage

    /// The full commit id.
    public var id: String { storage.id }
    /// Committer date, Unix seconds, UTC.
    public var time: Int64 { storage.time }
    /// The first line of the commit message.
    public var subject: String { storage.subject }

    public init(id: String, time: Int64, subject: String) {
        storage = Storage(id: id, time: time, subject: subject)
    }

    public static func == (lhs: HistoryCommit, rhs: HistoryCommit) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.id == rhs.id && lhs.time == rhs.time && lhs.subject == rhs.subject)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
    }

    public var description: String { "\(id.prefix(12)) @\(time)" }
}
