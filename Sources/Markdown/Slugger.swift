/// Turns heading text into anchors the way GitHub and Docker Hub do, so that the links written
/// in content.md files (`#environment-variables`) find their headings.
///
/// The rule: lowercase; keep letters, marks, digits, `-` and `_`; turn each space into `-`;
/// drop everything else. The second heading with the same slug gets `-1`, the third `-2`, …
/// (skipping any suffix another heading already took).
public struct Slugger: Sendable {
    /// Slugs the page around the text has taken: looked up where they are (copying them into
    /// `taken` for every text of a page would cost more than making the slugs).
    private let reserved: Set<String>
    /// Slugs handed out, with the last number used after each base.
    private var taken: [String: Int] = [:]

    public init() {
        reserved = []
    }

    /// A slugger for which `reserved` are taken already (ids of the page around the text).
    public init(reserving reserved: Set<String>) {
        self.reserved = reserved
    }

    /// The last number used after `slug`: 0 for a slug taken without one, nil for a free one.
    private func lastNumber(after slug: String) -> Int? {
        taken[slug] ?? (reserved.contains(slug) ? 0 : nil)
    }

    /// The slug for `text`, unique among those this slugger has handed out.
    public mutating func slug(for text: String) -> String {
        let base = Slugger.baseSlug(text)
        var slug = base
        if let count = lastNumber(after: base) {
            var n = count
            repeat {
                n += 1
                slug = "\(base)-\(n)"
            } while lastNumber(after: slug) != nil
            taken[base] = n
        }
        taken[slug] = 0
        return slug
    }

    /// The slug of `text` before duplicates are numbered.
    public static func baseSlug(_ text: String) -> String {
        asciiSlug(text) ?? unicodeSlug(text)
    }

    /// ``baseSlug(_:)`` of an ASCII text, byte by byte (nil for any other text): the ASCII
    /// letters and digits are A–Z, a–z and 0–9, so this keeps what the general rule keeps.
    /// Most headings are ASCII, and the general rule makes a lowercased copy and looks up a
    /// Unicode property for each of its scalars.
    static func asciiSlug(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case 0x80...:
                return nil
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                bytes.append(byte + 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"):
                bytes.append(byte)
            case UInt8(ascii: " "):
                bytes.append(UInt8(ascii: "-"))
            default:
                continue
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``baseSlug(_:)`` by the general rule, for any text.
    static func unicodeSlug(_ text: String) -> String {
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
