extension Highlighter {
    /// JSON, and JSON with comments: keys, strings, numbers, `true`/`false`/`null`, punctuation.
    ///
    /// A string is a key when a `:` follows it. Strings end with their line when unclosed, since
    /// JSON strings cannot hold a raw newline.
    struct JSONLexer: Lexer {
        func tokenize(_ cursor: inout ByteCursor, into tokens: inout TokenList) {
            while let byte = cursor.current {
                let start = cursor.position
                switch byte {
                case ASCII.doubleQuote:
                    string(&cursor, &tokens)
                case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"),
                     UInt8(ascii: ","), UInt8(ascii: ":"):
                    cursor.advance()
                    tokens.add(.punctuation, start..<cursor.position)
                case UInt8(ascii: "/") where cursor.peek(1) == UInt8(ascii: "/"):
                    cursor.position = cursor.lineEnd(from: start)
                    tokens.add(.comment, start..<cursor.position)
                case UInt8(ascii: "/") where cursor.peek(1) == UInt8(ascii: "*"):
                    cursor.position = cursor.find(Array("*/".utf8), from: start + 2).map { $0 + 2 } ?? cursor.end
                    tokens.add(.comment, start..<cursor.position)
                case _ where byte == UInt8(ascii: "-") || ASCII.isDigit(byte):
                    number(&cursor, &tokens)
                case _ where ASCII.isWordByte(byte):
                    cursor.skip(while: ASCII.isWordByte)
                    if Self.literals.contains(cursor.bytes, start..<cursor.position) {
                        tokens.add(.literal, start..<cursor.position)
                    }
                default:
                    cursor.advance()
                }
            }
        }

        static let literals = WordSet(["true", "false", "null"], caseInsensitive: false)

        private func string(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            let start = cursor.position
            cursor.advance()
            while let byte = cursor.current, byte != ASCII.doubleQuote, byte != ASCII.newline {
                cursor.advance(byte == ASCII.backslash && cursor.peek(1) != ASCII.newline ? 2 : 1)
            }
            if cursor.current == ASCII.doubleQuote { cursor.advance() }
            var scan = cursor.position
            while let next = cursor.byte(at: scan), ASCII.isWhitespace(next) { scan += 1 }
            let isKey = cursor.byte(at: scan) == UInt8(ascii: ":")
            tokens.add(isKey ? .key : .string, start..<cursor.position)
        }

        /// `-12.5e+3`; a `-` with no digit after it is left plain.
        private func number(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            let start = cursor.position
            if cursor.current == UInt8(ascii: "-") { cursor.advance() }
            guard let first = cursor.current, ASCII.isDigit(first) else { return }
            cursor.skip(while: ASCII.isDigit)
            if cursor.current == UInt8(ascii: "."), let next = cursor.peek(1), ASCII.isDigit(next) {
                cursor.advance()
                cursor.skip(while: ASCII.isDigit)
            }
            if let exponent = cursor.current, exponent | 0x20 == UInt8(ascii: "e") {
                var scan = cursor.position + 1
                if let sign = cursor.byte(at: scan), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { scan += 1 }
                if let digit = cursor.byte(at: scan), ASCII.isDigit(digit) {
                    cursor.position = scan
                    cursor.skip(while: ASCII.isDigit)
                }
            }
            tokens.add(.number, start..<cursor.position)
        }
    }
}
