/// Lexical path clean-up, as Go's `path.Clean` does it (which is what bashbrew applies to
/// `Directory`): repeated slashes collapse, `.` parts vanish, `x/..` cancels, a trailing slash
/// goes, and an empty result is `.`. Nothing touches the file system.
enum PathCleaner {
    static func clean(_ path: String) -> String {
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
}
