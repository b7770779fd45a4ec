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
        let architecture = architecture ?? entry.linkArchitecture
        return url(repository: entry.gitRepo(for: architecture),
                   commit: entry.gitCommit(for: architecture),
                   fetch: entry.gitFetch(for: architecture),
                   path: entry.dockerfilePath(for: architecture))
    }

    /// The address of `path` at `commit` in `repository`.
    public static func url(repository: String, commit: String, fetch: String, path: String) -> String? {
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

    /// `git://host/x.git` → `https://host/x`.
    public static func webBase(of repository: String) -> String {
        // Every occurrence, as Go's strings.Replace with n = -1 (bashbrew's `replace`).
        var base = ByteSearch.replacingAll("git://", with: "https://", in: repository)
        if base.hasSuffix(".git") { base.removeLast(4) }
        return base
    }
}
