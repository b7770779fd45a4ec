extension Highlighter {
    /// Writes a code block and its tokens as HTML for the inside of `<code>`.
    ///
    /// Every byte of the code is written exactly once, escaped, either plainly or inside the one
    /// span of the token covering it; tokens never overlap (see `TokenList`), so spans are never
    /// nested and always closed, and removing the tags and unescaping gives back the code.
    enum HTMLSpans {
        static func render(_ bytes: [UInt8], tokens: [Token]) -> String {
            var html: [UInt8] = []
            html.reserveCapacity(bytes.count + bytes.count / 2 + tokens.count * 30)
            var written = 0
            for token in tokens {
                appendEscaped(bytes[written..<token.range.lowerBound], to: &html)
                html.append(contentsOf: openingTags[token.kind] ?? [])
                appendEscaped(bytes[token.range], to: &html)
                html.append(contentsOf: closingTag)
                written = token.range.upperBound
            }
            appendEscaped(bytes[written...], to: &html)
            return String(decoding: html, as: UTF8.self)
        }

        /// Escapes the characters that would otherwise end an element or an attribute value.
        static func appendEscaped(_ bytes: ArraySlice<UInt8>, to html: inout [UInt8]) {
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "&"): html.append(contentsOf: ampersand)
                case UInt8(ascii: "<"): html.append(contentsOf: lessThan)
                case UInt8(ascii: ">"): html.append(contentsOf: greaterThan)
                case UInt8(ascii: "\""): html.append(contentsOf: quote)
                default: html.append(byte)
                }
            }
        }

        private static let openingTags: [TokenKind: [UInt8]] = Dictionary(
            uniqueKeysWithValues: TokenKind.allCases.map { ($0, Array("<span class=\"\($0.rawValue)\">".utf8)) })
        private static let closingTag = Array("</span>".utf8)
        private static let ampersand = Array("&amp;".utf8)
        private static let lessThan = Array("&lt;".utf8)
        private static let greaterThan = Array("&gt;".utf8)
        private static let quote = Array("&quot;".utf8)
    }
}
