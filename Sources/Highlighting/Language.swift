extension Highlighter {
    /// The languages the highlighter knows, with the names a fence's info string may give them.
    enum Language: CaseIterable, Sendable {
        case console, shell, dockerfile, yaml, json, toml, ini, sql, mysql, psql, xml, nginx, apache

        /// Every name this language answers to, lowercase; the first is its usual name.
        var names: [String] {
            switch self {
            case .console: ["console", "shell-session", "sh-session", "shellsession"]
            case .shell: ["bash", "sh", "shell", "zsh", "ksh"]
            case .dockerfile: ["dockerfile", "containerfile"]
            case .yaml: ["yaml", "yml"]
            case .json: ["json", "jsonc"]
            case .toml: ["toml"]
            case .ini: ["ini", "cfg", "conf", "properties", "dosini", "cnf"]
            case .sql: ["sql", "postgresql", "postgres", "pgsql", "sqlite"]
            case .mysql: ["mysql", "mariadb"]
            case .psql: ["psql"]
            case .xml: ["xml", "html", "htm", "xhtml", "svg"]
            case .nginx: ["nginx", "nginxconf"]
            case .apache: ["apache", "apacheconf"]
            }
        }

        /// The language a fence names, ignoring case and surrounding blanks; nil when unknown.
        init?(named name: String) {
            var trimmed = Substring(name)
            while let first = trimmed.first, first.isWhitespace { trimmed.removeFirst() }
            while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
            guard let match = Language.byName[trimmed.lowercased()] else { return nil }
            self = match
        }

        private static let byName: [String: Language] = Dictionary(
            uniqueKeysWithValues: allCases.flatMap { language in language.names.map { ($0, language) } })

        /// The lexer for a block in this language. Most languages have one lexer; for shell and
        /// psql it depends on the block, because docs often label a session (`$ docker run …`
        /// followed by output, or `postgres=# SELECT 1;`) as `bash` or `psql`.
        func lexer(for cursor: ByteCursor) -> any Lexer {
            switch self {
            case .console: ConsoleLexer()
            case .shell: ConsoleLexer.startsWithShellPrompt(cursor) ? ConsoleLexer() : ShellLexer()
            case .dockerfile: DockerfileLexer()
            case .yaml: YAMLLexer()
            case .json: JSONLexer()
            case .toml: TOMLLexer()
            case .ini: INILexer()
            case .sql: SQLLexer(dialect: .standard)
            case .mysql: SQLLexer(dialect: .mysql)
            case .psql: ConsoleLexer.hasSQLPrompt(cursor) ? ConsoleLexer() : SQLLexer(dialect: .standard)
            case .xml: XMLLexer()
            case .nginx: NginxLexer()
            case .apache: ApacheLexer()
            }
        }
    }
}
