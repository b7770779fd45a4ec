extension Highlighter {
    /// nginx configuration: directives, blocks, comments, strings, `$variables`, numbers with
    /// size and time units, and `on`/`off`.
    ///
    /// A directive is the first word of a statement, so it is recognised by position rather
    /// than from a list: modules add directives, and all of them are highlighted.
    struct NginxLexer: Lexer {
        func tokenize(_ cursor: inout ByteCursor, into tokens: inout TokenList) {
            var expectsDirective = true
            while let byte = cursor.current {
                let start = cursor.position
                switch byte {
                case _ where ASCII.isWhitespace(byte):
                    cursor.advance()
                case ASCII.hash:
                    cursor.position = cursor.lineEnd(from: start)
                    tokens.add(.comment, start..<cursor.position)
                case UInt8(ascii: ";"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                    cursor.advance()
                    tokens.add(.punctuation, start..<cursor.position)
                    expectsDirective = true
                case ASCII.doubleQuote, ASCII.singleQuote:
                    string(&cursor, &tokens)
                    expectsDirective = false
                default:
                    word(&cursor, &tokens, isDirective: expectsDirective)
                    expectsDirective = false
                }
            }
        }

        static let literals = WordSet(["on", "off"], caseInsensitive: false)

        private static func endsWord(_ byte: UInt8) -> Bool {
            ASCII.isWhitespace(byte) || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "{")
                || byte == UInt8(ascii: "}") || byte == ASCII.doubleQuote || byte == ASCII.singleQuote
        }

        private func word(_ cursor: inout ByteCursor, _ tokens: inout TokenList, isDirective: Bool) {
            let start = cursor.position
            var hasVariable = false
            var scan = start
            while let byte = cursor.byte(at: scan), !Self.endsWord(byte) {
                if byte == ASCII.dollar {
                    hasVariable = true
                    // `${name}` keeps its braces inside the word.
                    if cursor.byte(at: scan + 1) == UInt8(ascii: "{") {
                        let lineEnd = cursor.lineEnd(from: scan)
                        while scan < lineEnd, cursor.bytes[scan] != UInt8(ascii: "}") { scan += 1 }
                        if scan == lineEnd { break }
                    }
                }
                scan += byte == ASCII.backslash ? 2 : 1
            }
            let word = start..<min(scan, cursor.end)
            if word.isEmpty {
                cursor.advance()
                return
            }
            if isDirective {
                tokens.add(.keyword, word)
            } else if Self.literals.contains(cursor.bytes, word) {
                tokens.add(.literal, word)
            } else if Self.isNumber(cursor.bytes[word]) {
                tokens.add(.number, word)
            } else if hasVariable {
                variables(in: word, cursor, &tokens)
            }
            cursor.position = word.upperBound
        }

        /// `80`, `1024`, `10m`, `30s`, `500ms`, `1h`: digits and at most a short unit.
        private static func isNumber(_ word: ArraySlice<UInt8>) -> Bool {
            let digits = word.prefix(while: ASCII.isDigit)
            let unit = word.dropFirst(digits.count)
            return !digits.isEmpty && unit.count <= 2 && unit.allSatisfy(ASCII.isLetter)
        }

        /// Highlights the `$name` and `${name}` inside a word or string.
        private func variables(in range: Range<Int>, _ cursor: ByteCursor, _ tokens: inout TokenList,
                               rest kind: TokenKind? = nil) {
            var segment = range.lowerBound
            var scan = range.lowerBound
            while scan < range.upperBound {
                let byte = cursor.bytes[scan]
                if byte == ASCII.backslash {
                    scan += 2
                    continue
                }
                guard byte == ASCII.dollar, scan + 1 < range.upperBound else {
                    scan += 1
                    continue
                }
                var end = scan + 1
                if cursor.bytes[end] == UInt8(ascii: "{") {
                    while end < range.upperBound, cursor.bytes[end] != UInt8(ascii: "}") { end += 1 }
                    end = min(end + 1, range.upperBound)
                } else {
                    while end < range.upperBound, ASCII.isNameByte(cursor.bytes[end]) { end += 1 }
                }
                if end > scan + 1 {
                    if let kind { tokens.add(kind, segment..<scan) }
                    tokens.add(.variable, scan..<end)
                    segment = end
                }
                scan = end
            }
            if let kind { tokens.add(kind, segment..<min(range.upperBound, cursor.end)) }
        }

        /// A quoted string, which may span lines; without its closing quote it runs to the end.
        private func string(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            let start = cursor.position
            guard let quote = cursor.current else { return }
            cursor.advance()
            while let byte = cursor.current, byte != quote {
                cursor.advance(byte == ASCII.backslash ? 2 : 1)
            }
            cursor.advance()
            variables(in: start..<cursor.position, cursor, &tokens, rest: .string)
        }
    }
}
