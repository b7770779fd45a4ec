/// Where each tag occurrence of an image (its entries' tags, then shared tags, one entry after
/// the other) goes in ``ImageSite/uniqueTags()``: the row of the first occurrence of its name
/// (``VariantResolver/Assignment/rowOfOccurrence``). Kept as one small number per occurrence,
/// so the rows, which copy entries, are made only when asked for, without hashing a name.
struct TagRows: Sendable {
    /// Per occurrence, in order: the row of its name. An occurrence that opens a row has the
    /// next row number.
    private let rowOfOccurrence: [Int32]

    init(rowOfOccurrence: [Int32]) {
        self.rowOfOccurrence = rowOfOccurrence
    }

    /// The rows, for the entries the occurrences were counted from: a name's first occurrence
    /// opens its row, with that entry; a row opened by a shared tag also gets every later
    /// entry that shares the name (once each), as `entries.filter { $0.sharedTags.contains }`
    /// would give.
    func rows(of entries: [Entry]) -> [(tag: Tag, entries: [Entry])] {
        var rows: [(tag: Tag, entries: [Entry])] = []
        var lastEntryOfRow: [Int] = []
        var occurrence = 0
        for (entryIndex, entry) in entries.enumerated() {
            for name in entry.tags {
                if Int(rowOfOccurrence[occurrence]) == rows.count {
                    rows.append((Tag(name, kind: .simple), [entry]))
                    lastEntryOfRow.append(entryIndex)
                }
                occurrence += 1
            }
            for name in entry.sharedTags {
                let row = Int(rowOfOccurrence[occurrence])
                if row == rows.count {
                    rows.append((Tag(name, kind: .shared), [entry]))
                    lastEntryOfRow.append(entryIndex)
                } else if rows[row].tag.kind == .shared, lastEntryOfRow[row] != entryIndex {
                    rows[row].entries.append(entry)
                    lastEntryOfRow[row] = entryIndex
                }
                occurrence += 1
            }
        }
        return rows
    }
}
