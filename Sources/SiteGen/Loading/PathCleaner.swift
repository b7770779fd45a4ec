/// Lexical path clean-up, as Go's `path.Clean` does it (which is what bashbrew applies to
/// `Directory`): repeated slashes collapse, `.` parts vanish, `x/..` cancels, a trailing slash
/// goes, and an empty result is `.`. Nothing touches the file system.
enum PathCleaner {
    static func clean(_ path: String) -> String {
        // Nearly every path handed in (each entry's Directory, each output path) is clean
        // already; one pass over the bytes spares splitting and joining it.
        if isClean(path) { return path }
        let isAbsolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".":
                continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !isAbsolute {
                    parts.append(part)
                }
            default:
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if isAbsolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Whether `clean` gives `path` back unchanged, for the common relative case: `.`, or
    /// parts separated by single slashes, none of them `.` or `..`, no slash at either end.
    /// (False for some clean paths, such as absolute ones; `clean` then does the full work.)
    ///
    /// Checked on the bytes, although `clean` splits `Character`s: a `/` byte that a
    /// neighbouring scalar joins into a larger `Character` only merges two parts into one
    /// that contains a slash, which is neither `.` nor `..`, and the parts joined again are
    /// still `path`.
    static func isClean(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            let slash = UInt8(ascii: "/")
            let dot = UInt8(ascii: ".")
            if bytes.count == 1 && bytes[0] == dot { return true }
            guard let first = bytes.first, let last = bytes.last, first != slash, last != slash else { return false }
            var partStart = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == slash {
                switch index - partStart {
                case 0: return false
                case 1 where bytes[partStart] == dot: return false
                case 2 where bytes[partStart] == dot && bytes[partStart + 1] == dot: return false
                default: break
                }
                partStart = index + 1
            }
            return true
        }
    }
}
