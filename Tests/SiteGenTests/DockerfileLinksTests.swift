import Testing
@testable import SiteGen

private let commitA = "0123456789abcdef0123456789abcdef01234567"
private let commitB = "89abcdef0123456789abcdef0123456789abcdef"
private let commitC = "fedcba9876543210fedcba9876543210fedcba98"

private func entry(repo: String = "https://github.com/docker-library/demo.git", fetch: String = "refs/heads/master",
                   commit: String = commitA, directory: String = "1.0", file: String = "Dockerfile",
                   architectures: [String] = ["amd64"],
                   overrides: [String: ArchitectureOverride] = [:]) -> Entry {
    Entry(tags: ["1.0"], sharedTags: [], architectures: architectures.map(Architecture.init),
          gitRepo: repo, gitFetch: fetch, gitCommit: commit, directory: directory, file: file,
          overrides: overrides.reduce(into: [:]) { $0[Architecture($1.key)] = $1.value }, line: 3)
}

/// The entries of a small library file (parsed, so Architectures come sorted as bashbrew sorts them).
private func parsedEntries(_ entries: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Entry] {
    let text = "Maintainers: Demo Person <demo@example.com> (@demo)\nGitRepo: https://github.com/docker-library/demo.git\n"
        + "GitCommit: \(commitA)\n\n" + entries
    let parsed = LibraryFile.parse(text, name: "demo", path: "library/demo")
    #expect(parsed.diagnostics.filter { $0.severity == .error }.isEmpty, "\(parsed.diagnostics)", sourceLocation: sourceLocation)
    return try #require(parsed.file, sourceLocation: sourceLocation).entries
}

