extension Highlighter {
    /// The arguments of a Dockerfile instruction that are not a command: image names, paths,
    /// `KEY=value` pairs, ports. They run to the end of the instruction and may hold quoted
    /// strings and `$VAR` / `${VAR}` references.
    struct DockerfileArguments {
        enum Style {
            /// Plain words; whole numbers highlighted.
            case generic
            /// `FROM image AS name`: `AS` is a keyword.
            case from
            /// `EXPOSE 80/tcp 443`: the port numbers are numbers.
            case ports
            /// `ENV`, `ARG`, `LABEL`: the names of `NAME=value` pairs highlighted as `nameKind`;
            /// with `spaceForm`, the older `ENV NAME value with spaces` too.
            case assignments(nameKind: TokenKind, spaceForm: Bool)
        }

        let style: Style

        /// Lexes to the end of the instruction, leaving the cursor at its newline.
        func lex(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            var isFirstWord = true
            while let byte = cursor.current, byte != ASCII.newline {
                let before = cursor.position
                if ASCII.isBlank(byte) {
                    cursor.advance()
                } else if DockerfileLexer.isLineContinuation(cursor, at: cursor.position) {
                    continueLine(&cursor, &tokens)
                } else if case .assignments(let nameKind, let spaceForm) = style {
                    if assignment(&cursor, &tokens, nameKind: nameKind), spaceForm, isFirstWord {
                        DockerfileArguments(style: .generic).lex(&cursor, &tokens)
                    }
                } else {
                    word(&cursor, &tokens)
                }
                isFirstWord = false
                if cursor.position == before { cursor.advance() }
            }
        }

        /// `NAME=value`, or a bare `NAME`; answers whether it was bare (the old `ENV NAME value` form).
        private func assignment(_ cursor: inout ByteCursor, _ tokens: inout TokenList, nameKind: TokenKind) -> Bool {
            let start = cursor.position
            cursor.skip(while: { !Self.endsLiteral($0) && $0 != UInt8(ascii: "=") })
            let name = start..<cursor.position
            if cursor.current == UInt8(ascii: "="), !name.isEmpty {
                tokens.add(nameKind, name)
                tokens.add(.operator, cursor.position..<cursor.position + 1)
                cursor.advance()
                word(&cursor, &tokens)
                return false
            }
            if !name.isEmpty, cursor.current.map(ASCII.isWhitespace) ?? true {
                tokens.add(nameKind, name)
                return true
            }
            cursor.position = start
            word(&cursor, &tokens)
            return false
        }

        /// One word: literal text, quoted strings, variables, escapes; up to a blank or the line's end.
        func word(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            let start = cursor.position
            cursor.skip(while: { !Self.endsLiteral($0) })
            highlightLiteral(start..<cursor.position, &cursor, &tokens)
            while let byte = cursor.current, !ASCII.isWhitespace(byte) {
                switch byte {
                case ASCII.doubleQuote, ASCII.singleQuote:
                    quoted(&cursor, &tokens)
                case ASCII.dollar:
                    variable(&cursor, &tokens)
                case ASCII.backslash:
                    if DockerfileLexer.isLineContinuation(cursor, at: cursor.position) { return }
                    cursor.advance(2)
                default:
                    cursor.advance()
                }
            }
        }

        private static func endsLiteral(_ byte: UInt8) -> Bool {
            ASCII.isWhitespace(byte) || byte == ASCII.doubleQuote || byte == ASCII.singleQuote
                || byte == ASCII.dollar || byte == ASCII.backslash
        }

        /// A word's leading literal text: `AS` after `FROM`, port numbers, whole numbers.
        private func highlightLiteral(_ literal: Range<Int>, _ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            guard !literal.isEmpty else { return }
            let bytes = cursor.bytes
            let isWhole = cursor.current.map(ASCII.isWhitespace) ?? true
            switch style {
            case .from where isWhole && literal.count == 2 && cursor.matchesIgnoringCase(Array("as".utf8), at: literal.lowerBound):
                tokens.add(.keyword, literal)
            case .ports:
                var digitsEnd = literal.lowerBound
                while digitsEnd < literal.upperBound, ASCII.isDigit(bytes[digitsEnd]) { digitsEnd += 1 }
                tokens.add(.number, literal.lowerBound..<digitsEnd)
            default:
                if isWhole, bytes[literal].allSatisfy(ASCII.isDigit) { tokens.add(.number, literal) }
            }
        }

        /// A quoted string; it may go on over continued lines, and without its closing quote ends
        /// with the line. Docker expands variables inside double quotes, so those are highlighted.
        private func quoted(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            var segment = cursor.position
            let quote = cursor.current
            cursor.advance()
            while let byte = cursor.current, byte != quote {
                if byte == ASCII.backslash, DockerfileLexer.isLineContinuation(cursor, at: cursor.position) {
                    cursor.position = cursor.lineEnd(from: cursor.position)
                    cursor.advance()
                } else if byte == ASCII.newline {
                    break
                } else if byte == ASCII.dollar, quote == ASCII.doubleQuote, Self.startsVariable(cursor) {
                    tokens.add(.string, segment..<cursor.position)
                    variable(&cursor, &tokens)
                    segment = cursor.position
                } else {
                    cursor.advance(byte == ASCII.backslash && quote == ASCII.doubleQuote ? 2 : 1)
                }
            }
            if cursor.current == quote { cursor.advance() }
            tokens.add(.string, segment..<cursor.position)
        }

        private static func startsVariable(_ cursor: ByteCursor) -> Bool {
            guard let next = cursor.peek(1) else { return false }
            return next == UInt8(ascii: "{") || ASCII.isNameStart(next)
        }

        /// `$NAME` or `${NAME…}` (the braces never reaching past the line); a lone `$` is literal.
        private func variable(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            let start = cursor.position
            if cursor.peek(1) == UInt8(ascii: "{") {
                let lineEnd = cursor.lineEnd(from: start)
                var scan = start + 2
                while scan < lineEnd, cursor.bytes[scan] != UInt8(ascii: "}") { scan += 1 }
                cursor.position = min(scan + 1, lineEnd)
                tokens.add(.variable, start..<cursor.position)
            } else if let next = cursor.peek(1), ASCII.isNameStart(next) {
                cursor.advance()
                cursor.skip(while: ASCII.isNameByte)
                tokens.add(.variable, start..<cursor.position)
            } else {
                cursor.advance()
            }
        }

        private func continueLine(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            cursor.position = cursor.lineEnd(from: cursor.position)
            cursor.advance()
            DockerfileLexer.skipLinesDroppedInContinuation(&cursor, into: &tokens)
        }
    }
}
