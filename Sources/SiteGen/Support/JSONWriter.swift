/// JSON written straight into bytes, for the build's own bookkeeping files.
///
/// Not `JSONEncoder` with sorted keys: it sorts the keys of every dictionary with locale-aware
/// comparisons, and the manifest is written at the very end of a cold build, when nothing else
/// is left to run beside it. Object keys are written in the order the caller gives, and
/// ``object(_:_:)`` sorts a dictionary's keys by their UTF-8 bytes, so equal values are equal
/// bytes. What it writes is read back with `JSONDecoder` (the types stay `Codable`).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Where the object or array being written stands (one entry per level).
    private var levels: [Slot] = []
    /// Whether members and elements go on lines of their own, indented by two spaces a level
    /// (for files people read and diff, such as the registry data file); such a file leaves
    /// `<` unescaped.
    private let indented: Bool

    private enum Slot {
        /// No member or element yet.
        case first
        /// After a member or element.
        case rest
        /// After a member's name: its value comes next, with no separator.
        case afterKey
    }

    init(capacity: Int = 0, indented: Bool = false) {
        bytes.reserveCapacity(capacity)
        self.indented = indented
    }

    /// An object whose members `body` writes with ``key(_:)`` and a value each.
    mutating func object(_ body: (inout JSONWriter) -> Void) {
        container(UInt8(ascii: "{"), UInt8(ascii: "}"), body)
    }

    /// An array whose elements `body` writes, a value each.
    mutating func array(_ body: (inout JSONWriter) -> Void) {
        container(UInt8(ascii: "["), UInt8(ascii: "]"), body)
    }

    private mutating func container(_ open: UInt8, _ close: UInt8, _ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(open)
        levels.append(.first)
        body(&self)
        if levels.removeLast() != .first { newline() }
        bytes.append(close)
    }

    /// The name of the next member of the object being written.
    mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        if indented { bytes.append(UInt8(ascii: " ")) }
        // The member's value follows the colon, not a comma.
        if !levels.isEmpty { levels[levels.count - 1] = .afterKey }
    }

    mutating func string(_ text: String) {
        separate()
        appendQuoted(text)
    }

    mutating func int(_ number: Int) {
        separate()
        bytes.append(contentsOf: String(number).utf8)
    }

    /// `key` and `text`, left out when `text` is nil (as `encodeIfPresent` does).
    mutating func member(_ name: String, _ text: String?) {
        guard let text else { return }
        key(name)
        string(text)
    }

    mutating func member(_ name: String, _ number: Int?) {
        guard let number else { return }
        key(name)
        int(number)
    }

    /// A dictionary as an object, its keys in UTF-8 byte order.
    mutating func object<Value>(_ dictionary: [String: Value], _ value: (inout JSONWriter, Value) -> Void) {
        object { writer in
            for (name, element) in dictionary.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                writer.key(name)
                value(&writer, element)
            }
        }
    }

    /// A string given as its UTF-8 bytes, escaped as ``string(_:)`` escapes it.
    mutating func string(utf8 text: UnsafeBufferPointer<UInt8>) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        if text.contains(where: Self.needsEscape) {
            for byte in text { Self.appendEscaped(byte, to: &bytes) }
        } else {
            bytes.append(contentsOf: text)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func strings(_ texts: [String]) {
        array { writer in
            for text in texts { writer.string(text) }
        }
    }

    /// A comma before every value but the first of its object or array (a member's value
    /// counts as part of its member).
    private mutating func separate() {
        guard let last = levels.last else { return }
        levels[levels.count - 1] = .rest
        switch last {
        case .afterKey: return
        case .first: break
        case .rest: bytes.append(UInt8(ascii: ","))
        }
        newline()
    }

    /// In indented mode, a line break and the indentation of the current level.
    private mutating func newline() {
        guard indented else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * levels.count))
    }

    private mutating func appendQuoted(_ text: String) {
        guard indented else {
            Self.appendQuoted(text, to: &bytes)
            return
        }
        // A file people read is never inlined in a page's script: `<` stays as it is there,
        // as other JSON writers leave it.
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "<") { bytes.append(byte) } else { Self.appendEscaped(byte, to: &bytes) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `text` as a quoted JSON string (``appendEscaped(_:to:)`` between quotes).
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendEscaped(text, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// `text` escaped for inside a JSON string: the quote, the backslash and control
    /// characters as JSON requires, and `<` as `\u003c` (`</script` in a string would end an
    /// inline script: the search index is a script). Escaping goes byte by byte, so parts
    /// escaped one after another are the whole escaped.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        // Most strings (tags, paths, names) need no escape: copied whole, not byte by byte.
        if !ByteSearch.containsByte(in: text, where: needsEscape) {
            out.append(contentsOf: text.utf8)
            return
        }
        for byte in text.utf8 { appendEscaped(byte, to: &out) }
    }

    static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out += #"\""#.utf8
        case UInt8(ascii: "\\"): out += #"\\"#.utf8
        case 0x0A: out += #"\n"#.utf8
        case 0x0D: out += #"\r"#.utf8
        case 0x09: out += #"\t"#.utf8
        case 0x08: out += #"\b"#.utf8
        case 0x0C: out += #"\f"#.utf8
        case UInt8(ascii: "<"), 0x00..<0x20:
            out += #"\u00"#.utf8
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0xF)])
        default: out.append(byte)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<")
    }
}
