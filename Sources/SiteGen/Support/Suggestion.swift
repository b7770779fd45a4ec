/// "Did you mean": the known name a misspelled one most likely stands for.
///
/// Names are compared without case, by edit distance counting a swap of two neighbouring
/// letters as one edit (`Tgas` is one edit from `Tags`, `arm46v8` from `arm64v8`). A name is a
/// likely typo when it is at most one edit away from a known name of up to four letters, or
/// two from a longer one: close enough that the user almost certainly meant it, so callers
/// may treat it as an error rather than as an unknown name.
public enum Suggestion {
    /// The known name `name` is most likely a typo of; nil when none is close.
    public static func closest(to name: String, among known: some Sequence<String>) -> String? {
        let wanted = Array(name.lowercased().utf8)
        var best: (name: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(wanted, Array(candidate.lowercased().utf8))
            guard distance <= limit(for: candidate), distance < (best?.distance ?? .max) else { continue }
            best = (candidate, distance)
        }
        return best?.name
    }

    static func limit(for known: String) -> Int {
        known.utf8.count <= 4 ? 1 : 2
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// neighbours, each one edit.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, twoBack[j - 2] + 1)
                }
                current[j] = value
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }
}
