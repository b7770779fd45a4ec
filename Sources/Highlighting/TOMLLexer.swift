extension Highlighter {
    /// TOML: `[table]` and `[[array]]` headers, keys, strings (including `"""` and `'''`
    /// multi-line strings), numbers and dates, booleans, comments, and arrays and inline tables
    /// that may span lines.
    struct TOMLLexer: Lexer {
        func tokenize(_ cursor: inout ByteCursor, into tokens: inout TokenList) {
            var depth = 0
            while !cursor.isAtEnd {
                let before = cursor.position
                if depth > 0 {
                    value(&cursor, &tokens, depth: &depth)
                } else {
                    lineStart(&cursor, &tokens, depth: &depth)
                }
                if cursor.current == ASCII.newline { cursor.advance() }
                if cursor.position == before { cursor.advance() }
            }
        }

        /// A line outside any array: a header, a `key = value`, a comment, or nothing.
        private func lineStart(_ cursor: inout ByteCursor, _ tokens: inout TokenList, depth: inout Int) {
            cursor.skipBlanks()
            switch cursor.current {
            case UInt8(ascii: "["):
                let lineEnd = cursor.lineEnd(from: cursor.position)
                let closing = cursor.hasPrefix(Array("[[".utf8)) ? Array("]]".utf8) : Array("]".utf8)
                let end = cursor.bounded(to: lineEnd).find(closing, from: cursor.position).map { min($0 + closing.count, lineEnd) } ?? lineEnd
                tokens.add(.section, cursor.position..<end)
                cursor.position = end
                value(&cursor, &tokens, depth: &depth)
            case .some:
                if let key = keyRange(cursor) {
                    tokens.add(.key, key)
                    cursor.position = key.upperBound
                    cursor.skipBlanks()
                    tokens.add(.operator, cursor.position..<cursor.position + 1)
                    cursor.advance()
                }
                value(&cursor, &tokens, depth: &depth)
            case nil:
                break
            }
        }

        /// The key before the `=` of a `key = value` line: bare, quoted or dotted.
        private func keyRange(_ cursor: ByteCursor) -> Range<Int>? {
            let lineEnd = cursor.lineEnd(from: cursor.position)
            var scan = cursor.position
            while scan < lineEnd {
                let byte = cursor.bytes[scan]
                if byte == UInt8(ascii: "=") { break }
                if byte == ASCII.hash { return nil }
                if byte == ASCII.doubleQuote || byte == ASCII.singleQuote {
                    scan += 1
                    while scan < lineEnd, cursor.bytes[scan] != byte {
                        scan += byte == ASCII.doubleQuote && cursor.bytes[scan] == ASCII.backslash ? 2 : 1
                    }
                }
                scan += 1
            }
            guard scan < lineEnd else { return nil }
            var keyEnd = scan
            while keyEnd > cursor.position, ASCII.isBlank(cursor.bytes[keyEnd - 1]) { keyEnd -= 1 }
            return keyEnd > cursor.position ? cursor.position..<keyEnd : nil
        }

        /// Values up to the end of the line, or, inside an array or inline table, until it closes.
        private func value(_ cursor: inout ByteCursor, _ tokens: inout TokenList, depth: inout Int) {
            while let byte = cursor.current {
                let start = cursor.position
                switch byte {
                case ASCII.newline:
                    if depth == 0 { return }
                    cursor.advance()
                case _ where ASCII.isBlank(byte):
                    cursor.advance()
                case ASCII.hash:
                    cursor.position = cursor.lineEnd(from: start)
                    tokens.add(.comment, start..<cursor.position)
                case ASCII.doubleQuote, ASCII.singleQuote:
                    string(&cursor, &tokens)
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                    cursor.advance()
                    tokens.add(.punctuation, start..<cursor.position)
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    depth = max(depth - 1, 0)
                    cursor.advance()
                    tokens.add(.punctuation, start..<cursor.position)
                case UInt8(ascii: ","):
                    cursor.advance()
                    tokens.add(.punctuation, start..<cursor.position)
                case UInt8(ascii: "="):
                    cursor.advance()
                    tokens.add(.operator, start..<cursor.position)
                case _ where Self.isBareByte(byte):
                    bareWord(&cursor, &tokens)
                default:
                    cursor.advance()
                }
            }
        }

        /// Letters, digits and the `_ - + . :` that numbers, dates and bare keys are made of.
        private static func isBareByte(_ byte: UInt8) -> Bool {
            ASCII.isNameByte(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
        }

        /// A key inside an inline table, a boolean, a number or date, or plain text.
        private func bareWord(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            let start = cursor.position
            cursor.skip(while: Self.isBareByte)
            let word = start..<cursor.position
            var scan = cursor.position
            while let byte = cursor.byte(at: scan), ASCII.isBlank(byte) { scan += 1 }
            let bytes = cursor.bytes
            if cursor.byte(at: scan) == UInt8(ascii: "=") {
                tokens.add(.key, word)
            } else if bytes[word].elementsEqual("true".utf8) || bytes[word].elementsEqual("false".utf8) {
                tokens.add(.literal, word)
            } else if Self.isNumberOrDate(bytes[word]) {
                tokens.add(.number, word)
            }
        }

        /// `42`, `+1_000`, `3.14`, `0xff`, `inf`, `-nan`, `1979-05-27T07:32:00Z`, `07:32:00`.
        private static func isNumberOrDate(_ word: ArraySlice<UInt8>) -> Bool {
            var body = word
            if let sign = body.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { body = body.dropFirst() }
            if body.elementsEqual("inf".utf8) || body.elementsEqual("nan".utf8) { return true }
            guard let first = body.first, ASCII.isDigit(first) else { return false }
            return body.allSatisfy { ASCII.isHexDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ":")
                || $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "o") || $0 == UInt8(ascii: "T")
                || $0 == UInt8(ascii: "Z") || $0 == UInt8(ascii: "z") || $0 == UInt8(ascii: "t") }
        }

        /// `"…"` and `'…'` end with their line when unclosed; `"""…"""` and `'''…'''` may span
        /// lines and run to the end when unclosed.
        private func string(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            let start = cursor.position
            guard let quote = cursor.current else { return }
            let escapes = quote == ASCII.doubleQuote
            let triple = [quote, quote, quote]
            if cursor.hasPrefix(triple) {
                cursor.advance(3)
                while !cursor.isAtEnd, !cursor.hasPrefix(triple) {
                    cursor.advance(escapes && cursor.current == ASCII.backslash ? 2 : 1)
                }
                cursor.advance(3)
                // A closing `""""` or `"""""` puts one or two quotes at the end of the string.
                for _ in 0..<2 where cursor.current == quote { cursor.advance() }
            } else {
                cursor.advance()
                while let byte = cursor.current, byte != quote, byte != ASCII.newline {
                    cursor.advance(escapes && byte == ASCII.backslash && cursor.peek(1) != ASCII.newline ? 2 : 1)
                }
                if cursor.current == quote { cursor.advance() }
            }
            tokens.add(.string, start..<cursor.position)
        }
    }
}
