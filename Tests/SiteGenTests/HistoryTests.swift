import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// The rules of history on small repositories made here, one commit at a time with fixed dates.
struct HistoryTests {
    /// A git repository with a `library/` folder.
    struct Repository {
        let root: URL
        var library: String { root.appendingPathComponent("library").path }

        init(_ label: String) throws {
            root = try TestPaths.temporaryFolder("history-\(label)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("library"), withIntermediateDirectories: true)
            try git("init", "-q", "-b", "main")
        }

        @discardableResult
        func git(_ arguments: String..., date: Int = 0) throws -> String {
            let stamp = "@\(1_600_000_000 + date) +0000"
            let run = try ProgramRun.run("env", ["GIT_AUTHOR_DATE=\(stamp)", "GIT_COMMITTER_DATE=\(stamp)", "git",
                                                 "-c", "user.name=Test", "-c", "user.email=test@example.com",
                                                 "-c", "commit.gpgsign=false"] + arguments, in: root)
            #expect(run.status == 0, "git \(arguments.joined(separator: " ")): \(run.standardError)")
            return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func write(_ name: String, _ text: String) throws {
            try text.write(to: root.appendingPathComponent("library/\(name)"), atomically: true, encoding: .utf8)
        }

        func remove(_ name: String) throws {
            try FileManager.default.removeItem(at: root.appendingPathComponent("library/\(name)"))
        }

        /// Commits everything at `date` seconds after the test epoch; returns the commit id.
        @discardableResult
        func commit(_ message: String, date: Int) throws -> String {
            try git("add", "-A")
            try git("commit", "-q", "--allow-empty", "-m", message, date: date)
            return try git("rev-parse", "HEAD")
        }

        func load(rev: String = "HEAD", cache: HistoryCache? = nil) throws(DiagnosticError) -> (history: History, warnings: [Diagnostic], cache: HistoryCache) {
            let loaded = try HistoryLoader.load(libraryPath: library, rev: rev, cache: cache)
            HistoryTests.expectSummariesAgree(loaded.history)
            return (loaded.history, loaded.warnings, loaded.cache)
        }
    }

    /// An RFC 2822 library file: each entry is `(tags, commit, directory)`.
    static func library(_ entries: [(String, String, String)], architectures: String = "amd64",
                        sharedTags: [Int: String] = [:]) -> String {
        var text = "Maintainers: Test <test@example.com> (@test)\nGitRepo: https://github.com/example/image.git\n"
        for (index, (tags, commit, directory)) in entries.enumerated() {
            text += "\nTags: \(tags)\n"
            if let shared = sharedTags[index] { text += "SharedTags: \(shared)\n" }
            text += "Architectures: \(architectures)\nGitCommit: \(commit)\nDirectory: \(directory)\n"
        }
        return text
    }

    static let a = String(repeating: "a", count: 40), b = String(repeating: "b", count: 40), c = String(repeating: "c", count: 40)

    @Test func tagsAreAddedUpdatedRetiredAndComeBack() throws {
        let repo = try Repository("tags")
        try repo.write("image", Self.library([("1.0, 1", Self.a, "1"), ("2.0, 2, latest", Self.a, "2")]))
        let first = try repo.commit("first", date: 100)
        try repo.write("image", Self.library([("1", Self.b, "1"), ("2.0, 2, latest", Self.a, "2"), ("3.0", Self.a, "3")]))
        let second = try repo.commit("second", date: 200)
        try repo.write("image", Self.library([("1.0, 1", Self.b, "1"), ("2.0, 2, latest", Self.a, "2"), ("3.0", Self.a, "3")]))
        let third = try repo.commit("third", date: 300)

        let (history, warnings, _) = try repo.load()
        #expect(warnings.isEmpty)
        let image = try #require(history.images["image"])
        #expect(image.tags.map(\.name) == ["1", "1.0", "2", "2.0", "latest", "3.0"])
        #expect(image.landings.map(\.commit.id) == [third, second, first])
        let change = image.landings[1]
        #expect(change.added == ["3.0"] && change.updated == ["1"] && change.retired == ["1.0"])
        #expect(image.landings[0].added == ["1.0"] && image.landings[0].updated.isEmpty)
        #expect(image.landings[2].added == ["1.0", "1", "2.0", "2", "latest"])

        let back = try #require(image.tag(named: "1.0"))
        #expect(back.firstSeen.id == first && back.retired == nil && back.changes.map(\.id) == [third])
        let updated = try #require(image.tag(named: "1"))
        #expect(updated.lastChanged.id == second && updated.lastDefinition.gitCommit == Self.b)
        #expect(updated.lastChanged.time == 1_600_000_200)
        #expect(image.tag(named: "latest")?.lastChanged.id == first)
        #expect(history.tip.id == third && history.retiredImageNames.isEmpty && history.shallowBoundary == nil)
    }

    @Test func architecturesThatComeAndGoAreRecordedForTheImage() throws {
        let repo = try Repository("architectures")
        try repo.write("image", Self.library([("1", Self.a, "1")], architectures: "amd64, arm64v8"))
        try repo.commit("first", date: 100)
        try repo.write("image", Self.library([("1", Self.a, "1")], architectures: "s390x, amd64"))
        try repo.commit("second", date: 200)
        let image = try #require(try repo.load().history.images["image"])
        let landing = try #require(image.landings.first)
        #expect(landing.architecturesAdded == ["s390x"] && landing.architecturesRemoved == ["arm64v8"])
        #expect(landing.updated == ["1"])
        #expect(image.tag(named: "1")?.lastDefinition.architectures == ["amd64", "s390x"])
    }

    @Test func aSharedTagSpansTheArchitecturesOfItsEntries() throws {
        let repo = try Repository("shared")
        let text = """
            GitRepo: https://github.com/example/image.git
            GitCommit: \(Self.a)

            Tags: 1-linux
            SharedTags: 1
            Architectures: amd64, arm64v8
            Directory: 1

            Tags: 1-windows
            SharedTags: 1
            Architectures: windows-amd64
            Directory: 1/windows
            """
        try repo.write("image", text)
        try repo.commit("first", date: 100)
        let tag = try #require(try repo.load().history.images["image"]?.tag(named: "1"))
        #expect(tag.lastDefinition.architectures == ["amd64", "arm64v8", "windows-amd64"])
        #expect(tag.lastDefinition.directory == "1")
    }

    /// A change is dated by the first-parent commit that landed it: the merge, not the branch's commit.
    @Test func aMergedChangeIsDatedByItsMerge() throws {
        let repo = try Repository("merge")
        try repo.write("image", Self.library([("1", Self.a, "1")]))
        try repo.commit("first", date: 100)
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.write("image", Self.library([("1", Self.a, "1"), ("2", Self.a, "2")]))
        let branchCommit = try repo.commit("on the branch", date: 200)
        try repo.git("checkout", "-q", "main")
        try repo.git("merge", "-q", "--no-ff", "-m", "Merge topic", "topic", date: 900)
        let merge = try repo.git("rev-parse", "HEAD")
        let image = try #require(try repo.load().history.images["image"])
        let tag = try #require(image.tag(named: "2"))
        #expect(tag.firstSeen.id == merge && tag.firstSeen.time == 1_600_000_900 && tag.firstSeen.subject == "Merge topic")
        #expect(!image.landings.contains { $0.commit.id == branchCommit })
    }

    @Test func aDeletedLibraryFileRetiresTheImageUnlessItCameBack() throws {
        let repo = try Repository("deleted")
        try repo.write("gone", Self.library([("1, latest", Self.a, "1")]))
        try repo.write("back", Self.library([("1", Self.a, "1")]))
        try repo.write("MAINTAINERS", "Someone <someone@example.com> (@someone)\n")
        try repo.write("notes", "# nothing but comments\n")
        try repo.commit("first", date: 100)
        try repo.remove("gone")
        try repo.remove("back")
        let deletion = try repo.commit("delete", date: 200)
        try repo.write("back", Self.library([("2", Self.a, "2")]))
        try repo.commit("back again", date: 300)

        let (history, _, _) = try repo.load()
        #expect(history.retiredImageNames == ["gone"])
        let gone = try #require(history.images["gone"])
        #expect(gone.deleted?.id == deletion)
        #expect(gone.tags.allSatisfy { $0.retired?.id == deletion })
        #expect(gone.landings.first?.retired == ["1", "latest"] && gone.landings.first?.architecturesRemoved == ["amd64"])
        let back = try #require(history.images["back"])
        #expect(back.deleted == nil && back.tag(named: "1")?.retired?.id == deletion && back.tag(named: "2")?.retired == nil)
        #expect(history.images["MAINTAINERS"] == nil && history.images["notes"] == nil)
    }

    /// A tag whose line-based definition equals its RFC 2822 one is not updated by the switch.
    @Test func aLegacyVersionIsFollowedByAnRFC2822One() throws {
        let repo = try Repository("legacy")
        try repo.write("image", "# maintainer: Test <test@example.com> (@test)\n1.0: https://github.com/example/image.git@\(Self.a) 1\n1: https://github.com/example/image.git@\(Self.a) 1\n")
        let first = try repo.commit("legacy", date: 100)
        try repo.write("image", Self.library([("1.0, 1", Self.a, "1"), ("2", Self.b, "2")]))
        let second = try repo.commit("rfc", date: 200)
        let (history, warnings, _) = try repo.load()
        #expect(warnings.isEmpty)
        let image = try #require(history.images["image"])
        #expect(image.tag(named: "1.0")?.firstSeen.id == first && image.tag(named: "1.0")?.changes == [])
        #expect(image.landings.map(\.commit.id) == [second, first] && image.landings[0].added == ["2"] && image.landings[0].updated == [])
    }

    @Test func anUnparsableVersionIsSkippedWithOneWarning() throws {
        let repo = try Repository("unparsable")
        try repo.write("image", Self.library([("1", Self.a, "1")]))
        try repo.commit("good", date: 100)
        try repo.write("image", Self.library([("1", Self.a, "1")]) + "\nTags: 2\nGitCommit: not-a-commit\n")
        let bad = try repo.commit("bad", date: 200)
        try repo.write("image", Self.library([("1", Self.a, "1"), ("2", Self.b, "2")]))
        let fixed = try repo.commit("fixed", date: 300)
        let (history, warnings, _) = try repo.load()
        #expect(warnings.map(\.identifier) == ["history.unparsable-version"])
        #expect(warnings.first?.severity == .warning)
        #expect(warnings.first.map { $0.message.contains(bad) && $0.message.contains("library/image") } == true)
        #expect(warnings.first?.hint != nil)
        let image = try #require(history.images["image"])
        #expect(image.tag(named: "2")?.firstSeen.id == fixed)
        #expect(image.landings.count == 2)
    }

    @Test func aFolderOutsideARepositoryIsNamed() throws {
        let folder = try TestPaths.temporaryFolder("history-no-repository").appendingPathComponent("library")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let error = #expect(throws: DiagnosticError.self) {
            try HistoryLoader.load(libraryPath: folder.path, rev: "HEAD", cache: nil)
        }
        #expect(error?.diagnostics.map(\.identifier) == ["history.not-a-repository"])
        #expect(error?.diagnostics.first.map { $0.message.contains(folder.path) && $0.hint != nil } == true)
    }

