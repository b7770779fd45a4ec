import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// Every kind of input, changed after a build: the change detector plans to redo exactly what
/// depends on it, the build renders exactly the planned images, the result equals a clean
/// build, and the preview server's watcher sees every change the build acts on.
@Suite struct InputKindTests {
    /// A writable copy of the demo with every optional input given: a theme override folder,
    /// a copy of the default theme to stand for it, a buildpack-deps list, and (in the
    /// `gitHead` case) a Git work tree around the docs.
    struct Fixture {
        let folder: URL
        var options: SiteBuilder.Options

        init(_ kind: InputSource.Kind) throws {
            folder = try IncrementalBuildTests.copyOfContent()
            let theme = folder.appendingPathComponent("theme-overrides")
            try FileManager.default.createDirectory(at: theme, withIntermediateDirectories: true)
            try "overrides\n".write(to: theme.appendingPathComponent("NOTES.txt"), atomically: false, encoding: .utf8)
            let shipped = folder.appendingPathComponent("default-theme")
            try #require(try ProgramRun.run("cp", ["-R", InputSource.shippedThemePath, shipped.path]).status == 0)
            let list = folder.appendingPathComponent("buildpack-deps-images.txt")
            try FileManager.default.copyItem(at: SiteBuildTests.content.appendingPathComponent("buildpack-deps-images.txt"), to: list)
            options = IncrementalBuildTests.options(folder, into: "site")
            options.theme = theme.path
            options.defaultThemePath = shipped.path
            options.loader.buildpackDepsImagesPath = list.path
            if kind == .gitHead || kind == .history {
                try git(["init", "-q"])
                try git(["add", "-A", "content"])
                try git(["commit", "-q", "-m", "docs"])
            } else {
                options.loader.logoCommitsPath = nil
            }
            if kind == .registryImage || kind == .registrySite {
                let data = folder.appendingPathComponent("registry-data.json")
                try Data(RegistryDataTests.demoData().encoded()).write(to: data)
                options.registryData = data.path
            }
            if kind == .history {
                // Logo addresses from a table, so that new commits change the history alone.
                let logos = folder.appendingPathComponent("logo-commits.tsv")
                try "".write(to: logos, atomically: false, encoding: .utf8)
                options.loader.logoCommitsPath = logos.path
                options.historyRev = "HEAD"
                // A library file that came and went: a retired image, whose history pages a
                // build that redoes the listings for a new commit of another image keeps.
                let retired = "content/library/driftwood"
                try "Maintainers: D <d@example.org> (@d)\nGitRepo: https://github.com/sitegen-demo/driftwood.git\n\nTags: 1.0, latest\nArchitectures: amd64\nGitCommit: 0c0757049818591ad560a2207c75c3189a686d90\nDirectory: 1.0\n"
                    .write(toFile: path(retired), atomically: false, encoding: .utf8)
                try git(["add", retired])
                try git(["commit", "-q", "-m", "driftwood: new image"])
                try git(["rm", "-q", retired])
                try git(["commit", "-q", "-m", "driftwood: retired"])
            }
        }

        func path(_ relative: String) -> String { folder.appendingPathComponent(relative).path }

        func append(_ text: String, to relative: String) throws {
            let handle = try #require(FileHandle(forWritingAtPath: path(relative)))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        }

        func git(_ arguments: [String]) throws {
            let environment = ["GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t",
                               "GIT_COMMITTER_EMAIL=t@example.org"]
            let run = try ProgramRun.run("env", environment + ["git", "-C", folder.path] + arguments)
            try #require(run.status == 0, "git \(arguments): \(run.output)")
        }

        /// Makes the change of `kind`; returns the options to build with afterwards.
        func change(_ kind: InputSource.Kind) throws -> SiteBuilder.Options {
            var options = options
            switch kind {
            case .sitegen: options.sitegenIdentity += " (another build)"
            case .option: options.settings.title += " (renamed)"
            case .defaultTheme: try append("/* changed */\n", to: "default-theme/assets/site.css")
            case .themeOverride: try append("more\n", to: "theme-overrides/NOTES.txt")
            case .sideFile: try append("lumen\n", to: "buildpack-deps-images.txt")
            case .gitHead:
                try "A note.\n".write(toFile: path("notes.txt"), atomically: false, encoding: .utf8)
                try git(["add", "notes.txt"])
                try git(["commit", "-q", "-m", "more"])
            case .sharedDocs: try append("\nShared.\n", to: "content/docs/.common-templates/maintainer-community.md")
            case .imageContent: try append("\n## Added later\n\nMore text.\n", to: "content/docs/lumen/content.md")
            case .imageFile: try append("\nMore.\n", to: "content/docs/lumen/license.md")
            case .libraryFile: try append("\n# a comment\n", to: "content/library/lumen")
            case .strayLibraryFile: try "Maintainers: x <x@example.org> (@x)\n".write(
                toFile: path("content/library/zebra"), atomically: false, encoding: .utf8)
            case .registryImage:
                // A new digest for one tag of lumen (a sync after a rebuild).
                var data = try RegistryDataFile.load(path("registry-data.json"))
                let digest = try #require(data.images["lumen"]?.tags["trixie"])
                var record = try #require(data.images["lumen"]?.digests[digest])
                record.platforms[0].size += 1
                let moved = RegistryDataTests.digest("moved")
                data.images["lumen"]?.digests[moved] = record
                data.images["lumen"]?.tags["trixie"] = moved
                try Data(data.encoded()).write(to: URL(fileURLWithPath: path("registry-data.json")))
            case .registrySite:
                var data = try RegistryDataFile.load(path("registry-data.json"))
                data.namespace = "elsewhere"
                try Data(data.encoded()).write(to: URL(fileURLWithPath: path("registry-data.json")))
            case .history:
                // Two commits: one adds a tag to lumen, the next takes it out again. The files
                // end as they were; only the history has changed.
                let library = path("content/library/lumen")
                let before = try String(contentsOfFile: library, encoding: .utf8)
                let added = "Tags: 9.9-history\nArchitectures: amd64\nGitCommit: 2fb933c466fc2722307c045e6f31c9c22ddcd52e\nDirectory: 1.4/trixie/\n"
                try (before + "\n" + added).write(toFile: library, atomically: false, encoding: .utf8)
                try git(["commit", "-q", "-a", "-m", "lumen: add 9.9-history"])
                try before.write(toFile: library, atomically: false, encoding: .utf8)
                try git(["commit", "-q", "-a", "-m", "lumen: retire 9.9-history"])
            }
            return options
        }
    }

