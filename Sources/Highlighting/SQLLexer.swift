extension Highlighter {
    /// SQL as written for PostgreSQL, MySQL/MariaDB and SQLite: keywords, strings, numbers,
    /// comments (`--`, `/* */`, and `#` in MySQL), parameters and variables, PostgreSQL's
    /// dollar-quoted bodies, and psql's backslash commands.
    ///
    /// Strings and block comments may span lines and, unclosed, run to the end of the code.
    struct SQLLexer: Lexer {
        enum Dialect: Sendable {
            case standard
            /// MySQL and MariaDB: `#` starts a comment, `"` quotes a string and `\` escapes in strings.
            case mysql
        }

        let dialect: Dialect

        func tokenize(_ cursor: inout ByteCursor, into tokens: inout TokenList) {
            var atLineStart = true
            while let byte = cursor.current {
                let start = cursor.position
                switch byte {
                case ASCII.newline:
                    cursor.advance()
                    atLineStart = true
                    continue
                case _ where ASCII.isBlank(byte):
                    cursor.advance()
                    continue
                case UInt8(ascii: "-") where cursor.peek(1) == UInt8(ascii: "-"),
                     ASCII.hash where dialect == .mysql:
                    cursor.position = cursor.lineEnd(from: start)
                    tokens.add(.comment, start..<cursor.position)
                case UInt8(ascii: "/") where cursor.peek(1) == UInt8(ascii: "*"):
                    cursor.position = cursor.find(Array("*/".utf8), from: start + 2).map { $0 + 2 } ?? cursor.end
                    tokens.add(.comment, start..<cursor.position)
                case ASCII.backslash where atLineStart:
                    // psql meta-commands: `\dt`, `\c mydb`.
                    cursor.advance()
                    cursor.skip(while: { ASCII.isLetter($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "?") })
                    tokens.add(.builtin, start..<cursor.position)
                case ASCII.singleQuote:
                    quoted(&cursor, &tokens, kind: .string, escapes: dialect == .mysql)
                case ASCII.doubleQuote:
                    // A quoted identifier, except in MySQL where it is a string; identifiers stay
                    // plain but are read whole, so a keyword inside one is not highlighted.
                    quoted(&cursor, &tokens, kind: dialect == .mysql ? .string : nil, escapes: dialect == .mysql)
                case UInt8(ascii: "`"):
                    quoted(&cursor, &tokens, kind: nil, escapes: false)
                case ASCII.dollar:
                    dollar(&cursor, &tokens)
                case UInt8(ascii: "@"):
                    cursor.advance()
                    if cursor.current == UInt8(ascii: "@") { cursor.advance() }
                    cursor.skip(while: ASCII.isWordByte)
                    tokens.add(.variable, start..<cursor.position)
                case UInt8(ascii: ":") where cursor.peek(1).map(ASCII.isNameStart) ?? false
                    && cursor.byte(at: start - 1) != UInt8(ascii: ":"):
                    // `:name` parameters; `::type` casts are left alone.
                    cursor.advance()
                    cursor.skip(while: ASCII.isNameByte)
                    tokens.add(.variable, start..<cursor.position)
                case _ where ASCII.isDigit(byte):
                    number(&cursor, &tokens)
                case UInt8(ascii: "."):
                    if let next = cursor.peek(1), ASCII.isDigit(next) { number(&cursor, &tokens) } else { cursor.advance() }
                case _ where ASCII.isWordByte(byte):
                    word(&cursor, &tokens)
                default:
                    cursor.advance()
                }
                atLineStart = false
            }
        }

        /// A quoted string or identifier; a doubled quote inside is an escaped quote.
        private func quoted(_ cursor: inout ByteCursor, _ tokens: inout TokenList, kind: TokenKind?, escapes: Bool) {
            let start = cursor.position
            guard let quote = cursor.current else { return }
            cursor.advance()
            while let byte = cursor.current {
                if byte == quote {
                    cursor.advance()
                    if cursor.current == quote { cursor.advance() } else { break }
                } else {
                    cursor.advance(escapes && byte == ASCII.backslash ? 2 : 1)
                }
            }
            if let kind { tokens.add(kind, start..<cursor.position) }
        }

        /// `$1` parameters, and PostgreSQL's `$$…$$` and `$tag$…$tag$` strings.
        private func dollar(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            let start = cursor.position
            var scan = start + 1
            if let next = cursor.byte(at: scan), ASCII.isDigit(next) {
                while let digit = cursor.byte(at: scan), ASCII.isDigit(digit) { scan += 1 }
                tokens.add(.variable, start..<scan)
                cursor.position = scan
                return
            }
            while let byte = cursor.byte(at: scan), ASCII.isNameByte(byte) { scan += 1 }
            guard cursor.byte(at: scan) == ASCII.dollar else {
                cursor.advance()
                return
            }
            let delimiter = Array(cursor.bytes[start...scan])
            let bodyStart = scan + 1
            let end = cursor.find(delimiter, from: bodyStart).map { $0 + delimiter.count } ?? cursor.end
            tokens.add(.string, start..<end)
            cursor.position = end
        }

        private func number(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            let start = cursor.position
            if cursor.hasPrefix(Array("0x".utf8)) || cursor.hasPrefix(Array("0X".utf8)) {
                cursor.advance(2)
                cursor.skip(while: ASCII.isHexDigit)
            } else {
                cursor.skip(while: ASCII.isDigit)
                if cursor.current == UInt8(ascii: ".") {
                    cursor.advance()
                    cursor.skip(while: ASCII.isDigit)
                }
                if let exponent = cursor.current, exponent | 0x20 == UInt8(ascii: "e"),
                   let next = cursor.peek(1), ASCII.isDigit(next) || next == UInt8(ascii: "-") || next == UInt8(ascii: "+") {
                    cursor.advance(2)
                    cursor.skip(while: ASCII.isDigit)
                }
            }
            // `1st`, `2fa`: digits that begin a name are part of it.
            if let next = cursor.current, ASCII.isWordByte(next) {
                cursor.skip(while: ASCII.isWordByte)
                return
            }
            tokens.add(.number, start..<cursor.position)
        }

        private func word(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            let start = cursor.position
            // `E'…'` escape strings and `N'…'` national strings are strings, prefix included.
            if cursor.peek(1) == ASCII.singleQuote, let prefix = cursor.current,
               [UInt8(ascii: "e"), UInt8(ascii: "n"), UInt8(ascii: "b"), UInt8(ascii: "x")].contains(ASCII.lowercased(prefix)) {
                cursor.advance()
                quoted(&cursor, &tokens, kind: nil, escapes: ASCII.lowercased(prefix) == UInt8(ascii: "e"))
                tokens.add(.string, start..<cursor.position)
                return
            }
            cursor.skip(while: { ASCII.isWordByte($0) || $0 == ASCII.dollar })
            let word = start..<cursor.position
            if SQLKeywords.literals.contains(cursor.bytes, word) {
                tokens.add(.literal, word)
            } else if SQLKeywords.keywords.contains(cursor.bytes, word) {
                tokens.add(.keyword, word)
            }
        }
    }
}
