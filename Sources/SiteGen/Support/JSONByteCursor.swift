/// A position in JSON text held as bytes: what the byte-level readers of the registry data
/// file (``RegistryDataSections``' scan and ``RegistryImageDecoder``) share.
protocol JSONByteCursor {
    var bytes: UnsafeBufferPointer<UInt8> { get }
    var index: Int { get set }
}

extension JSONByteCursor {
    /// JSON's whitespace: space, line feed, carriage return, tab; nothing else.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Skips whitespace; runs of spaces (a pretty-printed file's indentation, a good part of
    /// its bytes) eight at a time.
    mutating func skipSpace() {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20, index + 8 <= bytes.count, let base = bytes.baseAddress,
               UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) == 0x2020_2020_2020_2020 {
                index += 8
                continue
            }
            guard Self.isSpace(byte) else { return }
            index += 1
        }
    }

    /// Whether only whitespace is left.
    var atEnd: Bool {
        mutating get {
            skipSpace()
            return index == bytes.count
        }
    }
}
