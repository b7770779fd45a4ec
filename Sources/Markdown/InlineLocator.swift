/// Pins the inline nodes of one walk to the source, block by block: each node is looked for
/// after the previous one, so two equal links on a line get their own columns.
struct InlineLocator {
    private let source: String
    private var text: SourceText?
    /// The lines of the leaf block being walked.
    private var blockLines: ClosedRange<Int> = 1...1
    /// Nothing before this is looked at again.
    private var cursor = SourceLocation(line: 1, column: 1)

    init(source: String) {
        self.source = source
    }

    /// A block with a position starts: its inline nodes lie in its lines.
    mutating func enterBlock(start: SourceLocation, endLine: Int) {
        guard start.line >= 1 else { return }
        blockLines = start.line...max(start.line, endLine)
        cursor = start
    }

    /// Where the node cmark places at `reported` starts, given the texts it can start with
    /// (in order of preference); `reported` itself when none is found.
    mutating func locate(_ reported: SourceLocation, startingWith needles: [String]) -> SourceLocation {
        let needles = needles.map { Array($0.utf8) }.filter { !$0.isEmpty }
        guard !needles.isEmpty else { return reported }
        if text == nil { text = SourceText(source) }
        guard let text else { return reported }
        let found = Self.find(needles, reported: reported, after: cursor, lines: blockLines, in: text)
        if let found { cursor = SourceLocation(line: found.line, column: found.column + 1) }
        if let found { return found }
        return reported.line >= 1 ? reported : SourceLocation(line: blockLines.lowerBound, column: 1)
    }

    private static func find(_ needles: [[UInt8]], reported: SourceLocation, after cursor: SourceLocation,
                             lines: ClosedRange<Int>, in text: SourceText) -> SourceLocation? {
        // Right where cmark says: by far the most common case.
        if reported >= cursor, needles.contains(where: { text.matches($0, at: reported) }) {
            return reported
        }
        // On the line cmark names, the nearest occurrence to its column.
        if lines.contains(reported.line), reported.line >= cursor.line {
            let from = reported.line == cursor.line ? cursor.column : 1
            // The preferred form that occurs at all (`<https://…>` before the bare address inside it).
            for needle in needles {
                let candidates = text.columns(of: needle, line: reported.line, from: from)
                if let nearest = candidates.min(by: { abs($0 - reported.column) < abs($1 - reported.column) }) {
                    return SourceLocation(line: reported.line, column: nearest)
                }
            }
        }
        // Anywhere in the block after the previous node: the first occurrence.
        for line in max(lines.lowerBound, cursor.line)...max(lines.upperBound, cursor.line) where line <= text.lineCount {
            let from = line == cursor.line ? cursor.column : 1
            let candidates = needles.flatMap { text.columns(of: $0, line: line, from: from) }
            if let first = candidates.min() { return SourceLocation(line: line, column: first) }
        }
        return nil
    }
}
