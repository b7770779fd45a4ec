/// Finds the variant text that describes a tag, by docker-library's rule.
///
/// For a tag, three names are tried, most specific first: the whole tag, its last
/// dash-separated part, and the part before that (`3.13-windowsservercore-ltsc2022` tries
/// `variant-3.13-windowsservercore-ltsc2022.md`, `variant-ltsc2022.md`,
/// `variant-windowsservercore.md`). All three are looked for in the image's folder first, then
/// in `.template-helpers/`. The first file that exists names the tag's variant.
public struct VariantResolver: Sendable {
    /// Where a variant file was found.
    public enum Origin: String, Sendable, Hashable {
        case image
        case helpers
    }

    /// One place a variant file could be.
    public struct Candidate: Sendable, Hashable {
        /// The variant's name: the file name between `variant-` and `.md`.
        public let name: String
        public let origin: Origin

        public var fileName: String { "variant-\(name).md" }
    }

    /// A variant file that exists.
    public struct Match: Sendable, Hashable {
        public let candidate: Candidate
        public let file: DocFile

        public var name: String { candidate.name }
        /// An empty file switches the variant's description off.
        public var isEmpty: Bool { file.text.utf8.isEmpty }
    }

    public let image: ImageFolder
    public let helpers: TemplateHelpers
    /// The variant files of both folders by variant name, so a tag is resolved by looking its
    /// three parts up instead of building and looking up six `variant-….md` names (this runs
    /// for every tag of every image, up to a few thousand per image).
    private let table: VariantFileTable

    public init(image: ImageFolder, helpers: TemplateHelpers) {
        self.image = image
        self.helpers = helpers
        table = VariantFileTable(image: image, helpers: helpers)
    }

    /// The variant files of one image by name, the name being the file name between
    /// `variant-` and `.md`.
    private struct VariantFileTable: Sendable {
        struct Files: Sendable {
            let name: String
            var image: DocFile?
            var helpers: DocFile?
        }

        private(set) var names: [Files] = []
        /// Name → position in `names`. Keys are `Substring`s, which compare like `String`s,
        /// so a tag part finds exactly the file `"variant-\(part).md"` finds in a folder's
        /// dictionary: `variant-` and `.md` hold no character that combines with a neighbour
        /// or that another character decomposes to, so equivalence of whole file names is
        /// equivalence of their middles.
        private var byName: [Substring: Int] = [:]

        init(image: ImageFolder, helpers: TemplateHelpers) {
            for (fileName, file) in image.files {
                if let name = Self.variantName(ofFile: fileName) { names[position(of: name)].image = file }
            }
            for (fileName, file) in helpers.files {
                if let name = Self.variantName(ofFile: fileName) { names[position(of: name)].helpers = file }
            }
        }

        /// The position of `name` in `names`, added (without files) when new.
        private mutating func position(of name: Substring) -> Int {
            // One hash: the position found, or the next one stored.
            func read(_ position: inout Int) -> Int { position }
            let next = names.count
            let position = read(&byName[name, default: next])
            guard position == next else { return position }
            names.append(Files(name: String(name)))
            return next
        }

        /// `slim` for `variant-slim.md`; nil for other files (`variant.md` among them).
        private static func variantName(ofFile fileName: String) -> Substring? {
            let utf8 = fileName.utf8
            guard utf8.count >= prefix.count + suffix.count, utf8.starts(with: prefix), utf8.reversed().starts(with: suffix.reversed())
            else { return nil }
            // Both cuts sit next to an ASCII byte, so they are on scalar boundaries.
            let start = utf8.index(utf8.startIndex, offsetBy: prefix.count)
            let end = utf8.index(utf8.endIndex, offsetBy: -suffix.count)
            return fileName[start..<end]
        }

        /// The position of `name` in `names`.
        func find(_ name: Substring) -> Int? {
            byName[name]
        }
    }

    private static let prefix = Array("variant-".utf8)
    private static let suffix = Array(".md".utf8)

    /// The six places looked at for `tag`, in order.
    public static func candidates(for tag: String) -> [Candidate] {
        let names = candidateNames(for: tag)
        return [Origin.image, .helpers].flatMap { origin in names.map { Candidate(name: $0, origin: origin) } }
    }

    /// The whole tag, its last dash part, and the dash part before it. A tag without dashes
    /// yields itself three times, as the shell rule does.
    static func candidateNames(for tag: String) -> [String] {
        let (whole, last, penultimate) = candidateParts(of: tag)
        return [String(whole), String(last), String(penultimate)]
    }

