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

    public init(image: ImageFolder, helpers: TemplateHelpers) {
        self.image = image
        self.helpers = helpers
    }

    /// The six places looked at for `tag`, in order.
    public static func candidates(for tag: String) -> [Candidate] {
        let names = candidateNames(for: tag)
        return [Origin.image, .helpers].flatMap { origin in names.map { Candidate(name: $0, origin: origin) } }
    }

    /// The whole tag, its last dash part, and the dash part before it. A tag without dashes
    /// yields itself three times, as the shell rule does.
    static func candidateNames(for tag: String) -> [String] {
        // Dashes found in the UTF-8 view (a dash is one byte): this runs for every tag of
        // every image, and splitting `Character`s was a twentieth of a cold build.
        let dash = UInt8(ascii: "-")
        guard let lastDash = tag.utf8.lastIndex(of: dash) else { return [tag, tag, tag] }
        let last = String(tag[tag.utf8.index(after: lastDash)...])
        let withoutLast = tag[..<lastDash]
        let penultimate = withoutLast.utf8.lastIndex(of: dash).map { String(withoutLast[withoutLast.utf8.index(after: $0)...]) }
            ?? String(withoutLast)
        return [tag, last, penultimate]
    }

    /// The variant file for `tag`, or nil when the tag belongs to the default variant.
    public func match(for tag: String) -> Match? {
        for candidate in Self.candidates(for: tag) {
            if let file = file(for: candidate) {
                return Match(candidate: candidate, file: file)
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
        var order: [String] = []
        var matches: [String: Match] = [:]
        var tags: [String: [Tag]] = [:]
        var entries: [String: [Entry]] = [:]
        for entry in library.entries {
            for tag in entry.allTags {
                let match = match(for: tag.name)
                let name = match?.name ?? Variant.defaultName
                if tags[name] == nil { order.append(name) }
                if let match, matches[name] == nil { matches[name] = match }
                if !(tags[name] ?? []).contains(tag) { tags[name, default: []].append(tag) }
                if entries[name]?.last != entry { entries[name, default: []].append(entry) }
            }
        }
        // Two files can share a name (image folder and helpers): the first one found names
        // the variant, as the README uses the first one found.
        let sorted = order.filter { $0 == Variant.defaultName } + order.filter { $0 != Variant.defaultName }
        return sorted.map { name in
            Variant(name: name, match: matches[name], tags: tags[name] ?? [], entries: entries[name] ?? [])
        }
    }
}

