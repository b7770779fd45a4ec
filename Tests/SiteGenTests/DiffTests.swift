import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// `sitegen diff` on a repository made here: the demo's docs tree and library files, then
/// commits that move, add and remove tags, change builds and architectures, add a variant,
/// add and retire images.
struct DiffTests {
    /// A git repository holding `docs/` and `library/` (a copy of the demo's `content/`).
    struct Repository {
        let root: URL
        var docs: String { root.appendingPathComponent("docs").path }
        var library: String { root.appendingPathComponent("library").path }
        var buildpackDeps: String { root.appendingPathComponent("buildpack-deps-images.txt").path }

        init(_ label: String) throws {
            root = try TestPaths.temporaryFolder("diff-\(label)")
            let content = TestPaths.packageRoot.appendingPathComponent("content")
            for name in ["docs", "library", "buildpack-deps-images.txt"] {
                try FileManager.default.copyItem(at: content.appendingPathComponent(name), to: root.appendingPathComponent(name))
            }
            try git("init", "-q", "-b", "main")
        }

        @discardableResult
        func git(_ arguments: String..., date: Int = 0) throws -> String {
            let stamp = "@\(1_700_000_000 + date) +0000"
            let run = try ProgramRun.run("env", ["GIT_AUTHOR_DATE=\(stamp)", "GIT_COMMITTER_DATE=\(stamp)", "git",
                                                 "-c", "user.name=Test", "-c", "user.email=test@example.com",
                                                 "-c", "commit.gpgsign=false"] + arguments, in: root)
            #expect(run.status == 0, "git \(arguments.joined(separator: " ")): \(run.standardError)")
            return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        @discardableResult
        func commit(_ message: String, date: Int) throws -> String {
            try git("add", "-A")
            try git("commit", "-q", "--allow-empty", "-m", message, date: date)
            return try git("rev-parse", "HEAD")
        }

        func read(_ path: String) throws -> String {
            try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        }

        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }

        /// `path` with `old` replaced by `new` (which must be there).
        func edit(_ path: String, _ old: String, _ new: String) throws {
            let text = try read(path)
            #expect(text.contains(old), "\(path) has no \(old)")
            try write(path, text.replacingOccurrences(of: old, with: new))
        }

        func remove(_ path: String) throws {
            try FileManager.default.removeItem(at: root.appendingPathComponent(path))
        }

        /// Removes the repository and the sites built beside it.
        func delete() {
            let parent = root.deletingLastPathComponent()
            for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(root.lastPathComponent) {
                try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
            }
        }

        func diff(_ revisions: [String], images: [String]? = nil, docs: Bool = true) throws(DiagnosticError) -> DiffReport {
            try SiteDiff(options(revisions, images: images, docs: docs)).run().report
        }

        func options(_ revisions: [String], images: [String]? = nil, docs: Bool = true) -> SiteDiff.Options {
            SiteDiff.Options(library: library, docs: docs ? self.docs : nil, revisions: revisions, images: images,
                             buildpackDepsImagesPath: buildpackDeps, settings: SiteSettings(title: "Demo images"))
        }

        /// The Hub README of `image` as the work tree has it now.
        func readme(_ image: String) throws -> String {
            let loader = CatalogLoader(docsPath: docs, libraryPath: library, buildpackDepsImagesPath: buildpackDeps,
                                       fallbackHelpers: Theme.defaultHelpers())
            let catalog = try #require(loader.load(only: [image]).catalog)
            return try HubReadme.render(try #require(catalog.images.first), in: catalog)
        }

        /// A real build of the work tree: every page's bytes, by path.
        func builtPages(_ label: String) async throws -> [String: Data] {
            let output = root.deletingLastPathComponent().appendingPathComponent(root.lastPathComponent + "-site-" + label)
            let options = SiteBuilder.Options(
                loader: CatalogLoader(docsPath: docs, libraryPath: library, buildpackDepsImagesPath: buildpackDeps,
                                      fallbackHelpers: Theme.defaultHelpers()),
                output: output.path, settings: SiteSettings(title: "Demo images"), jobs: 2)
            let report = await SiteBuilder(options: options).build()
            #expect(report.succeeded, "\(report.diagnostics)")
            var pages: [String: Data] = [:]
            let enumerator = FileManager.default.enumerator(atPath: output.path)
            while let path = enumerator?.nextObject() as? String {
                guard path.hasSuffix(".html") || path == SitePaths.searchIndex else { continue }
                pages[path] = try Data(contentsOf: output.appendingPathComponent(path))
            }
            return pages
        }
    }

