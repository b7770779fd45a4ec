/// Tags named twice in one library file.
extension LibraryFileParser {
    /// bashbrew refuses a tag that another entry already has, as a simple or a shared tag.
    mutating func checkTagsAreUnique(_ entries: [Entry], sources: [TagSources]) {
        // Where the entry wrote `tag` (its last mention, Tags after SharedTags).
        func position(_ tag: String, _ index: Int) -> (line: Int, column: Int?)? {
            var found: (line: Int, column: Int?)?
            let source = sources[index]
            for field in [source.sharedTags, source.tags].compactMap({ $0.map { source.paragraph.fields[$0] } }) {
                for item in field.items where item.item == tag { found = (item.line, item.column) }
            }
            return found
        }
        // The index of the entry that has each simple tag.
        var simpleOwner: [String: Int] = [:]
        simpleOwner.reserveCapacity(entries.reduce(0) { $0 + $1.tags.count })
        // By index, not `for entry in entries`, which copies every entry.
        for index in entries.indices {
            // In the order written: an entry's tags are distinct (listing one twice is an
            // error that drops the entry), so each is looked at once.
            for tag in entries[index].tags {
                if let owner = Self.value(in: &simpleOwner[tag], orInserting: index) {
                    let at = position(tag, index) ?? (entries[index].line, nil)
                    error("library.tag-in-two-entries", line: at.line, column: at.column,
                          "tag `\(tag)` belongs to entry `\(entries[owner].firstTag)` and to entry `\(entries[index].firstTag)`",
                          hint: "a simple tag names exactly one entry; use SharedTags for a tag that spans several")
                }
            }
        }
        for index in entries.indices {
            for tag in entries[index].sharedTags {
                if let owner = simpleOwner[tag] {
                    let at = position(tag, index) ?? (entries[index].line, nil)
                    error("library.shared-tag-is-simple", line: at.line, column: at.column,
                          "shared tag `\(tag)` of entry `\(entries[index].firstTag)` is also a simple tag of entry `\(entries[owner].firstTag)`",
                          hint: "a name is either a simple tag of one entry or a shared tag, never both")
                }
            }
        }
    }

    /// The lines an entry wrote its tags on, by index in its paragraph's fields.
    struct TagSources {
        let paragraph: LibraryParagraph
        let sharedTags: Int?
        let tags: Int?
    }

    /// The value already in `slot`, or nil after putting `value` there: for a dictionary's
    /// slot, one hashing of the key for both the look-up and the insertion.
    private static func value(in slot: inout Int?, orInserting value: Int) -> Int? {
        if let existing = slot { return existing }
        slot = value
        return nil
    }
}
