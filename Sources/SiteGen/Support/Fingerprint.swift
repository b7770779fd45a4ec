import Foundation

/// A 64-bit FNV-1a hash, fed piece by piece: how sitegen tells whether an input or an output
/// changed (build manifest) and names fingerprinted assets.
///
/// Not a cryptographic hash: it guards against accidents (a changed file looking unchanged
/// has a chance of about 1 in 10^19), not against someone crafting collisions, which would
/// gain them nothing but a stale page.
public struct Fingerprint: Sendable, Hashable {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        var hash = value
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        value = hash
    }

    /// Adds `data` a word at a time, then its length: one multiply per eight bytes where
    /// `add(bytes:)` does one per byte, for whole files, and a different value for the same
    /// bytes (so do not mix the two for one purpose).
    public mutating func add(words data: Data) {
        data.withUnsafeBytes { add(words: $0) }
    }

    /// Whole 32-byte blocks go into four lanes, one word each, which ``Lanes/fold(into:)``
    /// then folds into the hash; the bytes after the last block go in a word at a time, then
    /// one by one, then the length. The four lanes' multiplies do not wait for each other,
    /// where a single chain through every word of a site's 36 MB waits on each multiply in turn.
    public mutating func add(words buffer: UnsafeRawBufferPointer) {
        var lanes = Lanes(value)
        let blocks = buffer.count / 32
        for block in 0..<blocks {
            lanes.add(buffer, at: block * 32)
        }
        var hash = lanes.fold(into: value)
        Self.addRest(UnsafeRawBufferPointer(rebasing: buffer[(blocks * 32)...]), to: &hash)
        hash ^= UInt64(buffer.count)
        hash &*= 0x0000_0100_0000_01B3
        value = hash
    }

    /// One step of the word-wise hash.
    @inline(__always)
    fileprivate static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        var hash = (hash ^ word) &* 0x0000_0100_0000_01B3
        // A multiply carries bits upwards only; fold the high half down so every byte of a
        // word reaches every bit of the result.
        hash ^= hash >> 32
        return hash
    }

    /// Fewer than 32 bytes after the last block: whole words, then single bytes.
    fileprivate static func addRest(_ rest: UnsafeRawBufferPointer, to hash: inout UInt64) {
        let words = rest.count / 8
        for index in 0..<words {
            hash = mix(hash, rest.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
        }
        for byte in rest[(words * 8)...] {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
    }

    /// The four running hashes of the 32-byte blocks.
    fileprivate struct Lanes: Sendable {
        var first: UInt64, second: UInt64, third: UInt64, fourth: UInt64

        init(_ seed: UInt64) {
            first = seed
            second = seed ^ 0x9E37_79B9_7F4A_7C15
            third = seed ^ 0xC2B2_AE3D_27D4_EB4F
            fourth = seed ^ 0x1656_67B1_9E37_79F9
        }

        @inline(__always)
        mutating func add(_ buffer: UnsafeRawBufferPointer, at offset: Int) {
            first = Fingerprint.mix(first, buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            second = Fingerprint.mix(second, buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            third = Fingerprint.mix(third, buffer.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
            fourth = Fingerprint.mix(fourth, buffer.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
        }

        func fold(into hash: UInt64) -> UInt64 {
            Fingerprint.mix(Fingerprint.mix(Fingerprint.mix(Fingerprint.mix(hash, first), second), third), fourth)
        }
    }

    /// The word-wise fingerprint of bytes that come in pieces: the same value as
    /// ``ofContents(_:)`` of the pieces joined, without joining them.
    public static func ofContents(pieces: [[UInt8]]) -> Fingerprint {
        var stream = Stream()
        for piece in pieces {
            piece.withUnsafeBytes { stream.add($0) }
        }
        return stream.fingerprint
    }

    /// ``ofContents(_:)`` of bytes handed over a piece at a time, as a file is written: the
    /// same value as for the pieces joined.
    public struct Stream: Sendable {
        private var lanes = Lanes(Fingerprint().value)
        /// The bytes of a block begun by the last piece (fewer than 32).
        private var pending: [UInt8] = []
        private var total = 0

        public init() {}

        public mutating func add(_ buffer: UnsafeRawBufferPointer) {
            total += buffer.count
            var index = 0
            if !pending.isEmpty {
                let taken = min(32 - pending.count, buffer.count)
                pending.append(contentsOf: buffer[0..<taken])
                index = taken
                guard pending.count == 32 else { return }
                pending.withUnsafeBytes { lanes.add($0, at: 0) }
                pending.removeAll(keepingCapacity: true)
            }
            while index + 32 <= buffer.count {
                lanes.add(buffer, at: index)
                index += 32
            }
            pending.append(contentsOf: buffer[index...])
        }

        /// The fingerprint of everything added.
        public var fingerprint: Fingerprint {
            var hash = lanes.fold(into: Fingerprint().value)
            pending.withUnsafeBytes { Fingerprint.addRest($0, to: &hash) }
            hash ^= UInt64(total)
            hash &*= 0x0000_0100_0000_01B3
            var fingerprint = Fingerprint()
            fingerprint.value = hash
            return fingerprint
        }
    }

    /// The fingerprint of a whole file's bytes (the word-wise form): what the manifest records
    /// for every file of the site.
    public static func ofContents(_ bytes: [UInt8]) -> Fingerprint {
        var fingerprint = Fingerprint()
        bytes.withUnsafeBytes { fingerprint.add(words: $0) }
        return fingerprint
    }

    /// The same for part of a file's bytes: the value ``ofContents(_:)`` gives those bytes
    /// copied out.
    public static func ofContents(_ bytes: ArraySlice<UInt8>) -> Fingerprint {
        var fingerprint = Fingerprint()
        bytes.withUnsafeBytes { fingerprint.add(words: $0) }
        return fingerprint
    }

    /// Adds `text` and a separator, so ("ab", "c") and ("a", "bc") differ. A word at a time
    /// (``add(words:)``, which also adds the length): the docs texts a build fingerprints run
    /// to megabytes, and a byte at a time through the UTF-8 view is an index step and a
    /// multiply for every byte of them.
    public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(words: UnsafeRawBufferPointer($0)) }
        add(bytes: CollectionOfOne(0))
    }

    /// Adds a 64-bit value (another fingerprint, say) as its eight little-endian bytes.
    public mutating func add(_ word: UInt64) {
        var hash = value
        for shift in stride(from: 0, to: 64, by: 8) {
            hash ^= (word >> UInt64(shift)) & 0xff
            hash &*= 0x0000_0100_0000_01B3
        }
        value = hash
    }

    /// Sixteen lowercase hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The fingerprint of `bytes` alone.
    public static func of<Bytes: Sequence>(_ bytes: Bytes) -> Fingerprint where Bytes.Element == UInt8 {
        var fingerprint = Fingerprint()
        fingerprint.add(bytes: bytes)
        return fingerprint
    }
}