    /// What a change of each kind must redo.
    static func expectedPlan(_ kind: InputSource.Kind) -> BuildPlan {
        switch kind {
        case .sitegen, .option, .defaultTheme, .themeOverride, .sideFile, .gitHead, .sharedDocs, .strayLibraryFile, .registrySite:
            .everything
        case .imageContent: .images(["lumen"], listings: false)
        case .imageFile, .libraryFile, .history, .registryImage: .images(["lumen"], listings: true)
        }
    }

    @Test(arguments: InputSource.Kind.allCases)
    func changingAnInputRedoesWhatDependsOnIt(_ kind: InputSource.Kind) async throws {
        let fixture = try Fixture(kind)
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        // Two builds: the first, cold, may not keep a record of inputs copied a moment ago.
        _ = try await SiteBuildTests.build(fixture.options)
        let settled = try await SiteBuildTests.build(fixture.options)
        #expect(settled.plan == .everything || settled.plan == .upToDate)
        let untouched = try await SiteBuildTests.build(fixture.options)
        #expect(untouched.plan == .upToDate && untouched.renderedImages.isEmpty && untouched.summary?.written == 0)

        let watched = InputSnapshot(options: fixture.options)
        let options = try fixture.change(kind)
        #expect(ChangeDetector(options: options).plan(against: Manifest.load(from: options.output)) == Self.expectedPlan(kind))
        if ![.sitegen, .option].contains(kind) {
            #expect(!InputSnapshot(options: options).changes(since: watched).isEmpty, "the watcher misses a \(kind) change")
        }

        let report = try await SiteBuildTests.build(options)
        #expect(report.plan == Self.expectedPlan(kind))
        let allImages = ["beacon", "kestrel-lang", "lumen", "oldcache", "quarry", "tidewater"]
        #expect(report.renderedImages == (report.plan == .everything ? allImages : ["lumen"]))
        if kind == .imageContent {
            // lumen's image page, its README and the search index: nothing else.
            #expect(report.summary?.written == 3)
        }
        if kind == .registryImage {
            let page = try String(contentsOfFile: options.output + "/" + SitePaths.imageTags("lumen"), encoding: .utf8)
            #expect(page.contains("<data value=\"1006171\">"), "the new size of trixie's amd64 image")
        }
        if kind == .history {
            let page = try String(contentsOfFile: options.output + "/" + SitePaths.history("lumen"), encoding: .utf8)
            #expect(page.contains("lumen: retire 9.9-history") && page.contains("<code>9.9-history</code>"))
            let retired = try String(contentsOfFile: options.output + "/" + SitePaths.history("driftwood"), encoding: .utf8)
            #expect(retired.contains("driftwood: retired") && retired.contains("<code>1.0</code>"))
        }
        #expect(try await SiteBuildTests.build(options).plan == .upToDate, "a \(kind) change is seen again")

        var clean = options
        clean.output = fixture.path("clean")
        clean.clean = true
        _ = try await SiteBuildTests.build(clean)
        let bookkeeping: Set<String> = [Manifest.fileName, InputStatCache.fileName, SiteBuilder.historyCacheName]
        let built = try SiteBuildTests.files(in: URL(fileURLWithPath: options.output)).filter { !bookkeeping.contains($0.key) }
        let expected = try SiteBuildTests.files(in: URL(fileURLWithPath: clean.output)).filter { !bookkeeping.contains($0.key) }
        #expect(built.keys.sorted() == expected.keys.sorted())
        #expect(built.filter { expected[$0.key] != $0.value }.keys.sorted() == [], "after a \(kind) change")
    }

