/// Escaping for text and attribute values we put into pages ourselves.
public enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attributes.
    public static func escape(_ text: String) -> String {
        var needsWork = false
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
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
