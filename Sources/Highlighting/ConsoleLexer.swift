extension Highlighter {
    /// A console session: prompts, the commands typed after them, and the program output.
    ///
    /// A line starting with a prompt (see `ConsolePrompt`) is a command, lexed in the prompt's
    /// language; a shell command goes on over lines ending in `\` and through any heredoc it
    /// opens. Every other line is output. A block with no prompt at all whose every line starts
    /// with a familiar command (`docker build …` then `docker run …`) is commands written without
    /// prompts, as some docs do, and is lexed as shell.
    struct ConsoleLexer: Lexer {
        func tokenize(_ cursor: inout ByteCursor, into tokens: inout TokenList) {
            if !Self.hasPrompt(cursor), Self.isPromptlessCommands(cursor) {
                ShellLexer().tokenize(&cursor, into: &tokens)
                return
            }
            var afterSQL = false
            while !cursor.isAtEnd {
                let lineStart = cursor.position
                let lineEnd = cursor.lineEnd(from: lineStart)
                if let prompt = ConsolePrompt.match(cursor, lineStart: lineStart, lineEnd: lineEnd, afterSQL: afterSQL) {
                    tokens.add(.prompt, lineStart..<lineStart + prompt.length)
                    cursor.position = lineStart + prompt.length
                    command(prompt.command, &cursor, &tokens, lineEnd: lineEnd)
                    afterSQL = prompt.isSQL
                } else {
                    tokens.add(.output, lineStart..<lineEnd)
                    cursor.position = lineEnd
                    afterSQL = false
                }
                if cursor.current == ASCII.newline { cursor.advance() }
            }
        }

        private func command(_ command: ConsolePrompt.Command, _ cursor: inout ByteCursor, _ tokens: inout TokenList,
                             lineEnd: Int) {
            switch command {
            case .shell:
                ShellLexer(extent: .logicalLine).tokenize(&cursor, into: &tokens)
            case .windowsCommand:
                ShellLexer(extent: .logicalLine, percentVariables: true).tokenize(&cursor, into: &tokens)
            case .sql(let dialect):
                var line = cursor.bounded(to: lineEnd)
                SQLLexer(dialect: dialect).tokenize(&line, into: &tokens)
                cursor.position = lineEnd
            }
        }

        // MARK: Telling sessions from scripts

        /// Whether the first non-blank line starts with `$ `: a session, even when labelled `bash`.
        static func startsWithShellPrompt(_ cursor: ByteCursor) -> Bool {
            var scan = cursor
            scan.skip(while: ASCII.isWhitespace)
            return scan.hasPrefix(Array("$ ".utf8))
        }

        /// Whether some line starts with an SQL client's prompt: a psql session rather than a script.
        static func hasSQLPrompt(_ cursor: ByteCursor) -> Bool {
            anyLine(cursor) { ConsolePrompt.match(cursor, lineStart: $0, lineEnd: $1, afterSQL: false)?.isSQL ?? false }
        }

        private static func hasPrompt(_ cursor: ByteCursor) -> Bool {
            anyLine(cursor) { ConsolePrompt.match(cursor, lineStart: $0, lineEnd: $1, afterSQL: false) != nil }
        }

        private static func anyLine(_ cursor: ByteCursor, _ predicate: (Int, Int) -> Bool) -> Bool {
            var start = cursor.position
            while start < cursor.end {
                let end = cursor.lineEnd(from: start)
                if predicate(start, end) { return true }
                start = end + 1
            }
            return false
        }

        /// Whether every line is blank, continues a line ending in `\`, or starts with a known command.
        private static func isPromptlessCommands(_ cursor: ByteCursor) -> Bool {
            var start = cursor.position
            var sawCommand = false
            var continues = false
            while start < cursor.end {
                let end = cursor.lineEnd(from: start)
                var wordStart = start
                while wordStart < end, ASCII.isBlank(cursor.bytes[wordStart]) { wordStart += 1 }
                if wordStart < end {
                    if !continues {
                        var wordEnd = wordStart
                        while wordEnd < end, !ASCII.isBlank(cursor.bytes[wordEnd]) { wordEnd += 1 }
                        guard knownCommands.contains(cursor.bytes, wordStart..<wordEnd) else { return false }
                    }
                    sawCommand = true
                    var last = end
                    while last > wordStart, ASCII.isBlank(cursor.bytes[last - 1]) { last -= 1 }
                    continues = cursor.bytes[last - 1] == ASCII.backslash
                } else {
                    continues = false
                }
                start = end + 1
            }
            return sawCommand
        }

        /// Commands the container docs run; enough to recognise a session written without prompts.
        static let knownCommands = WordSet(
            ["docker", "docker-compose", "podman", "kubectl", "helm", "git", "curl", "wget", "cd", "ls", "cat",
             "echo", "export", "mkdir", "rm", "cp", "mv", "chmod", "chown", "sudo", "apt-get", "apt", "apk", "yum",
             "dnf", "make", "java", "javac", "mvn", "gradle", "go", "npm", "npx", "node", "yarn", "python",
             "python3", "pip", "pip3", "ruby", "gem", "bundle", "php", "composer", "psql", "mysql", "mariadb",
             "mongo", "mongosh", "redis-cli", "tar", "ssh", "source", "env", "sh", "bash", "cargo", "rustc",
             "dotnet", "swift", "gcc", "perl", "elixir", "mix", "erl", "julia", "R", "Rscript", "groovy",
             "ghc", "stack", "cabal", "haxe", "clojure", "lein", "sbt", "openssl", "htpasswd", "nginx", "httpd",
             "id", "whoami", "export", "set", "unset", "touch", "sed", "grep", "awk", "xargs", "find"],
            caseInsensitive: false)
    }
}
