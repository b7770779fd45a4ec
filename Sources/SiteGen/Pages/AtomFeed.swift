/// An Atom 1.0 feed (RFC 4287) and the one way it is written.
///
/// Takes absolute URLs, plain-text titles and summaries, and times as unix seconds; promises a
/// document that carries every element RFC 4287 requires (feed: `id`, `title`, `updated`,
/// `author`, links `self` and `alternate`; entry: `id`, `title`, `updated`, an `alternate`
/// link, a text `summary`), with entries in the order given, and the same bytes for the same
/// value. Any text is safe to pass: it is escaped, and characters XML 1.0 cannot carry are
/// dropped.
public struct AtomFeed: Sendable, Equatable {
    /// One item of a feed: in sitegen, one landing commit's change to an image.
    public struct Entry: Sendable, Equatable {
        /// A URI that never changes for this entry (a reader uses it to tell new from seen),
        /// e.g. the page's absolute URL + `#` + the commit.
        public let id: String
        public let title: String
        /// Unix seconds, UTC.
        public let updated: Int64
        /// The absolute URL of the page the entry is about.
        public let link: String
        /// Plain text, not HTML.
        public let summary: String

        public init(id: String, title: String, updated: Int64, link: String, summary: String) {
            self.id = id
            self.title = title
            self.updated = updated
            self.link = link
            self.summary = summary
        }
    }

    public let id: String
    public let title: String
    /// The absolute URL of this feed's own `feed.xml`.
    public let selfURL: String
    /// The absolute URL of the HTML page the feed follows.
    public let alternateURL: String
    /// Unix seconds, UTC.
    public let updated: Int64
    public let authorName: String
    public let entries: [Entry]

    public init(id: String, title: String, selfURL: String, alternateURL: String, updated: Int64,
                authorName: String, entries: [Entry]) {
        self.id = id
        self.title = title
        self.selfURL = selfURL
        self.alternateURL = alternateURL
        self.updated = updated
        self.authorName = authorName
        self.entries = entries
    }

    /// The feed document, UTF-8, ending in a newline.
    public func xml() -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml.reserveCapacity(512 + entries.count * 512)
        xml += "  <id>\(Self.escape(id))</id>\n"
        xml += "  <title type=\"text\">\(Self.escape(title))</title>\n"
        xml += "  <updated>\(Self.timestamp(updated))</updated>\n"
        xml += "  <author><name>\(Self.escape(authorName))</name></author>\n"
        xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(Self.escape(selfURL, inAttribute: true))\"/>\n"
        xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(Self.escape(alternateURL, inAttribute: true))\"/>\n"
        for entry in entries {
            xml += "  <entry>\n"
            xml += "    <id>\(Self.escape(entry.id))</id>\n"
            xml += "    <title type=\"text\">\(Self.escape(entry.title))</title>\n"
            xml += "    <updated>\(Self.timestamp(entry.updated))</updated>\n"
            xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(Self.escape(entry.link, inAttribute: true))\"/>\n"
            xml += "    <summary type=\"text\">\(Self.escape(entry.summary))</summary>\n"
            xml += "  </entry>\n"
        }
        return xml + "</feed>\n"
    }
}

// MARK: - Dates

extension AtomFeed {
    /// Unix seconds as an RFC 3339 UTC date-time, `2020-04-21T13:05:00Z`.
    ///
    /// Computed from the number (days to civil date as in Howard Hinnant's `civil_from_days`),
    /// so no calendar, locale or time zone setting can change it. RFC 3339 has four-digit years:
    /// times outside 0001-01-01…9999-12-31 are clamped to those ends.
    public static func timestamp(_ seconds: Int64) -> String {
        let clamped = min(max(seconds, firstSecond), lastSecond)
        let (days, secondOfDay) = floorDivision(clamped, 86_400)
        let (year, month, day) = civilDate(daysSince1970: days)
        // Written into the string's own storage: one allocation (pages show the date of every
        // platform of every tag), where a byte array and then a string were two.
        return String(unsafeUninitializedCapacity: 20) { bytes in
            var index = 0
            func put(_ value: Int64, digits: Int, then separator: UInt8) {
                var rest = value
                for place in stride(from: index + digits - 1, through: index, by: -1) {
                    bytes[place] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                bytes[index + digits] = separator
                index += digits + 1
            }
            put(year, digits: 4, then: UInt8(ascii: "-"))
            put(month, digits: 2, then: UInt8(ascii: "-"))
            put(day, digits: 2, then: UInt8(ascii: "T"))
            put(secondOfDay / 3600, digits: 2, then: UInt8(ascii: ":"))
            put(secondOfDay / 60 % 60, digits: 2, then: UInt8(ascii: ":"))
            put(secondOfDay % 60, digits: 2, then: UInt8(ascii: "Z"))
            return index
        }
    }

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
    static let firstSecond: Int64 = -62_135_596_800
    static let lastSecond: Int64 = 253_402_300_799

    /// Quotient rounded down and a non-negative remainder, so times before 1970 land on the
    /// day they belong to.
    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01, working in 400-year eras
    /// that start on 1 March so the leap day is the last day of its year.
    private static func civilDate(daysSince1970: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let days = daysSince1970 + 719_468
        let era = floorDivision(days, 146_097).0
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}

// MARK: - Escaping

extension AtomFeed {
    /// `text` safe as XML character data, or as a double-quoted attribute value.
    ///
    /// `&`, `<`, `>`, `"` and `'` become references. A carriage return becomes `&#13;`, since a
    /// parser turns a literal one into a line feed; in attributes tab and line feed become
    /// references too, since a parser turns literal ones into spaces. Characters XML 1.0 has no
    /// place for (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF)
    /// are dropped: there is no way to write them in an XML 1.0 document at all.
    static func escape(_ text: String, inAttribute: Bool = false) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { needsAttention($0, inAttribute: inAttribute) }) else { return text }
        // On the UTF-8 bytes: every byte that matters is ASCII or the lead of U+FFFE/U+FFFF,
        // and a scalar is dropped whole, so the bytes written stay UTF-8.
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            utf8.formIndex(after: &index)
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            case UInt8(ascii: "'"): out += "&apos;".utf8
            case 0x0D: out += "&#13;".utf8
            case 0x09 where inAttribute: out += "&#9;".utf8
            case 0x0A where inAttribute: out += "&#10;".utf8
            case 0x09, 0x0A: out.append(byte)
            case 0x00..<0x20: continue
            case 0xEF:
                // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
                var next = index
                if next != utf8.endIndex, utf8[next] == 0xBF {
                    utf8.formIndex(after: &next)
                    if next != utf8.endIndex, utf8[next] == 0xBE || utf8[next] == 0xBF {
                        index = utf8.index(after: next)
                        continue
                    }
                }
                out.append(byte)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A byte that may start something `escape` changes: one of the five markup characters, a
    /// C0 control (but tab and line feed in text), or 0xEF, the lead byte of U+FFFE and U+FFFF
    /// (and of other U+Fxxx scalars, which are then written unchanged).
    private static func needsAttention(_ byte: UInt8, inAttribute: Bool) -> Bool {
        switch byte {
        case 0x09, 0x0A: inAttribute
        case 0x00..<0x20, 0x26, 0x3C, 0x3E, 0x22, 0x27, 0xEF: true
        default: false
        }
    }
}
