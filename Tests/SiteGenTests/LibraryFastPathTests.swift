import Foundation
import Testing
@testable import SiteGen

/// The parser checks the common case on bytes and hands anything it does not handle to the
/// general code; these pin down the edges between the two.
@Suite struct LibraryFastPathTests {
    /// `identifier@line:column` of each diagnostic, in order.
    static func positions(_ text: String) -> [String] {
        LibraryFile.parse(text, name: "demo", path: "library/demo").diagnostics.map { diagnostic in
            "\(diagnostic.identifier)@\(diagnostic.line ?? 0):\(diagnostic.column ?? 0)"
        }
    }

    @Test func keysDifferingOnlyInCaseAreOneField() {
        #expect(Self.positions("""
            GitRepo: https://github.com/docker-library/demo.git
            GITREPO: https://github.com/docker-library/other.git
            GitCommit: abc123

            Tags: 1.0
            tags: 1.1
            Architectures: amd64, arm64v8
            arm64v8-GitCommit: def456
            ARM64V8-gitcommit: 0123ab
            arm64v8-GITcommit: 0123cd
            """) == [
            "library.duplicate-field@2:1",
            "library.duplicate-field@6:1",
            "library.duplicate-field@9:1",
            "library.duplicate-field@10:1",
        ])
    }

    @Test func theArchitectureOfAnOverrideKeepsItsCase() throws {
        // Architectures are case-sensitive, so `AMD64-…` overrides an architecture the entry
        // does not have.
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            AMD64-gitcommit: def456
            """)
        #expect(locations(result.diagnostics) == ["library.override-unused-architecture@5"])
        #expect(result.diagnostics.first?.message == "entry `latest` sets `AMD64-…` fields but does not list `AMD64` in Architectures")
        let entry = try #require(result.file?.entries.first)
        #expect(entry.gitCommit(for: Architecture("AMD64")) == "def456")
        #expect(entry.gitCommit(for: .amd64) == "abc123")
    }

    @Test func crlfListsKeepTheirColumns() {
        let text = "GitRepo: https://github.com/docker-library/demo.git\r\nGitCommit: abc123\r\n\r\n"
            + "Tags: 1.0,\r\n  bad tag\r\nArchitectures: amd64,\r\n\tarm64v9\r\n"
        #expect(Self.positions(text) == ["library.invalid-tag@5:3", "library.unknown-architecture@7:2"])
    }

    @Test func dashedArchitectureOverridesAreCheckedAtTheirLines() {
        #expect(Self.positions("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: windows
            Architectures: windows-amd64
            windows-amd64-Directory: ../outside
            windows-amd64-GitFetch: main
            windows-amd64-GitCommit: XYZ

            Tags: linux
            windows-amd64-File: Dockerfile.windows
            """) == [
            "library.invalid-gitfetch@7:25",
            "library.invalid-gitcommit@8:26",
            "library.directory-outside-repository@6:26",
            "library.override-unused-architecture@11:1",
        ])
    }

    @Test func overridesOfSeveralArchitecturesAreCheckedInNameOrder() {
        #expect(Self.positions("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            s390x-GitCommit: BAD1
            arm64v8-Directory: /abs
            s390x-Directory: ../up
            arm64v8-GitCommit: BAD2
            """) == [
            "library.invalid-gitcommit@8:20",
            "library.directory-outside-repository@6:20",
            "library.invalid-gitcommit@5:18",
            "library.directory-outside-repository@7:18",
            "library.override-unused-architecture@6:1",
            "library.override-unused-architecture@5:1",
        ])
    }

    @Test func architectureListsAreSortedAndDeduplicatedWhateverTheirOrder() throws {
        let file = try parseClean("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            Architectures: s390x, amd64

            Tags: a
            Architectures: windows-amd64, amd64 ,amd64, arm32v5,

            Tags: b

            Tags: c
            Architectures: amd64
            """)
        #expect(file.entries.map(\.architectures) == [
            architectures("amd64", "arm32v5", "windows-amd64"),
            architectures("amd64", "s390x"),
            architectures("amd64"),
        ])
        #expect(file.architectures == architectures("amd64", "arm32v5", "s390x", "windows-amd64"))
    }

    @Test func unknownArchitecturesAmongKnownOnesAreEachReported() {
        #expect(Self.positions("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Architectures: amd64, ämd64, amd64, Amd64
            """) == ["library.unknown-architecture@5:23", "library.unknown-architecture@5:38"])
    }

    @Test func longTagListsAreCheckedForRepeatsToo() throws {
        let many = (1...40).map { "t\($0)" }
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: \(many.joined(separator: ", "))
            """)
        #expect(entry.tags == many)
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: \((many + ["t3"]).joined(separator: ", "))
            SharedTags: \((many.map { "s" + $0 } + ["st39"]).joined(separator: ", "))
            """)
        #expect(result.file == nil)
        #expect(result.diagnostics.map(\.message) == [
            "entry `t1` lists tag `t3` twice",
            "entry `t1` lists shared tag `st39` twice",
        ])
    }

    @Test(arguments: [
        ".", "a", "a/b", "3.13/slim-bookworm", "..a/b..", "a./.b", "a/\u{301}b", "ümlaut/x",
    ])
    func cleanPathsComeBackAsTheyAre(path: String) {
        #expect(PathCleaner.isClean(path))
        #expect(PathCleaner.clean(path) == path)
    }

    @Test(arguments: [
        ("", "."), ("./", "."), ("a/", "a"), ("/a", "/a"), ("a//b", "a/b"), ("a/./b", "a/b"), ("a/../b", "b"), ("..", ".."),
        ("../a", "../a"), ("a/..", "."), ("/", "/"), ("./a", "a"), ("a/.", "a"),
    ])
    func otherPathsTakeTheFullClean(path: String, cleaned: String) {
        #expect(!PathCleaner.isClean(path))
        #expect(PathCleaner.clean(path) == cleaned)
    }

    @Test(arguments: [
        ("Jane Doe <jane@example.com> (@jane) (@other)", false),
        ("Jane (@a) (@b)", false),
        ("Jane Doe<jane@example.com> (@jane)", true),
        ("Jane\tDoe <jane@example.com> (@jane)", true),
        ("Jane Doe <jane example.com> (@jane)", false),
        ("Jane Doe jane@example.com> (@jane)", false),
        ("Jane Doe <jane@example.com> (@jane@x)", false),
        ("Jane Doe (@jane", false),
        (" (@jane)", false),
        ("Jané Doe <jane@example.com> (@jane)", true),
        ("Jane Doe <jané@example.com> (@ja ne)", false),
    ])
    func maintainerFormatOnBothPaths(maintainer: String, wellFormed: Bool) {
        #expect(LibraryFileParser.isWellFormedMaintainer(maintainer) == wellFormed)
    }

    @Test func nonASCIIMaintainersAreCheckedAtTheirPositions() {
        #expect(Self.positions("""
            Maintainers: Jürgen Müller <jm@example.com> (@jm), Zoë,
              Ålice <a@example.com> (@alice)
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            """) == ["library.maintainer-format@1:54"])
    }
}
