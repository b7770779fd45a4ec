/// The `Architectures` field: known names, read from the bytes, with each distinct list made once.
extension LibraryFileParser {
    /// The architectures of the list `value`, de-duplicated and sorted.
    static func architectures(in value: String) -> [Architecture] {
        Array(Set(list(value).map(Architecture.init))).sorted()
    }

    /// Every known architecture in byte order, at most 64 of them (one bit each in a
    /// `UInt64`; any beyond would take the general path, as unknown ones do).
    private static let knownArchitectures: [Architecture] = Array(LibraryFile.knownArchitectures.map(Architecture.init).sorted().prefix(64))
    /// Each of `knownArchitectures` as `packed` gives it, for matching an item with a few
    /// integer comparisons.
    private static let packedKnownArchitectures: [(low: UInt64, high: UInt64, count: Int)] = knownArchitectures.map { architecture in
        var name = architecture.name
        return name.withUTF8 { packed($0) } ?? (0, 0, -1)
    }

    /// Up to 16 bytes as two words, in order and padded with zeros, and their count; nil for
    /// more bytes (no known architecture has that many).
    private static func packed(_ bytes: UnsafeBufferPointer<UInt8>) -> (low: UInt64, high: UInt64, count: Int)? {
        guard bytes.count <= 16 else { return nil }
        var words: (low: UInt64, high: UInt64) = (0, 0)
        for (index, byte) in bytes.enumerated() {
            if index < 8 {
                words.low |= UInt64(byte) << (8 * UInt64(index))
            } else {
                words.high |= UInt64(byte) << (8 * UInt64(index - 8))
            }
        }
        return (words.low, words.high, bytes.count)
    }

    /// What `architectures(in: value)` gives, when every item of `value` is a known
    /// architecture and there is one at least; nil otherwise. Then there is nothing to report
    /// about the list, and it comes from a bit set in byte order, not from hashing and sorting
    /// strings. Matching bytes gives what matching `Character`s would: a known name is ASCII,
    /// so a list with any other byte has an item that matches none.
    mutating func knownArchitectures(in value: String) -> [Architecture]? {
        var set: UInt64 = 0
        var allKnown = true
        let known = Self.packedKnownArchitectures
        Self.forEachListItem(in: value) { item in
            guard allKnown else { return }
            if let key = Self.packed(item), let index = known.firstIndex(where: { $0 == key }) {
                set |= 1 << UInt64(index)
            } else {
                allKnown = false
            }
        }
        guard allKnown, set != 0 else { return nil }
        if let list = architectureLists[set] { return list }
        let list = Self.knownArchitectures.indices.filter { set & (1 << UInt64($0)) != 0 }.map { Self.knownArchitectures[$0] }
        architectureLists[set] = list
        return list
    }
}
