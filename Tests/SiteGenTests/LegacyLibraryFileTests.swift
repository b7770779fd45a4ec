import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// The line-based library-file formats of before 2016, read into entries.
struct LegacyLibraryFileTests {
    static let python = """
        # maintainer: Tianon Gravi <admwiggin@gmail.com> (@tianon)

        3.4.1: git://github.com/docker-library/docker-python@10eb8b1b2e 3
        3.4: git://github.com/docker-library/docker-python@10eb8b1b2e 3   # same build
        2.7: git://github.com/docker-library/docker-python@0f2f9d8ec5 2.7/
        latest:git://github.com/docker-library/docker-python@10eb8b1b2e 3

        onbuild: git://github.com/docker-library/docker-python@10eb8b1b2e ./3/onbuild
        """

    @Test func tagsOfOneSourceBecomeOneEntry() throws {
        let (file, diagnostics) = LegacyLibraryFile.parse(Self.python, name: "python", path: "library/python")
        #expect(diagnostics.isEmpty)
        let entries = try #require(file).entries
        #expect(entries.map(\.tags) == [["3.4.1", "3.4", "latest"], ["2.7"], ["onbuild"]])
        #expect(entries.map(\.directory) == ["3", "2.7", "3/onbuild"])
        #expect(entries.map(\.gitCommit) == ["10eb8b1b2e", "0f2f9d8ec5", "10eb8b1b2e"])
        #expect(entries.allSatisfy { $0.gitRepo == "git://github.com/docker-library/docker-python" })
        #expect(entries.allSatisfy { $0.architectures == [.amd64] && $0.file == "Dockerfile" })
        #expect(entries.map(\.line) == [3, 5, 8])
        #expect(file?.maintainers == ["Tianon Gravi <admwiggin@gmail.com> (@tianon)"])
    }

    /// The loader reads a folder's legacy files too (old commits have them: `sitegen diff` reads
    /// the `ubuntu` file of 2016 for every README).
    @Test func aLibraryFolderReadsTheLegacyFormat() throws {
        let folder = try TestPaths.temporaryFolder("legacy-directory")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.python.write(to: folder.appendingPathComponent("python"), atomically: true, encoding: .utf8)
        let (file, diagnostics) = LibraryDirectory(path: folder.path).file(named: "python")
        #expect(diagnostics.isEmpty)
        #expect(file?.entries.map(\.tags) == [["3.4.1", "3.4", "latest"], ["2.7"], ["onbuild"]])
    }

    @Test func noDirectoryMeansTheRepositoryRoot() throws {
        let (file, _) = LegacyLibraryFile.parse("latest: git://github.com/clearlinux/docker-brew-clearlinux@1673bc4c",
                                                name: "clearlinux", path: "library/clearlinux")
        #expect(try #require(file).entries.map(\.directory) == ["."])
    }

    /// The 2013 form: `tag url [C:commit | B:branch]`, whitespace-separated.
    @Test func readsTheWhitespaceFormatOf2013() throws {
        let text = """
            latest\tgit://github.com/dotcloud/docker-registry\tC:2854126e60
            0.6.0\tgit://github.com/dotcloud/docker-registry\tC:ab2a346ae2
            precise\tgit://github.com/shin-/ubuntu\t\t\t\tB:precise
            edge git://github.com/dotcloud/hipache
            """
        #expect(LegacyLibraryFile.looksLegacy(text))
        let (file, diagnostics) = LegacyLibraryFile.parse(text, name: "registry", path: "library/registry")
        #expect(diagnostics.isEmpty)
        let entries = try #require(file).entries
        #expect(entries.map(\.tags) == [["latest"], ["0.6.0"], ["precise"], ["edge"]])
        #expect(entries.map(\.gitCommit) == ["2854126e60", "ab2a346ae2", "precise", "HEAD"])
        #expect(entries[2].gitFetch == "refs/heads/precise")
    }

    @Test func tellsTheFormatsApart() {
        #expect(LegacyLibraryFile.looksLegacy(Self.python))
        #expect(!LegacyLibraryFile.looksLegacy("# comment\n\nMaintainers: A <a@example.com> (@a)\nGitRepo: https://github.com/a/b.git\n"))
        #expect(!LegacyLibraryFile.looksLegacy("Tags: 1.0\nGitRepo: https://github.com/a/b.git@x\n"))
        #expect(!LegacyLibraryFile.looksLegacy("Joffrey Fuhrer <joffrey@dotcloud.com> (@shin-)\n"))
        #expect(!LegacyLibraryFile.looksLegacy("# only comments\n"))
    }

    @Test func aLineInNeitherFormatIsAnErrorOnItsLine() {
        let text = "1.0: git://github.com/a/b@abc\nthis is not a tag line\n"
        let (file, diagnostics) = LegacyLibraryFile.parse(text, name: "b", path: "library/b")
        #expect(file == nil)
        #expect(diagnostics.map(\.identifier) == ["library.legacy-syntax"])
        #expect(diagnostics.first?.line == 2)
    }

    @Test func aTagListedTwiceKeepsItsFirstLine() throws {
        let text = "1.0: git://github.com/a/b@abc 1\n1.0: git://github.com/a/b@def 2\n"
        let (file, _) = LegacyLibraryFile.parse(text, name: "b", path: "library/b")
        #expect(try #require(file).entries.map(\.gitCommit) == ["abc"])
    }
}
