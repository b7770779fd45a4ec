import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// `sitegen diff` on the real official-images history (the bundle) with the corpus's docs tree:
/// the acceptance cases of the issue, checked against what git itself says of each commit.
@Suite(.enabled(if: HistoryBundle.exists && TestPaths.corpus != nil, "\(HistoryBundle.missingMessage) (or the corpus is missing)"))
struct DiffBundleTests {
    static func git(_ arguments: [String]) throws -> String {
        let run = try ProgramRun.run("git", arguments, in: try HistoryBundle.clone())
        #expect(run.status == 0, "git \(arguments.joined(separator: " ")): \(run.standardError)")
        return run.output
    }

    /// The first-parent commit whose subject is `subject` (ids are rewritten in the bundle, so
    /// commits are found by what they say).
    static func commit(subject: String) throws -> String {
        let found = try git(["log", "--first-parent", "--format=%H %s", "HEAD"]).split(separator: "\n")
            .first { $0.dropFirst(41) == subject[...] }
        return String(try #require(found?.prefix(40), "no commit \(subject)"))
    }

    static func diff(_ revisions: [String], images: [String]? = nil) throws -> DiffReport {
        let clone = try HistoryBundle.clone()
        let corpus = try #require(TestPaths.corpus)
        let (report, _) = try SiteDiff(SiteDiff.Options(
            library: clone.appendingPathComponent("library").path, docs: corpus.appendingPathComponent("docs").path,
            revisions: revisions, images: images,
            logoCommitsPath: corpus.appendingPathComponent("logo-commits.tsv").path,
            buildpackDepsImagesPath: corpus.appendingPathComponent("buildpack-deps-images.txt").path)).run()
        return report
    }

    @Test func theTipAddsEspoCRMWithItsTagsAndArchitectures() throws {
        let report = try Self.diff(["HEAD~1", "HEAD"])
        #expect(try Self.git(["log", "-1", "--format=%s"]).hasPrefix("Add EspoCRM official image"))
        #expect(report.images.map(\.name) == ["espocrm"])
        let image = try #require(report.images.first)
        #expect(image.status == .added && image.errors == nil)
        // Every tag and architecture of the file, as the parser reads it from git.
        let text = try Self.git(["show", "HEAD:library/espocrm"])
        let file = try #require(LibraryFile.parse(text, name: "espocrm", path: "espocrm").file)
        #expect(image.tags.added.map(\.tag) == file.entries.flatMap { $0.tags + $0.sharedTags })
        #expect(image.tags.added.count == 28 && image.tags.removed.isEmpty && image.tags.moved.isEmpty)
        #expect(image.architectures.added == file.architectures.map(\.name))
        #expect(image.architectures.added == ["amd64", "arm32v5", "arm32v6", "arm32v7", "arm64v8", "i386"])
        #expect(image.builds.added.count == file.entries.count)
        #expect(image.readme == nil, "the corpus has no espocrm folder, so there is no README to compare")
    }

    @Test func aPythonUpdateMovesTagsAndChangesBuildsAsGitShowSays() throws {
        let commit = try Self.commit(subject: "Update python (#22049)")
        let report = try Self.diff([commit + "~1", commit])
        #expect(report.images.map(\.name) == ["python"])
        let python = try #require(report.images.first)

        // What `git show` says: the lines of library/python removed and added.
        let patch = try Self.git(["show", "--format=", "--unified=0", commit, "--", "library/python"])
        var removedLines: [String] = [], addedLines: [String] = []
        for line in patch.split(separator: "\n") where !line.hasPrefix("---") && !line.hasPrefix("+++") {
            if line.hasPrefix("-") { removedLines.append(String(line.dropFirst())) }
            if line.hasPrefix("+") { addedLines.append(String(line.dropFirst())) }
        }
        func values(_ lines: [String], _ field: String) -> [String] {
            lines.filter { $0.hasPrefix(field + ": ") }.map { String($0.dropFirst(field.count + 2)) }
        }
        func tags(_ lines: [String]) -> Set<String> {
            Set((values(lines, "Tags") + values(lines, "SharedTags")).flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
        }
        let oldCommits = Set(values(removedLines, "GitCommit")), newCommits = Set(values(addedLines, "GitCommit"))
        #expect(!oldCommits.isEmpty && !newCommits.isEmpty)

        // Tags that left and came, and builds whose GitCommit changed, from one commit to the other.
        #expect(Set(python.tags.added.map(\.tag)) == tags(addedLines).subtracting(tags(removedLines)))
        #expect(Set(python.tags.removed.map(\.tag)) == tags(removedLines).subtracting(tags(addedLines)))
        let changed = python.builds.changed.filter(\.sourceChanged)
        #expect(changed.count == values(addedLines, "GitCommit").count, "one build per GitCommit line git shows changed")
        #expect(Set(changed.map(\.from.gitCommit)) == oldCommits)
        #expect(Set(changed.map(\.to.gitCommit)) == newCommits)
        for build in changed {
            #expect(build.from.dockerfile == "https://github.com/docker-library/python/blob/\(build.from.gitCommit)/\(build.from.directory)/Dockerfile")
            #expect(build.to.dockerfile == "https://github.com/docker-library/python/blob/\(build.to.gitCommit)/\(build.to.directory)/Dockerfile")
        }
        // Every moved tag is a tag of a changed build, now at its new commit.
        #expect(!python.tags.moved.isEmpty)
        let buildOfTag = Dictionary(changed.flatMap { build in (build.tags + build.sharedTags).map { ($0, build) } }, uniquingKeysWith: { a, _ in a })
        for move in python.tags.moved {
            let build = try #require(buildOfTag[move.tag], "\(move.tag) moved but is in no changed build")
            #expect(move.from.gitCommit == build.from.gitCommit && move.to.gitCommit == build.to.gitCommit)
        }
        // The README's supported-tags section changes with it.
        let readme = try #require(python.readme)
        #expect(readme.diff.contains("+-\t[`3.12.14-trixie`"))
    }

    @Test func theCommitThatRetiredPython27ListsEachOfItsTagsAsRemoved() throws {
        let commit = try Self.commit(subject: "Merge pull request #7846 from docker-library-bot/python")
        let report = try Self.diff([commit + "~1", commit], images: ["python"])
        let python = try #require(report.images.first)
        let old = try #require(LibraryFile.parse(try Self.git(["show", "\(commit)~1:library/python"]), name: "python", path: "python").file)
        let tags27 = old.entries.filter { $0.directory.hasPrefix("2.7") }.flatMap { $0.tags + $0.sharedTags }
        var seen = Set<String>()
        let expected = tags27.filter { seen.insert($0).inserted }
        #expect(expected.count == 36)
        #expect(python.tags.removed.map(\.tag) == expected)
        #expect(python.builds.removed.count == 8)
        #expect(python.builds.removed.allSatisfy { $0.source.gitCommit.hasPrefix("f1e613f4") })
    }

    /// The first-parent commit that changed the most lines of `library/`.
    static func largestCommit() throws -> String {
        var best = ("", 0), current = ""
        for line in try git(["log", "--first-parent", "--format=C %H", "--shortstat", "HEAD", "--", "library"]).split(separator: "\n") {
            if line.hasPrefix("C ") {
                current = String(line.dropFirst(2))
            } else if line.contains("changed") {
                let numbers = line.split(separator: " ").compactMap { Int($0) }
                let lines = numbers.dropFirst().reduce(0, +)
                if lines > best.1 { best = (current, lines) }
            }
        }
        return best.0
    }

    @Test func markdownOfTheLargestCommitStaysUnderGitHubsLimitAndLosesNoHTML() throws {
        let commit = try Self.largestCommit()
        let markdown = DiffMarkdown(try Self.diff([commit + "~1", commit])).text
        #expect(markdown.count <= DiffMarkdown.gitHubLimit && markdown.utf8.count <= DiffMarkdown.gitHubLimit)
        #expect(markdown.contains("This comment was shortened"))
        try Self.expectRendersWithoutHTMLLoss(markdown)

        // One that fits whole: the README diff survives rendering byte for byte in its code block.
        let python = try Self.commit(subject: "Update python (#22049)")
        let report = try Self.diff([python + "~1", python])
        let whole = DiffMarkdown(report).text
        #expect(!whole.contains("shortened"))
        let html = try Self.expectRendersWithoutHTMLLoss(whole)
        let readme = try #require(report.images.first?.readme?.diff)
        let code = try #require(html.range(of: "<pre><code class=\"language-diff\">"))
        let end = try #require(html[code.upperBound...].range(of: "</code></pre>"))
        #expect(Self.unescape(String(html[code.upperBound..<end.lowerBound])) == readme)
    }

    /// Renders `markdown` as GitHub does (cmark-gfm with tables, autolinks, strikethrough and the
    /// tag filter) and checks that every `<details>` and `<summary>` survives, and that they are
    /// its only raw HTML: rendered safe, exactly those blocks are omitted.
    @discardableResult
    static func expectRendersWithoutHTMLLoss(_ markdown: String) throws -> String {
        let extensions = ["-e", "table", "-e", "autolink", "-e", "strikethrough", "-e", "tagfilter"]
        let unsafe = try ProgramRun.run("cmark-gfm", ["--unsafe"] + extensions, input: Data(markdown.utf8))
        #expect(unsafe.status == 0, "cmark-gfm: \(unsafe.standardError)")
        let html = unsafe.output
        let details = markdown.components(separatedBy: "<details><summary>").count - 1
        #expect(details > 0)
        #expect(html.components(separatedBy: "<details><summary>").count - 1 == details)
        #expect(html.components(separatedBy: "</details>").count - 1 == details)
        #expect(!html.contains("&lt;details") && !html.contains("&lt;/details"))
        #expect(html.contains("<table>"))
        let safe = try ProgramRun.run("cmark-gfm", extensions, input: Data(markdown.utf8))
        #expect(safe.output.components(separatedBy: "<!-- raw HTML omitted -->").count - 1 == 2 * details,
                "only the <details> blocks are raw HTML")
        return html
    }

    static func unescape(_ html: String) -> String {
        html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func theJSONOfRealCommitsValidatesAgainstTheDocumentedSchema() throws {
        let python = try Self.commit(subject: "Update python (#22049)")
        let retired = try Self.commit(subject: "Merge pull request #7846 from docker-library-bot/python")
        let reports = [try Self.diff(["HEAD~1", "HEAD"]), try Self.diff([python + "~1", python]),
                       try Self.diff([retired + "~1", retired]), try Self.diff(["HEAD", "HEAD"])]
        #expect(try DiffSchema.problems(reports.map(\.json)) == [])
    }
}
