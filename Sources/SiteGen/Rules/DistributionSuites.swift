/// The Debian and Ubuntu release code names (`bookworm`, `noble`) that tags may carry, read
/// from the `debian` and `ubuntu` library files.
///
/// docker-library explains those names in the default variant's text whenever an image's tags
/// contain them. The lists are derived as its scripts derive them: for Debian, the first tag
/// of each entry; for Ubuntu, every tag, shared ones included; then names that are not release
/// code names (versions, `latest`, `slim`, …) are dropped.
public struct DistributionSuites: Sendable, Hashable {
    public let debian: [String]
    public let ubuntu: [String]

    public init(debian: [String], ubuntu: [String]) {
        self.debian = debian
        self.ubuntu = ubuntu
    }

    public static let none = DistributionSuites(debian: [], ubuntu: [])

    /// The library files the suites are read from.
    static let sourceNames: Set<String> = ["debian", "ubuntu"]

    /// The suites named by the `debian` and `ubuntu` library files (either may be absent).
    public init(debianLibrary: LibraryFile?, ubuntuLibrary: LibraryFile?) {
        let debianExcluded = ["stable", "slim", "backports", "experimental", "testing"]
        debian = (debianLibrary?.entries ?? []).compactMap(\.tags.first)
            .filter { tag in !debianExcluded.contains { tag.contains($0) } }
        let ubuntuExcluded = ["devel", "latest"]
        ubuntu = (ubuntuLibrary?.entries ?? []).flatMap { $0.tags + $0.sharedTags }
            .filter { tag in !ubuntuExcluded.contains { tag.contains($0) } && !tag.contains(where: { $0.isASCII && $0.isNumber }) }
    }

    /// The suites of `suites` that appear in `tag` as a whole dash-separated part (or run of
    /// parts: `-suite-`, `suite-`, `-suite`, or the whole tag).
    public static func suites(_ suites: [String], in tag: String) -> [String] {
        self.suites(suites, inEach: [tag])
    }

    /// ``suites(_:in:)`` for each of `tags` in turn, the matches one after the other: the
    /// needles are made once, not once per tag (an image has up to a few thousand tags).
    public static func suites(_ suites: [String], inEach tags: [String]) -> [String] {
        // `-tag-` holds `-suite-` exactly when one of the four forms matches.
        let dash = UInt8(ascii: "-")
        let needles = suites.map { [dash] + Array($0.utf8) + [dash] }
        var found: [String] = []
        var dashed: [UInt8] = []
        for tag in tags {
            dashed.removeAll(keepingCapacity: true)
            dashed.append(dash)
            dashed.append(contentsOf: tag.utf8)
            dashed.append(dash)
            dashed.withUnsafeBufferPointer { buffer in
                for (index, needle) in needles.enumerated()
                where needle.count <= buffer.count && ByteSearch.find(needle, in: buffer, from: 0) != nil {
                    found.append(suites[index])
                }
            }
        }
        return found
    }

    /// The suites of `suites` found in at least one of `tags` by ``suites(_:in:)``'s rule,
    /// each once, in the order of `suites`: the README only asks which occur.
    ///
    /// The tags are joined once as `-tag-` lines and each suite is looked for in the whole
    /// text: a `-suite-` without a line break that occurs there occurs within one `-tag-`,
    /// as every `-tag-` ends at a line break. (Tags come from lines and have none; a suite
    /// that had one is looked for tag by tag.)
    static func suitesOccurring(_ suites: [String], inAny tags: [String]) -> [String] {
        guard !suites.isEmpty, !tags.isEmpty else { return [] }
        let dash = UInt8(ascii: "-")
        let newline = UInt8(ascii: "\n")
        var joined: [UInt8] = []
        joined.reserveCapacity(tags.reduce(0) { $0 + $1.utf8.count + 3 })
        for tag in tags {
            joined.append(dash)
            joined.append(contentsOf: tag.utf8)
            joined.append(dash)
            joined.append(newline)
        }
        return joined.withUnsafeBufferPointer { buffer in
            suites.filter { suite in
                if suite.utf8.contains(newline) { return !self.suites([suite], inEach: tags).isEmpty }
                return ByteSearch.find([dash] + Array(suite.utf8) + [dash], in: buffer, from: 0) != nil
            }
        }
    }

    /// `a`, `a or b`, `a, b, or c`: sorted and de-duplicated first.
    public static func sentenceList(_ items: [String]) -> String {
        let sorted = Array(Set(items)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        switch sorted.count {
        case 0: return ""
        case 1: return sorted[0]
        case 2: return "\(sorted[0]) or \(sorted[1])"
        default: return sorted.dropLast().joined(separator: ", ") + ", or " + (sorted.last ?? "")
        }
    }
}