    /// ``candidateNames(for:)`` as slices of `tag`, without copies.
    private static func candidateParts(of tag: String) -> (Substring, Substring, Substring) {
        // Dashes found in the UTF-8 view (a dash is one byte): this runs for every tag of
        // every image, and splitting `Character`s applies the grapheme rules to each of them.
        let dash = UInt8(ascii: "-")
        let whole = tag[...]
        guard let lastDash = tag.utf8.lastIndex(of: dash) else { return (whole, whole, whole) }
        let last = tag[tag.utf8.index(after: lastDash)...]
        let withoutLast = tag[..<lastDash]
        let penultimate = withoutLast.utf8.lastIndex(of: dash).map { withoutLast[withoutLast.utf8.index(after: $0)...] }
            ?? withoutLast
        return (whole, last, penultimate)
    }

    /// The variant file for `tag`, or nil when the tag belongs to the default variant.
    public func match(for tag: String) -> Match? {
        let (whole, last, penultimate) = Self.candidateParts(of: tag)
        // Without dashes the three parts are one: one look-up.
        let first = table.find(whole)
        let second = last.utf8.count == whole.utf8.count ? first : table.find(last)
        let third = penultimate.utf8.count == whole.utf8.count ? first : table.find(penultimate)
        return choose([(first, whole), (second, last), (third, penultimate)])
    }

    /// The first file of the image folder for the three parts, else the first of the helpers.
    /// The candidate is named by the tag's part, as written in the tag.
    private func choose(_ found: [(position: Int?, part: Substring)]) -> Match? {
        for (position, part) in found {
            if let position, let file = table.names[position].image {
                return Match(candidate: Candidate(name: String(part), origin: .image), file: file)
            }
        }
        for (position, part) in found {
            if let position, let file = table.names[position].helpers {
                return Match(candidate: Candidate(name: String(part), origin: .helpers), file: file)
            }
        }
        return nil
    }

    /// The file at `candidate`'s place, if there is one.
    public func file(for candidate: Candidate) -> DocFile? {
        switch candidate.origin {
        case .image: image[candidate.fileName]
        case .helpers: helpers[candidate.fileName]
        }
    }

    /// The variants of an image: every tag (simple and shared) assigned by the rule, the
    /// default variant first, the others in the order their first tag appears.
    public func variants(of library: LibraryFile) -> [Variant] {
        assign(library).variants
    }

    /// Every tag of `library` assigned to its variant in one pass, with what the site and the
    /// README need from that pass besides the variants.
    func assign(_ library: LibraryFile) -> Assignment {
        var slots: [Assignment.Slot] = []
        // Tag name → slot, and which kinds of the name were already added. The rule looks at
        // the name only, so each name is resolved once (shared tags recur in several entries).
        var byName: [String: TagIndex.Record] = [:]
        let occurrences = library.entries.reduce(0) { $0 + $1.tags.count + $1.sharedTags.count }
        var simpleTagMatches: [Match] = []
        var defaultSlot: Int?
        // See `Assignment.rowOfOccurrence`.
        var rowOfOccurrence: [Int32] = []
        rowOfOccurrence.reserveCapacity(occurrences)
        var rows: Int32 = 0

        func add(_ name: String, _ kind: Tag.Kind, of entry: Entry, at entryIndex: Int) {
            let kindBit = TagIndex.Record.bit(kind)
            var isNewTag = false
            // Found, or made and stored, with one hash of the name.
            func update(_ record: inout TagIndex.Record) -> TagIndex.Record {
                if record.kinds == 0 {
                    let match = match(for: name)
                    let slot: Int
                    if match == nil, let defaultSlot {
                        slot = defaultSlot
                    } else {
                        slot = Assignment.slot(for: match, in: &slots)
                        if match == nil { defaultSlot = slot }
                    }
                    record = TagIndex.Record(slot: Int32(slot), kinds: kindBit, hasFile: match != nil, row: rows)
                    rows += 1
                    isNewTag = true
                } else if record.kinds & kindBit == 0 {
                    record.kinds |= kindBit
                    isNewTag = true
                }
                return record
            }
            let record = update(&byName[name, default: TagIndex.Record(slot: 0, kinds: 0)])
            rowOfOccurrence.append(record.row)
            let slot = Int(record.slot)
            // A tag listed twice (same name, same kind) is one tag of the variant.
            if isNewTag { slots[slot].tags.append(Tag(name, kind: kind)) }
            // An entry is listed once per variant however many of its tags fall there. (The
            // field compare keeps the old rule's "not equal to the last one added" for entries
            // written twice; distinct paragraphs differ at least in line.)
            if slots[slot].lastEntry != entryIndex {
                slots[slot].lastEntry = entryIndex
                if slots[slot].lastAdded.map({ library.entries[$0] != entry }) ?? true {
                    slots[slot].entries.append(entry)
                    slots[slot].lastAdded = entryIndex
                }
            }
            // The README takes each file a simple tag reaches once. (Checked per file, not per
            // slot: a `variant-default.md` shares the `default` slot with the tags that have
            // no file.)
            if kind == .simple, record.hasFile, !slots[slot].inReadme, let match = slots[slot].match {
                slots[slot].inReadme = true
                simpleTagMatches.append(match)
            }
        }

        for (entryIndex, entry) in library.entries.enumerated() {
            for name in entry.tags { add(name, .simple, of: entry, at: entryIndex) }
            for name in entry.sharedTags { add(name, .shared, of: entry, at: entryIndex) }
        }
        return Assignment(slots: slots, byName: byName, simpleTagMatches: simpleTagMatches, rowOfOccurrence: rowOfOccurrence)
    }
}

