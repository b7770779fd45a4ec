extension Highlighter {
    /// YAML: keys, scalars (strings, numbers, `true`/`null`/`yes`/`off`), comments, anchors,
    /// tags, flow collections, and the text of `|` and `>` block scalars.
    ///
    /// Quoted scalars end with their line when unclosed. Compose files interpolate `${VAR}`
    /// and `$VAR`, so those are highlighted inside plain and double-quoted scalars.
    struct YAMLLexer: Lexer {
        func tokenize(_ cursor: inout ByteCursor, into tokens: inout TokenList) {
            var scan = YAMLScan(cursor: cursor, tokens: tokens.take())
            scan.run()
            cursor = scan.cursor
            tokens = scan.tokens
        }

        static let literals = WordSet(["true", "false", "yes", "no", "on", "off", "null", "~"], caseInsensitive: true)
    }
}
