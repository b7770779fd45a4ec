/// Escaping for text and attribute values we put into pages ourselves.
public enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attributes.
    ///
    /// Works on UTF-8 bytes: every page value passes through here (templates escape with it,
    /// see ``SitegenHTMLContentType``), and a byte loop skips the grapheme breaking a loop over
    /// `Character`s does at every step. The five bytes are ASCII, so they never occur inside a
    /// multi-byte scalar.
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
    /// Reads the string's storage in place: a `var` copy for `withUTF8` would retain and
    /// release it on every value a template writes.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ appendEscaped(bytes: $0, to: &out) }) == nil {
            var text = text
            text.withUTF8 { appendEscaped(bytes: $0, to: &out) }
        }
    }

    /// Eight bytes at a time while none of them is special (most values have none at all), then
    /// byte by byte through the word that has one: this runs on every value a template
    /// escapes.
    private static func appendEscaped(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard let base = bytes.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var start = 0
        var index = 0
        func escape(upTo end: Int) {
            while index < end {
                if let entity = entity(for: base[index]) {
                    out.append(contentsOf: UnsafeBufferPointer(start: base + start, count: index - start))
                    out.append(contentsOf: UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount))
                    start = index + 1
                }
                index += 1
            }
        }
        while index + 8 <= count {
            if hasSpecialByte(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                escape(upTo: index + 8)
            } else {
                index += 8
            }
        }
        escape(upTo: count)
        out.append(contentsOf: UnsafeBufferPointer(start: base + start, count: count - start))
    }

    private static func entity(for byte: UInt8) -> StaticString? {
        switch byte {
        case 0x26: "&amp;"
        case 0x3C: "&lt;"
        case 0x3E: "&gt;"
        case 0x22: "&quot;"
        case 0x27: "&#39;"
        default: nil
        }
    }

    /// Whether any byte of `word` is one of the five (``ByteSearch/hasZeroByte(_:)`` of the
    /// word against each). `&` and `'` (0x26, 0x27) differ only in the lowest bit, `<` and `>`
    /// (0x3C, 0x3E) only in the second, so masking that bit tests each pair at once.
    @inline(__always)
    static func hasSpecialByte(_ word: UInt64) -> Bool {
        ByteSearch.hasZeroByte((word ^ ByteSearch.repeated(0x26)) & ByteSearch.repeated(0xFE))
            || ByteSearch.hasZeroByte((word ^ ByteSearch.repeated(0x3C)) & ByteSearch.repeated(0xFD))
            || ByteSearch.hasZeroByte(word ^ ByteSearch.repeated(0x22))
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
