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

    /// Adds `text` and a separator, so ("ab", "c") and ("a", "bc") differ.
    public mutating func add(_ text: String) {
        add(bytes: text.utf8)
        add(bytes: [0])
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
