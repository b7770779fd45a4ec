import Foundation

/// Where an entry's Dockerfile can be read on the web, by docker-library's rule.
///
/// The repository address is normalised first (`git://` becomes `https://`, one trailing
/// `.git` goes), then GitHub, GitLab and Launchpad each get their own address form. Other hosts
/// have no known form; their tags are shown without a link.
public enum DockerfileLinks {
    /// The Dockerfile of `entry` as built for `architecture` (default: the entry's
    /// ``Entry/linkArchitecture``), or nil when the host is not one we know.
    public static func url(for entry: Entry, architecture: Architecture? = nil) -> String? {
        // Most entries override nothing per architecture: their own fields, without five
        // dictionary look-ups (this runs for every entry on the README and on three pages).
        guard entry.overrides.isEmpty else {
            let architecture = architecture ?? entry.linkArchitecture
            return url(repository: entry.gitRepo(for: architecture), commit: entry.gitCommit(for: architecture),
                       fetch: entry.gitFetch(for: architecture),
                       directory: entry.directory(for: architecture), file: entry.file(for: architecture))
        }
        return url(repository: entry.gitRepo, commit: entry.gitCommit, fetch: entry.gitFetch,
                   directory: entry.directory, file: entry.file)
    }

    /// The address of `path` at `commit` in `repository`.
    public static func url(repository: String, commit: String, fetch: String, path: String) -> String? {
        if let found = asciiURL(repository: repository, commit: commit, fetch: fetch, directory: nil, file: path) { return found }
        return generalURL(repository: repository, commit: commit, fetch: fetch, path: path)
    }

    /// ``url(repository:commit:fetch:path:)`` for the path ``Entry/dockerfilePath(for:)``
    /// makes of `directory` and `file`, without making it first.
    static func url(repository: String, commit: String, fetch: String, directory: String, file: String) -> String? {
        if let found = asciiURL(repository: repository, commit: commit, fetch: fetch, directory: directory, file: file) { return found }
        let path = directory == "." ? file : "\(directory)/\(file)"
        return generalURL(repository: repository, commit: commit, fetch: fetch, path: path)
    }

    /// The rule as written, for any repository text.
    private static func generalURL(repository: String, commit: String, fetch: String, path: String) -> String? {
        let base = webBase(of: repository)
        if base.hasPrefix("https://github.com/") {
            return "\(base)/blob/\(commit)/\(path)"
        }
        // Any host named gitlab.* is taken to be a GitLab instance.
        if base.hasPrefix("https://gitlab.") {
            return "\(base)/-/blob/\(commit)/\(path)"
        }
        if base.hasPrefix("https://git.launchpad.net/") {
            return "\(base)/tree/\(path)?h=\(fetch)&id=\(commit)"
        }
        return nil
    }

    /// The usual case, an ASCII repository address without `git://`, on bytes: `.some(nil)`
    /// for an unknown host, nil when the general rule must decide. For ASCII text,
    /// `hasPrefix`, `hasSuffix` and `removeLast(4)` see exactly the bytes, so this gives what
    /// ``generalURL(repository:commit:fetch:path:)`` gives. `directory` nil: `file` is the
    /// whole path. (Built as bytes in one buffer: string appends and interpolation, part by
    /// part, cost more than the rule itself, and this runs for every tag on the tag pages.)
    private static func asciiURL(repository: String, commit: String, fetch: String,
                                 directory: String?, file: String) -> String?? {
        var repository = repository
        let directory = directory == "." ? nil : directory
        let bytes = repository.withUTF8 { repo -> [UInt8]?? in
            guard repo.allSatisfy({ $0 < 0x80 }), ByteSearch.find(gitScheme, in: repo, from: 0) == nil else { return nil }
            var length = repo.count
            if length >= dotGit.count, repo.reversed().starts(with: dotGit.reversed()) { length -= dotGit.count }
            let base = UnsafeBufferPointer(rebasing: repo[..<length])
            let pathCount = (directory.map { $0.utf8.count + 1 } ?? 0) + file.utf8.count
            var url: [UInt8] = []
            func appendPath() {
                if let directory {
                    url += directory.utf8
                    url.append(UInt8(ascii: "/"))
                }
                url += file.utf8
            }
            if base.starts(with: github) || base.starts(with: gitlab) {
                let blob = base.starts(with: github) ? "/blob/" : "/-/blob/"
                url.reserveCapacity(length + blob.utf8.count + commit.utf8.count + 1 + pathCount)
                url += base
                url += blob.utf8
                url += commit.utf8
                url.append(UInt8(ascii: "/"))
                appendPath()
            } else if base.starts(with: launchpad) {
                url.reserveCapacity(length + 6 + pathCount + 3 + fetch.utf8.count + 4 + commit.utf8.count)
                url += base
                url += "/tree/".utf8
                appendPath()
                url += "?h=".utf8
                url += fetch.utf8
                url += "&id=".utf8
                url += commit.utf8
            } else {
                return .some(nil)
            }
            return .some(url)
        }
        // Whole strings and an ASCII cut of one: valid UTF-8 together.
        return bytes.map { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    private static let gitScheme = Array("git://".utf8)
    private static let dotGit = Array(".git".utf8)
    private static let github = Array("https://github.com/".utf8)
    private static let gitlab = Array("https://gitlab.".utf8)
    private static let launchpad = Array("https://git.launchpad.net/".utf8)

    /// `git://host/x.git` → `https://host/x`.
    public static func webBase(of repository: String) -> String {
        // Every occurrence, as Go's strings.Replace with n = -1 (bashbrew's `replace`).
        var base = ByteSearch.replacingAll("git://", with: "https://", in: repository)
        if base.hasSuffix(".git") { base.removeLast(4) }
        return base
    }
}
