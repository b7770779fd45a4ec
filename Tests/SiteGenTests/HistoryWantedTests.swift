import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// What a load reads: only the files whose history is shown (and retired images), the chain
/// split across two `git log`s, and `git log` parsed as it comes.
struct HistoryWantedTests {
    typealias Repository = HistoryTests.Repository
    static let a = HistoryTests.a, b = HistoryTests.b, c = HistoryTests.c

    static func load(_ repo: Repository, wanted: Set<String>?, cache: HistoryCache? = nil) throws(DiagnosticError) -> HistoryLoader.Loaded {
        let loaded = try HistoryLoader.load(libraryPath: repo.library, rev: "HEAD", cache: cache, wanted: wanted)
        HistoryTests.expectSummariesAgree(loaded.history)
        return loaded
    }

    /// `one` is shown, `two` is not (and has a version that does not parse), `gone` is not
    /// shown and deleted at the tip.
    static func repository(_ label: String) throws -> Repository {
        let repo = try Repository(label)
        try repo.write("one", HistoryTests.library([("1, latest", a, "1")]))
        try repo.write("two", HistoryTests.library([("2", a, "2")]))
        try repo.write("gone", HistoryTests.library([("9", a, "9")]))
        try repo.commit("first", date: 100)
        try repo.write("two", "Tags: broken\nNoSuchField: x\n")
        try repo.write("one", HistoryTests.library([("1, latest", b, "1")]))
        try repo.commit("second", date: 200)
        try repo.remove("gone")
        try repo.commit("third", date: 300)
        return repo
    }

    @Test func onlyWantedFilesAndRetiredImagesAreFolded() throws {
        let repo = try Self.repository("wanted")
        let all = try Self.load(repo, wanted: nil)
        let some = try Self.load(repo, wanted: ["one"])
        #expect(all.history.imageNames == ["gone", "one", "two"])
        #expect(some.history.imageNames == ["gone", "one"])
        #expect(some.history.retiredImageNames == ["gone"])
        #expect(some.history.image("one") == all.history.image("one"))
        #expect(some.history.image("gone") == all.history.image("gone"))
        #expect(some.cache.skipped == ["two"] && all.cache.skipped.isEmpty)
        // The version of `two` that does not parse was never read: no warning about a file
        // that has no page.
        #expect(all.warnings.count == 1 && some.warnings.isEmpty)
        #expect(some.history.latestLandings.allSatisfy { $0.image != "two" })
        // The skipped names survive the cache file.
        #expect(HistoryCache.decode(some.cache.encoded())?.skipped == ["two"])
    }

    @Test func aSkippedFileStaysSkippedUntilWantedThenEverythingIsReadAgain() throws {
        let repo = try Self.repository("wanted-later")
        let first = try Self.load(repo, wanted: ["one"])
        try repo.write("two", HistoryTests.library([("2", Self.c, "2")]))
        try repo.write("one", HistoryTests.library([("1, latest", Self.c, "1")]))
        try repo.commit("fourth", date: 400)

        // A new commit to a skipped file: continued from the cache, the file still skipped.
        let continued = try Self.load(repo, wanted: ["one"], cache: first.cache)
        #expect(continued.changed == ["one"])
        #expect(continued.cache.skipped == ["two"])
        let cold = try Self.load(repo, wanted: ["one"])
        #expect(continued.history == cold.history)
        #expect(continued.cache.encoded() == cold.cache.encoded())

        // Now `two` has an image folder: the cache cannot give its history, so all is read.
        let wanted = try Self.load(repo, wanted: ["one", "two"], cache: continued.cache)
        #expect(wanted.changed == nil)
        #expect(wanted.cache.skipped.isEmpty)
        #expect(try wanted.history == Self.load(repo, wanted: nil).history)
        // A load that wants less reads everything again, to leave `two` out as a whole read does.
        let fewer = try Self.load(repo, wanted: ["one"], cache: wanted.cache)
        #expect(fewer.changed == nil && fewer.history == cold.history)
    }

    @Test func aSkippedFileDeletedLaterIsReadAsARetiredImage() throws {
        let repo = try Self.repository("wanted-retired")
        let first = try Self.load(repo, wanted: ["one"])
        #expect(first.cache.skipped == ["two"])
        try repo.remove("two")
        try repo.commit("fourth", date: 400)
        let loaded = try Self.load(repo, wanted: ["one"], cache: first.cache)
        #expect(loaded.changed == nil)
        #expect(loaded.history.retiredImageNames == ["gone", "two"])
        #expect(try loaded.history.image("two") == Self.load(repo, wanted: nil).history.image("two"))
        #expect(loaded.cache.skipped.isEmpty)
    }

