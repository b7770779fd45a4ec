/// A strict check of JSON text against RFC 8259's grammar: where the first fault is, and what
/// it is, in words.
///
/// Foundation's readers accept text that JSON does not (a comma before a closing bracket), so a
/// file they read may still break the other tools that read it: docker-library's scripts read
/// `metadata.json` with `jq`, and the registry data file is meant for any JSON tool. It reads
/// a registry data file only where it is not as a sync writes it, and the metadata.json files
/// (a few bytes each) once Foundation has read them: never megabytes on a build's way, so it
/// is written to be plain rather than fast.
///
/// Beyond the grammar, it refuses a name given to two members of one object. RFC 8259 only
/// says names SHOULD be unique, and readers differ on such an object (Swift's `JSONDecoder`
/// keeps the first member, `JSONSerialization` and `jq` the last), so what one tool reads from
/// the file another would not.
struct JSONSyntax {
    /// The first fault: its byte offset in the text, and what is wrong there.
    struct Fault: Error, Equatable {
        let offset: Int
        let message: String
        /// The fault is a name given twice in one object: JSON by the grammar, but not one all
        /// readers read alike (so not worded as "not valid JSON").
        var isRepeatedName = false
    }

    /// How deep arrays and objects may nest before the text is refused (as Foundation's
    /// reader does, at a depth no real file reaches).
    static let maximumDepth = 512

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    private init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    /// The first fault of `bytes` as one JSON text (one value, with white space around it);
    /// nil when they are JSON. Offsets count from `bytes.startIndex`'s base: they index `bytes`.
    static func firstFault(in bytes: ArraySlice<UInt8>) -> Fault? {
        var syntax = JSONSyntax(bytes)
        do throws(Fault) {
            syntax.skipSpace()
            try syntax.value(depth: 0)
            syntax.skipSpace()
            if syntax.index < bytes.endIndex { throw syntax.fault("text after the end of the JSON value") }
            return nil
        } catch {
            return error
        }
    }

    static func firstFault(in bytes: [UInt8]) -> Fault? {
        firstFault(in: bytes[...])
    }

    private func fault(_ message: String, at offset: Int? = nil) -> Fault {
        Fault(offset: offset ?? index, message: message)
    }

    /// What is at the current position, as a message names it.
    private var found: String {
        guard index < bytes.endIndex else { return "the end of the text" }
        let byte = bytes[index]
        guard byte >= 0x20, byte < 0x7F else { return String(format: "byte 0x%02X", byte) }
        return "`\(Character(Unicode.Scalar(byte)))`"
    }

    private var atEnd: Bool { index >= bytes.endIndex }