    @Test func anUnknownRevIsNamed() throws {
        let repo = try Repository("unknown-rev")
        try repo.write("image", Self.library([("1", Self.a, "1")]))
        try repo.commit("first", date: 100)
        for rev in ["no-such-branch", "--output=x"] {
            let error = #expect(throws: DiagnosticError.self) { try repo.load(rev: rev) }
            #expect(error?.diagnostics.map(\.identifier) == ["history.unknown-rev"])
            #expect(error?.diagnostics.first.map { $0.message.contains(rev) && $0.hint != nil } == true)
        }
    }

    @Test func missingGitIsSaid() {
        let error = #expect(throws: DiagnosticError.self) { try Git.locate(searchPath: "/nonexistent-folder") }
        #expect(error?.diagnostics.map(\.identifier) == ["history.git-missing"])
    }

    @Test func aShallowCloneWarnsAndMarksItsBoundary() throws {
        let repo = try Repository("shallow-origin")
        try repo.write("image", Self.library([("1", Self.a, "1")]))
        try repo.commit("first", date: 100)
        try repo.write("image", Self.library([("1", Self.b, "1")]))
        try repo.commit("second", date: 200)
        try repo.write("image", Self.library([("1", Self.c, "1")]))
        let third = try repo.commit("third", date: 300)
        let clone = try TestPaths.temporaryFolder("history-shallow").appendingPathComponent("clone")
        let run = try ProgramRun.run("git", ["clone", "-q", "--depth", "1", "file://\(repo.root.path)", clone.path])
        #expect(run.status == 0, "\(run.standardError)")
        let loaded = try HistoryLoader.load(libraryPath: clone.appendingPathComponent("library").path, rev: "HEAD", cache: nil)
        let (history, warnings) = (loaded.history, loaded.warnings)
        #expect(warnings.map(\.identifier) == ["history.shallow"])
        #expect(history.shallowBoundary?.id == third)
        #expect(history.images["image"]?.tag(named: "1")?.firstSeen.id == third)
    }