    static let newCommit = String(repeating: "c", count: 40)

    /// The edits of the second commit, explained where the test checks them.
    static func secondCommit(_ repo: Repository) throws {
        // The bookworm build moves to another commit and gains riscv64.
        try repo.edit("library/lumen", """
            Architectures: amd64, arm32v7, arm64v8, i386, ppc64le
            GitCommit: 2fb933c466fc2722307c045e6f31c9c22ddcd52e
            Directory: 1.4/bookworm/
            """, """
            Architectures: amd64, arm32v7, arm64v8, i386, ppc64le, riscv64
            GitCommit: \(newCommit)
            Directory: 1.4/bookworm/
            """)
        // The alpine build drops a tag, gains one, and loses arm32v6 (the image's only one).
        try repo.edit("library/lumen", """
            Tags: 1.4.2-alpine3.22, 1.4-alpine3.22, 1-alpine3.22, alpine3.22, 1.4.2-alpine, 1.4-alpine, 1-alpine, alpine
            Architectures: amd64, arm32v6, arm32v7,
            """, """
            Tags: 1.4.2-alpine3.22, 1.4-alpine3.22, alpine3.22, 1.4.2-alpine, 1.4-alpine, 1-alpine, alpine, 1.4.3-rc1-alpine
            Architectures: amd64, arm32v7,
            """)
        // A variant file: the bookworm tags now belong to the `bookworm` variant.
        try repo.write("docs/lumen/variant-bookworm.md", "## `lumen:<version>-bookworm`\n\nBuilt on Debian bookworm.\n")
        // A new image with a library file only, and a retired one (library file and folder gone).
        try repo.write("library/newimage", HistoryTests.library([("1.0, 1, latest", HistoryTests.a, "1")]))
        try repo.remove("library/oldcache")
        try repo.remove("docs/oldcache")
    }

