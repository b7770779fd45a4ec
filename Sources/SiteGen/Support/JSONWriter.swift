/// JSON written straight into bytes, for the build's own bookkeeping files.
///
/// `JSONEncoder` with sorted keys took 4.2 ms for a 150-image site's manifest (166 KB), most of
/// it sorting the keys of the dictionaries with locale-aware comparisons, at the very end of a
/// cold build when nothing else is left to run. This writes the same values in well under a
/// millisecond. Object keys are written in the order the caller gives, and ``object(_:_:)``
/// sorts a dictionary's keys by their UTF-8 bytes, so equal values are equal bytes. What it
/// writes is read back with `JSONDecoder` (the types stay `Codable`).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the object or array being written has no member yet (one entry per level).
    private var empty: [Bool] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// An object whose members `body` writes with ``key(_:)`` and a value each.
    mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        empty.append(true)
        body(&self)
        empty.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    /// An array whose elements `body` writes, a value each.
    mutating func array(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        empty.append(true)
        body(&self)
        empty.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// The name of the next member of the object being written.
    mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        // The member's value follows the colon, not a comma.
        if !empty.isEmpty { empty[empty.count - 1] = true }
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

    mutating func strings(_ texts: [String]) {
        array { writer in
            for text in texts { writer.string(text) }
        }
    }

    /// A comma before every value but the first of its object or array (a member's value
    /// counts as part of its member).
    private mutating func separate() {
        guard let last = empty.last else { return }
        if last {
            empty[empty.count - 1] = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
    }

    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                // Only the quote, the backslash and control characters need escaping; every
                // other byte, UTF-8 sequences included, is written as it is.
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                              hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
