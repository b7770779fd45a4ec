extension Highlighter {
    /// One highlighted stretch of a code block: a kind and the byte offsets it covers in the
    /// block's UTF-8 text. Bytes no token covers are written plainly.
    struct Token: Equatable, Sendable {
        let kind: TokenKind
        let range: Range<Int>
    }
}