    @Test func twoCommitsShowTagsBuildsArchitecturesVariantsImagesReadmeAndPages() async throws {
        let repo = try Repository("commits")
        defer { repo.delete() }
        let first = try repo.commit("first", date: 100)
        let oldReadme = try repo.readme("lumen")
        let oldPages = try await repo.builtPages("old")
        try Self.secondCommit(repo)
        let second = try repo.commit("second", date: 200)
        let newReadme = try repo.readme("lumen")
        let newPages = try await repo.builtPages("new")

        let report = try repo.diff([first, second])
        #expect(report.from.commit == first && report.to.commit == second)
        #expect(report.images.map(\.name) == ["lumen", "newimage", "oldcache"])
        let lumen = try #require(report.images.first { $0.name == "lumen" })
        #expect(lumen.status == .changed)
        #expect(lumen.errors == nil)

        // Tags.
        #expect(lumen.tags.added.map(\.tag) == ["1.4.3-rc1-alpine"])
        #expect(lumen.tags.removed.map(\.tag) == ["1-alpine3.22"])
        // The 1.4 bookworm tags moved to another commit and variant; the 1.3 ones to another variant only.
        #expect(lumen.tags.moved.map(\.tag) == ["1.4.2-bookworm", "1.4-bookworm", "1-bookworm", "bookworm", "1.3.9-bookworm", "1.3-bookworm"])
        for move in lumen.tags.moved {
            let commit = move.tag.hasPrefix("1.3") ? "7459be493eac456eea9fbae72dfddb29e9992349" : Self.newCommit
            #expect(move.to.gitCommit == commit)
            #expect(move.from.gitCommit == (move.tag.hasPrefix("1.3") ? commit : "2fb933c466fc2722307c045e6f31c9c22ddcd52e"))
            #expect(move.from.variant == "default" && move.to.variant == "bookworm")
        }

        // Builds: the bookworm one changed source and gained riscv64; the alpine one lost arm32v6.
        #expect(lumen.builds.added.isEmpty && lumen.builds.removed.isEmpty)
        #expect(lumen.builds.changed.count == 2)
        let bookworm = try #require(lumen.builds.changed.first { $0.tags.first == "1.4.2-bookworm" })
        #expect(bookworm.sourceChanged)
        #expect(bookworm.architectures == DiffReport.ListChange(added: ["riscv64"], removed: []))
        #expect(bookworm.from.dockerfile == "https://github.com/sitegen-demo/lumen/blob/2fb933c466fc2722307c045e6f31c9c22ddcd52e/1.4/bookworm/Dockerfile")
        #expect(bookworm.to.dockerfile == "https://github.com/sitegen-demo/lumen/blob/\(Self.newCommit)/1.4/bookworm/Dockerfile")
        let alpine = try #require(lumen.builds.changed.first { $0.tags.first == "1.4.2-alpine3.22" })
        #expect(!alpine.sourceChanged)
        #expect(alpine.architectures == DiffReport.ListChange(added: [], removed: ["arm32v6"]))
        #expect(lumen.architectures == DiffReport.ListChange(added: [], removed: ["arm32v6"]))
        #expect(lumen.variants == DiffReport.ListChange(added: ["bookworm"], removed: []))

        // The README diff turns the old README into the new one.
        let readme = try #require(lumen.readme)
        #expect(readme.status == .changed)
        #expect(try Self.patch(oldReadme, with: readme.diff) == newReadme)

        // Images added and retired.
        let added = try #require(report.images.first { $0.name == "newimage" })
        #expect(added.status == .added)
        #expect(added.tags.added.map(\.tag) == ["1.0", "1", "latest"])
        #expect(added.architectures.added == ["amd64"])
        #expect(added.readme == nil, "an image without a docs folder has no README")
        let retired = try #require(report.images.first { $0.name == "oldcache" })
        #expect(retired.status == .retired)
        #expect(!retired.tags.removed.isEmpty && retired.tags.added.isEmpty)
        #expect(retired.readme?.status == .removed)

        // The pages it names are exactly the pages whose bytes differ between two real builds.
        var differing: [String: DiffReport.PageChange.Status] = [:]
        for path in Set(oldPages.keys).union(newPages.keys) {
            switch (oldPages[path], newPages[path]) {
            case (nil, .some): differing[path] = .added
            case (.some, nil): differing[path] = .removed
            case (let a?, let b?) where a != b: differing[path] = .changed
            default: break
            }
        }
        var reported: [String: DiffReport.PageChange.Status] = [:]
        for page in report.images.flatMap(\.pages) + report.sitePages { reported[page.path] = page.status }
        #expect(!differing.isEmpty)
        #expect(reported == differing)

        // The JSON holds all of it, valid against the documented schema.
        #expect(try DiffSchema.problems([report.json, try repo.diff([first, first]).json]) == [])
        let decoded = try JSONDecoder().decode(DiffReport.self, from: Data(report.json.utf8))
        #expect(decoded == report)
    }

    @Test func theWorkTreeIsComparedWithHeadOrWithOneRev() throws {
        let repo = try Repository("worktree")
        defer { repo.delete() }
        let first = try repo.commit("first", date: 100)
        try Self.secondCommit(repo)
        try repo.commit("second", date: 200)
        #expect(try !repo.diff([]).hasChanges, "a clean work tree equals HEAD")

        // An edit not committed, and a file git does not track.
        try repo.edit("library/beacon", "Tags: ", "Tags: 9.9.9-new, ")
        try repo.write("library/untracked", HistoryTests.library([("2.0, 2", HistoryTests.b, "2")]))
        let againstHead = try repo.diff([])
        #expect(againstHead.from.label == "HEAD" && againstHead.to.label == "work tree" && againstHead.to.commit == nil)
        #expect(againstHead.images.map(\.name) == ["beacon", "untracked"])
        #expect(againstHead.images[0].tags.added.map(\.tag) == ["9.9.9-new"])
        #expect(againstHead.images[1].status == .added)

        let againstFirst = try repo.diff([first])
        #expect(againstFirst.images.map(\.name) == ["beacon", "lumen", "newimage", "oldcache", "untracked"])
        #expect(try repo.diff([first], images: ["lumen", "untracked"]).images.map(\.name) == ["lumen", "untracked"])
    }

