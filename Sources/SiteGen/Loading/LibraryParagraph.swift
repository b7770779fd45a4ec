import Foundation

/// One paragraph of a library file as written: its fields in order, each with the line it
/// started on. The first step of parsing; ``LibraryFile`` gives the fields their meaning.
struct LibraryParagraph: Sendable {
    struct Field: Sendable {
        /// As written (`amd64-GitCommit`). Only ASCII letters, digits and dashes: `split`
        /// refuses any other key, so the parser may compare keys on their bytes.
        let key: String
        /// The field `key` names, matched without regard to case; nil for any other key
        /// (`ARCH-Field` ones included). Worked out from the key's bytes while they are at hand.
        let knownField: LibraryFile.Field?
        /// Continuation lines joined with newlines, surrounding whitespace trimmed.
        var value: String
        let line: Int
        /// The column (1-based, in UTF-8 bytes) of the value's first byte on `line`.
        let valueColumn: Int
        /// Where each continuation line of `value` starts: its byte offset in `value` and its
        /// line and column in the file. Kept apart from the first line, whose place is `line`
        /// and `valueColumn`, so that the usual one-line field allocates no array.
        var continuations: [(offset: Int, line: Int, column: Int)] = []

        /// The key starts every field line: column 1.
        var column: Int { 1 }

        /// The line and column of the byte at `offset` in `value`.
        func position(ofValueOffset offset: Int) -> (line: Int, column: Int) {
            let segment = continuations.last { $0.offset <= offset } ?? (offset: 0, line: line, column: valueColumn)
            return (segment.line, segment.column + offset - segment.offset)
        }

        /// The position of the value's first character.
        var valuePosition: (line: Int, column: Int) { (line, valueColumn) }

