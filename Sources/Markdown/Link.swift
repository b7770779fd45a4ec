/// A link or an image of a parsed document, inline, reference-style or autolinked.
public struct Link: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case link
        case image
    }

    public let kind: Kind
    /// The destination as cmark-gfm resolved it (reference definitions applied).
    public let destination: String
    public let title: String
    /// The link text or the image's alt text, as plain text.
    public let text: String
    public let location: SourceLocation
}
