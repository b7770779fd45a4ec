/// One tag of an image across history: when it appeared, each landing that changed what it is
/// built from, and when it left the library file.
///
/// A tag that left and came back keeps its first `firstSeen`; its return counts as a change
/// (its definition landed then) and clears `retired`.
public struct TagHistory: Sendable, Hashable {
    /// The tag name (`3.14-slim`).
    public let name: String
    public let firstSeen: HistoryCommit
    /// Every landing that changed its definition, oldest first; `firstSeen` is not among them.
    public let changes: [HistoryCommit]
    /// The landing that removed it; nil while the tip lists it.
    public let retired: HistoryCommit?
    /// What it was last built from (for a retired tag, its last definition before it left).
    public let lastDefinition: TagDefinition

    public init(name: String, firstSeen: HistoryCommit, changes: [HistoryCommit], retired: HistoryCommit?,
                lastDefinition: TagDefinition) {
        self.name = name
        self.firstSeen = firstSeen
        self.changes = changes
        self.retired = retired
        self.lastDefinition = lastDefinition
    }

    /// When its definition last changed (its first appearance when it never did).
    public var lastChanged: HistoryCommit { changes.last ?? firstSeen }

    public var isRetired: Bool { retired != nil }
}
