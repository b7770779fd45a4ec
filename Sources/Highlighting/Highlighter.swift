/// Build-time syntax highlighting for the fenced code blocks of the docs.
///
/// The site is static, so code is coloured once while the page is written rather than by
/// JavaScript in every reader's browser. The highlighter knows the handful of languages the
/// container-image docs use (console sessions, Dockerfiles, shell, YAML, JSON, TOML, INI, SQL,
/// XML/HTML, nginx and Apache configuration) and is deliberately forgiving: it never fails, and
/// whatever it makes of a snippet, the text a reader sees and copies is exactly the code written.
///
/// Each language is a small hand-written lexer over the UTF-8 bytes (see `Highlighting/`): linear
/// time, no regular expressions, the same output for the same input.
public enum Highlighter {
    /// HTML for the inside of <code>: the code HTML-escaped (&, <, >, " escaped) with tokens wrapped in
    /// <span class="hl-KIND">…</span>; nil when the language is unknown (caller then escapes plainly).
    public static func highlight(_ code: String, language: String) -> String? {
        guard let known = Language(named: language) else { return nil }
        let bytes = Array(code.utf8)
        var cursor = ByteCursor(bytes: bytes)
        var tokens = TokenList()
        known.lexer(for: cursor).tokenize(&cursor, into: &tokens)
        return HTMLSpans.render(bytes, tokens: tokens.tokens)
    }

    /// Normalised language names it knows (lowercase), including aliases.
    public static let languages: Set<String> = Set(Language.allCases.flatMap(\.names))
}
