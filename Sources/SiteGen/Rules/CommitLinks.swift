/// Where a commit of the library's repository has a web page.
enum CommitLinks {
    /// The address a commit id is appended to, for a GitHub remote in any of the forms git
    /// takes (`https://github.com/o/r(.git)`, `git@github.com:o/r(.git)`,
    /// `ssh://git@github.com/o/r`, `git://github.com/o/r`); nil for any other remote.
    static func prefix(forRemote remote: String) -> String? {
        guard let range = remote.range(of: "github.com/") ?? remote.range(of: "github.com:") else { return nil }
        // The host itself, not a name ending in it (`notgithub.com`).
        if range.lowerBound > remote.startIndex, !"/@".contains(remote[remote.index(before: range.lowerBound)]) { return nil }
        var path = remote[range.upperBound...]
        if path.hasSuffix("/") { path = path.dropLast() }
        if path.hasSuffix(".git") { path = path.dropLast(4) }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ part in
            !part.isEmpty && part.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            }
        }) else { return nil }
        return "https://github.com/\(parts[0])/\(parts[1])/commit/"
    }
}
