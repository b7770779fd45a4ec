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
    static func split(_ text: String, file: String) -> (paragraphs: [LibraryParagraph], diagnostics: [Diagnostic]) {
        var paragraphs: [LibraryParagraph] = []
        var diagnostics: [Diagnostic] = []
        var current = LibraryParagraph()
        var lineNumber = 0

        func endParagraph() {
            if !current.fields.isEmpty { paragraphs.append(current) }
            current = LibraryParagraph()
        }

        // "\r\n" is one Character in Swift, so both line endings are named here.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        // A last line without a newline that does not parse is most likely a file cut short.
        let cutShort = !text.isEmpty && !text.hasSuffix("\n")
        for line in lines {
            lineNumber += 1
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty {
                endParagraph()
                continue
            }
            if trimmed.hasPrefix("#") { continue }
            let trimmedColumn = line.utf8.distance(from: line.startIndex, to: trimmed.startIndex) + 1
            if let first = line.first, first == " " || first == "\t" {
                guard !current.fields.isEmpty else {
                    diagnostics.append(.error("library.orphan-continuation", file: file, line: lineNumber, column: trimmedColumn,
                        "indented line continues no field",
                        hint: "an indented line continues the field above it; remove the indentation or put a `Key: value` line before it"))
                    continue
                }
                let last = current.fields.count - 1
                current.fields[last].segments.append((current.fields[last].value.utf8.count + 1, lineNumber, trimmedColumn))
                current.fields[last].value += "\n" + trimmed
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                let firstWord = trimmed.prefix { !$0.isWhitespace }
                let hint = cutShort && lineNumber == lines.count
                    ? "the file ends in the middle of this line (no newline after it), so it was probably cut short; restore the rest of it"
                    : LibraryFile.Field.byLowercasedName[firstWord.lowercased()] != nil
                    ? "put a colon after the field name: `\(firstWord): …`"
                    : "every line is a `Key: value` field, an indented continuation, a `#` comment or blank"
                diagnostics.append(.error("library.syntax", file: file, line: lineNumber, column: trimmedColumn,
                    "expected `Key: value`, found `\(String(trimmed.prefix(60)))`", hint: hint))
                continue
            }
            let key = line[..<colon].trimmingWhitespace()
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                diagnostics.append(.error("library.syntax", file: file, line: lineNumber, column: trimmedColumn,
                    "`\(String(key.prefix(60)))` is not a field name",
                    hint: "field names are letters, digits and dashes, like `Tags` or `arm64v8-GitCommit`"))
                continue
            }
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            let valueColumn = line.utf8.distance(from: line.startIndex, to: value.startIndex) + 1
            current.fields.append(Field(key: String(key), value: String(value), line: lineNumber,
                                        segments: [(0, lineNumber, valueColumn)]))
        }
        endParagraph()
        return (paragraphs, diagnostics)
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
