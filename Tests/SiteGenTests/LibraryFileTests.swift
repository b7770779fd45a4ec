import Foundation
import Testing
@testable import SiteGen

// Tests for the official-images library-file parser (`LibraryFile.parse`, `LibraryParagraph`,
// `PathCleaner`, `LibraryDirectory.file(named:)`) and the `Entry` accessors built on it.
// Fixtures are small inline files; line numbers in assertions count from the first line
// after the opening `"""`.

// MARK: - Helpers

typealias ParseResult = (file: LibraryFile?, diagnostics: [Diagnostic])

let fixturePath = "library/demo"

func parseLibrary(_ text: String, name: String = "demo") -> ParseResult {
    LibraryFile.parse(text, name: name, path: fixturePath)
}

/// Parses `text`, expecting no diagnostic at all, and returns the file.
func parseClean(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> LibraryFile {
    let result = parseLibrary(text)
    #expect(result.diagnostics.isEmpty, "unexpected diagnostics: \(result.diagnostics)", sourceLocation: sourceLocation)
    return try #require(result.file, sourceLocation: sourceLocation)
}

/// Parses `text`, expecting exactly one entry and no diagnostic, and returns that entry.
func parseSingleEntry(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Entry {
    let file = try parseClean(text, sourceLocation: sourceLocation)
    #expect(file.entries.count == 1, "expected one entry, got \(file.entries.count)", sourceLocation: sourceLocation)
    return try #require(file.entries.first, sourceLocation: sourceLocation)
}

/// Expects `result` to carry exactly one diagnostic, with the given identifier, line,
/// severity and a message containing `message`; when it is an error, no file comes back,
/// when it is a warning, the file still does.
func expectSingleDiagnostic(_ result: ParseResult, _ identifier: String, line: Int?,
                                    severity: Diagnostic.Severity = .error, message: String,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.diagnostics.count == 1, "expected only \(identifier), got \(result.diagnostics)",
            sourceLocation: sourceLocation)
    expectDiagnostic(result, identifier, line: line, severity: severity, message: message, sourceLocation: sourceLocation)
}

/// Expects exactly one diagnostic with `identifier` among those of `result`, with the given
/// line, severity and message part; checks the file comes back only when nothing is an error.
func expectDiagnostic(_ result: ParseResult, _ identifier: String, line: Int?,
                              severity: Diagnostic.Severity = .error, message: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
    let matching = result.diagnostics.filter { $0.identifier == identifier }
    #expect(matching.count == 1, "expected one \(identifier), got \(result.diagnostics)", sourceLocation: sourceLocation)
    guard let diagnostic = matching.first else { return }
    #expect(diagnostic.line == line, "\(identifier): line", sourceLocation: sourceLocation)
    #expect(diagnostic.severity == severity, "\(identifier): severity", sourceLocation: sourceLocation)
    #expect(diagnostic.message.contains(message), "\(identifier): message `\(diagnostic.message)`",
            sourceLocation: sourceLocation)
    #expect(diagnostic.file == fixturePath, sourceLocation: sourceLocation)
    #expect(diagnostic.hint?.isEmpty == false, "\(identifier) has a hint", sourceLocation: sourceLocation)
    let hasErrors = result.diagnostics.contains { $0.severity == .error }
    if hasErrors {
        #expect(result.file == nil, "no file when there is an error", sourceLocation: sourceLocation)
    } else {
        #expect(result.file != nil, "a file when there are only warnings", sourceLocation: sourceLocation)
    }
}

/// `identifier@line` for each diagnostic, for comparing whole lists at a glance.
func locations(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map { "\($0.identifier)@\($0.line.map(String.init) ?? "-")" }
}

func architectures(_ names: String...) -> [Architecture] {
    names.map(Architecture.init)
}

/// A fresh folder under NSTemporaryDirectory() holding `files`, removed after `body`.
func withLibraryFolder(_ files: [String: Data], _ body: (String) throws -> Void) throws {
    let folder = (NSTemporaryDirectory() as NSString)
        .appendingPathComponent("sitegen-libraryfile-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for (name, data) in files {
        let created = FileManager.default.createFile(atPath: (folder as NSString).appendingPathComponent(name), contents: data)
        #expect(created, "could not write fixture \(name)")
    }
    try body(folder)
}

// MARK: - Fields

@Suite("LibraryFileTests")
struct LibraryFileTests {
    @Test func parsesEveryField() throws {
        let file = try parseClean("""
            Maintainers: Jane Doe <jane@example.com> (@jane),
                         John Roe <john@example.com> (@jroe)
            GitRepo: https://github.com/docker-library/demo.git
            GitFetch: refs/heads/main
            GitCommit: 0123456789abcdef0123456789abcdef01234567
            Directory: 1.0/bookworm/
            File: Dockerfile.custom
            Builder: buildkit
            Constraints: !aufs, foo
            Architectures: arm64v8, amd64

            Tags: 1.0.2-bookworm, 1.0-bookworm
            SharedTags: 1.0.2, 1.0, latest
            """)
        #expect(file.name == "demo")
        #expect(file.path == fixturePath)
        #expect(file.maintainers == ["Jane Doe <jane@example.com> (@jane)", "John Roe <john@example.com> (@jroe)"])
        let entry = try #require(file.entries.first)
        #expect(file.entries.count == 1)
        #expect(entry.tags == ["1.0.2-bookworm", "1.0-bookworm"])
        #expect(entry.sharedTags == ["1.0.2", "1.0", "latest"])
        #expect(entry.architectures == architectures("amd64", "arm64v8"))
        #expect(entry.gitRepo == "https://github.com/docker-library/demo.git")
        #expect(entry.gitFetch == "refs/heads/main")
        #expect(entry.gitCommit == "0123456789abcdef0123456789abcdef01234567")
        #expect(entry.directory == "1.0/bookworm")
        #expect(entry.file == "Dockerfile.custom")
        #expect(entry.builder == "buildkit")
        #expect(entry.constraints == ["!aufs", "foo"])
        #expect(entry.maintainers == file.maintainers)
        #expect(entry.overrides.isEmpty)
        #expect(entry.line == 12)
        #expect(entry.firstTag == "1.0.2-bookworm")
    }

