/// A line diff of two texts in the unified format `diff -u` and `git diff` print: `---`/`+++`
/// headers, `@@ -a,b +c,d @@` hunks with three lines of context, and `\ No newline at end of
/// file` where a text does not end with one.
///
/// The lines to keep, drop and add come from the standard library's
/// `CollectionDifference` (Myers' algorithm), so the result is a shortest edit script.
struct UnifiedDiff {
    let text: String
    let linesAdded: Int
    let linesRemoved: Int

    static let context = 3

    private enum Operation: Equatable {
        case same(old: Int, new: Int)
        case removed(Int)
        case added(Int)
    }

    /// Nil when the texts are equal.
    init?(old: String, new: String, oldName: String, newName: String) {
        guard old != new else { return nil }
        let oldLines = Self.lines(old)
        let newLines = Self.lines(new)
        let difference = newLines.difference(from: oldLines)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var operations: [Operation] = []
        var i = 0, j = 0
        while i < oldLines.count || j < newLines.count {
            if i < oldLines.count, removed.contains(i) {
                operations.append(.removed(i))
                i += 1
            } else if j < newLines.count, inserted.contains(j) {
                operations.append(.added(j))
                j += 1
            } else {
                operations.append(.same(old: i, new: j))
                i += 1
                j += 1
            }
        }

        var output = "--- \(oldName)\n+++ \(newName)\n"
        let changed = operations.indices.filter { if case .same = operations[$0] { false } else { true } }
        var start = 0
        while start < changed.count {
            // A hunk: changes closer than twice the context are one hunk.
            var end = start
            while end + 1 < changed.count, changed[end + 1] - changed[end] <= 2 * Self.context { end += 1 }
            let first = max(0, changed[start] - Self.context)
            let last = min(operations.count - 1, changed[end] + Self.context)
            output += Self.hunk(operations[first...last], oldLines: oldLines, newLines: newLines)
            start = end + 1
        }
        text = output
        linesAdded = inserted.count
        linesRemoved = removed.count
    }

    /// The lines of `text`, each with its newline (a last line without one still counts, and
    /// differs from the same line with one, as it does for diff).
    static func lines(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        var start = text.startIndex
        while start < text.endIndex {
            let end = text[start...].firstIndex(of: "\n").map { text.index(after: $0) } ?? text.endIndex
            lines.append(text[start..<end])
            start = end
        }
        return lines
    }

    private static func hunk(_ operations: ArraySlice<Operation>, oldLines: [Substring], newLines: [Substring]) -> String {
        var oldStart: Int?, newStart: Int?
        var oldCount = 0, newCount = 0
        var body = ""
        func line(_ prefix: String, _ text: Substring) {
            body += prefix + text
            if !text.hasSuffix("\n") { body += "\n\\ No newline at end of file\n" }
        }
        for operation in operations {
            switch operation {
            case .same(let old, let new):
                oldStart = oldStart ?? old
                newStart = newStart ?? new
                oldCount += 1
                newCount += 1
                line(" ", oldLines[old])
            case .removed(let old):
                oldStart = oldStart ?? old
                oldCount += 1
                line("-", oldLines[old])
            case .added(let new):
                newStart = newStart ?? new
                newCount += 1
                line("+", newLines[new])
            }
        }
        // An empty range is named by the line before it, as diff does (0 before the first).
        let oldFrom = oldCount == 0 ? (oldStart ?? Self.lineBefore(operations, old: true)) : (oldStart ?? 0) + 1
        let newFrom = newCount == 0 ? (newStart ?? Self.lineBefore(operations, old: false)) : (newStart ?? 0) + 1
        return "@@ -\(range(oldFrom, oldCount)) +\(range(newFrom, newCount)) @@\n" + body
    }

    /// For a hunk with no line on one side: how many lines of that side come before it.
    private static func lineBefore(_ operations: ArraySlice<Operation>, old: Bool) -> Int {
        for operation in operations {
            switch operation {
            case .same(let o, let n): return old ? o : n
            case .removed(let o): if !old { continue } else { return o }
            case .added(let n): if old { continue } else { return n }
            }
        }
        return 0
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }
}
