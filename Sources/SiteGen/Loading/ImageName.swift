/// What may name an image: the rule for a Docker repository name component, which also keeps
/// the name safe to use as a folder and a URL path segment.
enum ImageName {
    /// Lowercase letters and digits, with single `.`, `_` or `-` between them (`buildpack-deps`,
    /// `eclipse-temurin`); `__` is allowed as Docker allows it.
    static func isValid(_ name: String) -> Bool {
        guard name.utf8.count <= 128, let first = name.utf8.first, let last = name.utf8.last,
              isAlphanumeric(first), isAlphanumeric(last) else { return false }
        var previousWasSeparator = false
        for byte in name.utf8 {
            if isAlphanumeric(byte) {
                previousWasSeparator = false
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") {
                if previousWasSeparator && byte != UInt8(ascii: "_") { return false }
                previousWasSeparator = true
            } else {
                return false
            }
        }
        return true
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A)
    }
}
