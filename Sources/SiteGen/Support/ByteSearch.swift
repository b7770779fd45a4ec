import CSupport
import Foundation

/// Substring search and replacement on UTF-8 bytes.
///
/// Foundation's `String.contains(_:)` and `replacingOccurrences(of:with:)` go through
/// `NSString` on Linux, and these searches run for every tag (Dockerfile links and suite names
/// are computed for every tag). Docker-library rules compare bytes anyway, never canonical
/// equivalents, so byte search is also the faithful reading.
enum ByteSearch {
    /// Whether any of the eight bytes of `word` is zero: `(x - 0x01…01) & ~x & 0x80…80` is
    /// non-zero exactly then. A byte equal to `c` is a zero byte of `word ^ c…c` (see
    /// ``repeated(_:)``): the test behind the scans that look at eight bytes at a time (HTML
    /// escaping, the registry data file's sections).
    @inline(__always)
    static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
    }

    /// Whether any of the eight bytes of `word` is below `limit` (at most 0x80): the same
    /// borrow test, exact in saying whether there is one.
    @inline(__always)
    static func hasByte(in word: UInt64, below limit: UInt8) -> Bool {
        assert(limit <= 0x80, "exact only for limits up to 0x80")
        return (word &- repeated(limit)) & ~word & 0x8080_8080_8080_8080 != 0
    }

    /// `byte` in each of a word's eight bytes.
    @inline(__always)
    static func repeated(_ byte: UInt8) -> UInt64 {
        0x0101_0101_0101_0101 &* UInt64(byte)
    }

    /// The first index at or after `start` where `needle` occurs in `bytes`, or nil.
    ///
    /// Short texts (a repository address searched for `git://`, a tag for a suite name): a
    /// `memchr` to each place the first byte occurs, then `memcmp` for the rest. glibc's
    /// `memmem` builds a 256-entry shift table on every call, more work than such a search
    /// itself. Long texts (every tag of an image joined, searched for `-bookworm-`, where the
    /// first byte is everywhere): `memmem`, whose skips pay for the table there.
    static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start >= 0, start <= bytes.count else { return nil }
        if needle.isEmpty { return start }
        return needle.withUnsafeBufferPointer { find($0, in: bytes, from: start) }
    }

    private static func find(_ needle: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, let needleBase = needle.baseAddress, needle.count <= bytes.count - start else { return nil }
        if bytes.count - start > 256 {
            guard let found = sitegen_memmem(base + start, bytes.count - start, needleBase, needle.count) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        let first = Int32(needleBase.pointee)
        let rest = needle.count - 1
        // The last place a match can start.
        let last = bytes.count - needle.count
        var position = start
        while position <= last {
            guard let hit = memchr(base + position, first, last - position + 1) else { return nil }
            let found = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if rest == 0 || memcmp(base + found + 1, needleBase + 1, rest) == 0 { return found }
            position = found + 1
        }
        return nil
    }

    /// Whether `needle` occurs in `haystack`, byte for byte (the string is read in place).
    static func contains(_ haystack: String, _ needle: StaticString) -> Bool {
        if needle.utf8CodeUnitCount == 0 { return true }
        let needleBytes = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        if let found = haystack.utf8.withContiguousStorageIfAvailable({ find(needleBytes, in: $0, from: 0) != nil }) {
            return found
        }
        var haystack = haystack
        return haystack.withUTF8 { find(needleBytes, in: $0, from: 0) } != nil
    }

    /// Whether any byte of `text`'s UTF-8 satisfies `predicate`, read from the string's
    /// storage. `text.utf8.contains(where:)` steps a `String.Index` per byte instead, and this
    /// runs over every tag's search text and search-index string.
    @inline(__always)
    static func containsByte(in text: String, where predicate: (UInt8) -> Bool) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ bytes in
            for byte in bytes where predicate(byte) { return true }
            return false
        }) {
            return found
        }
        return text.utf8.contains(where: predicate)
    }

    /// Whether `text`'s UTF-8 holds `byte`: `memchr` over the string's storage, for a check
    /// made on every digest of every record a build shows.
    static func contains(byte: UInt8, in text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }

    /// Every occurrence of `target` replaced with `replacement`, left to right, without
    /// overlaps (Go's `strings.Replace` with n = -1).
    static func replacingAll(_ target: String, with replacement: String, in text: String) -> String {
        let needle = Array(target.utf8)
        let bytes = Array(text.utf8)
        guard !needle.isEmpty, var found = Placeholder.firstIndex(of: needle, in: bytes, from: 0) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var start = 0
        while true {
            output += bytes[start..<found]
            output += replacement.utf8
            start = found + needle.count
            guard let next = Placeholder.firstIndex(of: needle, in: bytes, from: start) else { break }
            found = next
        }
        output += bytes[start...]
        return String(decoding: output, as: UTF8.self)
    }
}

extension ByteSearch {
    /// Whether `a` comes before `b` in UTF-8 byte order (the order sitegen sorts names in):
    /// `a.utf8.lexicographicallyPrecedes(b.utf8)`, by `memcmp` where both strings have their
    /// bytes at hand (native strings, small ones too), which history's sorts of thousands of
    /// tag names need.
    static func precedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool in
                let shared = min(x.count, y.count)
                if shared > 0, let xBase = x.baseAddress, let yBase = y.baseAddress {
                    let order = memcmp(xBase, yBase, shared)
                    if order != 0 { return order < 0 }
                }
                return x.count < y.count
            }
        }
        if let fast, let answer = fast { return answer }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
