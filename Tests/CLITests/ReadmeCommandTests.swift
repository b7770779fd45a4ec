import Foundation
import Testing
import TestSupport

/// `sitegen readme` end to end: the built executable, real files, real exit codes.
@Suite struct ReadmeCommandTests {
    static let sitegen = TestPaths.sitegen

    static func corpusArguments(_ corpus: URL, docs: URL? = nil) -> [String] {
        ["--docs", (docs ?? corpus.appendingPathComponent("docs")).path,
         "--library", corpus.appendingPathComponent("library").path,
         "--logo-commits", corpus.appendingPathComponent("logo-commits.tsv").path,
         "--buildpack-deps-images", corpus.appendingPathComponent("buildpack-deps-images.txt").path]
    }

    /// A writable copy of `source` in a new temporary folder.
    static func writableCopy(of source: URL, label: String) throws -> URL {
        let folder = try TestPaths.temporaryFolder(label)
        let copy = folder.appendingPathComponent(source.lastPathComponent)
        let run = try ProgramRun.run("cp", ["-R", source.path, copy.path])
        try #require(run.status == 0, "cp failed: \(run.standardError)")
        let chmod = try ProgramRun.run("chmod", ["-R", "u+w", copy.path])
        try #require(chmod.status == 0)
        return copy
    }

    @Test func helpNamesTheCommandsAndOptions() throws {
        let top = try ProgramRun.run(Self.sitegen, ["--help"])
        #expect(top.status == 0)
        #expect(top.output.contains("readme"))
        let readme = try ProgramRun.run(Self.sitegen, ["readme", "--help"])
        #expect(readme.status == 0)
        for option in ["--docs", "--library", "--logo-commits", "--buildpack-deps-images", "--write"] {
            #expect(readme.output.contains(option), "readme --help does not mention \(option)")
        }
    }

    @Test func demoContentHasReadmesWithoutProblems() throws {
        let root = TestPaths.packageRoot.appendingPathComponent("content")
        let run = try ProgramRun.run(Self.sitegen, ["readme", "--docs", root.appendingPathComponent("docs").path,
                                                     "--library", root.appendingPathComponent("library").path,
                                                     "--buildpack-deps-images", root.appendingPathComponent("buildpack-deps-images.txt").path])
        #expect(run.status == 0)
        #expect(run.standardError.isEmpty, "\(run.standardError)")
        #expect(run.output.components(separatedBy: "<!--").count - 1 >= 4, "expected a README per demo image")
        #expect(!run.output.contains("%%"), "a placeholder was left unfilled")
    }

    @Test func malformedLibraryFileGivesLocatedErrorAndNoReadme() throws {
        let content = try Self.writableCopy(of: TestPaths.packageRoot.appendingPathComponent("content"), label: "malformed")
        defer { try? FileManager.default.removeItem(at: content.deletingLastPathComponent()) }
        let libraryFile = content.appendingPathComponent("library/lumen")
        var text = try String(contentsOf: libraryFile, encoding: .utf8)
        text += "\nTags: broken\nthis line has no colon\nGitCommit: not-hex!\n"
        try text.write(to: libraryFile, atomically: true, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let badLine = try #require(lines.firstIndex(of: "this line has no colon")) + 1

        let run = try ProgramRun.run(Self.sitegen, ["readme", "lumen",
                                                     "--docs", content.appendingPathComponent("docs").path,
                                                     "--library", content.appendingPathComponent("library").path])
        #expect(run.status == 1)
        #expect(run.standardOutput.isEmpty, "no partial README may be printed")
        #expect(run.standardError.contains("\(libraryFile.path):\(badLine):1: error: expected `Key: value`"), "\(run.standardError)")
        #expect(run.standardError.contains("error: GitCommit `not-hex!` is not a commit id"))
        #expect(run.standardError.contains("hint: "))
    }

    @Test func unknownImageIsAnError() throws {
        let root = TestPaths.packageRoot.appendingPathComponent("content")
        let run = try ProgramRun.run(Self.sitegen, ["readme", "no-such-image", "--docs", root.appendingPathComponent("docs").path,
                                                     "--library", root.appendingPathComponent("library").path])
        #expect(run.status == 1)
        #expect(run.standardError.contains("error: no image `no-such-image` in the docs folder"))
    }

    @Test(.enabled(if: TestPaths.corpus != nil, "\(TestPaths.corpusMissingMessage)"))
    func printsTheCorpusReadmeByteForByte() throws {
        let corpus = try #require(TestPaths.corpus)
        let run = try ProgramRun.run(Self.sitegen, ["readme", "python"] + Self.corpusArguments(corpus))
        #expect(run.status == 0, "\(run.standardError)")
        let expected = try Data(contentsOf: corpus.appendingPathComponent("docs/python/README.md"))
        #expect(run.standardOutput == expected)
    }

    @Test(.enabled(if: TestPaths.corpus != nil, "\(TestPaths.corpusMissingMessage)"))
    func writeOverACorpusCopyLeavesEveryReadmeUnchanged() throws {
        let corpus = try #require(TestPaths.corpus)
        let docs = try Self.writableCopy(of: corpus.appendingPathComponent("docs"), label: "write")
        defer { try? FileManager.default.removeItem(at: docs.deletingLastPathComponent()) }
        let images = TestPaths.corpusImages()
        // Half the READMEs are removed, so the run must really write them; the rest must stay as they are.
        for name in images.enumerated().filter({ $0.offset % 2 == 0 }).map(\.element) {
            try FileManager.default.removeItem(at: docs.appendingPathComponent("\(name)/README.md"))
        }

        let run = try ProgramRun.run(Self.sitegen, ["readme", "--write"] + Self.corpusArguments(corpus, docs: docs))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)

        var changed: [String] = []
        for name in images {
            let ours = try? Data(contentsOf: docs.appendingPathComponent("\(name)/README.md"))
            let original = try Data(contentsOf: corpus.appendingPathComponent("docs/\(name)/README.md"))
            if ours != original { changed.append(name) }
        }
        #expect(changed.isEmpty, "README.md differs after --write for: \(changed)")
        let diff = try ProgramRun.run("diff", ["-r", corpus.appendingPathComponent("docs").path, docs.path])
        #expect(diff.status == 0, "the copy differs from the corpus: \(diff.output.prefix(2000))")
    }
}
