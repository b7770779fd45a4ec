/// A Docker Hub category (`databases-and-storage`), listed in the docs tree's root
/// `metadata.json` and chosen per image in its own `metadata.json`.
public struct Category: Sendable, Hashable, Comparable {
    /// The slug, as written in metadata.json.
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    /// The slug for people: dashes to spaces, first letter capitalised, "and" kept lowercase.
    public var title: String {
        let words = name.split(separator: "-").map(String.init)
        guard let first = words.first else { return name }
        let acronyms: Set<String> = ["ai", "api", "iot"]
        let rest = words.dropFirst().map { acronyms.contains($0) ? $0.uppercased() : $0 }
        let head = acronyms.contains(first) ? first.uppercased() : first.prefix(1).uppercased() + first.dropFirst()
        return ([head] + rest).joined(separator: " ")
    }

    public static func < (lhs: Category, rhs: Category) -> Bool {
        lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
    }
}
