extension Highlighter {
    /// Dockerfiles: instructions, comments, variables, and the shell or JSON after `RUN`, `CMD`,
    /// `ENTRYPOINT`, `SHELL` and `HEALTHCHECK … CMD`.
    ///
    /// An instruction runs over lines ending in `\`; as Docker does, comment lines and blank
    /// lines inside such a continuation are dropped rather than ending the instruction.
    struct DockerfileLexer: Lexer {
        func tokenize(_ cursor: inout ByteCursor, into tokens: inout TokenList) {
            while !cursor.isAtEnd {
                let before = cursor.position
                cursor.skipBlanks()
                switch cursor.current {
                case ASCII.newline:
                    cursor.advance()
                case ASCII.hash:
                    let end = cursor.lineEnd(from: cursor.position)
                    tokens.add(.comment, cursor.position..<end)
                    cursor.position = end
                case .some:
                    instruction(&cursor, &tokens)
                case nil:
                    break
                }
                if cursor.position == before { cursor.advance() }
            }
        }

        static let instructions = WordSet(
            ["from", "run", "cmd", "label", "maintainer", "expose", "env", "add", "copy", "entrypoint",
             "volume", "user", "workdir", "arg", "onbuild", "stopsignal", "healthcheck", "shell"],
            caseInsensitive: true)

        /// Docker drops comment lines and blank lines inside a continued instruction; this skips
        /// them (highlighting the comments) after the newline of a `\`-ended line.
        static func skipLinesDroppedInContinuation(_ cursor: inout ByteCursor, into tokens: inout TokenList) {
            while !cursor.isAtEnd {
                var scan = cursor
                scan.skipBlanks()
                if scan.current == ASCII.hash {
                    let end = cursor.lineEnd(from: scan.position)
                    tokens.add(.comment, scan.position..<end)
                    cursor.position = end
                    cursor.advance()
                } else if scan.current == ASCII.newline {
                    cursor.position = scan.position + 1
                } else {
                    return
                }
            }
        }

        /// Whether the `\` at `index` is Docker's line continuation: only blanks follow it on its line.
        static func isLineContinuation(_ cursor: ByteCursor, at index: Int) -> Bool {
            cursor.byte(at: index) == ASCII.backslash && cursor.isBlankToLineEnd(from: index + 1)
                && cursor.lineEnd(from: index) < cursor.end
        }

        /// The end of the instruction whose text starts at `index`, following `\` continuations.
        static func instructionEnd(_ cursor: ByteCursor, from index: Int) -> Int {
            var lineEnd = cursor.lineEnd(from: index)
            while lineEnd < cursor.end, continues(cursor, lineEndingAt: lineEnd, from: index) {
                lineEnd = cursor.lineEnd(from: lineEnd + 1)
            }
            return lineEnd
        }

        private static func continues(_ cursor: ByteCursor, lineEndingAt lineEnd: Int, from start: Int) -> Bool {
            var scan = lineEnd - 1
            while scan >= start, ASCII.isBlank(cursor.bytes[scan]) { scan -= 1 }
            return scan >= start && cursor.bytes[scan] == ASCII.backslash
        }

        // MARK: Instructions

        private func instruction(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            let start = cursor.position
            cursor.skip(while: ASCII.isLetter)
            let name = start..<cursor.position
            let endsWord = cursor.current.map(ASCII.isWhitespace) ?? true
            guard endsWord, Self.instructions.contains(cursor.bytes, name) else {
                cursor.position = start
                DockerfileArguments(style: .generic).lex(&cursor, &tokens)
                return
            }
            tokens.add(.keyword, name)
            cursor.skipBlanks()
            switch String(decoding: cursor.bytes[name], as: UTF8.self).lowercased() {
            case "onbuild":
                if let byte = cursor.current, byte != ASCII.newline { instruction(&cursor, &tokens) }
            case "run":
                command(&cursor, &tokens, allowsFlags: true)
            case "cmd", "entrypoint", "shell":
                command(&cursor, &tokens, allowsFlags: false)
            case "healthcheck":
                healthcheck(&cursor, &tokens)
            case "env":
                DockerfileArguments(style: .assignments(nameKind: .variable, spaceForm: true)).lex(&cursor, &tokens)
            case "arg":
                DockerfileArguments(style: .assignments(nameKind: .variable, spaceForm: false)).lex(&cursor, &tokens)
            case "label":
                DockerfileArguments(style: .assignments(nameKind: .key, spaceForm: false)).lex(&cursor, &tokens)
            case "from":
                DockerfileArguments(style: .from).lex(&cursor, &tokens)
            case "expose":
                DockerfileArguments(style: .ports).lex(&cursor, &tokens)
            default:
                if Self.isExecForm(cursor) {
                    execForm(&cursor, &tokens)
                } else {
                    DockerfileArguments(style: .generic).lex(&cursor, &tokens)
                }
            }
        }

        /// The shell form (a shell command) or the exec form (a JSON array) of a command.
        private func command(_ cursor: inout ByteCursor, _ tokens: inout TokenList, allowsFlags: Bool) {
            if allowsFlags {
                // `RUN --mount=type=cache,target=/root/.cache …`
                while cursor.hasPrefix(Array("--".utf8)) {
                    DockerfileArguments(style: .generic).word(&cursor, &tokens)
                    cursor.skipBlanks()
                }
            }
            if Self.isExecForm(cursor) {
                execForm(&cursor, &tokens)
            } else {
                ShellLexer(extent: .logicalLine, dockerfileContinuation: true).tokenize(&cursor, into: &tokens)
            }
        }

        /// `HEALTHCHECK [--interval=…] CMD command` or `HEALTHCHECK NONE`.
        private func healthcheck(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            while cursor.hasPrefix(Array("--".utf8)) {
                DockerfileArguments(style: .generic).word(&cursor, &tokens)
                cursor.skipBlanks()
            }
            for word in ["cmd", "none"] where cursor.matchesIgnoringCase(Array(word.utf8), at: cursor.position) {
                let end = cursor.position + word.utf8.count
                guard cursor.byte(at: end).map(ASCII.isWhitespace) ?? true else { continue }
                tokens.add(.keyword, cursor.position..<end)
                cursor.position = end
                cursor.skipBlanks()
                if word == "cmd" { command(&cursor, &tokens, allowsFlags: false) }
                return
            }
            DockerfileArguments(style: .generic).lex(&cursor, &tokens)
        }

        /// Docker takes an argument for a JSON array when it starts with `[` and then a string or `]`.
        private static func isExecForm(_ cursor: ByteCursor) -> Bool {
            guard cursor.current == UInt8(ascii: "[") else { return false }
            var scan = cursor.position + 1
            while let byte = cursor.byte(at: scan), ASCII.isWhitespace(byte) { scan += 1 }
            return cursor.byte(at: scan) == ASCII.doubleQuote || cursor.byte(at: scan) == UInt8(ascii: "]")
        }

        private func execForm(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            var array = cursor.bounded(to: Self.instructionEnd(cursor, from: cursor.position))
            JSONLexer().tokenize(&array, into: &tokens)
            cursor.position = array.end
        }
    }
}
