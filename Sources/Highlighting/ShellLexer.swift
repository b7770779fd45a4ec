extension Highlighter {
    /// Bash and POSIX shell; also the commands of console sessions and of Dockerfile `RUN` lines.
    ///
    /// Highlights comments, quoted strings (with the variables inside double quotes), `$VAR`,
    /// `${…}` and `$(…)`, the command word of each command, keywords, assignments, operators and
    /// redirections, and heredoc bodies.
    struct ShellLexer: Lexer {
        enum Extent: Sendable {
            /// A whole script: strings and heredocs may run over any number of lines.
            case script
            /// One command as typed after a prompt or written after `RUN`. It ends at the first
            /// newline not escaped by `\` (after the bodies of any heredocs it opened), and quotes
            /// do not run past such a newline, so a stray apostrophe cannot swallow the output below.
            case logicalLine
        }

        var extent: Extent = .script
        /// cmd.exe's `%VAR%`, for commands after a Windows `C:\>` prompt.
        var percentVariables = false
        /// Docker's rules for continued lines: `\` may be followed by blanks, and comment lines and
        /// blank lines inside a continued instruction are dropped rather than ending it.
        var dockerfileContinuation = false

        func tokenize(_ cursor: inout ByteCursor, into tokens: inout TokenList) {
            var scan = ShellScan(options: self, cursor: cursor, tokens: tokens.take())
            scan.run()
            cursor = scan.cursor
            tokens = scan.tokens
        }

        /// Shell reserved words. `in` is only a keyword as the third word of `for`/`case`/`select`.
        static let keywords = WordSet(
            ["if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until",
             "do", "done", "function", "time", "coproc", "!", "{", "}"], caseInsensitive: false)

        /// Reserved words after which a command follows.
        static let keywordsBeforeCommand = WordSet(
            ["if", "then", "else", "elif", "while", "until", "do", "time", "!", "{"], caseInsensitive: false)

        /// Commands that run the command named after them, which is highlighted as a command too.
        static let commandPrefixes = WordSet(
            ["sudo", "exec", "nohup", "command", "builtin", "env", "nice", "gosu", "su-exec", "chroot"],
            caseInsensitive: false)

        /// Builtins whose `NAME=value` arguments assign variables.
        static let declarationCommands = WordSet(
            ["export", "local", "declare", "readonly", "typeset"], caseInsensitive: false)
    }
}