    @Test func twoFoldersAreComparedWithoutGit() throws {
        let old = try TestPaths.temporaryFolder("diff-folders-old")
        let new = try TestPaths.temporaryFolder("diff-folders-new")
        try HistoryTests.library([("1.0, 1", HistoryTests.a, "1"), ("2.0, 2, latest", HistoryTests.a, "2")])
            .write(to: old.appendingPathComponent("image"), atomically: true, encoding: .utf8)
        try HistoryTests.library([("1.0, 1", HistoryTests.a, "1"), ("2.1, 2, latest", HistoryTests.b, "2")])
            .write(to: new.appendingPathComponent("image"), atomically: true, encoding: .utf8)
        let report = try SiteDiff(SiteDiff.Options(library: old.path, libraryTo: new.path, docs: nil)).run().report
        let image = try #require(report.images.first)
        #expect(report.images.count == 1 && image.name == "image")
        #expect(image.tags.added.map(\.tag) == ["2.1"] && image.tags.removed.map(\.tag) == ["2.0"])
        #expect(image.tags.moved.map(\.tag) == ["2", "latest"])
        #expect(image.builds.changed.map(\.tags) == [["2.1", "2", "latest"]])
        #expect(report.notes.count == 1, "says that READMEs and pages were not compared")
    }

    // MARK: Bad input

    @Test func anUnknownRevIsAnError() throws {
        let repo = try Repository("unknown-rev")
        defer { repo.delete() }
        try repo.commit("first", date: 100)
        #expect {
            try repo.diff(["no-such-branch", "HEAD"])
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.map(\.identifier) == ["diff.unknown-rev"]
                && "\(error)".contains("no-such-branch")
        }
    }