    @Test func maintainersContinueOnIndentedLines() throws {
        let file = try parseClean("""
            Maintainers: Jane Doe <jane@example.com> (@jane),
              John Roe <john@example.com> (@jroe),
            \tAnn Poe (@apoe)
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            """)
        #expect(file.maintainers == [
            "Jane Doe <jane@example.com> (@jane)",
            "John Roe <john@example.com> (@jroe)",
            "Ann Poe (@apoe)",
        ])
        #expect(file.entries.first?.line == 7)
    }

    @Test func absentFieldsTakeBashbrewDefaults() throws {
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            """)
        #expect(entry.architectures == [.amd64])
        #expect(entry.gitFetch == "refs/heads/master")
        #expect(entry.directory == ".")
        #expect(entry.file == "Dockerfile")
        #expect(entry.builder == "")
        #expect(entry.constraints.isEmpty)
        #expect(entry.sharedTags.isEmpty)
        #expect(entry.maintainers.isEmpty)
        #expect(entry.overrides.isEmpty)
        #expect(entry.dockerfilePath(for: .amd64) == "Dockerfile")
    }

    @Test func architecturesAreDeduplicatedAndSorted() throws {
        let file = try parseClean("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: one
            Architectures: s390x, windows-amd64, amd64, arm64v8, amd64, arm32v7 , s390x

            Tags: two
            Architectures: ppc64le, i386, arm64v8
            """)
        #expect(file.entries[0].architectures == architectures("amd64", "arm32v7", "arm64v8", "s390x", "windows-amd64"))
        #expect(file.entries[1].architectures == architectures("arm64v8", "i386", "ppc64le"))
        #expect(file.architectures == architectures("amd64", "arm32v7", "arm64v8", "i386", "ppc64le", "s390x", "windows-amd64"))
    }

    @Test(arguments: [
        ("default/amd64/", "default/amd64"),
        ("./x", "x"),
        ("a//b/./c/", "a/b/c"),
        ("", "."),
        (".", "."),
        ("./", "."),
        ("a/../b", "b"),
        ("3.14/slim-trixie", "3.14/slim-trixie"),
    ])
    func directoryIsCleanedLikeAPath(written: String, cleaned: String) throws {
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            Directory: \(written)

            Tags: latest
            """)
        #expect(entry.directory == cleaned)
    }

    @Test func pathCleanerFollowsGoPathClean() {
        #expect(PathCleaner.clean("default/amd64/") == "default/amd64")
        #expect(PathCleaner.clean("./x") == "x")
        #expect(PathCleaner.clean("a//b/./c/") == "a/b/c")
        #expect(PathCleaner.clean("") == ".")
        #expect(PathCleaner.clean(".") == ".")
        #expect(PathCleaner.clean("a/..") == ".")
        #expect(PathCleaner.clean("../../etc") == "../../etc")
        #expect(PathCleaner.clean("a/../../b") == "../b")
        #expect(PathCleaner.clean("/abs/") == "/abs")
        #expect(PathCleaner.clean("/../x") == "/x")
        #expect(PathCleaner.clean("/") == "/")
    }

    @Test func fieldNamesAreMatchedCaseInsensitively() throws {
        let entry = try parseSingleEntry("""
            maintainers: Jane Doe <jane@example.com> (@jane)
            GITREPO: https://github.com/docker-library/demo.git
            gitfetch: refs/tags/v1
            GitCOMMIT: abc123
            DIRECTORY: sub
            file: Dockerfile.alt
            builder: buildkit
            CONSTRAINTS: windowsservercore-ltsc2022

            TAGS: latest
            sharedtags: stable
            architectures: arm64v8, amd64
            arm64v8-GITCOMMIT: def456
            arm64v8-directory: arm
            """)
        #expect(entry.maintainers == ["Jane Doe <jane@example.com> (@jane)"])
        #expect(entry.gitRepo == "https://github.com/docker-library/demo.git")
        #expect(entry.gitFetch == "refs/tags/v1")
        #expect(entry.gitCommit == "abc123")
        #expect(entry.directory == "sub")
        #expect(entry.file == "Dockerfile.alt")
        #expect(entry.builder == "buildkit")
        #expect(entry.constraints == ["windowsservercore-ltsc2022"])
        #expect(entry.tags == ["latest"])
        #expect(entry.sharedTags == ["stable"])
        #expect(entry.architectures == architectures("amd64", "arm64v8"))
        // The field part of `ARCH-Field` is matched without regard to case.
        #expect(entry.gitCommit(for: Architecture("arm64v8")) == "def456")
        #expect(entry.directory(for: Architecture("arm64v8")) == "arm")
    }

    @Test func listValuesAreTrimmedAndEmptyItemsDropped() throws {
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags:   a ,b,, c ,
            SharedTags: ,x,
            """)
        #expect(entry.tags == ["a", "b", "c"])
        #expect(entry.sharedTags == ["x"])
    }

    @Test func valuesKeepEverythingAfterTheFirstColon() throws {
        let entry = try parseSingleEntry("""
            GitRepo:https://github.com/docker-library/demo.git
            GitCommit:    abc123\t

            Tags: latest
            Builder: some#thing: with colons
            """)
        #expect(entry.gitRepo == "https://github.com/docker-library/demo.git")
        #expect(entry.gitCommit == "abc123")
        #expect(entry.builder == "some#thing: with colons")
    }

    // MARK: - Comments

    @Test func commentLinesAreIgnoredAnywhere() throws {
        let file = try parseClean("""
            # This file is generated; see https://example.com
            Maintainers: Jane Doe <jane@example.com> (@jane)
              # an indented comment inside the global paragraph
            GitRepo: https://github.com/docker-library/demo.git
            # a comment between fields
            GitCommit: abc123

            # a comment before an entry
            Tags: 1.0
            \t# a tab-indented comment between fields
            Directory: 1.0
            # the last line is a comment
            """)
        #expect(file.maintainers == ["Jane Doe <jane@example.com> (@jane)"])
        #expect(file.entries.count == 1)
        let entry = try #require(file.entries.first)
        #expect(entry.gitRepo == "https://github.com/docker-library/demo.git")
        #expect(entry.gitCommit == "abc123")
        #expect(entry.tags == ["1.0"])
        #expect(entry.directory == "1.0")
        #expect(entry.line == 9)
    }

    @Test func commentInsideParagraphDoesNotEndIt() throws {
        let file = try parseClean("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: 1.0
            # Directory and Architectures below still belong to the 1.0 entry
            Directory: one
            Architectures: arm64v8

            Tags: 2.0
            """)
        #expect(file.entries.count == 2)
        #expect(file.entries[0].tags == ["1.0"])
        #expect(file.entries[0].directory == "one")
        #expect(file.entries[0].architectures == architectures("arm64v8"))
        #expect(file.entries[1].directory == ".")
        #expect(file.entries[1].architectures == [.amd64])
        // A comment in the first paragraph does not turn the rest into an entry either.
        let global = try parseClean("""
            GitRepo: https://github.com/docker-library/demo.git
            # comment
            GitCommit: abc123

            Tags: latest
            """)
        #expect(global.entries.count == 1)
        #expect(global.entries.first?.gitCommit == "abc123")
    }

    @Test func indentedCommentIsNotGluedToThePreviousValue() throws {
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
              # not part of the commit

            Tags: a, b
                # not, a, tag
            Directory: x
            \t#\tnor this
            """)
        #expect(entry.gitCommit == "abc123")
        #expect(entry.tags == ["a", "b"])
        #expect(entry.directory == "x")
    }

    @Test func hashInsideAValueIsNotAComment() throws {
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Directory: dir#1
            """)
        #expect(entry.directory == "dir#1")
    }

    // MARK: - Continuations, line endings, separators

    @Test func continuationLinesWithSpaceAndTab() throws {
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            Architectures: amd64,
              arm64v8,
            \ts390x

            Tags: 1.0,
                  1,
            \tlatest
            SharedTags: stable,
            \t  current
            """)
        #expect(entry.tags == ["1.0", "1", "latest"])
        #expect(entry.sharedTags == ["stable", "current"])
        #expect(entry.architectures == architectures("amd64", "arm64v8", "s390x"))
    }

    @Test func continuationJoinsLinesWithNewlines() {
        let (paragraphs, diagnostics) = LibraryParagraph.split("Maintainers: a,\n  b,\n\tc\nGitRepo: x\n", file: fixturePath)
        #expect(diagnostics.isEmpty)
        #expect(paragraphs.count == 1)
        #expect(paragraphs.first?.fields.map(\.key) == ["Maintainers", "GitRepo"])
        #expect(paragraphs.first?.fields.first?.value == "a,\nb,\nc")
        #expect(paragraphs.first?.fields.map(\.line) == [1, 4])
    }

    @Test func crlfLineEndingsAreAccepted() throws {
        let text = [
            "Maintainers: Jane Doe <jane@example.com> (@jane),",
            "  John Roe <john@example.com> (@jroe)",
            "GitRepo: https://github.com/docker-library/demo.git",
            "GitCommit: abc123",
            "",
            "# comment",
            "Tags: 1.0, 1",
            "Architectures: amd64,",
            "\tarm64v8",
            "Directory: 1.0/",
            "",
            "Tags: 2.0",
            "",
        ].joined(separator: "\r\n")
        let file = try parseClean(text)
        #expect(file.maintainers == ["Jane Doe <jane@example.com> (@jane)", "John Roe <john@example.com> (@jroe)"])
        #expect(file.entries.count == 2)
        let first = try #require(file.entries.first)
        #expect(first.gitRepo == "https://github.com/docker-library/demo.git")
        #expect(first.gitCommit == "abc123")
        #expect(first.tags == ["1.0", "1"])
        #expect(first.architectures == architectures("amd64", "arm64v8"))
        #expect(first.directory == "1.0")
        #expect(first.line == 7)
        #expect(file.entries[1].line == 12)
        #expect(!file.entries.flatMap { $0.tags + [$0.gitCommit, $0.directory] }.contains { $0.contains("\r") })
    }

    @Test func crlfLineNumbersInDiagnostics() {
        let text = "GitRepo: https://github.com/docker-library/demo.git\r\nGitCommit: abc123\r\n\r\nTags: 1.0\r\noops\r\n"
        expectSingleDiagnostic(parseLibrary(text), "library.syntax", line: 5, message: "found `oops`")
    }

    @Test func whitespaceOnlyLinesSeparateParagraphs() throws {
        let text = [
            "GitRepo: https://github.com/docker-library/demo.git",
            "GitCommit: abc123",
            "   \t ",
            "Tags: 1.0",
            "\t",
            "Tags: 2.0",
            "    ",
            "Tags: 3.0",
        ].joined(separator: "\n")
        let file = try parseClean(text)
        #expect(file.entries.map(\.tags) == [["1.0"], ["2.0"], ["3.0"]])
        #expect(file.entries.map(\.line) == [4, 6, 8])
    }

    @Test func extraBlankLinesMakeNoEmptyParagraphs() throws {
        let file = try parseClean("""


            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123



            Tags: 1.0

            # only a comment here

            Tags: 2.0


            """)
        #expect(file.entries.map(\.firstTag) == ["1.0", "2.0"])
        #expect(file.entries.map(\.line) == [8, 12])
    }

    // MARK: - Entries and the global paragraph

    @Test func entryStartsAsCopyOfGlobalParagraph() throws {
        let file = try parseClean("""
            Maintainers: Jane Doe <jane@example.com> (@jane)
            GitRepo: https://github.com/docker-library/demo.git
            GitFetch: refs/heads/main
            GitCommit: abc123
            Directory: common
            File: Dockerfile.common
            Builder: buildkit
            Constraints: foo
            Architectures: amd64, arm64v8

            Tags: 1.0

            Tags: 2.0
            """)
        for entry in file.entries {
            #expect(entry.maintainers == ["Jane Doe <jane@example.com> (@jane)"])
            #expect(entry.gitRepo == "https://github.com/docker-library/demo.git")
            #expect(entry.gitFetch == "refs/heads/main")
            #expect(entry.gitCommit == "abc123")
            #expect(entry.directory == "common")
            #expect(entry.file == "Dockerfile.common")
            #expect(entry.builder == "buildkit")
            #expect(entry.constraints == ["foo"])
            #expect(entry.architectures == architectures("amd64", "arm64v8"))
        }
    }

    @Test func entryFieldReplacesGlobalList() throws {
        let file = try parseClean("""
            Maintainers: Jane Doe <jane@example.com> (@jane)
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            Architectures: amd64, arm64v8, s390x
            Constraints: foo, bar

            Tags: replaced
            Architectures: windows-amd64
            Constraints: windowsservercore-ltsc2022
            Maintainers: John Roe <john@example.com> (@jroe)

            Tags: inherited
            """)
        let replaced = try #require(file.entry(forTag: "replaced"))
        #expect(replaced.architectures == architectures("windows-amd64"))
        #expect(replaced.constraints == ["windowsservercore-ltsc2022"])
        #expect(replaced.maintainers == ["John Roe <john@example.com> (@jroe)"])
        let inherited = try #require(file.entry(forTag: "inherited"))
        #expect(inherited.architectures == architectures("amd64", "arm64v8", "s390x"))
        #expect(inherited.constraints == ["foo", "bar"])
        // The file's maintainers come from the first paragraph only.
        #expect(file.maintainers == ["Jane Doe <jane@example.com> (@jane)"])
    }

    @Test func entryScalarFieldsReplaceGlobalOnes() throws {
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitFetch: refs/heads/main
            GitCommit: abc123
            Directory: common
            File: Dockerfile.common
            Builder: buildkit

            Tags: latest
            GitRepo: https://github.com/other/repo.git
            GitFetch: refs/tags/v2
            GitCommit: def456
            Directory: ./own/
            File: Dockerfile
            Builder: classic
            """)
        #expect(entry.gitRepo == "https://github.com/other/repo.git")
        #expect(entry.gitFetch == "refs/tags/v2")
        #expect(entry.gitCommit == "def456")
        #expect(entry.directory == "own")
        #expect(entry.file == "Dockerfile")
        #expect(entry.builder == "classic")
    }

    @Test func entriesDoNotLeakIntoEachOther() throws {
        let file = try parseClean("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: first
            Directory: first
            Architectures: arm64v8
            SharedTags: shared

            Tags: second
            """)
        #expect(file.entries[1].directory == ".")
        #expect(file.entries[1].architectures == [.amd64])
        #expect(file.entries[1].sharedTags.isEmpty)
    }

    @Test func entryForTagAndAllTags() throws {
        let file = try parseClean("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: 1.0, 1
            SharedTags: latest

            Tags: 2.0
            """)
        #expect(file.entry(forTag: "1")?.firstTag == "1.0")
        #expect(file.entry(forTag: "2.0")?.firstTag == "2.0")
        // Only simple tags name an entry.
        #expect(file.entry(forTag: "latest") == nil)
        #expect(file.entry(forTag: "nope") == nil)
        #expect(file.entries[0].allTags == [Tag("1.0", kind: .simple), Tag("1", kind: .simple), Tag("latest", kind: .shared)])
    }

    // MARK: - Per-architecture overrides

    @Test func perArchitectureFieldNamesSplitAtTheLastDash() {
        #expect(LibraryFileParser.perArchitectureField("arm64v8-GitCommit")?.0 == "arm64v8")
        #expect(LibraryFileParser.perArchitectureField("arm64v8-GitCommit")?.1 == .gitCommit)
        #expect(LibraryFileParser.perArchitectureField("windows-amd64-Directory")?.0 == "windows-amd64")
        #expect(LibraryFileParser.perArchitectureField("windows-amd64-Directory")?.1 == .directory)
        #expect(LibraryFileParser.perArchitectureField("amd64-file")?.1 == .file)
        #expect(LibraryFileParser.perArchitectureField("s390x-GitFetch")?.1 == .gitFetch)
        #expect(LibraryFileParser.perArchitectureField("s390x-GitRepo")?.1 == .gitRepo)
        #expect(LibraryFileParser.perArchitectureField("arm64v8-Tags") == nil)
        #expect(LibraryFileParser.perArchitectureField("-GitCommit") == nil)
        #expect(LibraryFileParser.perArchitectureField("GitCommit") == nil)
    }

    @Test func globalPerArchitectureOverridesApplyToEntries() throws {
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            Directory: linux
            arm64v8-GitRepo: https://github.com/docker-library/demo-arm.git
            arm64v8-GitFetch: refs/heads/arm
            arm64v8-GitCommit: def456
            windows-amd64-Directory: windows/ltsc2022/
            windows-amd64-File: Dockerfile.windows

            Tags: latest
            Architectures: amd64, arm64v8, windows-amd64
            """)
        let arm = Architecture("arm64v8")
        let windows = Architecture("windows-amd64")
        #expect(entry.gitRepo(for: arm) == "https://github.com/docker-library/demo-arm.git")
        #expect(entry.gitFetch(for: arm) == "refs/heads/arm")
        #expect(entry.gitCommit(for: arm) == "def456")
        #expect(entry.directory(for: arm) == "linux")
        #expect(entry.file(for: arm) == "Dockerfile")

        #expect(entry.gitRepo(for: .amd64) == "https://github.com/docker-library/demo.git")
        #expect(entry.gitFetch(for: .amd64) == "refs/heads/master")
        #expect(entry.gitCommit(for: .amd64) == "abc123")
        #expect(entry.directory(for: .amd64) == "linux")
        #expect(entry.dockerfilePath(for: .amd64) == "linux/Dockerfile")

        #expect(entry.gitCommit(for: windows) == "abc123")
        #expect(entry.directory(for: windows) == "windows/ltsc2022")
        #expect(entry.file(for: windows) == "Dockerfile.windows")
        #expect(entry.dockerfilePath(for: windows) == "windows/ltsc2022/Dockerfile.windows")

        #expect(entry.overrides[arm] == ArchitectureOverride(gitRepo: "https://github.com/docker-library/demo-arm.git",
                                                             gitFetch: "refs/heads/arm", gitCommit: "def456"))
        #expect(entry.overrides[windows] == ArchitectureOverride(directory: "windows/ltsc2022", file: "Dockerfile.windows"))
        #expect(entry.overrides[.amd64] == nil)
    }

    @Test func entryPerArchitectureOverrideWinsPerField() throws {
        let file = try parseClean("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            arm64v8-GitCommit: 111111
            arm64v8-Directory: arm/global

            Tags: own
            Architectures: amd64, arm64v8
            arm64v8-GitCommit: 222222

            Tags: inherited
            Architectures: amd64, arm64v8
            """)
        let arm = Architecture("arm64v8")
        let own = try #require(file.entry(forTag: "own"))
        #expect(own.gitCommit(for: arm) == "222222")
        #expect(own.directory(for: arm) == "arm/global")
        #expect(own.gitCommit(for: .amd64) == "abc123")
        let inherited = try #require(file.entry(forTag: "inherited"))
        #expect(inherited.gitCommit(for: arm) == "111111")
        #expect(inherited.directory(for: arm) == "arm/global")
    }

    @Test func entryOnlyOverridesApplyToThatEntry() throws {
        let file = try parseClean("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: windows
            Architectures: windows-amd64
            windows-amd64-GitCommit: fedcba
            windows-amd64-Directory: ./win/ltsc2025/

            Tags: linux
            """)
        let windows = try #require(file.entry(forTag: "windows"))
        #expect(windows.gitCommit(for: Architecture("windows-amd64")) == "fedcba")
        #expect(windows.directory(for: Architecture("windows-amd64")) == "win/ltsc2025")
        #expect(windows.dockerfilePath(for: Architecture("windows-amd64")) == "win/ltsc2025/Dockerfile")
        let linux = try #require(file.entry(forTag: "linux"))
        #expect(linux.overrides.isEmpty)
    }

    @Test func dockerfilePathIsJustTheFileAtTheRepositoryRoot() throws {
        let file = try parseClean("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: root
            Directory: .

            Tags: root-custom
            Directory: ./
            File: Dockerfile.alpine

            Tags: nested
            Directory: 3.14/slim/
            arm64v8-Directory: .
            Architectures: amd64, arm64v8
            """)
        #expect(file.entry(forTag: "root")?.dockerfilePath(for: .amd64) == "Dockerfile")
        #expect(file.entry(forTag: "root-custom")?.dockerfilePath(for: .amd64) == "Dockerfile.alpine")
        #expect(file.entry(forTag: "nested")?.dockerfilePath(for: .amd64) == "3.14/slim/Dockerfile")
        #expect(file.entry(forTag: "nested")?.dockerfilePath(for: Architecture("arm64v8")) == "Dockerfile")
    }

    @Test func linkArchitecturePrefersAmd64ElseFirstSorted() throws {
        let file = try parseClean("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: with-amd64
            Architectures: s390x, arm32v7, amd64

            Tags: windows
            Architectures: windows-amd64

            Tags: arm-only
            Architectures: arm64v8, arm32v7

            Tags: default
            """)
        #expect(file.entry(forTag: "with-amd64")?.linkArchitecture == .amd64)
        #expect(file.entry(forTag: "windows")?.linkArchitecture == Architecture("windows-amd64"))
        #expect(file.entry(forTag: "arm-only")?.linkArchitecture == Architecture("arm32v7"))
        #expect(file.entry(forTag: "default")?.linkArchitecture == .amd64)
    }

    @Test func windowsOnlyEntryLinksToItsOverrides() throws {
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            Directory: linux

            Tags: nanoserver
            Architectures: windows-amd64
            windows-amd64-GitCommit: 0123456789abcdef
            windows-amd64-Directory: windows/nanoserver
            """)
        let link = entry.linkArchitecture
        #expect(link == Architecture("windows-amd64"))
        #expect(entry.gitCommit(for: link) == "0123456789abcdef")
        #expect(entry.dockerfilePath(for: link) == "windows/nanoserver/Dockerfile")
    }

    @Test func entryAccessorsWithoutTheParser() {
        let entry = Entry(tags: ["a"], sharedTags: [], architectures: architectures("arm32v6", "arm64v8"),
                          gitRepo: "r", gitFetch: "refs/heads/master", gitCommit: "c", directory: ".",
                          file: "Dockerfile", overrides: [Architecture("arm64v8"): ArchitectureOverride(gitCommit: "d", directory: "x")],
                          line: 1)
        #expect(entry.linkArchitecture == Architecture("arm32v6"))
        #expect(entry.gitCommit(for: Architecture("arm64v8")) == "d")
        #expect(entry.gitCommit(for: Architecture("arm32v6")) == "c")
        #expect(entry.dockerfilePath(for: Architecture("arm64v8")) == "x/Dockerfile")
        #expect(entry.dockerfilePath(for: Architecture("arm32v6")) == "Dockerfile")
        #expect(entry.hasArchitecture(Architecture("arm64v8")))
        #expect(!entry.hasArchitecture(.amd64))
        let empty = Entry(tags: [], sharedTags: [], architectures: [], gitRepo: "", gitFetch: "", gitCommit: "",
                          directory: ".", file: "Dockerfile", line: 1)
        #expect(empty.linkArchitecture == .amd64)
        #expect(empty.firstTag == "")
    }

    // MARK: - Shared tag groups

    @Test func sharedTagGroupsGroupTagsCoveringTheSameEntries() throws {
        let file = try parseClean("""
            GitRepo: https://github.com/docker-library/python.git
            GitCommit: abc123

            Tags: 3.14.0-trixie, 3.14-trixie, trixie
            SharedTags: 3.14.0, 3.14, latest
            Architectures: amd64, arm64v8

            Tags: 3.14.0-windowsservercore-ltsc2025, 3.14-windowsservercore-ltsc2025
            SharedTags: 3.14.0-windowsservercore, 3.14-windowsservercore, windowsservercore, 3.14.0, 3.14, latest
            Architectures: windows-amd64
            Constraints: windowsservercore-ltsc2025

            Tags: 3.14.0-windowsservercore-ltsc2022, 3.14-windowsservercore-ltsc2022
            SharedTags: 3.14.0-windowsservercore, 3.14-windowsservercore, windowsservercore, 3.14.0, 3.14, latest
            Architectures: windows-amd64
            Constraints: windowsservercore-ltsc2022
            """)
        let groups = file.sharedTagGroups
        #expect(groups.count == 2)
        #expect(groups.map(\.sharedTags) == [
            ["3.14.0", "3.14", "latest"],
            ["3.14.0-windowsservercore", "3.14-windowsservercore", "windowsservercore"],
        ])
        #expect(groups.map { $0.entries.map(\.firstTag) } == [
            ["3.14.0-trixie", "3.14.0-windowsservercore-ltsc2025", "3.14.0-windowsservercore-ltsc2022"],
            ["3.14.0-windowsservercore-ltsc2025", "3.14.0-windowsservercore-ltsc2022"],
        ])
    }

    @Test func sharedTagGroupsFollowOrderOfFirstAppearance() throws {
        let file = try parseClean("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: one
            SharedTags: only-one, both

            Tags: two
            SharedTags: both, only-two, also-only-two
            """)
        #expect(file.sharedTagGroups.map(\.sharedTags) == [["only-one"], ["both"], ["only-two", "also-only-two"]])
        #expect(file.sharedTagGroups.map { $0.entries.map(\.firstTag) } == [["one"], ["one", "two"], ["two"]])
    }

    @Test func noSharedTagsMeansNoGroups() throws {
        let file = try parseClean("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            """)
        #expect(file.sharedTagGroups.isEmpty)
    }

    // MARK: - Errors

    @Test func lineWithoutColonIsASyntaxError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            this line has no colon
            """)
        expectSingleDiagnostic(result, "library.syntax", line: 5, message: "expected `Key: value`, found `this line has no colon`")
    }

    @Test(arguments: [
        ("Git Commit: abc", "`Git Commit` is not a field name"),
        ("Tags_2: x", "`Tags_2` is not a field name"),
        (": value", "`` is not a field name"),
        ("Tägs: x", "`Tägs` is not a field name"),
    ])
    func badFieldNameIsASyntaxError(line: String, message: String) {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            \(line)
            """)
        expectSingleDiagnostic(result, "library.syntax", line: 5, message: message)
    }

    @Test func indentedLineAtFileStartIsAnOrphanContinuation() {
        let result = parseLibrary("""
              GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            """)
        // The indented first line is reported; GitRepo is then missing from the entry.
        expectDiagnostic(result, "library.orphan-continuation", line: 1, message: "indented line continues no field")
        #expect(locations(result.diagnostics) == ["library.orphan-continuation@1", "library.missing-gitrepo@4"])
    }

    @Test func indentedLineAfterBlankLineIsAnOrphanContinuation() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            \tlatest
            Tags: latest
            """)
        expectSingleDiagnostic(result, "library.orphan-continuation", line: 4, message: "continues no field")
    }

    @Test func fieldTwiceInOneParagraphIsAnError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Directory: a
            directory: b
            """)
        expectSingleDiagnostic(result, "library.duplicate-field", line: 6, message: "`directory` appears twice in one paragraph")
    }

    @Test func overrideFieldTwiceInOneParagraphIsAnError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Architectures: amd64, arm64v8
            arm64v8-GitCommit: def456
            arm64v8-GitCommit: fed654
            """)
        expectSingleDiagnostic(result, "library.duplicate-field", line: 7, message: "`arm64v8-GitCommit` appears twice")
    }

    @Test func sameFieldInGlobalAndEntryIsNotADuplicate() throws {
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            GitCommit: def456
            """)
        #expect(entry.gitCommit == "def456")
    }

    @Test func tagsInFirstParagraphAreAnError() {
        let result = parseLibrary("""
            Tags: latest
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: 1.0
            """)
        expectSingleDiagnostic(result, "library.global-tags", line: 1, message: "cannot have Tags")
    }

    @Test func sharedTagsInFirstParagraphAreAnError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            SharedTags: latest

            Tags: 1.0
            """)
        expectSingleDiagnostic(result, "library.global-tags", line: 3, message: "cannot have SharedTags")
    }

    @Test func entryWithoutTagsIsAnError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            # an entry that forgot its tags
            Directory: somewhere
            """)
        expectSingleDiagnostic(result, "library.missing-tags", line: 5, message: "entry at line 5 has no Tags")
    }

    @Test func emptyTagsValueIsAnError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: 1.0

            Directory: x
            Tags: ,
            """)
        expectSingleDiagnostic(result, "library.missing-tags", line: 6, message: "has no Tags")
    }

    @Test(arguments: [".hidden", "-dash", "a/b", "tag with space", "ümlaut", String(repeating: "a", count: 129)])
    func invalidTagIsAnError(tag: String) {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: fine, \(tag)
            """)
        expectSingleDiagnostic(result, "library.invalid-tag", line: 4, message: "`\(tag)` is not a valid tag")
    }

    @Test func invalidSharedTagIsReportedOnTheSharedTagsLine() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: fine
            Directory: x
            SharedTags: ok, bad:tag
            """)
        expectSingleDiagnostic(result, "library.invalid-tag", line: 6, message: "`bad:tag` is not a valid tag")
    }

    @Test func longestValidTagIsAccepted() throws {
        let tag = "_" + String(repeating: "a.-", count: 42) + "b"
        #expect(tag.count == 128)
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: \(tag), A_Z.9
            """)
        #expect(entry.tags == [tag, "A_Z.9"])
    }

    @Test func tagTwiceInOneEntryIsAnError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Directory: x
            Tags: 1.0, 1, 1.0
            """)
        expectSingleDiagnostic(result, "library.duplicate-tag", line: 5, message: "entry `1.0` lists tag `1.0` twice")
    }

    @Test func tagInTwoEntriesIsAnError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: 1.0, 1

            Tags: 1.1, 1
            """)
        expectSingleDiagnostic(result, "library.tag-in-two-entries", line: 6,
                               message: "tag `1` belongs to entry `1.0` and to entry `1.1`")
    }

    @Test func sharedTagThatIsAlsoASimpleTagIsAnError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: 1.0, latest

            Tags: 2.0
            SharedTags: latest
            """)
        expectSingleDiagnostic(result, "library.shared-tag-is-simple", line: 7,
                               message: "shared tag `latest` of entry `2.0` is also a simple tag of entry `1.0`")
    }

    @Test func sharedTagInManyEntriesIsFine() throws {
        let file = try parseClean("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: 1.0
            SharedTags: latest

            Tags: 2.0
            SharedTags: latest
            """)
        #expect(file.entries.count == 2)
    }

    @Test func missingGitRepoIsAnError() {
        let result = parseLibrary("""
            GitCommit: abc123

            # entry
            Tags: latest
            """)
        expectSingleDiagnostic(result, "library.missing-gitrepo", line: 4, message: "entry `latest` has no GitRepo")
    }

    @Test func missingGitCommitIsAnError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git

            Tags: latest
            GitCommit:
            """)
        expectSingleDiagnostic(result, "library.missing-gitcommit", line: 3, message: "entry `latest` has no GitCommit")
    }

    @Test(arguments: ["ABC123", "main", "abc 123", "v1.0", String(repeating: "0123456789abcdef", count: 4) + "0"])
    func invalidGitCommitIsAnError(commit: String) {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git

            Tags: latest
            GitCommit: \(commit)
            """)
        expectSingleDiagnostic(result, "library.invalid-gitcommit", line: 4, message: "GitCommit `\(commit)` is not a commit id")
    }

    @Test func gitCommitOfSixtyFourHexDigitsIsAccepted() throws {
        let commit = String(repeating: "0123456789abcdef", count: 4)
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: \(commit)

            Tags: latest
            """)
        #expect(entry.gitCommit == commit)
    }

    @Test func invalidArchitectureGitCommitIsAnError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Architectures: amd64, arm64v8
            arm64v8-GitCommit: not-a-commit
            """)
        expectSingleDiagnostic(result, "library.invalid-gitcommit", line: 6, message: "GitCommit `not-a-commit` is not a commit id")
    }

    @Test(arguments: ["main", "refs/pull/1/head", "refs/heads/", "refs/heads/feature*", "heads/main", "refs/tags/a:b"])
    func invalidGitFetchIsAnError(fetch: String) {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            GitFetch: \(fetch)
            """)
        expectSingleDiagnostic(result, "library.invalid-gitfetch", line: 5, message: "GitFetch `\(fetch)` is not a branch or tag ref")
    }

    @Test(arguments: ["refs/heads/main", "refs/tags/v1.2.3", "refs/heads/release/1.x"])
    func branchAndTagRefsAreValidGitFetch(fetch: String) throws {
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            GitFetch: \(fetch)
            """)
        #expect(entry.gitFetch == fetch)
    }

    @Test func invalidArchitectureGitFetchIsAnError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Architectures: amd64, arm64v8
            arm64v8-GitFetch: main
            """)
        expectSingleDiagnostic(result, "library.invalid-gitfetch", line: 6, message: "GitFetch `main` is not a branch or tag ref")
    }

    @Test func invalidArchitectureGitFetchPointsAtItsOwnLine() {
        // Two override fields for one architecture: the error belongs on the GitFetch line.
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Architectures: amd64, arm64v8
            arm64v8-GitFetch: main
            arm64v8-GitCommit: def456
            """)
        expectSingleDiagnostic(result, "library.invalid-gitfetch", line: 6, message: "GitFetch `main` is not a branch or tag ref")
    }

    @Test func invalidGlobalGitFetchIsReportedOnItsLine() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitFetch: refs/heads/
            GitCommit: abc123

            Tags: latest
            """)
        expectSingleDiagnostic(result, "library.invalid-gitfetch", line: 2, message: "GitFetch `refs/heads/`")
    }

    @Test func invalidGlobalFieldIsReportedOnceForManyEntries() {
        // Every entry inherits the bad global GitCommit; the user should see one error for line 2.
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: NOT-HEX

            Tags: 1.0

            Tags: 2.0
            """)
        expectSingleDiagnostic(result, "library.invalid-gitcommit", line: 2, message: "GitCommit `NOT-HEX` is not a commit id")
    }

    @Test func unknownArchitectureIsAnError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Architectures: amd64, arm64
            """)
        expectSingleDiagnostic(result, "library.unknown-architecture", line: 5,
                               message: "entry `latest` lists unknown architecture `arm64`; did you mean `arm64v8`?")
    }

    @Test func everyKnownArchitectureIsAccepted() throws {
        let names = LibraryFile.knownArchitectures.sorted()
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Architectures: \(names.joined(separator: ", "))
            """)
        #expect(entry.architectures.map(\.name) == names)
    }

    @Test func architecturesAreCaseSensitive() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Architectures: AMD64
            """)
        expectSingleDiagnostic(result, "library.unknown-architecture", line: 5, message: "unknown architecture `AMD64`")
    }

    @Test func emptyArchitecturesIsAnError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Architectures: , ,
            """)
        expectSingleDiagnostic(result, "library.missing-architectures", line: 5,
                               message: "entry `latest` has an empty Architectures list")
    }

    @Test(arguments: ["../../etc", "/abs", "a/../../b", "..", "/"])
    func directoryOutsideRepositoryIsAnError(directory: String) {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Directory: \(directory)
            """)
        expectSingleDiagnostic(result, "library.directory-outside-repository", line: 5,
                               message: "Directory `\(directory)` points outside the repository")
    }

    @Test func architectureDirectoryOutsideRepositoryIsAnError() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Architectures: windows-amd64
            windows-amd64-Directory: ../windows
            """)
        expectSingleDiagnostic(result, "library.directory-outside-repository", line: 6,
                               message: "Directory `../windows` points outside the repository")
    }

    @Test func dotDotThatStaysInsideIsFine() throws {
        let entry = try parseSingleEntry("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Directory: a/b/../c
            """)
        #expect(entry.directory == "a/c")
    }

    // MARK: - Warnings

    @Test func unknownFieldIsAWarning() throws {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            Homepage: https://example.com

            Tags: latest
            """)
        expectSingleDiagnostic(result, "library.unknown-field", line: 3, severity: .warning, message: "unknown field `Homepage`")
        let file = try #require(result.file)
        #expect(file.entries.map(\.firstTag) == ["latest"])
    }

    @Test func perArchitectureTagsIsAnUnknownField() throws {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Architectures: amd64, arm64v8
            arm64v8-Tags: arm
            """)
        expectSingleDiagnostic(result, "library.unknown-field", line: 6, severity: .warning, message: "unknown field `arm64v8-Tags`")
        #expect(try #require(result.file).entries.first?.tags == ["latest"])
    }

    @Test func overrideForUnlistedArchitectureIsAWarning() throws {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Architectures: amd64
            arm64v8-GitCommit: def456
            """)
        expectSingleDiagnostic(result, "library.override-unused-architecture", line: 6, severity: .warning,
                               message: "entry `latest` sets `arm64v8-…` fields but does not list `arm64v8` in Architectures")
        let entry = try #require(result.file?.entries.first)
        #expect(entry.architectures == [.amd64])
    }

    @Test func globalOverrideForArchitectureAnEntryLacksIsFine() throws {
        let file = try parseClean("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            windows-amd64-Directory: windows

            Tags: linux-only
            Architectures: amd64, arm64v8
            """)
        #expect(file.entries.first?.directory(for: .amd64) == ".")
    }

    @Test func badlyWrittenMaintainerIsAWarning() throws {
        let result = parseLibrary("""
            Maintainers: Jane Doe jane@example.com,
                         John Roe <john@example.com> (@jroe)
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            """)
        expectSingleDiagnostic(result, "library.maintainer-format", line: 1, severity: .warning,
                               message: "maintainer `Jane Doe jane@example.com` is not written as `Name <email> (@github-handle)`")
        let file = try #require(result.file)
        #expect(file.maintainers.count == 2)
    }

    @Test(arguments: [
        ("Jane Doe <jane@example.com> (@jane)", true),
        ("Jane Doe (@jane)", true),
        ("The Docker Team <team@example.com> (@docker-library-bot)", true),
        ("Jane Doe <jane@example.com>", false),
        ("Jane Doe", false),
        ("<jane@example.com> (@jane)", false),
        ("Jane Doe <> (@jane)", false),
        ("Jane Doe <jane@example.com> (@)", false),
        ("Jane Doe <jane@example.com> (@ja ne)", false),
        ("Jane Doe <jane@example.com> (jane)", false),
    ])
    func maintainerFormat(maintainer: String, wellFormed: Bool) {
        #expect(LibraryFileParser.isWellFormedMaintainer(maintainer) == wellFormed)
    }

    @Test func warningsAndErrorsTogetherReturnNoFile() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            Colour: blue

            Tags: latest
            GitCommit: XYZ
            """)
        #expect(locations(result.diagnostics) == ["library.unknown-field@3", "library.invalid-gitcommit@6"])
        #expect(result.diagnostics.map(\.severity) == [.warning, .error])
        #expect(result.file == nil)
    }

    // MARK: - Every error reported

    @Test func everyErrorInTheFileIsReported() {
        let result = parseLibrary("""
            Maintainers: Jane Doe <jane@example.com> (@jane)
            GitRepo: https://github.com/docker-library/demo.git
            this line has no colon

            Tags: 1.0, .bad
            GitCommit: XYZ
            Architectures: amd64, sparc

            Tags: 2.0
            GitCommit: abc123
            Directory: ../../etc
            GitFetch: main

            Tags: 3.0
            GitCommit: abc123

            Tags: 3.0
            GitCommit: def456

            Directory: no-tags
            GitCommit: abc123
            """)
        let expected: Set<String> = [
            "library.syntax@3",
            "library.invalid-tag@5",
            "library.invalid-gitcommit@6",
            "library.unknown-architecture@7",
            "library.directory-outside-repository@11",
            "library.invalid-gitfetch@12",
            "library.tag-in-two-entries@17",
            "library.missing-tags@20",
        ]
        #expect(Set(locations(result.diagnostics)) == expected)
        #expect(result.diagnostics.count == expected.count)
        #expect(result.diagnostics.allSatisfy { $0.severity == .error && $0.file == fixturePath })
        #expect(result.file == nil)
    }

    @Test func severalSyntaxErrorsAreAllReported() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            oops

            Tags: latest
            Bad Key: x
              , more
            also bad

              orphan
            """)
        #expect(locations(result.diagnostics) == [
            "library.syntax@3", "library.syntax@6", "library.syntax@8", "library.orphan-continuation@10",
        ])
        #expect(result.file == nil)
    }

    // MARK: - LibraryDirectory

    @Test func missingLibraryFileIsReported() throws {
        try withLibraryFolder([:]) { folder in
            let (file, diagnostics) = LibraryDirectory(path: folder).file(named: "nothing")
            #expect(file == nil)
            #expect(diagnostics.count == 1)
            let diagnostic = try #require(diagnostics.first)
            #expect(diagnostic.identifier == "library.missing")
            #expect(diagnostic.severity == .error)
            #expect(diagnostic.file == folder + "/nothing")
            #expect(diagnostic.line == nil)
            #expect(diagnostic.message.contains("no library file for image `nothing`"))
        }
    }

    @Test func invalidImageNameIsReportedAsMissing() throws {
        try withLibraryFolder(["demo": Data("x".utf8)]) { folder in
            for name in ["../demo", "Demo", "", "demo/"] {
                let (file, diagnostics) = LibraryDirectory(path: folder).file(named: name)
                #expect(file == nil)
                #expect(diagnostics.map(\.identifier) == ["library.missing"], "name \(name)")
            }
        }
    }

    @Test func libraryFileWithNulBytesIsBinary() throws {
        try withLibraryFolder(["demo": Data("Tags: latest\n\0\n".utf8)]) { folder in
            let (file, diagnostics) = LibraryDirectory(path: folder).file(named: "demo")
            #expect(file == nil)
            #expect(diagnostics.count == 1)
            let diagnostic = try #require(diagnostics.first)
            #expect(diagnostic.identifier == "library.binary")
            #expect(diagnostic.severity == .error)
            #expect(diagnostic.file == folder + "/demo")
            #expect(diagnostic.line == nil)
            #expect(diagnostic.message.contains("NUL bytes"))
        }
    }

    @Test func libraryFileWithInvalidUTF8IsRefused() throws {
        var bytes = Data("GitRepo: https://github.com/docker-library/demo.git\nGitCommit: abc123\n\nTags: caf".utf8)
        bytes.append(contentsOf: [0xE9, 0x0A, 0xFF, 0xFE])
        try withLibraryFolder(["demo": bytes]) { folder in
            let (file, diagnostics) = LibraryDirectory(path: folder).file(named: "demo")
            #expect(file == nil)
            #expect(diagnostics.count == 1)
            let diagnostic = try #require(diagnostics.first)
            #expect(diagnostic.identifier == "library.invalid-utf8")
            #expect(diagnostic.severity == .error)
            #expect(diagnostic.file == folder + "/demo")
            #expect(diagnostic.message.contains("not valid UTF-8"))
        }
    }

    @Test func libraryFileIsReadAndParsed() throws {
        let text = """
            Maintainers: Jane Doe <jane@example.com> (@jane)
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: latest
            Directory: oops/../../..
            """
        let good = "GitRepo: https://github.com/docker-library/demo.git\nGitCommit: abc123\n\nTags: 1.0, latest\n"
        try withLibraryFolder(["bad": Data(text.utf8), "good": Data(good.utf8), ".hidden": Data(), "Upper": Data()]) { folder in
            let library = LibraryDirectory(path: folder + "/")
            #expect(library.exists)
            #expect(library.fileNames == ["bad", "good"])
            #expect(library.contains("good"))
            #expect(!library.contains("missing"))

            let (file, diagnostics) = library.file(named: "good")
            #expect(diagnostics.isEmpty)
            let parsed = try #require(file)
            #expect(parsed.name == "good")
            #expect(parsed.path == folder + "/good")
            #expect(parsed.entries.first?.tags == ["1.0", "latest"])

            let (badFile, badDiagnostics) = library.file(named: "bad")
            #expect(badFile == nil)
            #expect(badDiagnostics.map(\.identifier) == ["library.directory-outside-repository"])
            #expect(badDiagnostics.first?.file == folder + "/bad")
            #expect(badDiagnostics.first?.description
                == "\(folder)/bad:6:12: error: Directory `oops/../../..` points outside the repository")
        }
        #expect(!LibraryDirectory(path: "/nonexistent-\(UUID().uuidString)").exists)
    }

    // MARK: - Diagnostic description

    @Test func diagnosticDescriptionIsPathLineSeverityMessage() {
        #expect(Diagnostic.error("x", file: "library/demo", line: 3, "bad thing").description
            == "library/demo:3: error: bad thing")
        #expect(Diagnostic.warning("x", file: "library/demo", line: 12, "odd thing").description
            == "library/demo:12: warning: odd thing")
        #expect(Diagnostic.error("x", file: "library/demo", line: 3, column: 7, "bad thing").description
            == "library/demo:3:7: error: bad thing")
        #expect(Diagnostic.error("x", file: "library/demo", "bad thing").description == "library/demo: error: bad thing")
        #expect(Diagnostic.error("x", "bad thing").description == "error: bad thing")
    }

    @Test func parserDiagnosticsDescribeThemselvesLikeACompiler() {
        let result = parseLibrary("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            Colour: blue

            Tags: latest
            oops
            """)
        #expect(result.diagnostics.map(\.description) == [
            "library/demo:6:1: error: expected `Key: value`, found `oops`",
            "library/demo:3:1: warning: unknown field `Colour`",
        ])
    }
}
