import Foundation

/// What a field's value may be: list items, tags, commits, fetch refs, maintainers; on bytes
/// for the common ASCII case, by the general rule otherwise.
extension LibraryFileParser {
    /// A comma-separated list, items trimmed, empty items dropped.
    static func list(_ value: String) -> [String] {
        guard !value.isEmpty else { return [] }
        var items: [String] = []
        items.reserveCapacity(value.utf8.count { $0 == UInt8(ascii: ",") } + 1)
        forEachListItem(in: value) { items.append(String(decoding: $0, as: UTF8.self)) }
        return items
    }

    /// Calls `body` with the bytes of each comma-separated item of `value`, trimmed, empty
    /// items skipped. On the UTF-8 bytes, like LibraryParagraph.split: this runs for every list
    /// field of every entry. (A comma or whitespace byte is never part of a multi-byte
    /// character, so each item is whole UTF-8.)
    static func forEachListItem(in value: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var value = value
        value.withUTF8 { bytes in
            forEachListItem(in: bytes) { body(UnsafeBufferPointer(rebasing: bytes[$0])) }
        }
    }

    /// The ranges of `bytes` that `forEachListItem(in:_:)` hands over.
    private static func forEachListItem(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: ",") { end += 1 }
            let item = LibraryParagraph.trimmingWhitespace(start..<end, in: bytes)
            if !item.isEmpty { body(item) }
            start = end + 1
        }
    }

    /// The list `value` as `list` gives it, and whether every item is a valid tag and no
    /// item repeats: then no check of the tags has anything to report. Valid tags are ASCII,
    /// so for them equal bytes are what `==` on the strings compares.
    static func tags(in value: String) -> (tags: [String], areValidAndDistinct: Bool) {
        guard !value.isEmpty else { return ([], true) }
        var value = value
        return value.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return ([], true) }
            // Each tag is compared with those before it, on the bytes, up to this many; a longer
            // list is checked for repeats with a set.
            let pairwiseLimit = 32
            let capacity = bytes.count { $0 == UInt8(ascii: ",") } + 1
            var tags: [String] = []
            tags.reserveCapacity(capacity)
            var areFine = true
            withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: min(capacity, pairwiseLimit)) { earlier in
                forEachListItem(in: bytes) { item in
                    let tag = UnsafeBufferPointer(rebasing: bytes[item])
                    tags.append(String(decoding: tag, as: UTF8.self))
                    guard areFine, tags.count <= pairwiseLimit else { return }
                    areFine = isValidTag(bytes: tag)
                    for other in earlier[..<(tags.count - 1)] where areFine && other.count == item.count {
                        areFine = memcmp(base + other.lowerBound, base + item.lowerBound, item.count) != 0
                    }
                    earlier.initializeElement(at: tags.count - 1, to: item)
                }
            }
            if areFine && tags.count > pairwiseLimit {
                areFine = tags.allSatisfy(isValidTag) && Set(tags).count == tags.count
            }
            return (tags, areFine)
        }
    }

    static func isValidTag(_ tag: String) -> Bool {
        isValidTag(bytes: tag.utf8)
    }

    private static func isValidTag<Bytes: Collection<UInt8>>(bytes tag: Bytes) -> Bool {
        guard let first = tag.first, tag.count <= 128, first != UInt8(ascii: "."), first != UInt8(ascii: "-") else {
            return false
        }
        return tag.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
    }

    static func isValidCommit(_ commit: String) -> Bool {
        var commit = commit
        return commit.withUTF8(isValidCommit(bytes:))
    }

    /// ``isValidCommit(_:)`` on a value's bytes: at most 64 lowercase hex digits.
    static func isValidCommit(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count <= 64 && bytes.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
        }
    }

    static func isValidGitFetch(_ ref: String) -> Bool {
        var text = ref
        if let answer = text.withUTF8(isValidASCIIGitFetch) { return answer }
        let prefixes = ["refs/heads/", "refs/tags/"]
        guard let prefix = prefixes.first(where: ref.hasPrefix) else { return false }
        let rest = ref.dropFirst(prefix.count)
        return !rest.isEmpty && !rest.contains(where: { $0 == "*" || $0 == "?" || $0 == ":" || $0 == " " })
    }

    private static let gitFetchPrefixes = [Array("refs/heads/".utf8), Array("refs/tags/".utf8)]

    /// `isValidGitFetch` on the bytes of an ASCII ref; nil for any other. In ASCII every byte
    /// is a `Character` but `\r\n`, which is neither a character that is refused nor one a
    /// prefix (ending in `/`) could absorb.
    private static func isValidASCIIGitFetch(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard let prefix = gitFetchPrefixes.first(where: { bytes.starts(with: $0) }) else { return false }
        let rest = bytes[prefix.count...]
        return !rest.isEmpty && !rest.contains(where: {
            $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: " ")
        })
    }

    /// `Name <email> (@handle)`, the address being optional, as bashbrew accepts it.
    static func isWellFormedMaintainer(_ maintainer: String) -> Bool {
        var text = maintainer
        if let answer = text.withUTF8(isWellFormedASCIIMaintainer) { return answer }
        guard maintainer.hasSuffix(")"), let open = maintainer.range(of: " (@", options: .backwards) else { return false }
        let handle = maintainer[open.upperBound..<maintainer.index(before: maintainer.endIndex)]
        var name = maintainer[..<open.lowerBound].trimmingWhitespace()
        if name.hasSuffix(">") {
            guard let emailStart = name.lastIndex(of: "<") else { return false }
            let email = name[name.index(after: emailStart)..<name.index(before: name.endIndex)]
            guard !email.isEmpty, !email.contains(where: { $0 == " " || $0 == "<" || $0 == "(" }) else { return false }
            name = name[..<emailStart].trimmingWhitespace()
        }
        let forbidden: (Character) -> Bool = { "<>()".contains($0) }
        return !name.isEmpty && !name.contains(where: forbidden)
            && !handle.isEmpty && !handle.contains(where: { forbidden($0) || $0 == " " || $0 == "@" })
    }

    /// `isWellFormedMaintainer` on the bytes, for a maintainer of ASCII bytes other than `\r`
    /// (in which each byte is one `Character`); nil for any other.
    private static func isWellFormedASCIIMaintainer(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
        let marker: [UInt8] = [0x20, UInt8(ascii: "("), UInt8(ascii: "@")]
        guard bytes.last == UInt8(ascii: ")"), bytes.count >= 3,
              let open = stride(from: bytes.count - 3, through: 0, by: -1).first(where: { bytes[$0..<($0 + 3)].elementsEqual(marker) })
        else { return false }
        let handle = bytes[(open + 3)..<(bytes.count - 1)]
        var name = LibraryParagraph.trimmingWhitespace(0..<open, in: bytes)
        if let last = name.last, bytes[last] == UInt8(ascii: ">") {
            guard let emailStart = name.last(where: { bytes[$0] == UInt8(ascii: "<") }) else { return false }
            let email = bytes[(emailStart + 1)..<last]
            guard !email.isEmpty,
                  !email.contains(where: { $0 == 0x20 || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "(") }) else { return false }
            name = LibraryParagraph.trimmingWhitespace(name.lowerBound..<emailStart, in: bytes)
        }
        let forbidden: (UInt8) -> Bool = {
            $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")")
        }
        return !name.isEmpty && !name.contains(where: { forbidden(bytes[$0]) })
            && !handle.isEmpty && !handle.contains(where: { forbidden($0) || $0 == 0x20 || $0 == UInt8(ascii: "@") })
    }

    static func isASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }
}
