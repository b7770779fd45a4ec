/// A fenced or indented code block.
public struct CodeBlock: Sendable, Hashable {
    /// Everything after the opening fence, trimmed (`console`, `yaml title="x"`); empty when
    /// the block has none or is indented.
    public let info: String
    /// The code, exactly as written, ending with a newline.
    public let code: String
    public let location: SourceLocation
    /// Whether it was written with a fence (as opposed to indentation).
    public let isFenced: Bool

    /// The first word of the info string, lowercased: the language name highlighters key on.
    public var language: String? {
        let word = info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" }).first
        return word.map { $0.lowercased() }
    }
}
