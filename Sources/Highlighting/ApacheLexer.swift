extension Highlighter {
    /// Apache httpd configuration: directives, `<Section>` tags, comment lines, strings,
    /// `${VAR}` and `%{VAR}` references, numbers and `On`/`Off`.
    ///
    /// Apache only knows whole-line comments and one directive per line (continued by a final
    /// `\`), so the lexer reads a line at a time.
    struct ApacheLexer: Lexer {
        func tokenize(_ cursor: inout ByteCursor, into tokens: inout TokenList) {
            while !cursor.isAtEnd {
                cursor.skip(while: ASCII.isWhitespace)
                guard let byte = cursor.current else { break }
                let start = cursor.position
                if byte == ASCII.hash {
                    cursor.position = cursor.lineEnd(from: start)
                    tokens.add(.comment, start..<cursor.position)
                } else if byte == UInt8(ascii: "<") {
                    section(&cursor, &tokens)
                } else {
                    cursor.skip(while: { ASCII.isNameByte($0) || $0 == UInt8(ascii: "-") })
                    if let first = cursor.byte(at: start), ASCII.isLetter(first) { tokens.add(.keyword, start..<cursor.position) }
                    arguments(&cursor, &tokens, stopAtAngle: false)
                }
                if cursor.position == start { cursor.advance() }
            }
        }

        static let literals = WordSet(["on", "off"], caseInsensitive: true)

        /// `<VirtualHost *:80>` or `</VirtualHost>`.
        private func section(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            let start = cursor.position
            cursor.advance(cursor.peek(1) == UInt8(ascii: "/") ? 2 : 1)
            tokens.add(.punctuation, start..<cursor.position)
            let nameStart = cursor.position
            cursor.skip(while: { ASCII.isNameByte($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") })
            tokens.add(.tag, nameStart..<cursor.position)
            arguments(&cursor, &tokens, stopAtAngle: true)
            if cursor.current == UInt8(ascii: ">") {
                tokens.add(.punctuation, cursor.position..<cursor.position + 1)
                cursor.advance()
            }
        }

        /// The arguments of a directive or section, to the end of the (continued) line.
        private func arguments(_ cursor: inout ByteCursor, _ tokens: inout TokenList, stopAtAngle: Bool) {
            while let byte = cursor.current, byte != ASCII.newline {
                let start = cursor.position
                if stopAtAngle && byte == UInt8(ascii: ">") { return }
                if ASCII.isBlank(byte) {
                    cursor.advance()
                } else if byte == ASCII.backslash, cursor.isBlankToLineEnd(from: start + 1) {
                    cursor.position = cursor.lineEnd(from: start)
                    cursor.advance()
                } else if byte == ASCII.doubleQuote {
                    string(&cursor, &tokens)
                } else if let variable = variable(cursor, at: start) {
                    tokens.add(.variable, variable)
                    cursor.position = variable.upperBound
                } else {
                    word(&cursor, &tokens, stopAtAngle: stopAtAngle)
                }
            }
        }

        private func word(_ cursor: inout ByteCursor, _ tokens: inout TokenList, stopAtAngle: Bool) {
            let start = cursor.position
            cursor.skip(while: { !ASCII.isWhitespace($0) && $0 != ASCII.doubleQuote && !(stopAtAngle && $0 == UInt8(ascii: ">"))
                && $0 != ASCII.dollar && $0 != UInt8(ascii: "%") })
            if cursor.position == start { cursor.advance() }
            let word = start..<cursor.position
            let isWhole = cursor.current.map(ASCII.isWhitespace) ?? true
            if isWhole, Self.literals.contains(cursor.bytes, word) {
                tokens.add(.literal, word)
            } else if isWhole, cursor.bytes[word].allSatisfy(ASCII.isDigit) {
                tokens.add(.number, word)
            }
        }

        /// `${NAME}` or `%{NAME}` / `%{ENV:NAME}` at `index`, within its line.
        private func variable(_ cursor: ByteCursor, at index: Int) -> Range<Int>? {
            guard let sigil = cursor.byte(at: index), sigil == ASCII.dollar || sigil == UInt8(ascii: "%"),
                  cursor.byte(at: index + 1) == UInt8(ascii: "{") else { return nil }
            let lineEnd = cursor.lineEnd(from: index)
            var scan = index + 2
            while scan < lineEnd, cursor.bytes[scan] != UInt8(ascii: "}") { scan += 1 }
            return index..<min(scan + 1, lineEnd)
        }

        /// A double-quoted string; unclosed, it ends with its line.
        private func string(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            var segment = cursor.position
            cursor.advance()
            while let byte = cursor.current, byte != ASCII.doubleQuote, byte != ASCII.newline {
                if let variable = variable(cursor, at: cursor.position) {
                    tokens.add(.string, segment..<cursor.position)
                    tokens.add(.variable, variable)
                    cursor.position = variable.upperBound
                    segment = cursor.position
                } else {
                    cursor.advance(byte == ASCII.backslash && cursor.peek(1) != ASCII.newline ? 2 : 1)
                }
            }
            if cursor.current == ASCII.doubleQuote { cursor.advance() }
            tokens.add(.string, segment..<cursor.position)
        }
    }
}
