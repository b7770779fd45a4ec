import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// The site with history (issue 18's acceptance), built from the corpus docs and a clone of the
/// official-images history bundle, whose tip's `library/` is the corpus's library folder.
@Suite(.enabled(if: HistoryBundle.exists && TestPaths.corpus != nil, "\(HistoryBundle.missingMessage), or \(TestPaths.corpusMissingMessage)"))
struct HistorySiteTests {
    /// The clone, and the site built from it once for the suite.
    struct Built: Sendable {
        let clone: URL
        let site: URL
        let report: SiteBuilder.Report
        let options: SiteBuilder.Options
    }

    /// The one build of the suite, made by whichever test asks first; the others wait for it.
    static let shared = Shared()

    actor Shared {
        private var task: Task<Built, any Error>?

        func built() async throws -> Built {
            if let task { return try await task.value }
            let task = Task { try await HistorySiteTests.build() }
            self.task = task
            return try await task.value
        }
    }

    static func build() async throws -> Built {
        let folder = try TestPaths.temporaryFolder("history-site")
        let clone = folder.appendingPathComponent("official-images")
        let run = try ProgramRun.run("git", ["clone", "-q", HistoryBundle.path.path, clone.path])
        guard run.status == 0 else { throw BuildFailure(message: "git clone failed: \(run.standardError)") }
        let corpus = try #require(TestPaths.corpus)
        var options = SiteBuilder.Options(
            loader: CatalogLoader(docsPath: corpus.appendingPathComponent("docs").path,
                                  libraryPath: clone.appendingPathComponent("library").path,
                                  logoCommitsPath: corpus.appendingPathComponent("logo-commits.tsv").path,
                                  buildpackDepsImagesPath: corpus.appendingPathComponent("buildpack-deps-images.txt").path),
            output: folder.appendingPathComponent("site").path,
            settings: SiteSettings(title: "Images", baseURL: "https://example.org/"))
        options.historyRev = "HEAD"
        let report = await SiteBuilder(options: options).build()
        guard report.succeeded else {
            throw BuildFailure(message: "the build failed: \(report.diagnostics.filter { $0.severity == .error })")
        }
        return Built(clone: clone, site: URL(fileURLWithPath: options.output), report: report, options: options)
    }

    struct BuildFailure: Error {
        let message: String
    }

    static func page(_ path: String) async throws -> String {
        let built = try await shared.built()
        return try String(contentsOf: built.site.appendingPathComponent(path), encoding: .utf8)
    }

    /// The first table row (`<tr …>…</tr>`) whose first cell holds `cell`.
    static func row(with cell: String, in html: String) -> String? {
        html.components(separatedBy: "<tr ").dropFirst().map { $0.components(separatedBy: "</tr>")[0] }.first { row in
            row.range(of: "<th scope=\"row\">").map { row[$0.upperBound...].prefix { $0 != "\n" }.contains(cell) } ?? false
        }
    }

    /// The `<time datetime>` values of that row.
    static func times(inRowOf cell: String, in html: String) -> [String]? {
        row(with: cell, in: html).map { $0.matches(of: /datetime="([^"]+)"/).map { String($0.output.1) } }
    }

    @Test func pythonHistoryListsRetired27WithDateAndDockerfile() async throws {
        let html = try await Self.page("python/history/index.html")
        #expect(html.contains("<h2 id=\"retired-tags\">Retired tags</h2>"))
        let times = try #require(Self.times(inRowOf: "<code>2.7</code>", in: html))
        // First seen, then retired: the merge of 2020-04-21 (the bundle's README).
        #expect(times.count == 2 && times[1].hasPrefix("2020-04-21"), "\(times)")
        let row = try #require(Self.row(with: "<code>2.7</code>", in: html))
        #expect(row.contains("https://github.com/docker-library/python/blob/f1e613f48eb4fc88748b36787f5ed74c14914636/2.7/buster/Dockerfile"))
    }

