/// The source of a document by line, for pinning inline nodes to the columns where they stand.
///
/// libcmark-gfm 0.29 reports block positions exactly, but not always those of inline nodes:
/// on the second and later lines of a paragraph it counts columns from where the paragraph's
/// first line began (a `-\t` list item continued by a line indented with one tab comes out a
/// column too far), the autolink extension shifts the nodes after a `www.` link, and bare
/// `https://…` links get no position at all. ``SourceText`` finds the node's text itself,
/// next to where cmark put it, within the lines of the block holding it.
struct SourceText {
    private let bytes: [UInt8]
    /// Byte offset where each line starts; line 1 is at index 0.
    private let lineStarts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        lineStarts = starts
    }

    var lineCount: Int { lineStarts.count }

    /// The bytes of `line` (1-based), without its line ending.
    private func lineRange(_ line: Int) -> Range<Int> {
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<end
    }

    /// Whether `needle` starts at `location`.
    func matches(_ needle: [UInt8], at location: SourceLocation) -> Bool {
        guard location.line >= 1, location.line <= lineCount, location.column >= 1, !needle.isEmpty else { return false }
        let range = lineRange(location.line)
        let start = range.lowerBound + location.column - 1
        guard start + needle.count <= range.upperBound else { return false }
        return bytes[start..<start + needle.count].elementsEqual(needle)
    }

    /// The columns of `line` where `needle` starts, from column `from` on.
    func columns(of needle: [UInt8], line: Int, from: Int = 1) -> [Int] {
        guard line >= 1, line <= lineCount, let first = needle.first else { return [] }
        let range = lineRange(line)
        var result: [Int] = []
        var index = range.lowerBound + max(0, from - 1)
        while index + needle.count <= range.upperBound {
            if bytes[index] == first, bytes[index..<index + needle.count].elementsEqual(needle) {
                result.append(index - range.lowerBound + 1)
            }
            index += 1
        }
        return result
    }
}
