/// The line-based library-file formats used before the RFC 2822 one (until about 2016), read
/// into the same ``LibraryFile`` and ``Entry`` values, as bashbrew reads both.
///
/// One tag a line, `#` starting a comment:
/// - `tag: url@commit [directory]` (2014–2016), e.g.
///   `3.4.1: git://github.com/docker-library/docker-python@10eb8b1b… 3`;
/// - `tag url [C:commit | B:branch]` (2013, whitespace-separated), where no commit means the
///   repository's default branch, kept as `HEAD`.
///
/// Lines naming the same repository, commit and directory become one entry with their tags in
/// file order; every entry is `amd64` only and builds `Dockerfile`. `# maintainer: …` comments
/// give the maintainers.
enum LegacyLibraryFile {
    /// Whether `text` is in a line-based format: its first line that is not blank or a comment
    /// is a tag line (an RFC 2822 file starts with a field such as `Maintainers:`).
    static func looksLegacy(_ text: String) -> Bool {
        // Only the first such line is looked at: the rest of the text is not even split.
        let utf8 = Substring(text).utf8
        var start = utf8.startIndex
        while start < utf8.endIndex {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            let trimmed = Substring(utf8[start..<end]).trimmingWhitespace()
            if !trimmed.isEmpty && !trimmed.hasPrefix("#") { return tagLine(trimmed) != nil }
            start = end == utf8.endIndex ? end : utf8.index(after: end)
        }
        return false
    }

    /// The lines of `text`, split on the `\n` byte (a `\r` before it is trimmed with the
    /// other whitespace), lazily.
    private static func lines(of text: String) -> LazyMapSequence<[Substring.UTF8View], Substring> {
        let utf8 = Substring(text).utf8
        return utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).lazy.map { Substring($0) }
    }

    /// Parses `text`; the file comes back only when every line that is not blank or a comment
    /// is a tag line. Errors name the line.
    static func parse(_ text: String, name: String, path: String) -> (file: LibraryFile?, diagnostics: [Diagnostic]) {
        var groups: [(source: Source, tags: [String], line: Int)] = []
        var groupIndex: [Source: Int] = [:]
        var seenTags: Set<String> = []
        var maintainers: [String] = []
        var problems: [Diagnostic] = []
        for (offset, rawLine) in lines(of: text).enumerated() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                if let maintainer = maintainerComment(line) { maintainers.append(maintainer) }
                continue
            }
            guard let (tag, source) = tagLine(line) else {
                problems.append(.error("library.legacy-syntax", file: path, line: offset + 1,
                                       "expected `tag: repository@commit [directory]`, found `\(line.prefix(80))`",
                                       hint: "a line-based library file lists one tag a line; `#` starts a comment"))
                continue
            }
            // bashbrew refuses a tag listed twice; history keeps its first line.
            guard seenTags.insert(tag).inserted else { continue }
            if let index = groupIndex[source] {
                groups[index].tags.append(tag)
            } else {
                groupIndex[source] = groups.count
                groups.append((source, [tag], offset + 1))
            }
        }
        if !problems.isEmpty { return (nil, problems) }
        let entries = groups.map { group in
            Entry(tags: group.tags, sharedTags: [], architectures: [.amd64], gitRepo: group.source.repository,
                  gitFetch: group.source.fetch, gitCommit: group.source.commit, directory: group.source.directory,
                  file: "Dockerfile", maintainers: maintainers, line: group.line)
        }
        return (LibraryFile(name: name, path: path, maintainers: maintainers, entries: entries), [])
    }

    /// Where a tag line's image is built from.
    private struct Source: Hashable {
        let repository: String
        let fetch: String
        let commit: String
        let directory: String
    }

    /// The tag and source of one line in either format; nil when it is neither.
    private static func tagLine(_ line: Substring) -> (tag: String, source: Source)? {
        var words = line.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }).map { Substring($0) }
        if let comment = words.firstIndex(where: { $0.hasPrefix("#") }) { words.removeSubrange(comment...) }
        guard let first = words.first else { return nil }
        // (Searched on the UTF-8 bytes: the marks are ASCII, so each index found is a
        // character boundary of the line.)
        if let colon = first.utf8.firstIndex(of: UInt8(ascii: ":")) {
            // `tag: url@commit [directory]`; the colon may touch the URL (`tag:url@commit`).
            let tag = first[..<colon]
            var rest = Array(words.dropFirst())
            let touching = first[first.index(after: colon)...]
            if !touching.isEmpty { rest.insert(touching, at: 0) }
            guard isTag(tag), !isRFCField(tag), (1...2).contains(rest.count),
                  let at = rest[0].utf8.lastIndex(of: UInt8(ascii: "@")), rest[0].utf8.contains(UInt8(ascii: "/")) else { return nil }
            let repository = rest[0][..<at], commit = rest[0][rest[0].index(after: at)...]
            guard !repository.isEmpty, !commit.isEmpty else { return nil }
            let directory = rest.count == 2 ? PathCleaner.clean(String(rest[1])) : "."
            return (String(tag), Source(repository: String(repository), fetch: "refs/heads/master",
                                        commit: String(commit), directory: directory))
        }
        // `tag url [C:commit | B:branch]`
        guard isTag(first), (2...3).contains(words.count), words[1].contains("://") else { return nil }
        var commit = "HEAD", fetch = "refs/heads/master"
        if words.count == 3 {
            let reference = words[2]
            if reference.hasPrefix("C:") {
                commit = String(reference.dropFirst(2))
            } else if reference.hasPrefix("B:") {
                // A branch stands in for the commit: a source link can name a branch as well.
                commit = String(reference.dropFirst(2))
                fetch = "refs/heads/" + commit
            } else {
                return nil
            }
            guard !commit.isEmpty else { return nil }
        }
        return (String(first), Source(repository: String(words[1]), fetch: fetch, commit: commit, directory: "."))
    }

    /// A Docker tag: letters, digits, `_`, `.` and `-`, not starting with `.` or `-`.
    private static func isTag(_ word: Substring) -> Bool {
        guard let first = word.utf8.first, first != UInt8(ascii: "."), first != UInt8(ascii: "-"), word.utf8.count <= 128 else {
            return false
        }
        return word.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
    }

    private static func isRFCField(_ word: Substring) -> Bool {
        // Field names are letters and dashes: a tag with any other byte (most: `3.4.1`) is none.
        guard word.utf8.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 == UInt8(ascii: "-") }) else { return false }
        return LibraryFile.Field.byLowercasedName[word.lowercased()] != nil
    }

    /// `# maintainer: Name <email> (@github)` → `Name <email> (@github)`.
    private static func maintainerComment(_ line: Substring) -> String? {
        let body = line.drop { $0 == "#" || $0 == " " }
        guard body.lowercased().hasPrefix("maintainer:") else { return nil }
        let name = body.dropFirst("maintainer:".count).trimmingWhitespace()
        return name.isEmpty ? nil : String(name)
    }
}
