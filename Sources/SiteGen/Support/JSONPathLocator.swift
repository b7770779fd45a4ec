import Foundation

/// Where the value at a path of keys and array indices lies in JSON text: for the errors
/// `JSONDecoder` words by path, so that they point at the line of the value itself, not at
/// the first line that happens to hold the same key.
enum JSONPathLocator {
    /// One step of a path: a member's name, or an element's index; a decoder's coding key may
    /// be either (a dictionary's key `"22"` has the index 22 too), and the text decides: an
    /// array is stepped into by the index, an object by the name.
    struct Step: Equatable {
        let name: String
        let index: Int?

        static func key(_ name: String) -> Step { Step(name: name, index: nil) }
        static func index(_ index: Int) -> Step { Step(name: "Index \(index)", index: index) }

        init(name: String, index: Int?) {
            self.name = name
            self.index = index
        }

        init(_ key: any CodingKey) {
            self.init(name: key.stringValue, index: key.intValue)
        }
    }

    /// Where a path led: the byte offset of its value, or where a step is not there (a member
    /// missing, an index past the end, a value of another kind) of the last value reached,
    /// which holds what is missing; `whole` says which.
    struct Found: Equatable {
        let offset: Int
        let whole: Bool
    }

    /// Where `path` leads in `bytes`, or from the value that is `range` of them (an offset of
    /// `bytes` all the same); nil only for text with no value at all.
    static func find(_ path: [Step], in bytes: [UInt8], within range: Range<Int>? = nil) -> Found? {
        let range = range ?? bytes.indices
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { whole -> Found? in
            let buffer = UnsafeBufferPointer(rebasing: whole[range])
            func found(_ offset: Int, whole: Bool) -> Found { Found(offset: range.lowerBound + offset, whole: whole) }
            var scanner = JSONScanner(bytes: buffer)
            scanner.skipSpace()
            guard scanner.index < buffer.count else { return nil }
            for step in path {
                let here = scanner.index
                if buffer[here] == UInt8(ascii: "["), let wanted = step.index {
                    scanner.index += 1
                    for _ in 0..<wanted {
                        guard scanner.value() != nil else { return found(here, whole: false) }
                        scanner.skipSpace()
                        guard scanner.index < buffer.count, buffer[scanner.index] == UInt8(ascii: ",") else {
                            return found(here, whole: false)
                        }
                        scanner.index += 1
                    }
                    scanner.skipSpace()
                    guard scanner.index < buffer.count, buffer[scanner.index] != UInt8(ascii: "]") else {
                        return found(here, whole: false)
                    }
                } else {
                    var member: Int?
                    // The closure stops the scan (returns false) at the member wanted; on
                    // anything but an object it is not called.
                    _ = scanner.members { scanner, key, _ in
                        if key == step.name {
                            scanner.skipSpace()
                            member = scanner.index
                            return false
                        }
                        return scanner.value() != nil
                    }
                    guard let member else { return found(here, whole: false) }
                    scanner.index = member
                }
                guard scanner.index < buffer.count else { return found(here, whole: false) }
            }
            return found(scanner.index, whole: true)
        }
    }

    /// The path as an error names it (`images.lumen.digests.sha256:….platforms[1].size`); nil
    /// for the empty path. An element of an array is `[N]`: a decoder names it `Index N`,
    /// where a dictionary's key `"22"` is named `22`.
    static func name(of path: [Step]) -> String? {
        guard !path.isEmpty else { return nil }
        var text = ""
        for step in path {
            if let index = step.index, step.name == "Index \(index)" {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + step.name
            }
        }
        return text
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
            let end = bytes.withUnsafeBufferPointer { buffer -> Int in
                var scanner = JSONScanner(bytes: buffer)
                scanner.index = offset
                return scanner.value()?.upperBound ?? offset
            }
            return String(decoding: bytes[offset..<min(end, offset + 40)], as: UTF8.self)
        default: return nil
        }
    }
}
