/// A heading of a parsed document, with the anchor GitHub would give it.
public struct Heading: Sendable, Hashable {
    /// 1 to 6.
    public let level: Int
    /// The heading's plain text: its text and code spans, without markup.
    public let text: String
    /// The anchor, unique within the document (see ``Slugger``).
    public let slug: String
    public let location: SourceLocation
}