    /// python:3.14's "Changed" date is the last first-parent commit that changed its definition,
    /// found from git by `HistoryBundleTests`' own paragraph scan, on the tag list and the image page.
    @Test func python314ChangedIsTheLastLandingThatChangedIt() async throws {
        let built = try await Self.shared.built()
        let expected = try HistoryBundleTests.lastChange(of: "3.14", image: "python", in: built.clone)
        let stamp = AtomFeed.timestamp(expected.time)
        let tags = try await Self.page("python/tags/index.html")
        #expect(Self.times(inRowOf: "<code>3.14</code>", in: tags) == [stamp])
        // On the image page, the row of 3.14 shows the latest change of its tags: never older.
        let image = try await Self.page("python/index.html")
        let rows = image.components(separatedBy: "<tr ").dropFirst().map { $0.components(separatedBy: "</tr>")[0] }
        let row = try #require(rows.first { $0.contains(">3.14</a>") && $0.contains("class=\"changed\"") })
        let dates = row.matches(of: /datetime="([^"]+)"/).map { String($0.output.1) }
        #expect(dates.count == 1 && dates[0] >= stamp, "\(dates) vs \(stamp)")
        #expect(image.contains("title=\"When a tag of this row last got a new definition"))
    }

    @Test func feedsAreValidAtom() async throws {
        let built = try await Self.shared.built()
        let folder = try TestPaths.temporaryFolder("feeds")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (source, target) in [("python/feed.xml", "python/feed.xml"), ("feed.xml", "feed.xml")] {
            let url = folder.appendingPathComponent(target)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: built.site.appendingPathComponent(source), to: url)
        }
        let check = try ProgramRun.run(TestPaths.packageRoot.appendingPathComponent("scripts/check-feeds.sh").path, [folder.path])
        #expect(check.status == 0, "\(check.output)\(check.standardError)")
        #expect(check.output.contains("2 feeds checked, 0 failing"), "\(check.output)")
        let site = try await Self.page("feed.xml")
        #expect(site.components(separatedBy: "<entry>").count - 1 == SiteRenderer.siteFeedEntries)
        let python = try await Self.page("python/index.html")
        #expect(python.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom feed\" href=\"../python/feed.xml\">"))
    }

    /// The site's feed and the retired-tags script link only to history pages the site has:
    /// the bundle's tip lists some 90 images the corpus has no docs for, which have none.
    @Test func feedsAndRetiredTagsLinkOnlyToPagesThatExist() async throws {
        let built = try await Self.shared.built()
        let feed = try await Self.page("feed.xml")
        let links = feed.components(separatedBy: "href=\"https://example.org/").dropFirst()
            .compactMap { $0.split(separator: "\"", omittingEmptySubsequences: false).first }
            .map { String($0.split(separator: "#", omittingEmptySubsequences: false).first ?? "") }
        #expect(links.count == SiteRenderer.siteFeedEntries + 2, "every entry's link, the feed's own and the catalog's")
        for link in Set(links) {
            let path = link.isEmpty || link.hasSuffix("/") ? link + "index.html" : link
            if path == "feed.xml" { continue }
            #expect(FileManager.default.fileExists(atPath: built.site.appendingPathComponent(path).path), "feed.xml links to \(link)")
        }
        let script = try await Self.page(SitePaths.retiredTags)
        let pages = script.components(separatedBy: "\"u\":\"").dropFirst().compactMap { $0.split(separator: "\"").first }
        #expect(!pages.isEmpty)
        for page in pages {
            #expect(FileManager.default.fileExists(atPath: built.site.appendingPathComponent(String(page)).path), "retired-tags links to \(page)")
        }
        // espocrm, the tip's new image, has no docs in the corpus.
        #expect(!feed.contains("/espocrm/"))
    }

    /// Every library file absent at HEAD that the first-parent chain had is a retired image in
    /// the catalog, with a history page.
    @Test func deletedLibraryFilesAreRetiredImages() async throws {
        let built = try await Self.shared.built()
        let touched = try ProgramRun.run("git", ["log", "--first-parent", "--diff-merges=first-parent", "--name-only", "--format=",
                                                 "HEAD", "--", "library/"], in: built.clone).output
        let atHead = Set(try ProgramRun.run("git", ["ls-tree", "--name-only", "HEAD", "library/"], in: built.clone).output.split(separator: "\n"))
        let names = Set(touched.split(separator: "\n")).subtracting(atHead).map { String($0.dropFirst("library/".count)) }
        // `MAINTAINERS` was a file of the folder, never an image (no image name is upper case).
        let gone = names.filter(ImageName.isValid).sorted()
        #expect(gone.count > 30 && names.count - gone.count <= 1)
        let catalog = try await Self.page("index.html")
        let section = try #require(catalog.range(of: "<h2 id=\"retired-images\">").map { catalog[$0.upperBound...] })
        let listed = section.matches(of: /<li><a href="([^"\/]+)\/history\/index.html">/).map { String($0.output.1) }
        #expect(listed == gone)
        for name in gone {
            #expect(FileManager.default.fileExists(atPath: built.site.appendingPathComponent(SitePaths.history(name)).path), "\(name)")
        }
    }

    /// History never touches the Hub README: the site's READMEs are the corpus's, byte for byte.
    @Test func theHubReadmesAreUnchanged() async throws {
        let built = try await Self.shared.built()
        let corpus = try #require(TestPaths.corpus)
        var compared = 0
        for image in TestPaths.corpusImages() {
            let reference = corpus.appendingPathComponent("docs/\(image)/README.md")
            guard let expected = FileManager.default.contents(atPath: reference.path),
                  let written = FileManager.default.contents(atPath: built.site.appendingPathComponent(SitePaths.readme(image)).path) else { continue }
            #expect(written == expected, "\(image)")
            compared += 1
        }
        #expect(compared > 40)
    }

    /// A second build with the same inputs, into a new site whose only file is the first one's
    /// history cache (so its history is the cache's, its pages all new), is byte-identical;
    /// and a build with nothing changed writes nothing.
    @Test func buildsAreByteIdenticalAndANoOpWritesNothing() async throws {
        let built = try await Self.shared.built()
        var again = built.options
        again.output = built.site.deletingLastPathComponent().appendingPathComponent("again").path
        try FileManager.default.createDirectory(atPath: again.output, withIntermediateDirectories: true)
        for name in [SiteBuilder.historyCacheName, SiteWriter.marker] {
            try FileManager.default.copyItem(atPath: built.options.output + "/" + name, toPath: again.output + "/" + name)
        }
        let builder = SiteBuilder(options: again)
        let second = await builder.build()
        #expect(second.succeeded)
        let ignored: Set<String> = [Manifest.fileName, InputStatCache.fileName]
        let first = try Self.files(in: built.site).filter { !ignored.contains($0.key) }
        let other = try Self.files(in: URL(fileURLWithPath: again.output)).filter { !ignored.contains($0.key) }
        #expect(first.keys.sorted() == other.keys.sorted())
        #expect(first.filter { other[$0.key] != $0.value }.keys.sorted() == [])

        let noOp = await builder.build()
        #expect(noOp.plan == .upToDate && noOp.summary?.written == 0)
    }

    /// Path → bytes of every file under `folder`.
    static func files(in folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = folder.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return files }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = FileManager.default.contents(atPath: root + "/" + relative)
            }
        }
        return files
    }
}