    /// What the listing pages read without decoding an image (its summary, the latest
    /// landings) says what the decoded history says.
    static func expectSummariesAgree(_ history: History) {
        let images = history.images
        let whole = History(tip: history.tip, shallowBoundary: history.shallowBoundary, images: images)
        #expect(history.latestLandings.map(\.image) == whole.latestLandings.map(\.image))
        #expect(history.latestLandings.map(\.landing) == whole.latestLandings.map(\.landing))
        for (name, image) in images {
            guard let summary = history.summary(name) else {
                Issue.record("no summary of \(name)")
                continue
            }
            #expect(summary.deleted == image.deleted && summary.tagCount == image.tags.count)
            #expect(summary.retiredTagCount == image.retiredTags.count)
            #expect(summary.retiredTags().map(\.name) == image.retiredTags.map(\.name))
            #expect(summary.retiredTags().map(\.retired) == image.retiredTags.map(\.retired))
            var names: [String] = []
            summary.forEachRetiredTagName { names.append(String(decoding: $0, as: UTF8.self)) }
            #expect(names == image.retiredTags.reversed().map(\.name))
            let asked = Set(image.tags.map(\.name) + ["no-such-tag"])
            #expect(summary.retired(asked) == Dictionary(uniqueKeysWithValues: image.retiredTags.compactMap { tag in tag.retired.map { (tag.name, $0) } }))
        }
    }

