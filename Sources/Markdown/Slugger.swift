/// Turns heading text into anchors the way GitHub and Docker Hub do, so that the links written
/// in content.md files (`#environment-variables`) find their headings.
///
/// The rule: lowercase; keep letters, marks, digits, `-` and `_`; turn each space into `-`;
/// drop everything else. The second heading with the same slug gets `-1`, the third `-2`, …
/// (skipping any suffix another heading already took).
public struct Slugger: Sendable {
    private var taken: [String: Int] = [:]

    public init() {}

    /// A slugger for which `reserved` are taken already (ids of the page around the text).
    public init(reserving reserved: Set<String>) {
        for slug in reserved { taken[slug] = 0 }
    }

    /// The slug for `text`, unique among those this slugger has handed out.
    public mutating func slug(for text: String) -> String {
        let base = Slugger.baseSlug(text)
        var slug = base
        if let count = taken[base] {
            var n = count
            repeat {
                n += 1
                slug = "\(base)-\(n)"
            } while taken[slug] != nil
            taken[base] = n
        }
        taken[slug] = 0
        return slug
    }

    /// The slug of `text` before duplicates are numbered.
    public static func baseSlug(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark,
                 .decimalNumber, .letterNumber, .otherNumber:
                out.append(scalar)
            default:
                if scalar == "-" || scalar == "_" {
                    out.append(scalar)
                } else if scalar == " " {
                    out.append("-")
                }
            }
        }
        return String(out)
    }
}
