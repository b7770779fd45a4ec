/// Where in a file's bytes a problem is, as the line and column a person looks for, and values
/// quoted short enough to read in a diagnostic.
enum TextPosition {
    /// The 1-based line and column (in characters) of the first byte of `bytes` that is not
    /// part of valid UTF-8, or nil when all of it is valid. The offending byte is returned too.
    static func firstInvalidUTF8<Bytes: Collection>(in bytes: Bytes) -> (line: Int, column: Int, byte: UInt8)?
    where Bytes.Element == UInt8 {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        var line = 1
        var column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                if encoded.count == 1 && encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return nil
            case .error:
                let byte = bytes[bytes.index(bytes.startIndex, offsetBy: offset)]
                return (line, column, byte)
            }
        }
    }

    /// The 1-based line holding byte `offset` of `bytes` (the last line when it lies past the end).
    static func line<Bytes: Collection>(ofByte offset: Int, in bytes: Bytes) -> Int where Bytes.Element == UInt8 {
        var line = 1
        for byte in bytes.prefix(max(0, offset)) where byte == UInt8(ascii: "\n") {
            line += 1
        }
        return line
    }

    /// `value` for a diagnostic: whole when short, else its start, an ellipsis and its length,
    /// so a megabyte-long value does not become a megabyte-long message.
    static func short(_ value: some StringProtocol, limit: Int = 200) -> String {
        guard value.count > limit else { return String(value) }
        return "\(value.prefix(limit))… (\(value.count) characters)"
    }
}
