extension Highlighter {
    /// INI-style configuration (`.ini`, `.cfg`, `my.cnf`, `.properties`): `[section]` headers,
    /// `key = value` or `key: value` lines, and `;` or `#` comment lines.
    ///
    /// Values are free text in these formats, so only a value that is wholly a number, a
    /// boolean-like word or a quoted string is highlighted. A line with no separator is an
    /// option given by name alone (`skip-name-resolve` in `my.cnf`), so it is a key.
    struct INILexer: Lexer {
        func tokenize(_ cursor: inout ByteCursor, into tokens: inout TokenList) {
            while !cursor.isAtEnd {
                let lineEnd = cursor.lineEnd(from: cursor.position)
                line(&cursor, &tokens, end: lineEnd)
                cursor.position = lineEnd
                cursor.advance()
            }
        }

        private func line(_ cursor: inout ByteCursor, _ tokens: inout TokenList, end: Int) {
            cursor.skipBlanks()
            let start = cursor.position
            guard let first = cursor.current, first != ASCII.newline else { return }
            if first == UInt8(ascii: ";") || first == ASCII.hash {
                tokens.add(.comment, start..<end)
                return
            }
            if first == UInt8(ascii: "[") {
                let close = cursor.bounded(to: end).find(Array("]".utf8), from: start).map { min($0 + 1, end) } ?? end
                tokens.add(.section, start..<close)
                return
            }
            var separator = start
            while separator < end, cursor.bytes[separator] != UInt8(ascii: "="), cursor.bytes[separator] != UInt8(ascii: ":") {
                separator += 1
            }
            tokens.add(.key, start..<trimmedEnd(cursor, start, separator))
            guard separator < end else { return }
            tokens.add(.operator, separator..<separator + 1)
            var valueStart = separator + 1
            while valueStart < end, ASCII.isBlank(cursor.bytes[valueStart]) { valueStart += 1 }
            let value = valueStart..<trimmedEnd(cursor, valueStart, end)
            if let kind = Self.kind(ofValue: cursor.bytes[value]) { tokens.add(kind, value) }
        }

        private func trimmedEnd(_ cursor: ByteCursor, _ start: Int, _ end: Int) -> Int {
            var trimmed = end
            while trimmed > start, ASCII.isBlank(cursor.bytes[trimmed - 1]) { trimmed -= 1 }
            return trimmed
        }

        static let literals = WordSet(["true", "false", "yes", "no", "on", "off", "null", "none"], caseInsensitive: true)

        private static func kind(ofValue value: ArraySlice<UInt8>) -> TokenKind? {
            guard let first = value.first, let last = value.last else { return nil }
            if value.count >= 2, first == last, first == ASCII.doubleQuote || first == ASCII.singleQuote { return .string }
            if literals.contains(Array(value), 0..<value.count) { return .literal }
            var body = value
            if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { body = body.dropFirst() }
            let isNumber = !body.isEmpty && body.allSatisfy { ASCII.isDigit($0) || $0 == UInt8(ascii: ".") }
                && body.contains(where: ASCII.isDigit)
            return isNumber ? .number : nil
        }
    }
}