    /// A continued load gives what a whole read would, also when a file the cache folded is no
    /// longer wanted: its image folder was removed, or a retired file came back without one.
    @Test func aFoldedFileNoLongerWantedIsLeftOutAsAWholeReadWould() throws {
        let repo = try Self.repository("unwanted")
        // Both shown, then `two`'s folder is removed and a version of it that does not parse lands.
        let both = try Self.load(repo, wanted: ["one", "two"])
        try repo.write("two", "Tags: broken again\nNoSuchField: y\n")
        try repo.commit("fourth", date: 400)
        let continued = try Self.load(repo, wanted: ["one"], cache: both.cache)
        let cold = try Self.load(repo, wanted: ["one"])
        #expect(continued.history == cold.history && continued.warnings == cold.warnings && cold.warnings.isEmpty)
        #expect(continued.cache.encoded() == cold.cache.encoded())
        // The same with no new commit: a cache at the tip that folded `two`.
        let atTip = try Self.load(repo, wanted: ["one", "two"])
        #expect(atTip.warnings.count == 2)
        let again = try Self.load(repo, wanted: ["one"], cache: atTip.cache)
        #expect(again.changed == nil && again.history == cold.history && again.warnings.isEmpty)

        // `gone` was folded as a retired image; it comes back, with no folder and a bad version.
        try repo.write("gone", "Tags: 9\nNoSuchField: z\n")
        try repo.commit("fifth", date: 500)
        let back = try Self.load(repo, wanted: ["one"], cache: cold.cache)
        let whole = try Self.load(repo, wanted: ["one"])
        #expect(back.history == whole.history && back.warnings == whole.warnings)
        #expect(back.history.imageNames == ["one"] && whole.cache.skipped == ["gone", "two"])
        #expect(back.cache.encoded() == whole.cache.encoded())
    }

    /// A chain with merges (dated by the merge), read in one `git log` and split at every depth.
    @Test func aSplitChainEqualsOneRead() throws {
        let repo = try Repository("split")
        var date = 100
        for round in 0..<4 {
            try repo.write("one", HistoryTests.library([("\(round)", Self.a, "\(round)")]))
            try repo.commit("one \(round)", date: date)
            date += 10
            try repo.git("checkout", "-q", "-b", "side\(round)")
            try repo.write("two", HistoryTests.library([("\(round)", Self.b, "\(round)")]))
            try repo.commit("two \(round)", date: date)
            date += 10
            try repo.git("checkout", "-q", "main")
            try repo.git("merge", "-q", "--no-ff", "-m", "merge \(round)", "side\(round)", date: date)
            date += 10
            try repo.git("commit", "-q", "--allow-empty", "-m", "empty \(round)", date: date)
            date += 10
        }
        func chain(_ depth: Int) throws -> [String] {
            let reader = try HistoryReader(git: Git.locate(), folder: repo.library, splitDepth: depth)
            let tip = try reader.repository(rev: "HEAD").tip
            return try reader.chain(tip: tip).map { entry in
                "\(entry.commit.id) \(entry.commit.time) " + entry.changes.map { "\($0.name)=\($0.blob ?? "-")" }.joined(separator: ",")
            }
        }
        let whole = try chain(1_000_000)
        #expect(whole.count == 8)
        for depth in 1...17 {
            #expect(try chain(depth) == whole, "split at tip~\(depth)")
        }
    }

    /// `git log` output cut into blocks anywhere parses as the whole.
    @Test func theLogParsesInBlocksOfAnySize() throws {
        let header1 = "\(String(repeating: "1", count: 40)) 1600000100 first commit"
        let header2 = "\(String(repeating: "2", count: 40)) 1600000200 second: with spaces"
        let blob = String(repeating: "e", count: 40), zero = String(repeating: "0", count: 40)
        let text = [header1, "\n:000000 100644 \(zero) \(blob) A", "one", ":000000 100644 \(zero) \(blob) A", "sub/dir",
                    header2, "\n:100644 000000 \(blob) \(zero) D", "one", ":000000 120000 \(zero) \(blob) A", "link", ""]
            .joined(separator: "\0")
        let bytes = Array(text.utf8)
        func parse(blockSize: Int) -> [String] {
            var parser = HistoryReader.LogParser()
            var start = 0
            while start < bytes.count {
                let end = min(start + blockSize, bytes.count)
                bytes[start..<end].withUnsafeBufferPointer { parser.feed($0) }
                start = end
            }
            return parser.finish().map { entry in
                "\(entry.commit.id.prefix(1)) \(entry.commit.time) \(entry.commit.subject) "
                    + entry.changes.map { "\($0.name)=\($0.blob.map { String($0.prefix(1)) } ?? "-")" }.joined(separator: ",")
            }
        }
        let whole = parse(blockSize: bytes.count)
        #expect(whole == ["1 1600000100 first commit one=e", "2 1600000200 second: with spaces one=-,link=-"])
        for size in 1..<80 {
            #expect(parse(blockSize: size) == whole, "blocks of \(size) bytes")
        }
    }
}
