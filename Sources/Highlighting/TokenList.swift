extension Highlighter {
    /// The tokens a lexer has found so far, kept sorted and non-overlapping.
    ///
    /// Lexers only ever add; this type, not each lexer, guarantees the order, so the renderer can
    /// write every byte exactly once and can never open one span inside another.
    struct TokenList: Sendable {
        private(set) var tokens: [Token] = []

        /// Where the last token ends: nothing before it may be highlighted any more.
        var end: Int { tokens.last?.range.upperBound ?? 0 }

        /// Adds `range` as `kind`. Empty ranges are dropped; a range reaching back into an earlier
        /// token is cut to start where that token ends; a range continuing a token of the same
        /// kind extends it, so the HTML has one span instead of several adjacent ones.
        mutating func add(_ kind: TokenKind, _ range: Range<Int>) {
            let lower = max(range.lowerBound, end)
            guard lower < range.upperBound else { return }
            if let last = tokens.last, last.kind == kind, last.range.upperBound == lower {
                tokens[tokens.count - 1] = Token(kind: kind, range: last.range.lowerBound..<range.upperBound)
            } else {
                tokens.append(Token(kind: kind, range: lower..<range.upperBound))
            }
        }

        /// Hands the list to a nested lexer and leaves this one empty, so that the nested lexer
        /// owns the only reference and its additions do not copy the array.
        mutating func take() -> TokenList {
            let taken = self
            self = TokenList()
            return taken
        }
    }
}
