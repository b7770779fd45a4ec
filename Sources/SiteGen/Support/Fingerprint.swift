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

    /// Adds `data` eight bytes at a time, then its length: several times faster than `add(bytes:)`
    /// for whole files, and a different value for the same bytes (so do not mix the two for
    /// one purpose).
    public mutating func add(words data: Data) {
        data.withUnsafeBytes { add(words: $0) }
    }

    public mutating func add(words buffer: UnsafeRawBufferPointer) {
        var hash = value
        let whole = buffer.count / 8
        for index in 0..<whole {
            hash ^= buffer.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
            hash &*= 0x0000_0100_0000_01B3
            // A multiply carries bits upwards only; fold the high half down so every
            // byte of a word reaches every bit of the result.
            hash ^= hash >> 32
        }
        for byte in buffer[(whole * 8)...] {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        hash ^= UInt64(buffer.count)
        hash &*= 0x0000_0100_0000_01B3
        value = hash
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
        private var hash = Fingerprint().value
        /// The bytes of a word begun by the last piece (at most seven).
        private var pending: UInt64 = 0
        private var pendingCount = 0
        private var total = 0

        public init() {}

        private mutating func word(_ value: UInt64) {
            hash ^= value
            hash &*= 0x0000_0100_0000_01B3
            hash ^= hash >> 32
        }

        public mutating func add(_ buffer: UnsafeRawBufferPointer) {
            total += buffer.count
            var index = 0
            // Top up a word begun by the previous piece (`pending` holds byte i at bits 8i...8i+7).
            while pendingCount > 0, index < buffer.count {
                pending |= UInt64(buffer[index]) << (8 * UInt64(pendingCount))
                pendingCount += 1
                index += 1
                if pendingCount == 8 {
                    // A word as `add(words:)` loads it: in the machine's byte order.
                    word(UInt64(littleEndian: pending))
                    pending = 0
                    pendingCount = 0
                }
            }
            while index + 8 <= buffer.count {
                word(buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                index += 8
            }
            while index < buffer.count {
                pending |= UInt64(buffer[index]) << (8 * UInt64(pendingCount))
                pendingCount += 1
                index += 1
            }
        }

        /// The fingerprint of everything added.
        public var fingerprint: Fingerprint {
            var hash = hash
            for index in 0..<pendingCount {
                hash ^= (pending >> (8 * UInt64(index))) & 0xFF
                hash &*= 0x0000_0100_0000_01B3
            }
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

    /// Adds `text` and a separator, so ("ab", "c") and ("a", "bc") differ.
    public mutating func add(_ text: String) {
        add(bytes: text.utf8)
        add(bytes: [0])
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