        /// The comma-separated items of `value`, trimmed, empty ones dropped, each with its
        /// position in the file. Only for diagnostics: it splits `Character`s and works out
        /// every item's position, which the parser's fast paths avoid when nothing is wrong.
        var items: [(item: String, line: Int, column: Int)] {
            var result: [(item: String, line: Int, column: Int)] = []
            var offset = 0
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = part.trimmingWhitespace()
                if !trimmed.isEmpty {
                    let lead = part.utf8.distance(from: part.startIndex, to: trimmed.startIndex)
                    let position = position(ofValueOffset: offset + lead)
                    result.append((String(trimmed), position.line, position.column))
                }
                offset += part.utf8.count + 1
            }
            return result
        }
    }

    /// A slice of one array that holds the fields of every paragraph of the file (one
    /// allocation for the file rather than one per paragraph), so its indices do not start
    /// at zero.
    var fields: ArraySlice<Field> = []
    /// The line of the paragraph's first field.
    var line: Int { fields.first?.line ?? 0 }

    /// Splits `text` into paragraphs the way bashbrew reads official-images files:
    /// blank (or whitespace-only) lines separate paragraphs; a line whose first non-blank
    /// character is `#` is a comment wherever it stands and does not end a paragraph; a line
    /// starting with a space or tab continues the previous field; every other line is
    /// `Key: value`.
    ///
    /// It works on the UTF-8 bytes (the syntax is all ASCII): a library file is split once per
    /// build and per edit, and splitting `Character`s applies the grapheme rules to every
    /// byte of every library file. Lines end at `\n`; the `\r` of a `\r\n` ending is trimmed
    /// like other whitespace.
    static func split(_ text: String, file: String) -> (paragraphs: [LibraryParagraph], diagnostics: [Diagnostic]) {
        var text = text
        // `withUTF8` reads a native string in place (it copies only a bridged one).
        return text.withUTF8 { split(bytes: $0, file: file) }
    }

    private static func split(bytes: UnsafeBufferPointer<UInt8>, file: String)
        -> (paragraphs: [LibraryParagraph], diagnostics: [Diagnostic]) {
        var fields: [Field] = []
        // The fields of each paragraph, as ranges of `fields`; sliced once all are in, since a
        // slice taken earlier would make every later append copy the array.
        var paragraphRanges: [Range<Int>] = []
        var paragraphStart = 0
        var diagnostics: [Diagnostic] = []
        var lineNumber = 0

        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }

        let newline = UInt8(ascii: "\n")
        // A last line without a newline that does not parse is most likely a file cut short.
        // (Swift's `hasSuffix("\n")` is false for a `\r\n` ending, and so is this.)
        let cutShort = !bytes.isEmpty && (bytes[bytes.count - 1] != newline || (bytes.count > 1 && bytes[bytes.count - 2] == 0x0D))
        var lineStart = 0
        while lineStart <= bytes.count {
            // `memchr` rather than a loop over the bytes: it looks at many bytes at once, and
            // this scans the whole file.
            var lineEnd = bytes.count
            if let base = bytes.baseAddress, lineStart < bytes.count,
               let found = memchr(base + lineStart, Int32(newline), bytes.count - lineStart) {
                lineEnd = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            let line = lineStart..<lineEnd
            lineStart = lineEnd + 1
            lineNumber += 1
            let trimmed = trimmingWhitespace(line, in: bytes)
            if trimmed.isEmpty {
                if fields.count > paragraphStart { paragraphRanges.append(paragraphStart..<fields.count) }
                paragraphStart = fields.count
                continue
            }
            if bytes[trimmed.lowerBound] == UInt8(ascii: "#") { continue }
            let trimmedColumn = trimmed.lowerBound - line.lowerBound + 1
            let first = bytes[line.lowerBound]
            if first == 0x20 || first == 0x09 {
                guard fields.count > paragraphStart else {
                    diagnostics.append(.error("library.orphan-continuation", file: file, line: lineNumber, column: trimmedColumn,
                        "indented line continues no field",
                        hint: "an indented line continues the field above it; remove the indentation or put a `Key: value` line before it"))
                    continue
                }
                let last = fields.count - 1
                fields[last].continuations.append((fields[last].value.utf8.count + 1, lineNumber, trimmedColumn))
                fields[last].value += "\n" + string(trimmed)
                continue
            }
            var colon = line.lowerBound
            while colon < line.upperBound && bytes[colon] != UInt8(ascii: ":") { colon += 1 }
            guard colon < line.upperBound else {
                let trimmedText = string(trimmed)
                let firstWord = trimmedText.prefix { !$0.isWhitespace }
                // Only the file's last line lacks a newline: the one that ends the bytes.
                let hint = cutShort && lineEnd == bytes.count
                    ? "the file ends in the middle of this line (no newline after it), so it was probably cut short; restore the rest of it"
                    : LibraryFile.Field.byLowercasedName[firstWord.lowercased()] != nil
                    ? "put a colon after the field name: `\(firstWord): …`"
                    : "every line is a `Key: value` field, an indented continuation, a `#` comment or blank"
                diagnostics.append(.error("library.syntax", file: file, line: lineNumber, column: trimmedColumn,
                    "expected `Key: value`, found `\(String(trimmedText.prefix(60)))`", hint: hint))
                continue
            }
            let key = trimmingWhitespace(line.lowerBound..<colon, in: bytes)
            guard !key.isEmpty, key.allSatisfy({ isFieldNameByte(bytes[$0]) }) else {
                diagnostics.append(.error("library.syntax", file: file, line: lineNumber, column: trimmedColumn,
                    "`\(String(string(key).prefix(60)))` is not a field name",
                    hint: "field names are letters, digits and dashes, like `Tags` or `arm64v8-GitCommit`"))
                continue
            }
            let value = trimmingWhitespace((colon + 1)..<line.upperBound, in: bytes)
            let valueColumn = (value.isEmpty ? lineEnd : value.lowerBound) - line.lowerBound + 1
            fields.append(Field(key: string(key), knownField: LibraryFile.Field(caseInsensitiveName: UnsafeBufferPointer(rebasing: bytes[key])),
                                value: string(value), line: lineNumber, valueColumn: valueColumn))
        }
        if fields.count > paragraphStart { paragraphRanges.append(paragraphStart..<fields.count) }
        return (paragraphRanges.map { LibraryParagraph(fields: fields[$0]) }, diagnostics)
    }

    private static func isFieldNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "-")
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// `range` of `bytes` without leading and trailing spaces, tabs, carriage returns and
    /// newlines (empty at its end when nothing else is left).
    static func trimmingWhitespace(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end && isWhitespace(bytes[start]) { start += 1 }
        if start == end { return end..<end }
        while isWhitespace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs, carriage returns and newlines.
    func trimmingWhitespace() -> SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isSpace($0) }),
              let end = lastIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        return self[start...end]
    }
}