    @Test func anIncrementalLoadEqualsAColdOne() throws {
        let repo = try Repository("incremental")
        try repo.write("one", Self.library([("1, latest", Self.a, "1")]))
        try repo.write("two", Self.library([("1", Self.a, "1")]))
        try repo.commit("first", date: 100)
        try repo.write("two", "Tags: broken\nNoSuchField: x\n")
        try repo.commit("break two", date: 150)
        let folder = try TestPaths.temporaryFolder("history-cache")
        let path = folder.appendingPathComponent("history.cache").path
        try repo.load().cache.write(to: path)

        try repo.write("one", Self.library([("1", Self.b, "1"), ("2", Self.a, "2")]))
        try repo.remove("two")
        try repo.write("three", Self.library([("3", Self.c, "3")]))
        try repo.commit("second", date: 200)
        try repo.write("one", Self.library([("1", Self.c, "1"), ("2", Self.a, "2")]))
        try repo.commit("third", date: 300)

        let cold = try repo.load()
        let cached = try #require(HistoryCache.read(from: path))
        let warm = try repo.load(cache: cached)
        #expect(warm.history == cold.history)
        #expect(warm.warnings == cold.warnings && warm.warnings.count == 1)
        #expect(warm.cache.encoded() == cold.cache.encoded())
        // No new commit: the cached model as it is.
        let again = try repo.load(cache: warm.cache)
        #expect(again.history == cold.history && again.warnings == cold.warnings)
        // A tip off the cached chain (the branch moved back): read again from the start.
        try repo.git("reset", "-q", "--hard", "HEAD~1")
        #expect(try repo.load(cache: warm.cache).history == repo.load().history)
    }

    @Test func aCacheFileThatIsNotOneReadsAsNone() throws {
        let folder = try TestPaths.temporaryFolder("history-bad-cache")
        let path = folder.appendingPathComponent("history.cache").path
        #expect(HistoryCache.read(from: path) == nil)
        try Data("SGHC garbage".utf8).write(to: URL(fileURLWithPath: path))
        #expect(HistoryCache.read(from: path) == nil)
        // A real cache with one byte changed anywhere in it: the images are decoded only when a
        // page asks, so the damage must be found when the file is read.
        let repo = try Repository("bad-cache")
        try repo.write("image", Self.library([("1.0, 1", Self.a, "1"), ("2.0, 2", Self.b, "2")]))
        try repo.commit("first", date: 100)
        let bytes = try repo.load().cache.encoded()
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(HistoryCache.read(from: path) != nil)
        for offset in [bytes.count / 3, bytes.count / 2, bytes.count - 1] {
            var damaged = bytes
            damaged[offset] ^= 0x20
            try Data(damaged).write(to: URL(fileURLWithPath: path))
            #expect(HistoryCache.read(from: path) == nil, "a byte changed at \(offset) of \(bytes.count)")
        }
    }

    /// Whether a continued load says the retired-tags script may change: also when a retired
    /// image comes back with other tags (its retired tags are the same, but it is no longer a
    /// retired image).
    @Test func aRetiredImageThatComesBackChangesTheRetiredTagsScript() throws {
        let repo = try Repository("comes-back")
        try repo.write("other", Self.library([("1", Self.a, "1")]))
        try repo.write("image", Self.library([("1.0", Self.a, "1")]))
        try repo.commit("first", date: 100)
        try repo.remove("image")
        try repo.commit("retire image", date: 200)
        let retired = try HistoryLoader.load(libraryPath: repo.library, rev: "HEAD", cache: nil)
        #expect(retired.history.summary("image")?.isRetired == true)
        try repo.write("other", Self.library([("1", Self.b, "1")]))
        try repo.commit("update other", date: 250)
        let update = try HistoryLoader.load(libraryPath: repo.library, rev: "HEAD", cache: retired.cache)
        #expect(update.changed == ["other"] && !update.retiredTagsChanged)
        try repo.write("image", Self.library([("2.0", Self.a, "2")]))
        try repo.commit("image comes back", date: 300)
        let back = try HistoryLoader.load(libraryPath: repo.library, rev: "HEAD", cache: update.cache)
        #expect(back.changed == ["image"] && back.retiredTagsChanged)
        #expect(back.history.summary("image")?.retiredTags().map(\.name) == ["1.0"])
    }

