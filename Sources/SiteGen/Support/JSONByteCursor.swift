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

    mutating func skipSpace() {
        while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
    }

    /// Whether only whitespace is left.
    var atEnd: Bool {
        mutating get {
            skipSpace()
            return index == bytes.count
        }
    }
}
