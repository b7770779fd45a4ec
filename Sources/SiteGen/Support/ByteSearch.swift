import CSupport
import Foundation

/// Substring search and replacement on UTF-8 bytes.
///
/// Foundation's `String.contains(_:)` and `replacingOccurrences(of:with:)` go through
/// `NSString` on Linux and showed up in build profiles (Dockerfile links and suite names are
/// computed for every tag). Docker-library rules compare bytes anyway, never canonical
/// equivalents, so byte search is also the faithful reading.
enum ByteSearch {
    /// The first index at or after `start` where `needle` occurs in `bytes` (the C library's
    /// `memmem`, which is vectorised), or nil.
    static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start <= bytes.count, let base = bytes.baseAddress else { return needle.isEmpty ? start : nil }
        if needle.isEmpty { return start }
        return needle.withUnsafeBytes { needleBytes -> Int? in
            guard let found = sitegen_memmem(base + start, bytes.count - start, needleBytes.baseAddress, needle.count) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Whether `needle` occurs in `haystack`, byte for byte.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var haystack = haystack
        let needleBytes = Array(needle.utf8)
        return haystack.withUTF8 { find(needleBytes, in: $0, from: 0) } != nil
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
