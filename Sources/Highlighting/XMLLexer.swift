extension Highlighter {
    /// XML, HTML and SVG: element names, attribute names and values, comments, CDATA sections,
    /// declarations and processing instructions. Text between tags stays plain.
    ///
    /// A `<` that starts no tag is text, and a tag left open ends where the next `<` begins,
    /// so broken markup in a snippet stays readable. The content of HTML `<script>` and
    /// `<style>` elements is left plain: a `<` in JavaScript is not a tag.
    struct XMLLexer: Lexer {
        func tokenize(_ cursor: inout ByteCursor, into tokens: inout TokenList) {
            while let byte = cursor.current {
                let start = cursor.position
                guard byte == UInt8(ascii: "<") else {
                    cursor.advance()
                    continue
                }
                if cursor.hasPrefix(Array("<!--".utf8)) {
                    skip(past: Array("-->".utf8), from: start + 4, &cursor)
                    tokens.add(.comment, start..<cursor.position)
                } else if cursor.hasPrefix(Array("<![CDATA[".utf8)) {
                    skip(past: Array("]]>".utf8), from: start + 9, &cursor)
                    tokens.add(.string, start..<cursor.position)
                } else if let next = cursor.peek(1), next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                    // `<!DOCTYPE html>`, `<?xml version="1.0"?>`
                    cursor.advance(2)
                    tokens.add(.punctuation, start..<cursor.position)
                    name(&cursor, &tokens, kind: next == UInt8(ascii: "!") ? .keyword : .tag)
                    _ = attributes(&cursor, &tokens)
                } else if cursor.peek(1) == UInt8(ascii: "/"), let next = cursor.peek(2), Self.startsName(next) {
                    cursor.advance(2)
                    tokens.add(.punctuation, start..<cursor.position)
                    name(&cursor, &tokens, kind: .tag)
                    _ = attributes(&cursor, &tokens)
                } else if let next = cursor.peek(1), Self.startsName(next) {
                    openingTag(&cursor, &tokens)
                } else {
                    cursor.advance()
                }
            }
        }

        private func openingTag(_ cursor: inout ByteCursor, _ tokens: inout TokenList) {
            tokens.add(.punctuation, cursor.position..<cursor.position + 1)
            cursor.advance()
            let nameStart = cursor.position
            name(&cursor, &tokens, kind: .tag)
            let tagName = Array(cursor.bytes[nameStart..<cursor.position]).map(ASCII.lowercased)
            let ending = attributes(&cursor, &tokens)
            if ending == .open, Self.rawTextElements.contains(tagName) {
                skipRawText(closing: Array("</".utf8) + tagName, &cursor)
            }
        }

        private static let rawTextElements: Set<[UInt8]> = [Array("script".utf8), Array("style".utf8)]

        private static func startsName(_ byte: UInt8) -> Bool {
            ASCII.isNameStart(byte) || byte >= 0x80 || byte == UInt8(ascii: ":")
        }

        private static func isNameByte(_ byte: UInt8) -> Bool {
            !ASCII.isWhitespace(byte) && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "/")
                && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "<") && byte != ASCII.doubleQuote
                && byte != ASCII.singleQuote && byte != UInt8(ascii: "?")
        }

        private func name(_ cursor: inout ByteCursor, _ tokens: inout TokenList, kind: TokenKind) {
            let start = cursor.position
            cursor.skip(while: Self.isNameByte)
            tokens.add(kind, start..<cursor.position)
        }

        private enum TagEnding { case open, selfClosed, unclosed }

        /// Attributes up to and including the `>`, `/>` or `?>` ending the tag; a `<` or the end
        /// of the code ends an unclosed tag.
        private func attributes(_ cursor: inout ByteCursor, _ tokens: inout TokenList) -> TagEnding {
            var expectsValue = false
            while let byte = cursor.current {
                let start = cursor.position
                switch byte {
                case _ where ASCII.isWhitespace(byte):
                    cursor.advance()
                case UInt8(ascii: ">"):
                    cursor.advance()
                    tokens.add(.punctuation, start..<cursor.position)
                    return .open
                case UInt8(ascii: "/") where cursor.peek(1) == UInt8(ascii: ">"),
                     UInt8(ascii: "?") where cursor.peek(1) == UInt8(ascii: ">"):
                    cursor.advance(2)
                    tokens.add(.punctuation, start..<cursor.position)
                    return .selfClosed
                case UInt8(ascii: "<"):
                    return .unclosed
                case UInt8(ascii: "="):
                    cursor.advance()
                    tokens.add(.punctuation, start..<cursor.position)
                    expectsValue = true
                    continue
                case ASCII.doubleQuote, ASCII.singleQuote:
                    cursor.advance()
                    cursor.skip(while: { $0 != byte })
                    cursor.advance()
                    tokens.add(.string, start..<cursor.position)
                case _ where Self.isNameByte(byte):
                    cursor.skip(while: Self.isNameByte)
                    tokens.add(expectsValue ? .string : .key, start..<cursor.position)
                default:
                    cursor.advance()
                }
                expectsValue = false
            }
            return .unclosed
        }

        /// Moves past `terminator`, searching from `index`; without one, to the end.
        private func skip(past terminator: [UInt8], from index: Int, _ cursor: inout ByteCursor) {
            cursor.position = cursor.find(terminator, from: index).map { $0 + terminator.count } ?? cursor.end
        }

        /// Leaves the text of a `<script>` or `<style>` element plain, up to its closing tag.
        private func skipRawText(closing: [UInt8], _ cursor: inout ByteCursor) {
            while !cursor.isAtEnd, !cursor.matchesIgnoringCase(closing, at: cursor.position) {
                cursor.advance()
            }
        }
    }
}
