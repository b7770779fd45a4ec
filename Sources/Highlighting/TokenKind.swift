extension Highlighter {
    /// What a highlighted stretch of code is; the raw value is the CSS class the theme styles.
    ///
    /// The kinds are deliberately few and shared by every language, so one stylesheet colours
    /// a Dockerfile, a console session and a YAML file consistently.
    enum TokenKind: String, CaseIterable, Sendable {
        case comment = "hl-comment"
        case string = "hl-string"
        case number = "hl-number"
        /// Language keywords, Dockerfile instructions, SQL keywords, nginx and Apache directives.
        case keyword = "hl-keyword"
        /// `$VAR`, `${VAR}`, `%VAR%`, and names being assigned.
        case variable = "hl-variable"
        /// The command word of a shell command (`docker`, `cd`).
        case builtin = "hl-builtin"
        /// Mapping keys (YAML, JSON, TOML, INI) and XML attribute names.
        case key = "hl-key"
        /// XML and HTML element names.
        case tag = "hl-tag"
        /// `[section]` headers of INI and TOML.
        case section = "hl-section"
        /// The `$ ` or `postgres=# ` a console session shows before a command.
        case prompt = "hl-prompt"
        /// Lines of a console session that a program printed.
        case output = "hl-output"
        case `operator` = "hl-operator"
        case punctuation = "hl-punctuation"
        /// `true`, `false`, `null`, `yes`, `no`, `on`, `off`.
        case literal = "hl-literal"
    }
}
