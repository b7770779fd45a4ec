extension Highlighter {
    /// The state of one `YAMLLexer` run, which reads a line at a time.
    struct YAMLScan {
        var cursor: ByteCursor
        var tokens: TokenList
        /// Inside a block scalar: lines indented more than this (or blank) are its text.
        private var blockScalarParentIndent: Int?
        /// Open `[` and `{` of flow collections, which may span lines.
        private var flowDepth = 0

        init(cursor: ByteCursor, tokens: TokenList) {
            self.cursor = cursor
            self.tokens = tokens
        }

        mutating func run() {
            while !cursor.isAtEnd {
                let lineEnd = cursor.lineEnd(from: cursor.position)
                line(end: lineEnd)
                cursor.position = lineEnd
                cursor.advance()
            }
        }

        private mutating func line(end: Int) {
            let start = cursor.position
            cursor.skip(while: { $0 == ASCII.space })
            let indent = cursor.position - start
            if let parent = blockScalarParentIndent {
                if cursor.isBlankToLineEnd(from: start) { return }
                if indent > parent {
                    tokens.add(.string, cursor.position..<end)
                    return
                }
                blockScalarParentIndent = nil
            }
            if flowDepth > 0 {
                value(end: end, parentIndent: indent)
            } else if indent == 0, isDocumentMarker() {
                tokens.add(.punctuation, cursor.position..<cursor.position + 3)
                cursor.advance(3)
                value(end: end, parentIndent: indent)
            } else {
                node(lineStart: start, end: end, lineIndent: indent)
            }
        }

        /// `---` or `...` alone at the start of a line.
        private func isDocumentMarker() -> Bool {
            (cursor.hasPrefix(Array("---".utf8)) || cursor.hasPrefix(Array("...".utf8)))
                && (cursor.peek(3).map(ASCII.isWhitespace) ?? true)
        }

        /// Sequence dashes, then a key if the line has one, then its value. A block scalar's text
        /// is indented more than its key (`- run: |` then text indented past `run`), or than the
        /// line when there is no key.
        private mutating func node(lineStart: Int, end: Int, lineIndent: Int) {
            var parentIndent = lineIndent
            cursor.skipBlanks()
            while let byte = cursor.current, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "?"),
                  cursor.peek(1).map(ASCII.isWhitespace) ?? true {
                tokens.add(.punctuation, cursor.position..<cursor.position + 1)
                cursor.advance()
                cursor.skipBlanks()
            }
            if let key = keyRange(end: end) {
                parentIndent = key.lowerBound - lineStart
                tokens.add(.key, key)
                cursor.position = key.upperBound
                cursor.skipBlanks()
                tokens.add(.punctuation, cursor.position..<cursor.position + 1)
                cursor.advance()
            }
            value(end: end, parentIndent: parentIndent)
        }

        /// The key at the cursor when `key:` (a colon then a blank or the line's end) follows.
        private func keyRange(end: Int) -> Range<Int>? {
            let start = cursor.position
            guard let first = cursor.current else { return nil }
            var keyEnd: Int
            if first == ASCII.doubleQuote || first == ASCII.singleQuote {
                keyEnd = quotedEnd(from: start, end: end)
            } else {
                guard !Self.isIndicator(first) else { return nil }
                var scan = start
                while scan < end {
                    let byte = cursor.bytes[scan]
                    if byte == ASCII.hash, scan > start, ASCII.isBlank(cursor.bytes[scan - 1]) { return nil }
                    if byte == UInt8(ascii: ":"), scan + 1 == end || ASCII.isWhitespace(cursor.bytes[scan + 1]) { break }
                    scan += 1
                }
                guard scan < end else { return nil }
                keyEnd = scan
                while keyEnd > start, ASCII.isBlank(cursor.bytes[keyEnd - 1]) { keyEnd -= 1 }
            }
            var colon = keyEnd
            while colon < end, ASCII.isBlank(cursor.bytes[colon]) { colon += 1 }
            guard colon < end, cursor.bytes[colon] == UInt8(ascii: ":"),
                  colon + 1 == end || ASCII.isWhitespace(cursor.bytes[colon + 1]), keyEnd > start else { return nil }
            return start..<keyEnd
        }

        /// Bytes that start something other than a plain scalar.
        private static func isIndicator(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ","),
                 ASCII.hash, UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
                 UInt8(ascii: ">"), UInt8(ascii: "@"), UInt8(ascii: "`"):
                true
            default:
                false
            }
        }

        // MARK: Values

        private mutating func value(end: Int, parentIndent: Int) {
            let valueStart = cursor.position
            while cursor.position < end {
                let start = cursor.position
                let byte = cursor.bytes[start]
                switch byte {
                case _ where ASCII.isBlank(byte):
                    cursor.advance()
                case ASCII.hash where start == valueStart || ASCII.isBlank(cursor.bytes[start - 1]):
                    tokens.add(.comment, start..<end)
                    cursor.position = end
                case ASCII.doubleQuote, ASCII.singleQuote:
                    quoted(end: end)
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    flowDepth += 1
                    punctuation()
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    flowDepth = max(flowDepth - 1, 0)
                    punctuation()
                case UInt8(ascii: ",") where flowDepth > 0, UInt8(ascii: ":") where flowDepth > 0:
                    punctuation()
                case UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"):
                    cursor.advance()
                    cursor.skip(while: { !ASCII.isWhitespace($0) && !Self.endsFlowScalar($0) })
                    tokens.add(byte == UInt8(ascii: "!") ? .keyword : .variable, start..<cursor.position)
                case UInt8(ascii: "|"), UInt8(ascii: ">"):
                    if !blockScalarHeader(end: end, parentIndent: parentIndent) { plainScalar(end: end) }
                default:
                    plainScalar(end: end)
                }
            }
        }

        private mutating func punctuation() {
            tokens.add(.punctuation, cursor.position..<cursor.position + 1)
            cursor.advance()
        }

        private static func endsFlowScalar(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
                || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{")
        }

        /// `|`, `>-`, `|2+` with nothing but a comment after it: the following more indented
        /// lines are the scalar's text.
        private mutating func blockScalarHeader(end: Int, parentIndent: Int) -> Bool {
            var scan = cursor.position + 1
            while scan < end, ASCII.isDigit(cursor.bytes[scan]) || cursor.bytes[scan] == UInt8(ascii: "+")
                    || cursor.bytes[scan] == UInt8(ascii: "-") {
                scan += 1
            }
            var rest = scan
            while rest < end, ASCII.isBlank(cursor.bytes[rest]) { rest += 1 }
            guard rest == end || (cursor.bytes[rest] == ASCII.hash && rest > scan) else { return false }
            tokens.add(.punctuation, cursor.position..<scan)
            cursor.position = scan
            blockScalarParentIndent = parentIndent
            return true
        }

        /// Where the quoted scalar starting at `start` ends: after its closing quote, or at the line's end.
        private func quotedEnd(from start: Int, end: Int) -> Int {
            let quote = cursor.bytes[start]
            var scan = start + 1
            while scan < end {
                let byte = cursor.bytes[scan]
                if quote == ASCII.doubleQuote && byte == ASCII.backslash {
                    scan += 2
                } else if byte == quote {
                    // In single quotes, `''` is an escaped quote.
                    if quote == ASCII.singleQuote, scan + 1 < end, cursor.bytes[scan + 1] == quote {
                        scan += 2
                    } else {
                        return scan + 1
                    }
                } else {
                    scan += 1
                }
            }
            return end
        }

        private mutating func quoted(end: Int) {
            let start = cursor.position
            let stop = min(quotedEnd(from: start, end: end), end)
            let kind: TokenKind = flowDepth > 0 && isFollowedByColon(stop, end: end) ? .key : .string
            if kind == .string && cursor.bytes[start] == ASCII.doubleQuote {
                stringWithVariables(start..<stop)
            } else {
                tokens.add(kind, start..<stop)
            }
            cursor.position = stop
        }

        private func isFollowedByColon(_ index: Int, end: Int) -> Bool {
            var scan = index
            while scan < end, ASCII.isBlank(cursor.bytes[scan]) { scan += 1 }
            return scan < end && cursor.bytes[scan] == UInt8(ascii: ":")
        }

        /// A plain scalar up to a comment, the line's end, or in a flow collection a `,` or bracket.
        private mutating func plainScalar(end: Int) {
            let start = cursor.position
            var scan = start
            while scan < end {
                let byte = cursor.bytes[scan]
                if byte == ASCII.hash, scan > start, ASCII.isBlank(cursor.bytes[scan - 1]) { break }
                if flowDepth > 0 {
                    if Self.endsFlowScalar(byte) { break }
                    if byte == UInt8(ascii: ":"), scan + 1 == end || ASCII.isWhitespace(cursor.bytes[scan + 1])
                        || Self.endsFlowScalar(cursor.bytes[scan + 1]) {
                        break
                    }
                }
                scan += 1
            }
            var trimmed = scan
            while trimmed > start, ASCII.isBlank(cursor.bytes[trimmed - 1]) { trimmed -= 1 }
            let scalar = start..<max(trimmed, start + 1)
            if flowDepth > 0, isFollowedByColon(scalar.upperBound, end: end) {
                tokens.add(.key, scalar)
            } else if YAMLLexer.literals.contains(cursor.bytes, scalar) {
                tokens.add(.literal, scalar)
            } else if Self.isNumber(cursor.bytes[scalar]) {
                tokens.add(.number, scalar)
            } else {
                variables(in: scalar)
            }
            cursor.position = scalar.upperBound
        }

        /// A double-quoted scalar, with the `${VAR}`s inside it highlighted as variables.
        private mutating func stringWithVariables(_ range: Range<Int>) {
            var segment = range.lowerBound
            var scan = range.lowerBound
            while scan < range.upperBound {
                if cursor.bytes[scan] == ASCII.backslash {
                    scan += 2
                } else if let variable = variable(at: scan, limit: range.upperBound) {
                    tokens.add(.string, segment..<variable.lowerBound)
                    tokens.add(.variable, variable)
                    scan = variable.upperBound
                    segment = scan
                } else {
                    scan += 1
                }
            }
            tokens.add(.string, segment..<range.upperBound)
        }

        private mutating func variables(in range: Range<Int>) {
            var scan = range.lowerBound
            while scan < range.upperBound {
                if let variable = variable(at: scan, limit: range.upperBound) {
                    tokens.add(.variable, variable)
                    scan = variable.upperBound
                } else {
                    scan += cursor.bytes[scan] == ASCII.dollar ? 2 : 1
                }
            }
        }

        /// Compose's `${NAME…}` or `$NAME` at `index`; `$$` is an escaped dollar, not a variable.
        private func variable(at index: Int, limit: Int) -> Range<Int>? {
            guard cursor.bytes[index] == ASCII.dollar, index + 1 < limit else { return nil }
            let next = cursor.bytes[index + 1]
            if next == UInt8(ascii: "{") {
                var scan = index + 2
                while scan < limit, cursor.bytes[scan] != UInt8(ascii: "}") { scan += 1 }
                return index..<min(scan + 1, limit)
            }
            guard ASCII.isNameStart(next) else { return nil }
            var scan = index + 2
            while scan < limit, ASCII.isNameByte(cursor.bytes[scan]) { scan += 1 }
            return index..<scan
        }

        /// Integers, floats, hex and octal, `.inf` and `.nan`, with an optional sign.
        static func isNumber(_ text: ArraySlice<UInt8>) -> Bool {
            var body = text
            if let sign = body.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { body = body.dropFirst() }
            let lowered = body.map(ASCII.lowercased)
            if lowered == Array(".inf".utf8) || lowered == Array(".nan".utf8) { return true }
            if lowered.starts(with: "0x".utf8) { return lowered.count > 2 && lowered.dropFirst(2).allSatisfy(ASCII.isHexDigit) }
            if lowered.starts(with: "0o".utf8) { return lowered.count > 2 && lowered.dropFirst(2).allSatisfy(ASCII.isDigit) }
            return isDecimal(lowered[...])
        }

        /// `12`, `1_000`, `3.14`, `.5`, `6.02e23`.
        static func isDecimal(_ text: ArraySlice<UInt8>) -> Bool {
            var digits = 0
            var index = text.startIndex
            func skipDigits() {
                while index < text.endIndex, ASCII.isDigit(text[index]) || text[index] == UInt8(ascii: "_") {
                    if ASCII.isDigit(text[index]) { digits += 1 }
                    index += 1
                }
            }
            skipDigits()
            if index < text.endIndex, text[index] == UInt8(ascii: ".") {
                index += 1
                skipDigits()
            }
            guard digits > 0 else { return false }
            if index < text.endIndex, text[index] == UInt8(ascii: "e") {
                index += 1
                if index < text.endIndex, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
                let before = digits
                skipDigits()
                guard digits > before else { return false }
            }
            return index == text.endIndex
        }
    }
}
