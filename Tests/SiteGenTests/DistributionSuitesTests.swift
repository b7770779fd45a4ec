import Testing
@testable import SiteGen

private let commit = "0123456789abcdef0123456789abcdef01234567"

private func library(_ name: String, _ entries: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> LibraryFile {
    let text = "Maintainers: Demo Person <demo@example.com> (@demo)\nGitRepo: https://github.com/example/\(name).git\n"
        + "GitCommit: \(commit)\n\n" + entries
    let parsed = LibraryFile.parse(text, name: name, path: "library/" + name)
    #expect(parsed.diagnostics.filter { $0.severity == .error }.isEmpty, "\(parsed.diagnostics)", sourceLocation: sourceLocation)
    return try #require(parsed.file, sourceLocation: sourceLocation)
}

@Suite("DistributionSuites")
struct DistributionSuitesTests {
    @Test("debian: the first tag of each entry, without stable|slim|backports|experimental|testing")
    func debian() throws {
        let debian = try library("debian", """
            Tags: bookworm, bookworm-20250101, 12.8, 12, latest

            Tags: bookworm-backports

            Tags: bookworm-slim, bookworm-20250101-slim, 12-slim

            Tags: oldstable, oldstable-20250101

            Tags: rc-buggy

            Tags: sid, unstable

            Tags: stable, stable-20250101

            Tags: testing, testing-20250101

            Tags: experimental

            Tags: trixie, 13, trixie-20250101

            Tags: trixie-slim, 13-slim

            Tags: bullseye, 11
            SharedTags: oldoldstable-shared

            """)
        let suites = DistributionSuites(debianLibrary: debian, ubuntuLibrary: nil)
        #expect(suites.debian == ["bookworm", "rc-buggy", "sid", "trixie", "bullseye"])
        #expect(suites.ubuntu.isEmpty)
    }

    @Test("ubuntu: every tag, shared ones included, without devel|latest|digits")
    func ubuntu() throws {
        let ubuntu = try library("ubuntu", """
            Tags: 22.04, jammy-20250101, jammy

            Tags: 24.04, noble-20250101, noble
            SharedTags: latest, rolling-lts

            Tags: 25.10, questing
            SharedTags: rolling

            Tags: 26.04, resolute, devel-resolute
            SharedTags: devel

            """)
        let suites = DistributionSuites(debianLibrary: nil, ubuntuLibrary: ubuntu)
        #expect(suites.ubuntu == ["jammy", "noble", "rolling-lts", "questing", "rolling", "resolute"])
        #expect(suites.debian.isEmpty)
    }

    @Test("no library files: no suites")
    func none() {
        let suites = DistributionSuites(debianLibrary: nil, ubuntuLibrary: nil)
        #expect(suites == DistributionSuites.none)
        #expect(suites.debian.isEmpty && suites.ubuntu.isEmpty)
    }

    @Test("a suite matches as a whole dash part: x-suite, suite-x, x-suite-y, suite")
    func suiteMatching() {
        let suites = ["bookworm"]
        #expect(DistributionSuites.suites(suites, in: "3.13-bookworm") == ["bookworm"])
        #expect(DistributionSuites.suites(suites, in: "bookworm-slim") == ["bookworm"])
        #expect(DistributionSuites.suites(suites, in: "3.13-bookworm-slim") == ["bookworm"])
        #expect(DistributionSuites.suites(suites, in: "bookworm") == ["bookworm"])
    }

    @Test("a suite that is only part of a dash part does not match (not suitex, xsuite)")
    func suiteNotMatching() {
        let suites = ["bookworm"]
        for tag in ["bookwormx", "xbookworm", "3.13-bookwormx", "3.13-xbookworm", "3.13-xbookworm-slim", "3.13-bookworm1-slim",
                    "bookworm_slim", "3.13", ""] {
            #expect(DistributionSuites.suites(suites, in: tag).isEmpty, "\(tag)")
        }
    }

    @Test("suites in each of many tags: the single-tag matches one after the other")
    func suitesInEachTag() {
        let suites = ["bookworm", "rc-buggy", "sid", "trixie", "noble"]
        let tags = ["3.13-bookworm", "trixie-sid", "1-rc-buggy", "latest", "", "noble", "bookworm-slim", "xsid", "sid-"]
        #expect(DistributionSuites.suites(suites, inEach: tags) == tags.flatMap { DistributionSuites.suites(suites, in: $0) })
        #expect(DistributionSuites.suites(suites, inEach: tags)
            == ["bookworm", "sid", "trixie", "rc-buggy", "noble", "bookworm", "sid"])
        #expect(DistributionSuites.suites([], inEach: tags).isEmpty)
        #expect(DistributionSuites.suites(suites, inEach: []).isEmpty)
    }

    @Test("suitesOccurring: which suites occur in any tag, as the per-tag rule finds them")
    func suitesOccurring() {
        let suites = ["bookworm", "rc-buggy", "sid", "trixie", "noble", "sid", "", "a\nb", "b-x"]
        let tagLists = [
            ["3.13-bookworm", "trixie-sid", "1-rc-buggy", "latest", "", "noble", "bookworm-slim", "xsid", "sid-"],
            ["xsid", "sidx", "a", "b-x"], ["1-a", "b-2"], ["-a\nb-"], ["a\nb"], ["trixie"], ["x--y"], [""], [],
        ]
        for tags in tagLists {
            let expected = suites.filter { DistributionSuites.suites(suites, inEach: tags).contains($0) }
            #expect(DistributionSuites.suitesOccurring(suites, inAny: tags) == expected, "\(tags)")
        }
        #expect(DistributionSuites.suitesOccurring([], inAny: ["bookworm"]).isEmpty)
    }

    @Test("several suites, in the suite list's order, dashed suites included")
    func severalSuites() {
        let suites = ["bookworm", "rc-buggy", "sid", "trixie"]
        #expect(DistributionSuites.suites(suites, in: "trixie-sid") == ["sid", "trixie"])
        #expect(DistributionSuites.suites(suites, in: "1-rc-buggy") == ["rc-buggy"])
        #expect(DistributionSuites.suites(suites, in: "rc") == [])
    }

    @Test("sentenceList: 0, 1, 2 and 3 items, sorted and de-duplicated")
    func sentenceList() {
        #expect(DistributionSuites.sentenceList([]) == "")
        #expect(DistributionSuites.sentenceList(["a"]) == "a")
        #expect(DistributionSuites.sentenceList(["a", "a", "a"]) == "a")
        #expect(DistributionSuites.sentenceList(["b", "a"]) == "a or b")
        #expect(DistributionSuites.sentenceList(["b", "a", "b"]) == "a or b")
        #expect(DistributionSuites.sentenceList(["c", "a", "b", "a", "c"]) == "a, b, or c")
        #expect(DistributionSuites.sentenceList(["trixie", "bookworm", "sid", "bullseye"]) == "bookworm, bullseye, sid, or trixie")
    }
}