    private mutating func skipSpace() {
        while index < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func value(depth: Int) throws(Fault) {
        guard !atEnd else { throw fault("it ends early: a value is missing") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object(depth: depth + 1)
        case UInt8(ascii: "["): try array(depth: depth + 1)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        case UInt8(ascii: "t"): try word("true")
        case UInt8(ascii: "f"): try word("false")
        case UInt8(ascii: "n"): try word("null")
        case UInt8(ascii: "'"): throw fault("a string in single quotes: JSON's strings are in double quotes")
        default: throw fault("expected a value, found \(found)")
        }
    }

    private mutating func object(depth: Int) throws(Fault) {
        guard try opens(depth: depth, closedBy: UInt8(ascii: "}")) else { return }
        // Each name as its code points' UTF-8 (escapes read), so that `a` and `\u0061` match.
        var names: Set<[UInt8]> = []
        repeat {
            guard !atEnd else { throw fault("it ends early: an object is not closed with `}`") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw fault("expected a member's name in double quotes, found \(found)")
            }
            let start = index
            try string()
            let name = Self.unescaped(bytes[(start + 1)..<(index - 1)])
            guard names.insert(name).inserted else {
                let shown = String(decoding: name, as: UTF8.self)
                throw Fault(offset: start, message: "a second member named `\(TextPosition.short(shown))` in one object; JSON readers differ on which of the two they keep, so keep one",
                            isRepeatedName: true)
            }
            skipSpace()
            guard !atEnd, bytes[index] == UInt8(ascii: ":") else { throw fault("expected `:` after the member's name, found \(found)") }
            index += 1
            skipSpace()
            try value(depth: depth)
        } while try !closes(UInt8(ascii: "}"), container: "object", after: "the member's value")
    }

    private mutating func array(depth: Int) throws(Fault) {
        guard try opens(depth: depth, closedBy: UInt8(ascii: "]")) else { return }
        repeat {
            try value(depth: depth)
        } while try !closes(UInt8(ascii: "]"), container: "array", after: "the array's item")
    }

    /// Steps past an object's or array's opening bracket; false when `close` follows at once
    /// (passed too: the container is empty).
    private mutating func opens(depth: Int, closedBy close: UInt8) throws(Fault) -> Bool {
        guard depth <= Self.maximumDepth else { throw fault("objects and arrays nested more than \(Self.maximumDepth) deep") }
        index += 1
        skipSpace()
        guard !atEnd, bytes[index] == close else { return true }
        index += 1
        return false
    }

    /// After an item of an `object` or `array`: true at its closing bracket `close`, false
    /// after a comma with another item to come (each passed); a fault for anything else, and
    /// for a comma right before the closing bracket.
    private mutating func closes(_ close: UInt8, container: String, after item: String) throws(Fault) -> Bool {
        let bracket = "`\(Character(Unicode.Scalar(close)))`"
        skipSpace()
        guard !atEnd else { throw fault("it ends early: \(container == "object" ? "an object" : "an array") is not closed with \(bracket)") }
        switch bytes[index] {
        case close:
            index += 1
            return true
        case UInt8(ascii: ","):
            let comma = index
            index += 1
            skipSpace()
            if !atEnd, bytes[index] == close {
                throw fault("a comma before the \(container)'s closing \(bracket), which JSON does not allow", at: comma)
            }
            return false
        default:
            throw fault("expected `,` or \(bracket) after \(item), found \(found)")
        }
    }

    /// A string, its escapes and its UTF-8 checked.
    private mutating func string() throws(Fault) {
        let start = index
        index += 1
        while true {
            guard !atEnd else { throw fault("it ends early: a string is not closed with `\"`", at: start) }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                guard !atEnd else { throw fault("it ends early: a string is not closed with `\"`", at: start) }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    let digits = bytes[(index + 1)...].prefix(4)
                    guard digits.count == 4, digits.allSatisfy({ Self.isHexDigit($0) }) else {
                        throw fault("`\\u` must be followed by four hexadecimal digits", at: index - 1)
                    }
                    index += 5
                default:
                    throw fault("an escape JSON does not have: `\\\(found.dropFirst().dropLast())`", at: index - 1)
                }
            case 0..<0x20:
                throw fault("a control character inside a string (\(found)); write it escaped, as `\\n` or `\\u00XX`")
            case 0..<0x80:
                index += 1
            default:
                let length = Self.utf8Length(bytes[index...])
                guard length > 0 else { throw fault("a byte that is not UTF-8 (\(found))") }
                index += length
            }
        }
    }

    /// The UTF-8 of the code points a string's `raw` bytes (between its quotes, checked by
    /// ``string()``) stand for. A `\u` escape of a lone surrogate, which no UTF-8 can hold,
    /// stays as its six bytes.
    private static func unescaped(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        guard raw.contains(UInt8(ascii: "\\")) else { return Array(raw) }
        var out: [UInt8] = []
        var index = raw.startIndex
        func unit(at position: Int) -> UInt32? {
            guard raw.endIndex - position >= 6, raw[position] == UInt8(ascii: "\\"), raw[position + 1] == UInt8(ascii: "u") else { return nil }
            return UInt32(String(decoding: raw[(position + 2)..<(position + 6)], as: UTF8.self), radix: 16)
        }
        while index < raw.endIndex {
            guard raw[index] == UInt8(ascii: "\\") else {
                out.append(raw[index])
                index += 1
                continue
            }
            let escaped = raw[index + 1]
            if escaped != UInt8(ascii: "u") {
                let byte: UInt8 = switch escaped {
                case UInt8(ascii: "b"): 0x08
                case UInt8(ascii: "f"): 0x0C
                case UInt8(ascii: "n"): 0x0A
                case UInt8(ascii: "r"): 0x0D
                case UInt8(ascii: "t"): 0x09
                default: escaped  // `"`, `\\` and `/` stand for themselves
                }
                out.append(byte)
                index += 2
                continue
            }
            var value = unit(at: index) ?? 0
            var length = 6
            if (0xD800...0xDBFF).contains(value), let low = unit(at: index + 6), (0xDC00...0xDFFF).contains(low) {
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                length = 12
            }
            if let scalar = Unicode.Scalar(value) {
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            } else {
                out.append(contentsOf: raw[index..<(index + 6)])
                length = 6
            }
            index += length
        }
        return out
    }

    private mutating func number() throws(Fault) {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard !atEnd, Self.isDigit(bytes[index]) else { throw fault("a `-` that starts no number", at: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if !atEnd, Self.isDigit(bytes[index]) { throw fault("a number with a leading zero, which JSON does not allow", at: start) }
        } else {
            while !atEnd, Self.isDigit(bytes[index]) { index += 1 }
        }
        if !atEnd, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard !atEnd, Self.isDigit(bytes[index]) else { throw fault("a number with no digit after its `.`", at: start) }
            while !atEnd, Self.isDigit(bytes[index]) { index += 1 }
        }
        if !atEnd, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if !atEnd, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard !atEnd, Self.isDigit(bytes[index]) else { throw fault("a number with no digit in its exponent", at: start) }
            while !atEnd, Self.isDigit(bytes[index]) { index += 1 }
        }
    }

    private mutating func word(_ word: String) throws(Fault) {
        guard bytes[index...].starts(with: word.utf8) else { throw fault("expected a value, found \(found)") }
        index += word.utf8.count
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }

    /// The length of the well-formed UTF-8 sequence `bytes` starts with (Unicode's table 3-7:
    /// no overlong forms, no surrogates, nothing past U+10FFFF); 0 when it is not one.
    private static func utf8Length(_ bytes: ArraySlice<UInt8>) -> Int {
        guard let first = bytes.first else { return 0 }
        let (length, secondRange): (Int, ClosedRange<UInt8>) = switch first {
        case 0xC2...0xDF: (2, 0x80...0xBF)
        case 0xE0: (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80...0xBF)
        case 0xED: (3, 0x80...0x9F)
        case 0xF0: (4, 0x90...0xBF)
        case 0xF1...0xF3: (4, 0x80...0xBF)
        case 0xF4: (4, 0x80...0x8F)
        default: (0, 0...0)
        }
        guard length > 0, bytes.count >= length else { return 0 }
        let rest = bytes.dropFirst()
        guard let second = rest.first, secondRange.contains(second) else { return 0 }
        guard rest.dropFirst().prefix(length - 2).allSatisfy({ (0x80...0xBF).contains($0) }) else { return 0 }
        return length
    }
}
