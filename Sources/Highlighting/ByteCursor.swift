extension Highlighter {
    /// A read position in the UTF-8 bytes of a code block, bounded by `end` so a lexer can be run
    /// on part of a block. Reads past `end` answer nil rather than trapping, so a lexer that looks
    /// ahead at the end of unterminated input cannot crash.
    struct ByteCursor: Sendable {
        let bytes: [UInt8]
        var position: Int
        let end: Int

        init(bytes: [UInt8], position: Int = 0, end: Int? = nil) {
            self.bytes = bytes
            self.end = min(end ?? bytes.count, bytes.count)
            self.position = min(max(position, 0), self.end)
        }

        /// A cursor over the same bytes from `position` that stops at `end`.
        func bounded(to end: Int) -> ByteCursor {
            ByteCursor(bytes: bytes, position: position, end: min(end, self.end))
        }

        var isAtEnd: Bool { position >= end }

        var current: UInt8? { position < end ? bytes[position] : nil }

        /// The byte `offset` places after the position, nil outside the cursor's bounds.
        func peek(_ offset: Int = 0) -> UInt8? { byte(at: position + offset) }

        func byte(at index: Int) -> UInt8? { index >= 0 && index < end ? bytes[index] : nil }

        mutating func advance(_ count: Int = 1) { position = min(position + count, end) }

        mutating func skip(while predicate: (UInt8) -> Bool) {
            while position < end, predicate(bytes[position]) { position += 1 }
        }

        /// Skips spaces, tabs and carriage returns; stops at a newline.
        mutating func skipBlanks() { skip(while: ASCII.isBlank) }

        /// The index of the newline ending the line that holds `index`, or `end`.
        func lineEnd(from index: Int) -> Int {
            var scan = index
            while scan < end, bytes[scan] != ASCII.newline { scan += 1 }
            return scan
        }

        /// The index of `needle`'s first occurrence at or after `index`, or nil.
        func find(_ needle: [UInt8], from index: Int) -> Int? {
            guard let first = needle.first else { return index }
            var scan = index
            while scan + needle.count <= end {
                if bytes[scan] == first, matches(needle, at: scan) { return scan }
                scan += 1
            }
            return nil
        }

        func hasPrefix(_ literal: [UInt8]) -> Bool { matches(literal, at: position) }

        func matches(_ literal: [UInt8], at index: Int) -> Bool {
            guard index >= 0, index + literal.count <= end else { return false }
            for (offset, byte) in literal.enumerated() where bytes[index + offset] != byte { return false }
            return true
        }

        /// Whether `literal` (given in lowercase) is at `index`, ignoring the case of ASCII letters.
        func matchesIgnoringCase(_ literal: [UInt8], at index: Int) -> Bool {
            guard index >= 0, index + literal.count <= end else { return false }
            for (offset, byte) in literal.enumerated() where ASCII.lowercased(bytes[index + offset]) != byte { return false }
            return true
        }

        /// Whether only blanks lie between `index` and the end of its line.
        func isBlankToLineEnd(from index: Int) -> Bool {
            var scan = index
            while scan < end, ASCII.isBlank(bytes[scan]) { scan += 1 }
            return scan >= end || bytes[scan] == ASCII.newline
        }
    }
}
