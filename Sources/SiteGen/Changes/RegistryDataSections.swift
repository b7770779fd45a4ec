import Foundation

/// The registry data file cut into the parts the change record fingerprints apart: each
/// member of `images` (one image's digests, sizes and dates: that image's pages and the
/// listings), and everything else (the registry and namespace: every page that names a pull
/// reference).
///
/// A structural scan of the JSON, not a decode: it finds where each value starts and ends
/// (strings with their escapes, nested objects and arrays) without building any of it, so
/// that a build whose data file changed pays a pass over its bytes, not a full decode, to
/// learn which images to redo, and a build decodes only the parts of the images it shows.
/// Bytes whose structure is not a JSON object give nil: the build then redoes everything and
/// the loader reports the file's problem. Within a value the scan checks nesting and strings
/// only, so a malformed part of an image the build does not show (a bare word, a missing
/// comma) is found by `sitegen check`, which decodes every part, not by the build, whose
/// pages it cannot reach.
struct RegistryDataSections {
    /// The bytes of every top-level member but `images`, in file order.
    let site: [ArraySlice<UInt8>]
    /// Image name → the bytes of its value.
    let images: [String: ArraySlice<UInt8>]
    /// Whether the file has an `images` member.
    let hasImages: Bool

    init?(_ bytes: [UInt8]) {
        var site: [ArraySlice<UInt8>] = []
        var images: [String: ArraySlice<UInt8>] = [:]
        var hasImages = false
        let found = bytes.withUnsafeBufferPointer { buffer -> Bool in
            var scanner = Scanner(bytes: buffer)
            let found = scanner.members { scanner, key, keyRange in
                if key == "images" {
                    hasImages = true
                    return scanner.members { scanner, name, _ in
                        guard let value = scanner.value() else { return false }
                        images[name] = bytes[value]
                        return true
                    }
                }
                guard let value = scanner.value() else { return false }
                site.append(bytes[keyRange.lowerBound..<value.upperBound])
                return true
            }
            return found && scanner.atEnd
        }
        guard found else { return nil }
        self.site = site
        self.images = images
        self.hasImages = hasImages
    }

    /// Where the parts are in the file, and the file's status when they were found there: what
    /// a later read needs to take only the parts it wants while the file is as it was
    /// (``RegistryDataFile/load(_:images:layout:)``). The change detection finds it, or keeps
    /// it in the stat cache beside the parts' fingerprints.
    struct Layout: Sendable, Equatable {
        /// The file's status (its fingerprint is not used).
        let status: InputStatCache.Entry
        /// Each top-level member but `images`, key and value (`"registry": "…"`), in file order.
        let site: [Range<Int>]
        /// Image name → its value, or nil: the file has no part for the image.
        let images: [String: Range<Int>?]
        /// Whether `images` names every image of the file, so that a name it lacks has no part
        /// (a layout found by reading the file); else a name it lacks is one nobody asked
        /// about (a layout kept for the images there were then), and is not known.
        let namesAll: Bool

        /// Where the part of `image` is: `.some(nil)` when the file has none, nil when the
        /// layout does not know.
        func part(of image: String) -> Range<Int>?? {
            if let known = images[image] { return known }
            return namesAll ? .some(nil) : nil
        }
    }

    /// Where these parts are, in a file with `status`; nil for a file without `images`, which
    /// the whole-file read reports.
    func layout(status: InputStatCache.Entry) -> Layout? {
        guard hasImages else { return nil }
        return Layout(status: status, site: site.map { $0.startIndex..<$0.endIndex },
                      images: images.mapValues { $0.startIndex..<$0.endIndex }, namesAll: true)
    }

    /// (On the file's bytes without copies or bounds checks, and strings skipped with `memchr`
    /// to their closing quote: a build reads the whole file this way, and a data file for the
    /// docker-library is megabytes of digests.)
    private struct Scanner: JSONByteCursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        /// An object at the current position: `body` is called with each member's key (and
        /// the key's range) and reads the value itself. False when the bytes are not an object
        /// or `body` says so.
        mutating func members(_ body: (inout Scanner, String, Range<Int>) -> Bool) -> Bool {
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
}