    @Test func aMissingObjectIsNamed() throws {
        let repo = try Repository("corrupt")
        try repo.write("image", Self.library([("1", Self.a, "1")]))
        try repo.commit("first", date: 100)
        let blob = try repo.git("rev-parse", "HEAD:library/image")
        let object = repo.root.appendingPathComponent(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        try FileManager.default.removeItem(at: object)
        let error = #expect(throws: DiagnosticError.self) { try repo.load() }
        #expect(error?.diagnostics.map(\.identifier) == ["history.corrupt-object"])
        #expect(error?.diagnostics.first?.message.contains(blob) == true)
    }

    /// Versions the version scanner reads itself give what the full parser gives; the ones it
    /// leaves to the parser (errors, and what it does not vouch for) give nil.
    @Test func theVersionScannerAgreesWithTheParserOrStepsAside() {
        let defaults = "Maintainers: A <a@example.org> (@a)\nGitRepo: https://github.com/a/b.git\n"
        let read: [String] = [
            defaults + "\nTags: 1.0, 1, latest\nGitCommit: \(Self.a)\nDirectory: 1\n",
            defaults + "Architectures: arm64v8, amd64\narm64v8-GitCommit: \(Self.b)\n\nTags: 2\nSharedTags: shared\nGitCommit: \(Self.a)\n"
                + "\n# a comment\nTags: 2-windows,\n  2-win\nSharedTags: shared\nArchitectures: windows-amd64\nwindows-amd64-Directory: win\n"
                + "windows-amd64-File: Dockerfile.win\nGitCommit: \(Self.b)\nFile: Other\n",
            defaults + "\nTags: 3\nArchitectures: s390x, arm64v8\nGitCommit: \(Self.a)\narm64v8-GitRepo: https://example.org/r.git\n",
            "Maintainers: A <a@example.org> (@a)\n",
            "Maintainers: Zoë <z@example.org> (@z)\nGitRepo: https://github.com/a/b.git\n\nTags: 4\nGitCommit: \(Self.a)\nDirectory: ./4//x/\n",
        ]
        let refused: [String] = [
            defaults + "\nTags: 1\nGitCommit: \(Self.a)\n\nTags: 1\nGitCommit: \(Self.b)\n",
            defaults + "\nTags: 1\nSharedTags: 1\nGitCommit: \(Self.a)\n",
            defaults + "\nTags: 1\nArchitecture: amd64\nGitCommit: \(Self.a)\n",
            defaults + "\nTags: 1\nGitCommit: \(Self.a)\nDirectory: ../1\n",
            defaults + "\nTags: 1\nGitCommit: \(Self.a)\narm64v8-Directory: a\nARM64V8-directory: b\n",
            defaults + "\nTags: 1\n",
            "1.0: git://github.com/a/b@\(Self.a) 1\n",
        ]
        func scan(_ text: String) -> [String]? {
            Array(text.utf8).withUnsafeBufferPointer(HistoryVersionScanner.version(of:)).map(Self.describe)
        }
        for text in read {
            let parsed = LibraryFile.parse(text, name: "image", path: "library/image").file
            #expect(parsed != nil, "\(text)")
            #expect(scan(text) == parsed.map { Self.describe(HistoryBuilder.Version(file: $0)) }, "\(text)")
        }
        for text in refused {
            #expect(scan(text) == nil, "\(text)")
        }
    }

    static func describe(_ version: HistoryBuilder.Version) -> [String] {
        version.tags.map { tag in
            let definition = tag.definition
            return [tag.name, definition.gitRepo, definition.gitCommit, definition.directory, definition.file,
                    definition.architectures.joined(separator: ",")].joined(separator: "|")
        } + [version.architectures.joined(separator: ",")]
    }

    @Test func daysAreWrittenInUTC() {
        #expect(HistoryLoader.day(0) == "1970-01-01")
        #expect(HistoryLoader.day(1_587_427_200) == "2020-04-21")
        #expect(HistoryLoader.day(1_587_427_199) == "2020-04-20")
    }
}