    /// Editor scratch files and version-control folders are neither a change to the build nor
    /// to the watcher: both walk the inputs with the same rules.
    @Test func scratchFilesAreNoChangeToEither() async throws {
        let fixture = try Fixture(.imageContent)
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        _ = try await SiteBuildTests.build(fixture.options)
        _ = try await SiteBuildTests.build(fixture.options)
        let watched = InputSnapshot(options: fixture.options)
        try FileManager.default.createDirectory(atPath: fixture.path("content/docs/lumen/.git"), withIntermediateDirectories: true)
        for name in [".git/index", ".content.md.swp", "content.md~", ".#content.md"] {
            try "x".write(toFile: fixture.path("content/docs/lumen/" + name), atomically: false, encoding: .utf8)
        }
        #expect(InputSnapshot(options: fixture.options).changes(since: watched) == [])
        #expect(try await SiteBuildTests.build(fixture.options).plan == .upToDate)
    }

    /// Builds `options` into a clean folder and compares it with the incremental site.
    static func expectSameAsClean(_ options: SiteBuilder.Options, in fixture: Fixture, _ step: String) async throws {
        var clean = options
        clean.output = fixture.path("clean-" + String(step.hashValue & 0xffff))
        clean.clean = true
        _ = try await SiteBuildTests.build(clean)
        let bookkeeping: Set<String> = [Manifest.fileName, InputStatCache.fileName, SiteBuilder.historyCacheName]
        let built = try SiteBuildTests.files(in: URL(fileURLWithPath: options.output)).filter { !bookkeeping.contains($0.key) }
        let expected = try SiteBuildTests.files(in: URL(fileURLWithPath: clean.output)).filter { !bookkeeping.contains($0.key) }
        #expect(built.keys.sorted() == expected.keys.sorted(), "after \(step): different files")
        #expect(built.filter { expected[$0.key] != $0.value }.keys.sorted() == [], "after \(step)")
    }

    /// Which folders are images reaches every page (a Docker Hub link to an image of the site
    /// stays on the site): adding or removing an image redoes everything.
    @Test func addingOrRemovingAnImageRedoesEveryPage() async throws {
        let fixture = try Fixture(.imageFile)
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        _ = try await SiteBuildTests.build(fixture.options)
        _ = try await SiteBuildTests.build(fixture.options)
        try #require(try ProgramRun.run("cp", ["-R", fixture.path("content/docs/beacon"), fixture.path("content/docs/zephyr")]).status == 0)
        try FileManager.default.copyItem(atPath: fixture.path("content/library/beacon"), toPath: fixture.path("content/library/zephyr"))
        try fixture.append("\nSee also [zephyr](https://hub.docker.com/_/zephyr/).\n", to: "content/docs/lumen/content.md")
        let added = try await SiteBuildTests.build(fixture.options)
        #expect(added.plan == .everything)
        try await Self.expectSameAsClean(fixture.options, in: fixture, "adding an image")
        try FileManager.default.removeItem(atPath: fixture.path("content/docs/zephyr"))
        try FileManager.default.removeItem(atPath: fixture.path("content/library/zephyr"))
        let removed = try await SiteBuildTests.build(fixture.options)
        #expect(removed.plan == .everything)
        try await Self.expectSameAsClean(fixture.options, in: fixture, "removing an image")
    }

    /// The `debian` and `ubuntu` library files name the suites every image's default variant
    /// text explains, also when `debian` is an image of the site itself.
    @Test func theDebianLibraryFileReachesEveryImage() async throws {
        let fixture = try Fixture(.imageFile)
        defer { try? FileManager.default.removeItem(at: fixture.folder) }
        // An image of its own, as in docker-library/docs (the folder's texts are beacon's).
        try #require(try ProgramRun.run("cp", ["-R", fixture.path("content/docs/beacon"), fixture.path("content/docs/debian")]).status == 0)
        _ = try await SiteBuildTests.build(fixture.options)
        _ = try await SiteBuildTests.build(fixture.options)
        // `bookworm` stops being a suite: lumen's bookworm tags lose their explanation.
        let library = fixture.path("content/library/debian")
        let text = try String(contentsOfFile: library, encoding: .utf8)
        try text.replacingOccurrences(of: "Tags: bookworm, bookworm-20260801", with: "Tags: bookwormish, bookworm-20260801")
            .write(toFile: library, atomically: true, encoding: .utf8)
        let report = try await SiteBuildTests.build(fixture.options)
        #expect(report.plan == .everything)
        try await Self.expectSameAsClean(fixture.options, in: fixture, "a new Debian suite")
    }
}
