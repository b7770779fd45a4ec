import Foundation

/// Where the value at a path of keys and array indices lies in JSON text: for the errors
/// `JSONDecoder` words by path, so that they point at the line of the value itself, not at
/// the first line that happens to hold the same key.
enum JSONPathLocator {
    enum Step: Equatable {
        case key(String)
        case index(Int)

        /// A decoder's coding key: an array's element by its index, an object's member by its
        /// name (a dictionary's keys have no index).
        init(_ key: any CodingKey) {
            self = key.intValue.map(Step.index) ?? .key(key.stringValue)
        }
    }

    /// The byte offset of the value at `path`; where a step is not there (a member missing, an
    /// index past the end, a value of another kind), the offset of the last value reached,
    /// which holds what is missing. Nil only for text with no value at all.
    static func offset(of path: [Step], in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            var scanner = JSONScanner(bytes: buffer)
            scanner.skipSpace()
            guard scanner.index < buffer.count else { return nil }
            for step in path {
                let here = scanner.index
                switch step {
                case .key(let wanted):
                    var found: Int?
                    // The closure stops the scan (returns false) at the member wanted.
                    _ = scanner.members { scanner, key, _ in
                        if key == wanted {
                            scanner.skipSpace()
                            found = scanner.index
                            return false
                        }
                        return scanner.value() != nil
                    }
                    guard let found else { return here }
                    scanner.index = found
                case .index(let wanted):
                    guard buffer[here] == UInt8(ascii: "[") else { return here }
                    scanner.index += 1
                    for _ in 0..<wanted {
                        guard scanner.value() != nil else { return here }
                        scanner.skipSpace()
                        guard scanner.index < buffer.count, buffer[scanner.index] == UInt8(ascii: ",") else { return here }
                        scanner.index += 1
                    }
                    scanner.skipSpace()
                    guard scanner.index < buffer.count, buffer[scanner.index] != UInt8(ascii: "]") else { return here }
                }
                guard scanner.index < buffer.count else { return here }
            }
            return scanner.index
        }
    }

    /// The 1-based line and column of byte `offset` of `bytes`.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let before = bytes[..<min(offset, bytes.count)]
        let line = before.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        let column = before.count - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        return (line, column)
    }

    /// What kind of JSON value starts at `offset`, as an error names it ("a string").
    static func kind(at offset: Int, in bytes: [UInt8]) -> String? {
        guard offset < bytes.count else { return nil }
        switch bytes[offset] {
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "true or false"
        case UInt8(ascii: "n"): return "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            // The number as written: a reader sees at once why it is not a whole number.
            var end = offset
            while end < bytes.count, !JSONScanner.isSpace(bytes[end]),
                  ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(bytes[end]) { end += 1 }
            return String(decoding: bytes[offset..<min(end, offset + 40)], as: UTF8.self)
        default: return nil
        }
    }
}
