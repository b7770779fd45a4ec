/// Escaping for text and attribute values we put into pages ourselves.
public enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attributes.
    ///
    /// Works on UTF-8 bytes: every page value passes through here (templates escape with it,
    /// see ``SitegenHTMLContentType``), and a byte loop is several times faster than one over
    /// `Character`s. The five bytes are ASCII, so they never occur inside a multi-byte scalar.
    public static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.firstIndex(where: isSpecial) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            out.append(contentsOf: bytes[..<first])
            for byte in bytes[first...] {
                switch byte {
                case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])        // &amp;
                case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])              // &lt;
                case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])              // &gt;
                case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
                case 0x27: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])        // &#39;
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }

    /// The same escaping, appended to a byte buffer (the compiled templates' output).
    ///
    /// Reads the string's storage in place: a `var` copy for `withUTF8` retained and released
    /// it on every value a template writes.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ appendEscaped(bytes: $0, to: &out) }) == nil {
            var text = text
            text.withUTF8 { appendEscaped(bytes: $0, to: &out) }
        }
    }

    private static func appendEscaped(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var start = 0
        for index in bytes.indices {
            let entity: StaticString
            switch bytes[index] {
            case 0x26: entity = "&amp;"
            case 0x3C: entity = "&lt;"
            case 0x3E: entity = "&gt;"
            case 0x22: entity = "&quot;"
            case 0x27: entity = "&#39;"
            default: continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            out.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
            start = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
    }

    /// Only http(s) and mailto addresses, and relative ones, may become links we write
    /// ourselves (from metadata such as `github-repo`); anything else (`javascript:`) is dropped.
    public static func isSafeURL(_ url: String) -> Bool {
        let lowered = url.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") || lowered.hasPrefix("mailto:") { return true }
        guard let colon = lowered.firstIndex(of: ":") else { return true }
        // A colon after a slash, `?` or `#` is part of a path, not a scheme.
        return lowered[..<colon].contains { $0 == "/" || $0 == "?" || $0 == "#" }
    }
}