extension VariantResolver {
    /// The outcome of applying the rule to every tag of one library file.
    struct Assignment: Sendable {
        /// Default first, then in the order their first tag appears.
        let variants: [Variant]
        /// Tag name → variant, shared by the variants and the image's site.
        let index: TagIndex
        /// The variant files the *simple* tags reach, once each, in the order first reached:
        /// the README's "Image Variants" section lists them so.
        let simpleTagMatches: [Match]
        /// For each tag occurrence (each entry's tags, then its shared tags, entry after
        /// entry), the number of its name in the order names first occur: what lists every
        /// tag once needs (see `ImageSite.uniqueTags()`), worked out here without hashing the
        /// names a second time.
        let rowOfOccurrence: [Int32]

        /// A variant as it fills up; slots are in the order their names first appear.
        struct Slot {
            let name: String
            /// The first file found under this name (nil while only tags without a file
            /// were assigned to `default`).
            var match: Match?
            var tags: [Tag] = []
            var entries: [Entry] = []
            /// The last entry that had a tag here, and the last one added to `entries`.
            var lastEntry = -1
            var lastAdded: Int?
            var inReadme = false
        }

        /// The slot of the variant named by `match` (`default` without one), opened when new.
        /// A name always means the same file, the image folder's copy when there is one, so
        /// the first file found under a name is the slot's.
        static func slot(for match: Match?, in slots: inout [Slot]) -> Int {
            let name = match?.name ?? Variant.defaultName
            if let existing = slots.firstIndex(where: { $0.name == name }) {
                if slots[existing].match == nil { slots[existing].match = match }
                return existing
            }
            slots.append(Slot(name: name, match: match))
            return slots.count - 1
        }

        init(slots: [Slot], byName: [String: TagIndex.Record], simpleTagMatches: [Match], rowOfOccurrence: [Int32]) {
            // The default variant first, the others in the order they were reached.
            let order = slots.indices.filter { slots[$0].name == Variant.defaultName }
                + slots.indices.filter { slots[$0].name != Variant.defaultName }
            var variantOfSlot = [Int32](repeating: 0, count: slots.count)
            for (position, slot) in order.enumerated() { variantOfSlot[slot] = Int32(position) }
            let index = TagIndex(records: byName, variantOfSlot: variantOfSlot)
            variants = order.enumerated().map { position, slot in
                Variant(name: slots[slot].name, match: slots[slot].match, tags: slots[slot].tags,
                        entries: slots[slot].entries, index: index, position: position)
            }
            self.index = index
            self.simpleTagMatches = simpleTagMatches
            self.rowOfOccurrence = rowOfOccurrence
        }
    }

    /// Which variant each tag name of an image belongs to, made once and shared (a reference,
    /// so the variants and the site hold one copy): pages ask for every tag several times.
    final class TagIndex: Sendable {
        struct Record: Sendable {
            /// The variant slot, in the order names first appeared (see `variantOfSlot`).
            var slot: Int32
            /// Which kinds the name was seen with (bit 0 simple, bit 1 shared).
            var kinds: UInt8
            /// Whether the name led to a variant file (not so for every tag of a slot: see
            /// `Slot.match`).
            var hasFile = false
            /// The name's number in the order names first occur.
            var row: Int32 = 0

            static func bit(_ kind: Tag.Kind) -> UInt8 { kind == .simple ? 1 : 2 }
        }

        private let records: [String: Record]
        private let variantOfSlot: [Int32]

        init(records: [String: Record], variantOfSlot: [Int32]) {
            self.records = records
            self.variantOfSlot = variantOfSlot
        }

        /// The position in the image's variants of the one `tagName` belongs to, or nil for a
        /// name the library file does not have.
        func variant(ofTag tagName: String) -> Int? {
            records[tagName].map { Int(variantOfSlot[Int($0.slot)]) }
        }

        /// Whether the variant at `position` has `tag` (that name, with that kind).
        func variant(at position: Int, has tag: Tag) -> Bool {
            guard let record = records[tag.name] else { return false }
            return Int(variantOfSlot[Int(record.slot)]) == position && record.kinds & Record.bit(tag.kind) != 0
        }
    }
}
