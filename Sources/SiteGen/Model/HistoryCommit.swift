/// One commit of the first-parent chain: where a change landed, and when.
///
/// `time` is the committer date in Unix seconds (UTC): the moment the change reached the
/// published branch, which for a pull request is its merge. A commit is shared by every tag
/// and landing it dates, so its fields live in one object and a copy costs a reference.
public struct HistoryCommit: Sendable, Hashable, Codable, CustomStringConvertible {
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

    private enum CodingKeys: String, CodingKey {
        case id, time, subject
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(String.self, forKey: .id), time: try container.decode(Int64.self, forKey: .time),
                  subject: try container.decode(String.self, forKey: .subject))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(time, forKey: .time)
        try container.encode(subject, forKey: .subject)
    }

    public var description: String { "\(id.prefix(12)) @\(time)" }
}
