/// One node of a parsed document, as a Swift value: what it is, where it starts in the source,
/// and the text or address it carries. ``Document/nodes(_:)`` lists them in document order.
public struct Node: Sendable, Hashable {
    /// The node types of CommonMark and of the GitHub extensions sitegen uses.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case document
        case blockQuote
        case list
        case item
        case codeBlock
        /// Raw HTML standing as a block (`<div>` … up to a blank line, `<!-- … -->`).
        case htmlBlock
        case paragraph
        case heading
        case thematicBreak
        case table
        case tableRow
        case tableCell
        case text
        case softBreak
        case lineBreak
        case code
        /// Raw HTML inside a paragraph (`<br>`, `<b>`, `<!-- … -->`).
        case htmlInline
        case emphasis
        case strong
        case strikethrough
        case link
        case image
        /// Anything else a libcmark-gfm build may produce (footnotes, custom nodes).
        case other
    }

    public let kind: Kind
    /// Where the node starts: 1-based line, and 1-based column counted in UTF-8 bytes (a tab
    /// is one), as cmark-gfm and compilers count. For links, images and inline HTML it is
    /// checked against the source text (see ``Document/nodes(_:)``).
    public let location: SourceLocation
    /// The node's own text: the literal of text, code, code blocks and raw HTML; empty for others.
    public let literal: String
    /// The address of a link or an image (reference definitions applied); empty for others.
    public let destination: String
    /// The title of a link or an image (`[a](url "title")`); empty for others.
    public let title: String
    /// The text a reader sees inside a link, image, heading or emphasis; the literal for text nodes.
    public let text: String

    public init(kind: Kind, location: SourceLocation, literal: String = "", destination: String = "", title: String = "",
                text: String = "") {
        self.kind = kind
        self.location = location
        self.literal = literal
        self.destination = destination
        self.title = title
        self.text = text
    }
}
