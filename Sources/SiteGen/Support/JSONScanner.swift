import Foundation

/// A structural scan of JSON text held as bytes: objects' members, strings and whole values
/// skipped without building any of them. ``RegistryDataSections`` cuts the registry data file
/// with it, and ``JSONPathLocator`` finds where a path's value lies.
///
/// (On the file's bytes without copies or bounds checks, and strings skipped with `memchr`
/// to their closing quote: a build reads the whole file this way, and a data file for the
/// docker-library is megabytes of digests.)
struct JSONScanner: JSONByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// An object at the current position: `body` is called with each member's key (and
    /// the key's range) and reads the value itself. False when the bytes are not an object
    /// or `body` says so.
    mutating func members(_ body: (inout JSONScanner, String, Range<Int>) -> Bool) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return false }
        index += 1
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return true
        }
        while true {
            skipSpace()
            let start = index
            guard skipString() else { return false }
            // The key, its escapes left as they are (keys of this file are image names and
            // field names, which need none).
            let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<(index - 1)]), as: UTF8.self)
            let keyRange = start..<index
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
            index += 1
            guard body(&self, key, keyRange) else { return false }
            skipSpace()
            guard index < bytes.count else { return false }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { return false }
            index += 1
            return true
        }
    }

    /// Skips a string at the current position, to just after its closing quote (one not
    /// escaped: preceded by an even number of backslashes). False when there is none.
    mutating func skipString() -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let base = bytes.baseAddress else { return false }
        var from = index + 1
        while from < bytes.count {
            guard let found = memchr(base + from, Int32(UInt8(ascii: "\"")), bytes.count - from) else { return false }
            let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var backslashes = 0
            while quote - backslashes - 1 > index, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            from = quote + 1
            if backslashes % 2 == 0 {
                index = from
                return true
            }
        }
        return false
    }

    /// Whether any of the eight bytes of `word` may be a quote or a bracket: false means
    /// none is, and the eight are skipped at once. (Brackets are the bytes whose value
    /// with bit 0x20 set, and bits 0x06 cleared, is 0x79, which also lets through `Y`, `y`,
    /// `_` and DEL, for the byte-by-byte look; quotes are 0x22.)
    @inline(__always)
    static func mayHoldStructure(_ word: UInt64) -> Bool {
        let folded = (word | ByteSearch.repeated(0x20)) & ByteSearch.repeated(0xF9)
        return ByteSearch.hasZeroByte(folded ^ ByteSearch.repeated(0x79)) || ByteSearch.hasZeroByte(word ^ ByteSearch.repeated(0x22))
    }

    /// Skips one value; its range.
    mutating func value() -> Range<Int>? {
        skipSpace()
        let start = index
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            guard skipString() else { return nil }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                if index + 8 <= bytes.count, let base = bytes.baseAddress,
                   !Self.mayHoldStructure(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                    continue
                }
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard skipString() else { return nil }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return start..<index
                    }
                default: break
                }
                index += 1
            }
            return nil
        default:
            // A number, true, false or null: up to the next delimiter.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || Self.isSpace(byte) { break }
                index += 1
            }
            guard index > start else { return nil }
        }
        return start..<index
    }
}
