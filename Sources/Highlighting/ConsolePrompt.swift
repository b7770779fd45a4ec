extension Highlighter {
    /// The prompt at the start of a console line, and the language of the command typed after it.
    struct ConsolePrompt: Equatable, Sendable {
        enum Command: Equatable, Sendable {
            /// A POSIX shell (also PowerShell, whose `$var` and quoting look alike).
            case shell
            /// cmd.exe, after `C:\>`: `%VAR%` variables.
            case windowsCommand
            /// An SQL client: psql, mysql, mariadb, sqlite3.
            case sql(SQLLexer.Dialect)
        }

        /// The prompt's length in bytes, including the blank after it.
        let length: Int
        let command: Command

        var isSQL: Bool {
            if case .sql = command { true } else { false }
        }

        /// The prompt starting the line from `start` to `end`, or nil when the line is output.
        ///
        /// Recognised: `$ `, `# `, `> `; `user@host:~$ ` and `[root@host /]# `; `PS C:\> ` and
        /// `C:\> `; `postgres=# `, `mysql> `, `MariaDB [db]> `, `sqlite> `; and, on the line after
        /// an SQL one (`afterSQL`), MySQL's `    -> ` continuation prompt.
        static func match(_ cursor: ByteCursor, lineStart start: Int, lineEnd end: Int, afterSQL: Bool) -> ConsolePrompt? {
            let line = Line(cursor: cursor, start: start, end: end)
            return line.simple() ?? line.windows() ?? line.userAtHost() ?? line.sqlClient()
                ?? (afterSQL ? line.sqlContinuation() : nil)
        }

        /// One console line, and the prompt shapes it may start with.
        private struct Line {
            let cursor: ByteCursor
            let start: Int
            let end: Int

            func byte(_ offset: Int) -> UInt8? {
                start + offset < end ? cursor.bytes[start + offset] : nil
            }

            /// A prompt of `length` bytes when a blank or the end of the line follows it.
            func prompt(_ length: Int, _ command: Command, allowsBareEnd: Bool = true) -> ConsolePrompt? {
                guard start + length <= end else { return nil }
                if let next = byte(length), ASCII.isBlank(next) {
                    return ConsolePrompt(length: length + 1, command: command)
                }
                let atEnd = byte(length) == nil
                return atEnd && allowsBareEnd ? ConsolePrompt(length: length, command: command) : nil
            }

            /// `$ `, `# ` and `> ` (a bare `$` or `#` is a prompt with nothing typed).
            func simple() -> ConsolePrompt? {
                switch byte(0) {
                case ASCII.dollar, ASCII.hash: prompt(1, .shell)
                case UInt8(ascii: ">"): prompt(1, .shell, allowsBareEnd: false)
                default: nil
                }
            }

            /// `PS> `, `PS C:\Users\me> `, `C:\> `, `C:\app> `.
            func windows() -> ConsolePrompt? {
                let isPowerShell = byte(0) == UInt8(ascii: "P") && byte(1) == UInt8(ascii: "S")
                    && (byte(2) == UInt8(ascii: ">") || byte(2) == ASCII.space)
                let isDrive = byte(0).map(ASCII.isLetter) ?? false && byte(1) == UInt8(ascii: ":")
                    && byte(2) == ASCII.backslash
                guard isPowerShell || isDrive else { return nil }
                var offset = 2
                while let current = byte(offset), current != UInt8(ascii: ">") {
                    if current == UInt8(ascii: "<") || current == UInt8(ascii: "|") || current == ASCII.doubleQuote { return nil }
                    offset += 1
                }
                guard byte(offset) != nil else { return nil }
                return prompt(offset + 1, isPowerShell ? .shell : .windowsCommand)
            }

            /// `user@host:~/app$ `, `root@3f2a:/# `, `[root@host dir]# `.
            func userAtHost() -> ConsolePrompt? {
                var offset = 0
                var sawAt = false
                if byte(0) == UInt8(ascii: "[") {
                    while let current = byte(offset), current != UInt8(ascii: "]") {
                        sawAt = sawAt || current == UInt8(ascii: "@")
                        offset += 1
                    }
                    offset += 1
                } else {
                    while let current = byte(offset), !ASCII.isBlank(current) {
                        sawAt = sawAt || current == UInt8(ascii: "@")
                        offset += 1
                    }
                    offset -= 1
                }
                guard sawAt, offset > 0, let sigil = byte(offset), sigil == ASCII.dollar || sigil == ASCII.hash else { return nil }
                return prompt(offset + 1, .shell, allowsBareEnd: false)
            }

            /// `postgres=# `, `app=> `, `postgres-# `, `mysql> `, `MariaDB [(none)]> `, `sqlite> `.
            func sqlClient() -> ConsolePrompt? {
                for (name, dialect) in Self.sqlClients where cursor.matches(name, at: start) {
                    if name.last == UInt8(ascii: "[") {
                        var offset = name.count
                        while let current = byte(offset), current != UInt8(ascii: "]") { offset += 1 }
                        guard byte(offset + 1) == UInt8(ascii: ">") else { return nil }
                        return prompt(offset + 2, .sql(dialect), allowsBareEnd: false)
                    }
                    return prompt(name.count, .sql(dialect), allowsBareEnd: false)
                }
                // psql shows the database, then `=` (or `-`, `(`, a quote when a statement goes
                // on), then `#` for a superuser or `>`.
                var offset = 0
                while let current = byte(offset), ASCII.isNameByte(current) || current == UInt8(ascii: "-") { offset += 1 }
                guard offset > 0 else { return nil }
                // A database name may hold `-`, so the state mark is the last `-` before `#` or `>`.
                if byte(offset - 1) == UInt8(ascii: "-"), let mark = byte(offset), mark == ASCII.hash || mark == UInt8(ascii: ">") {
                    return offset > 1 ? prompt(offset + 1, .sql(.standard), allowsBareEnd: false) : nil
                }
                guard let state = byte(offset), Self.psqlStates.contains(state),
                      let mark = byte(offset + 1), mark == ASCII.hash || mark == UInt8(ascii: ">") else { return nil }
                return prompt(offset + 2, .sql(.standard), allowsBareEnd: false)
            }

            private static let sqlClients: [([UInt8], SQLLexer.Dialect)] = [
                (Array("mysql>".utf8), .mysql), (Array("mariadb>".utf8), .mysql),
                (Array("MariaDB [".utf8), .mysql), (Array("MySQL [".utf8), .mysql),
                (Array("sqlite>".utf8), .standard),
            ]

            private static let psqlStates: Set<UInt8> = Set("=('\"*!^".utf8)

            /// MySQL's `    -> `, `    '> `, `    "> ` while a statement goes on.
            func sqlContinuation() -> ConsolePrompt? {
                var offset = 0
                while byte(offset) == ASCII.space { offset += 1 }
                guard let mark = byte(offset), mark == UInt8(ascii: "-") || mark == ASCII.singleQuote || mark == ASCII.doubleQuote,
                      byte(offset + 1) == UInt8(ascii: ">") else { return nil }
                return prompt(offset + 2, .sql(.mysql), allowsBareEnd: false)
            }
        }
    }
}
