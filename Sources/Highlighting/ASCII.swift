extension Highlighter {
    /// Byte classes the lexers share.
    ///
    /// Lexers work on UTF-8 bytes. Every class here is either all ASCII or (for `isWordByte`)
    /// includes every byte from 0x80 up, so a token boundary can only fall before an ASCII byte
    /// or between whole characters, never inside a multi-byte character.
    enum ASCII {
        static let newline = UInt8(ascii: "\n")
        static let carriageReturn = UInt8(ascii: "\r")
        static let space = UInt8(ascii: " ")
        static let tab = UInt8(ascii: "\t")
        static let backslash = UInt8(ascii: "\\")
        static let doubleQuote = UInt8(ascii: "\"")
        static let singleQuote = UInt8(ascii: "'")
        static let hash = UInt8(ascii: "#")
        static let dollar = UInt8(ascii: "$")

        static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

        static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

        static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66) }

        /// Letters and underscore: what may start a name in most of these languages.
        static func isNameStart(_ byte: UInt8) -> Bool { isLetter(byte) || byte == UInt8(ascii: "_") }

        static func isNameByte(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }

        /// A name byte, or any byte of a non-ASCII character (identifiers may be written in any script).
        static func isWordByte(_ byte: UInt8) -> Bool { isNameByte(byte) || byte >= 0x80 }

        /// Space, tab, and carriage return: blanks within a line (a CRLF line's `\r` counts as blank).
        static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab || byte == carriageReturn }

        static func isWhitespace(_ byte: UInt8) -> Bool { isBlank(byte) || byte == newline || byte == 0x0C || byte == 0x0B }

        static func lowercased(_ byte: UInt8) -> UInt8 { isLetter(byte) ? byte | 0x20 : byte }
    }
}