@Suite("DockerfileLinks")
struct DockerfileLinksTests {
    @Test("GitHub: <repo>/blob/<commit>/<path>, one trailing .git trimmed")
    func gitHub() {
        #expect(DockerfileLinks.url(repository: "https://github.com/docker-library/python.git", commit: commitA,
                                    fetch: "refs/heads/master", path: "3.13/slim-bookworm/Dockerfile")
            == "https://github.com/docker-library/python/blob/\(commitA)/3.13/slim-bookworm/Dockerfile")
        #expect(DockerfileLinks.url(repository: "https://github.com/docker-library/python", commit: commitA,
                                    fetch: "refs/heads/master", path: "Dockerfile")
            == "https://github.com/docker-library/python/blob/\(commitA)/Dockerfile")
    }

    @Test(".git is trimmed once only")
    func gitTrimmedOnce() {
        #expect(DockerfileLinks.webBase(of: "https://github.com/x/y.git.git") == "https://github.com/x/y.git")
        #expect(DockerfileLinks.url(repository: "https://github.com/x/y.git.git", commit: commitA, fetch: "", path: "Dockerfile")
            == "https://github.com/x/y.git/blob/\(commitA)/Dockerfile")
        #expect(DockerfileLinks.webBase(of: "https://github.com/x/y.github") == "https://github.com/x/y.github")
    }

    @Test("git:// becomes https://")
    func gitScheme() {
        #expect(DockerfileLinks.webBase(of: "git://github.com/x/y.git") == "https://github.com/x/y")
        #expect(DockerfileLinks.url(repository: "git://github.com/x/y.git", commit: commitA, fetch: "", path: "a/Dockerfile")
            == "https://github.com/x/y/blob/\(commitA)/a/Dockerfile")
    }

    @Test("GitLab (any https://gitlab.* host): <repo>/-/blob/<commit>/<path>")
    func gitLab() {
        #expect(DockerfileLinks.url(repository: "https://gitlab.archlinux.org/archlinux/archlinux-docker.git", commit: commitA,
                                    fetch: "refs/tags/v20250101.0.300000", path: "Dockerfile.base")
            == "https://gitlab.archlinux.org/archlinux/archlinux-docker/-/blob/\(commitA)/Dockerfile.base")
        #expect(DockerfileLinks.url(repository: "https://gitlab.com/group/project.git", commit: commitA, fetch: "",
                                    path: "x/Dockerfile")
            == "https://gitlab.com/group/project/-/blob/\(commitA)/x/Dockerfile")
    }

    @Test("Launchpad: <repo>/tree/<path>?h=<GitFetch as written>&id=<commit>")
    func launchpad() {
        #expect(DockerfileLinks.url(repository: "https://git.launchpad.net/cloud-images/+oci/ubuntu-base", commit: commitA,
                                    fetch: "refs/tags/dist-noble-amd64-20250101", path: "oci/Dockerfile")
            == "https://git.launchpad.net/cloud-images/+oci/ubuntu-base/tree/oci/Dockerfile?h=refs/tags/dist-noble-amd64-20250101&id=\(commitA)")
        #expect(DockerfileLinks.url(repository: "https://git.launchpad.net/x.git", commit: commitA, fetch: "refs/heads/main", path: "Dockerfile")
            == "https://git.launchpad.net/x/tree/Dockerfile?h=refs/heads/main&id=\(commitA)")
    }

    @Test("any other host has no link")
    func otherHost() {
        for repository in ["https://bitbucket.org/x/y.git", "https://example.com/github.com/x.git", "https://gitlabx.com/x/y.git",
                           "http://github.com/x/y.git", "https://codeberg.org/x/y.git", "https://git.launchpad.net.example/x"] {
            #expect(DockerfileLinks.url(repository: repository, commit: commitA, fetch: "refs/heads/master", path: "Dockerfile") == nil,
                    "\(repository)")
        }
        #expect(DockerfileLinks.url(for: entry(repo: "https://example.com/demo.git")) == nil)
    }

    @Test("Directory `.` gives just the file name; another directory is joined with a slash")
    func directory() throws {
        #expect(DockerfileLinks.url(for: entry(directory: ".", file: "Dockerfile.alpine"))
            == "https://github.com/docker-library/demo/blob/\(commitA)/Dockerfile.alpine")
        #expect(DockerfileLinks.url(for: entry(directory: "1.0/alpine"))
            == "https://github.com/docker-library/demo/blob/\(commitA)/1.0/alpine/Dockerfile")

        let entries = try parsedEntries("Tags: a\nDirectory: ./\n\nTags: b\nDirectory: ./b/\n")
        #expect(entries.map { DockerfileLinks.url(for: $0) } == [
            "https://github.com/docker-library/demo/blob/\(commitA)/Dockerfile",
            "https://github.com/docker-library/demo/blob/\(commitA)/b/Dockerfile",
        ])
    }

    @Test("the amd64 override is used when the entry has amd64")
    func amd64Override() {
        let overrides = [
            "amd64": ArchitectureOverride(gitCommit: commitB, directory: "amd64"),
            "arm64v8": ArchitectureOverride(gitCommit: commitC, directory: "arm64"),
        ]
        let multi = entry(architectures: ["amd64", "arm64v8"], overrides: overrides)
        #expect(multi.linkArchitecture == .amd64)
        #expect(DockerfileLinks.url(for: multi) == "https://github.com/docker-library/demo/blob/\(commitB)/amd64/Dockerfile")
        #expect(DockerfileLinks.url(for: multi, architecture: Architecture("arm64v8"))
            == "https://github.com/docker-library/demo/blob/\(commitC)/arm64/Dockerfile")
        // An architecture without an override uses the entry's own fields.
        #expect(DockerfileLinks.url(for: multi, architecture: Architecture("s390x"))
            == "https://github.com/docker-library/demo/blob/\(commitA)/1.0/Dockerfile")
    }

    @Test("without amd64 the first architecture in sorted order is used (windows-amd64 for Windows-only entries)")
    func firstArchitecture() throws {
        let entries = try parsedEntries("""
            Tags: windows
            Architectures: windows-amd64
            windows-amd64-GitRepo: https://github.com/other/windows.git
            windows-amd64-GitCommit: \(commitB)
            windows-amd64-Directory: windows/ltsc2022/
            windows-amd64-File: Dockerfile.windows

            Tags: arm
            Architectures: windows-amd64, arm64v8
            arm64v8-GitCommit: \(commitC)
            windows-amd64-GitCommit: \(commitB)

            Tags: launchpad
            GitRepo: https://git.launchpad.net/demo
            Architectures: arm64v8, amd64
            GitFetch: refs/heads/main
            amd64-GitFetch: refs/tags/amd64-release
            arm64v8-GitFetch: refs/tags/arm64-release

            """)
        #expect(entries.count == 3)
        guard entries.count == 3 else { return }
        #expect(entries[0].linkArchitecture == Architecture("windows-amd64"))
        #expect(DockerfileLinks.url(for: entries[0])
            == "https://github.com/other/windows/blob/\(commitB)/windows/ltsc2022/Dockerfile.windows")
        #expect(entries[1].linkArchitecture == Architecture("arm64v8"))
        #expect(DockerfileLinks.url(for: entries[1]) == "https://github.com/docker-library/demo/blob/\(commitC)/Dockerfile")
        #expect(DockerfileLinks.url(for: entries[2])
            == "https://git.launchpad.net/demo/tree/Dockerfile?h=refs/tags/amd64-release&id=\(commitA)")
    }

    @Test("addresses that are not plain ASCII, or hold git://, follow the general rule")
    func generalRule() {
        // Built as the rule states it: normalise, then the host's form.
        func expected(_ repository: String, _ path: String, fetch: String = "refs/heads/main") -> String? {
            let base = DockerfileLinks.webBase(of: repository)
            if base.hasPrefix("https://github.com/") { return "\(base)/blob/\(commitA)/\(path)" }
            if base.hasPrefix("https://gitlab.") { return "\(base)/-/blob/\(commitA)/\(path)" }
            if base.hasPrefix("https://git.launchpad.net/") { return "\(base)/tree/\(path)?h=\(fetch)&id=\(commitA)" }
            return nil
        }
        let repositories = ["https://github.com/x/caf\u{E9}.git", "https://github.com/x/cafe\u{301}.git", "git://github.com/x/y.git",
                            "https://gitlab.example/\u{212A}", "https://git.launchpad.net/d\u{E9}mo.git", "https://example.org/x.git",
                            "https://github.com/x/y.git\u{301}", "https://github.com/.git", "https://gitlab..git", ".git", "",
                            "https://github.com/x/y.git", "https://gitlab.com/g/p", "https://git.launchpad.net/demo"]
        for repository in repositories {
            for (directory, file) in [(".", "Dockerfile"), ("1.0/sl\u{EE}m", "Dockerfile.w"), ("./x", "D")] {
                let path = directory == "." ? file : "\(directory)/\(file)"
                let url = DockerfileLinks.url(repository: repository, commit: commitA, fetch: "refs/heads/main", path: path)
                #expect(url.map { Array($0.utf8) } == expected(repository, path).map { Array($0.utf8) }, "\(repository) \(path)")
                let viaEntry = DockerfileLinks.url(for: entry(repo: repository, fetch: "refs/heads/main", directory: directory, file: file))
                #expect(viaEntry.map { Array($0.utf8) } == url.map { Array($0.utf8) }, "\(repository) \(path)")
            }
        }
    }
}