    @Test func aFolderOutsideARepositoryIsAnError() throws {
        let folder = try TestPaths.temporaryFolder("diff-no-repo")
        #expect {
            try SiteDiff(SiteDiff.Options(library: folder.path, docs: nil)).run()
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.map(\.identifier) == ["diff.not-a-repository"]
        }
    }

    @Test func aLibraryFileThatDoesNotParseIsThatSidesErrorAndTheRestStillDiffs() throws {
        let repo = try Repository("unparsable")
        defer { repo.delete() }
        let first = try repo.commit("first", date: 100)
        try repo.edit("library/lumen", "GitRepo: https://github.com/sitegen-demo/lumen.git", "GitRepo https://github.com/sitegen-demo/lumen.git")
        try repo.edit("library/beacon", "Tags: ", "Tags: 9.9.9-new, ")
        let second = try repo.commit("break lumen", date: 200)

        let (report, diagnostics) = try SiteDiff(repo.options([first, second])).run()
        #expect(report.hasErrors)
        let lumen = try #require(report.images.first { $0.name == "lumen" })
        #expect(lumen.errors?.from == [])
        let problem = try #require(lumen.errors?.to.first)
        #expect(problem.contains("\(second):") && problem.contains("library/lumen:"), "names the commit and the file: \(problem)")
        #expect(lumen.tags.isEmpty && lumen.builds.isEmpty && lumen.pages.isEmpty && lumen.readme == nil,
                "a side that does not parse is not compared: its README and pages are not shown as removed")
        #expect(lumen.errors?.to.count == Set(lumen.errors?.to ?? []).count, "each problem once")
        let beacon = try #require(report.images.first { $0.name == "beacon" })
        #expect(beacon.tags.added.map(\.tag) == ["9.9.9-new"])
        #expect(diagnostics.contains { $0.severity == .error })

        // The other way round: the old side is the broken one.
        let reverse = try repo.diff([second, first])
        #expect(reverse.images.first { $0.name == "lumen" }?.errors?.from.isEmpty == false)
    }

    @Test func twoIdenticalStatesHaveNoChanges() throws {
        let repo = try Repository("identical")
        defer { repo.delete() }
        try repo.commit("first", date: 100)
        let report = try repo.diff(["HEAD", "HEAD"])
        #expect(!report.hasChanges && !report.hasErrors)
        #expect(report.images.isEmpty && report.sitePages.isEmpty)
        #expect(DiffText(report, colour: false).text.hasSuffix("no changes\n"))
        #expect(DiffMarkdown(report).text.contains("No changes."))
    }

    // MARK: Output

    @Test func markdownFoldsTheLongestPartsToStayUnderTheLimit() throws {
        let repo = try Repository("markdown")
        defer { repo.delete() }
        let first = try repo.commit("first", date: 100)
        try Self.secondCommit(repo)
        let second = try repo.commit("second", date: 200)
        let report = try repo.diff([first, second])
        let whole = DiffMarkdown(report).text
        #expect(!whole.contains("shortened"))
        let limit = whole.utf8.count * 2 / 3
        let folded = DiffMarkdown(report, limit: limit).text
        #expect(folded.utf8.count <= limit)
        #expect(folded.contains("This comment was shortened"))
        // The longest part (oldcache's README, 138 lines removed) goes first, saying how to see
        // it; the summary tables stay.
        #expect(folded.contains("_Left out to stay under the comment size limit_ (138 lines). See it with `sitegen diff \(first) \(second) --images oldcache`."))
        #expect(!folded.contains("-# What is oldcache?") && whole.contains("-# What is oldcache?"))
        #expect(folded.contains("#### `lumen` (changed)") && folded.contains("| Tags moved | 6 |"))
    }

    @Test func aUnifiedDiffAppliesWithPatch() throws {
        let cases: [(String, String)] = [
            ("a\nb\nc\n", "a\nB\nc\n"),
            ("", "one\ntwo\n"),
            ("one\ntwo\n", ""),
            ("same\nlast", "same\nlast\n"),
            ((1...40).map { "line \($0)\n" }.joined(), (1...40).map { $0 % 9 == 0 ? "changed \($0)\n" : "line \($0)\n" }.joined() + "tail\n"),
        ]
        for (old, new) in cases {
            let diff = try #require(UnifiedDiff(old: old, new: new, oldName: "a/f", newName: "b/f"))
            #expect(try Self.patch(old, with: diff.text) == new, "\(diff.text)")
        }
        #expect(UnifiedDiff(old: "x\n", new: "x\n", oldName: "a", newName: "b") == nil)
    }

    // MARK: What the review found

    @Test func anImageWhoseFilesLinkIntoCommonTemplatesLoadsAtACommit() throws {
        let repo = try Repository("common-templates")
        defer { repo.delete() }
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: repo.docs + "/beacon/maintainer.md")
        #expect(link.contains(".common-templates"), "beacon's maintainer.md links into the shared folder")
        let first = try repo.commit("first", date: 100)
        try repo.edit("library/beacon", "Tags: ", "Tags: 9.9.9-new, ")
        let second = try repo.commit("second", date: 200)
        for report in [try repo.diff([first, second]), try repo.diff([first])] {
            let beacon = try #require(report.images.first)
            #expect(report.images.map(\.name) == ["beacon"])
            #expect(beacon.errors == nil)
            #expect(beacon.readme?.diff.contains("+-\t[`9.9.9-new`") == true)
        }

        // A change in the shared folder changes the README of every image that links to it.
        let shared = repo.docs + "/.common-templates/" + (link as NSString).lastPathComponent
        try (try String(contentsOfFile: shared, encoding: .utf8) + "\nAnd more.\n").write(toFile: shared, atomically: true, encoding: .utf8)
        let report = try repo.diff([])
        let linking = try FileManager.default.contentsOfDirectory(atPath: repo.docs).filter { image in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: repo.docs + "/\(image)/maintainer.md"))?.hasSuffix((link as NSString).lastPathComponent) == true
        }
        #expect(!linking.isEmpty)
        #expect(Set(report.images.filter { $0.readme != nil }.map(\.name)) == Set(linking))
    }

    @Test func aBrokenRootMetadataFileIsReportedNotLost() throws {
        let repo = try Repository("metadata")
        defer { repo.delete() }
        try repo.commit("first", date: 100)
        try repo.write("docs/metadata.json", "{bad")
        let (report, diagnostics) = try SiteDiff(repo.options([])).run()
        #expect(diagnostics.contains { $0.severity == .error && $0.file?.hasSuffix("docs/metadata.json") == true })
        #expect(report.notes.contains { $0.contains("metadata.json") })
    }

    @Test func aDocsTreeInAnotherRepositoryIsReadFromDiskAtBothStates() throws {
        let repo = try Repository("two-repos")
        defer { repo.delete() }
        let docsRepo = try TestPaths.temporaryFolder("diff-docs-repo")
        defer { try? FileManager.default.removeItem(at: docsRepo) }
        try FileManager.default.removeItem(at: docsRepo)
        try FileManager.default.moveItem(atPath: repo.docs, toPath: docsRepo.path)
        for arguments in [["init", "-q", "-b", "main"], ["add", "-A"],
                          ["-c", "user.name=T", "-c", "user.email=t@e", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "docs"]] {
            #expect(try ProgramRun.run("git", arguments, in: docsRepo).status == 0)
        }
        let first = try repo.commit("first", date: 100)
        try repo.edit("library/beacon", "Tags: ", "Tags: 9.9.9-new, ")
        let second = try repo.commit("second", date: 200)
        var options = repo.options([first, second])
        options.docs = docsRepo.path
        let report = try SiteDiff(options).run().report
        #expect(report.images.map(\.name) == ["beacon"])
        #expect(report.images.first?.readme != nil && report.images.first?.errors == nil)
        #expect(report.notes.contains { $0.contains("another repository") })
    }

    @Test func overridesReordersAndSharedTagsMoveOnlyWhatTheyChange() throws {
        let old = try TestPaths.temporaryFolder("diff-overrides-old")
        let new = try TestPaths.temporaryFolder("diff-overrides-new")
        defer { for folder in [old, new] { try? FileManager.default.removeItem(at: folder) } }
        func file(linux: String, windows: String, arm: String, windowsFirst: Bool) -> String {
            let entries = [
                "Tags: 1.0-linux\nSharedTags: 1.0, latest\nArchitectures: amd64, arm64v8\nGitCommit: \(linux)\narm64v8-GitCommit: \(arm)\nDirectory: linux\n",
                "Tags: 1.0-windows\nSharedTags: 1.0, latest\nArchitectures: windows-amd64\nGitCommit: \(windows)\nDirectory: windows\n",
            ]
            return "Maintainers: T <t@e> (@t)\nGitRepo: https://github.com/example/image.git\n\n"
                + (windowsFirst ? entries.reversed() : entries).joined(separator: "\n")
        }
        let a = HistoryTests.a, b = HistoryTests.b, c = HistoryTests.c
        func diff(_ before: String, _ after: String) throws -> DiffReport.ImageChange? {
            try before.write(to: old.appendingPathComponent("image"), atomically: true, encoding: .utf8)
            try after.write(to: new.appendingPathComponent("image"), atomically: true, encoding: .utf8)
            return try SiteDiff(SiteDiff.Options(library: old.path, libraryTo: new.path, docs: nil)).run().report.images.first
        }
        // Entries reordered: the shared tags name the same builds, nothing moved.
        #expect(try diff(file(linux: a, windows: a, arm: a, windowsFirst: false), file(linux: a, windows: a, arm: a, windowsFirst: true)) == nil)
        // The Windows entry (the second that lists the shared tags) changes commit: they moved, for windows-amd64.
        let windows = try #require(try diff(file(linux: a, windows: a, arm: a, windowsFirst: false), file(linux: a, windows: b, arm: a, windowsFirst: false)))
        #expect(windows.tags.moved.map(\.tag) == ["1.0", "latest", "1.0-windows"])
        #expect(windows.tags.moved.allSatisfy { $0.architectures == ["windows-amd64"] })
        // Only the arm64v8 override changes: the linux tags and the shared ones moved for arm64v8,
        // and the build shows that architecture's own Dockerfile links.
        let arm = try #require(try diff(file(linux: a, windows: a, arm: a, windowsFirst: false), file(linux: a, windows: a, arm: c, windowsFirst: false)))
        #expect(arm.tags.moved.map(\.tag) == ["1.0-linux", "1.0", "latest"])
        #expect(arm.tags.moved.allSatisfy { $0.architectures == ["arm64v8"] })
        let build = try #require(arm.builds.changed.first)
        #expect(build.sourceChanged && build.architectureSources.map(\.architecture) == ["arm64v8"])
        #expect(build.architectureSources.first?.to.dockerfile == "https://github.com/example/image/blob/\(c)/linux/Dockerfile")
        #expect(DiffText(DiffReport(from: .init(label: "a", library: ""), to: .init(label: "b", library: ""), images: [arm],
                                    sitePages: [], notes: []), colour: false).text.contains("1.0-linux: linux@aaaaaaaaaaaa → linux@aaaaaaaaaaaa (arm64v8 only)"))
    }

    @Test func twoDocsFoldersWithTheLibraryOnDisk() throws {
        let repo = try Repository("docs-to")
        defer { repo.delete() }
        let newDocs = repo.root.appendingPathComponent("docs-new").path
        try FileManager.default.copyItem(atPath: repo.docs, toPath: newDocs)
        try "## `lumen:<version>-bookworm`\n\nBookworm.\n".write(toFile: newDocs + "/lumen/variant-bookworm.md", atomically: true, encoding: .utf8)
        var options = repo.options([])
        options.docsTo = newDocs
        let library = try TestPaths.temporaryFolder("diff-docs-to-library")
        defer { try? FileManager.default.removeItem(at: library) }
        try FileManager.default.removeItem(at: library)
        try FileManager.default.copyItem(atPath: repo.library, toPath: library.path)
        options.library = library.path
        let report = try SiteDiff(options).run().report
        #expect(report.images.map(\.name) == ["lumen"])
        #expect(report.images.first?.variants.added == ["bookworm"])
    }

    @Test func hundredsOfImagesStayUnderTheMarkdownLimit() throws {
        let old = try TestPaths.temporaryFolder("diff-many-old")
        let new = try TestPaths.temporaryFolder("diff-many-new")
        defer { for folder in [old, new] { try? FileManager.default.removeItem(at: folder) } }
        for index in 0..<400 {
            try HistoryTests.library([("1.0, 1, latest", HistoryTests.a, "1"), ("2.0, 2", HistoryTests.b, "2")])
                .write(to: new.appendingPathComponent(String(format: "image%03d", index)), atomically: true, encoding: .utf8)
        }
        let report = try SiteDiff(SiteDiff.Options(library: old.path, libraryTo: new.path, docs: nil)).run().report
        #expect(report.images.count == 400)
        let markdown = DiffMarkdown(report).text
        #expect(markdown.utf8.count <= DiffMarkdown.gitHubLimit)
        #expect(markdown.contains("more images were left out to stay under the comment size limit"))
        #expect(markdown.contains("#### `image000` (added)"), "the first images stay")
        #expect(!markdown.contains("#### `image399`"), "the last ones go")
        // With a notice, for a limit met by folding alone, the notice is counted too.
        for limit in [20_000, 30_000, 45_000] {
            #expect(DiffMarkdown(report, limit: limit).text.utf8.count <= limit)
        }
    }

    /// `old` with `diff` applied by `patch` (GNU patch), as a reviewer would apply it.
    static func patch(_ old: String, with diff: String) throws -> String {
        let folder = try TestPaths.temporaryFolder("diff-patch")
        let file = folder.appendingPathComponent("file")
        try old.write(to: file, atomically: true, encoding: .utf8)
        let run = try ProgramRun.run("patch", ["-s", "-o", folder.appendingPathComponent("patched").path, file.path],
                                     input: Data(diff.utf8), in: folder)
        #expect(run.status == 0, "patch: \(run.output) \(run.standardError)")
        return try String(contentsOf: folder.appendingPathComponent("patched"), encoding: .utf8)
    }
}
