/// One paragraph of a library file as written: its fields in order, each with the line it
/// started on. The first step of parsing; ``LibraryFile`` gives the fields their meaning.
struct LibraryParagraph: Sendable {
    struct Field: Sendable {
        /// As written (`amd64-GitCommit`).
        let key: String
        /// Continuation lines joined with newlines, surrounding whitespace trimmed.
        var value: String
        let line: Int
        /// Where each line of `value` starts in the file: its byte offset in `value` and its
        /// line and column (1-based, in UTF-8 bytes) in the file.
        var segments: [(offset: Int, line: Int, column: Int)]

        /// The key starts every field line: column 1.
        var column: Int { 1 }

        /// The line and column of the byte at `offset` in `value`.
        func position(ofValueOffset offset: Int) -> (line: Int, column: Int) {
            let segment = segments.last { $0.offset <= offset } ?? (offset: 0, line: line, column: 1)
            return (segment.line, segment.column + offset - segment.offset)
        }

        /// The position of the value's first character.
        var valuePosition: (line: Int, column: Int) { position(ofValueOffset: 0) }

        /// The comma-separated items of `value`, trimmed, empty ones dropped, each with its
        /// position in the file.
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

    var fields: [Field] = []
    /// The line of the paragraph's first field.
    var line: Int { fields.first?.line ?? 0 }

    /// Splits `text` into paragraphs the way bashbrew reads official-images files:
    /// blank (or whitespace-only) lines separate paragraphs; a line whose first non-blank
    /// character is `#` is a comment wherever it stands and does not end a paragraph; a line
    /// starting with a space or tab continues the previous field; every other line is
    /// `Key: value`.
    ///
    /// It works on the UTF-8 bytes (the syntax is all ASCII): a library file is split once per
    /// build and per edit, and splitting `Character`s was most of the loading time. Lines end
    /// at `\n`; the `\r` of a `\r\n` ending is trimmed like other whitespace.
    static func split(_ text: String, file: String) -> (paragraphs: [LibraryParagraph], diagnostics: [Diagnostic]) {
        var paragraphs: [LibraryParagraph] = []
        var diagnostics: [Diagnostic] = []
        var current = LibraryParagraph()
        var lineNumber = 0

        func endParagraph() {
            if !current.fields.isEmpty { paragraphs.append(current) }
            current = LibraryParagraph()
        }
        func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

        let bytes = Array(text.utf8)
        let newline = UInt8(ascii: "\n")
        let lineCount = bytes.isEmpty ? 1 : bytes.count { $0 == newline } + 1
        // A last line without a newline that does not parse is most likely a file cut short.
        // (Swift's `hasSuffix("\n")` is false for a `\r\n` ending, and so is this.)
        let cutShort = !bytes.isEmpty && (bytes.last != newline || (bytes.count > 1 && bytes[bytes.count - 2] == 0x0D))
        var lineStart = 0
        while lineStart <= bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: newline) ?? bytes.count
            let line = bytes[lineStart..<lineEnd]
            lineStart = lineEnd + 1
            lineNumber += 1
            let trimmed = trimmingWhitespace(line)
            if trimmed.isEmpty {
                endParagraph()
                continue
            }
            if trimmed.first == UInt8(ascii: "#") { continue }
            let trimmedColumn = trimmed.startIndex - line.startIndex + 1
            if let first = line.first, first == 0x20 || first == 0x09 {
                guard !current.fields.isEmpty else {
                    diagnostics.append(.error("library.orphan-continuation", file: file, line: lineNumber, column: trimmedColumn,
                        "indented line continues no field",
                        hint: "an indented line continues the field above it; remove the indentation or put a `Key: value` line before it"))
                    continue
                }
                let last = current.fields.count - 1
                current.fields[last].segments.append((current.fields[last].value.utf8.count + 1, lineNumber, trimmedColumn))
                current.fields[last].value += "\n" + string(trimmed)
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                let trimmedText = string(trimmed)
                let firstWord = trimmedText.prefix { !$0.isWhitespace }
                let hint = cutShort && lineNumber == lineCount
                    ? "the file ends in the middle of this line (no newline after it), so it was probably cut short; restore the rest of it"
                    : LibraryFile.Field.byLowercasedName[firstWord.lowercased()] != nil
                    ? "put a colon after the field name: `\(firstWord): …`"
                    : "every line is a `Key: value` field, an indented continuation, a `#` comment or blank"
                diagnostics.append(.error("library.syntax", file: file, line: lineNumber, column: trimmedColumn,
                    "expected `Key: value`, found `\(String(trimmedText.prefix(60)))`", hint: hint))
                continue
            }
            let key = trimmingWhitespace(line[..<colon])
            guard !key.isEmpty, key.allSatisfy(isFieldNameByte) else {
                diagnostics.append(.error("library.syntax", file: file, line: lineNumber, column: trimmedColumn,
                    "`\(String(string(key).prefix(60)))` is not a field name",
                    hint: "field names are letters, digits and dashes, like `Tags` or `arm64v8-GitCommit`"))
                continue
            }
            let value = trimmingWhitespace(line[(colon + 1)...])
            let valueColumn = (value.isEmpty ? lineEnd : value.startIndex) - line.startIndex + 1
            current.fields.append(Field(key: string(key), value: string(value), line: lineNumber,
                                        segments: [(0, lineNumber, valueColumn)]))
        }
        endParagraph()
        return (paragraphs, diagnostics)
    }

    private static func isFieldNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "-")
    }

    /// Without leading and trailing spaces, tabs, carriage returns and newlines.
    static func trimmingWhitespace(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }),
              let end = bytes.lastIndex(where: { !isSpace($0) }) else { return bytes[bytes.endIndex...] }
        return bytes[start...end]
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
