import Foundation
import GRDB
import Testing
import TestSupport
@testable import SiteGen

/// Docsets as Dash and Zeal expect them: icons, pages in docset mode, table-of-contents rows,
/// Info.plist and the docset feed; the demo tree bundled for real, and the corpus when present.
@Suite struct DocsetTests {
    static func bundle(to output: URL, docs: URL? = nil, library: URL? = nil, baseURL: String? = nil, theme: URL? = nil,
                       icon: String? = nil, feedURL: String? = nil, history: Bool = false) async -> SiteBundler.Report {
        var site = SiteBuildTests.options(docs: docs, library: library, output: output.deletingLastPathComponent().appendingPathComponent("unused"),
                                          baseURL: baseURL)
        site.theme = theme?.path
        if history { site = site.with(historyRev: "HEAD") }
        return await SiteBundler(options: SiteBundler.Options(site: site, format: .docset, output: output.path,
                                                              icon: icon, feedURL: feedURL)).bundle()
    }

    static func folder(_ name: String) throws -> URL { try TestPaths.temporaryFolder(name) }

    // MARK: The whole docset

    @Test func theDemoDocsetPassesEveryCheck() async throws {
        let folder = try Self.folder("docset-check")
        defer { try? FileManager.default.removeItem(at: folder) }
        for baseURL in [nil, "https://docs.example.org/images"] {
            let docset = folder.appendingPathComponent("Demo-\(baseURL == nil ? "local" : "web").docset")
            let report = await Self.bundle(to: docset, baseURL: baseURL)
            #expect(report.succeeded, "bundle failed: \(report.diagnostics)")
            let problems = try DocsetCheck.problems(in: docset, baseURL: baseURL)
            #expect(problems.isEmpty, "\(problems.prefix(20))")
        }
    }

    @Test(.enabled(if: TestPaths.corpus != nil, "\(TestPaths.corpusMissingMessage)"))
    func theCorpusDocsetPassesEveryCheck() async throws {
        let corpus = try #require(TestPaths.corpus)
        let folder = try Self.folder("docset-corpus")
        defer { try? FileManager.default.removeItem(at: folder) }
        let docset = folder.appendingPathComponent("Container-images.docset")
        let report = await Self.bundle(to: docset, docs: corpus.appendingPathComponent("docs"),
                                       library: corpus.appendingPathComponent("library"), baseURL: "https://docs.example.org/")
        let summary = try #require(report.docset, "bundle failed: \(report.diagnostics.filter { $0.severity == .error })")
        #expect((summary.indexRows["Tag"] ?? 0) > 4000)
        let problems = try DocsetCheck.problems(in: docset, baseURL: "https://docs.example.org/")
        #expect(problems.isEmpty, "\(problems.count) problems: \(problems.prefix(20))")
    }

    /// With history, the history pages are docset pages too; their links to feeds and to the Hub
    /// README lead to the web (absolute), where the reader's pane would show raw XML or Markdown.
    @Test func historyPagesAndFileLinksInADocset() async throws {
        let folder = try Self.folder("docset-history")
        defer { try? FileManager.default.removeItem(at: folder) }
        // The demo's library files, committed once into a repository of their own.
        let repository = try HistoryTests.Repository("docset")
        defer { try? FileManager.default.removeItem(at: repository.root) }
        let library = SiteBuildTests.content.appendingPathComponent("library")
        for name in try FileManager.default.contentsOfDirectory(atPath: library.path) {
            try repository.write(name, String(contentsOf: library.appendingPathComponent(name), encoding: .utf8))
        }
        try repository.commit("the demo library", date: 0)
        let docset = folder.appendingPathComponent("Demo.docset")
        let report = await Self.bundle(to: docset, library: URL(fileURLWithPath: repository.library),
                                       baseURL: "https://docs.example.org/images/", history: true)
        #expect(report.succeeded, "bundle failed: \(report.diagnostics)")
        #expect(try DocsetCheck.problems(in: docset, baseURL: "https://docs.example.org/images/").isEmpty)
        let documents = docset.appendingPathComponent("Contents/Resources/Documents")
        let history = try SiteBuildTests.text(documents, "lumen/history/index.html")
        #expect(history.contains(#"<a class="feed-link" href="https://docs.example.org/images/lumen/feed.xml">"#))
        #expect(history.contains(#"<a name="//apple_ref/cpp/Section/Changes" class="dashAnchor"></a><h2 id="changes">"#))
        let image = try SiteBuildTests.text(documents, "lumen/index.html")
        #expect(image.contains(#"<a href="https://docs.example.org/images/lumen/README.md">Docker Hub README</a>"#))
        // Without a base URL there is no web copy to send the reader to: the link stays relative.
        let local = folder.appendingPathComponent("Local.docset")
        #expect(await Self.bundle(to: local).succeeded)
        #expect(try SiteBuildTests.text(local.appendingPathComponent("Contents/Resources/Documents"), "lumen/index.html")
            .contains(#"<a href="../lumen/README.md">Docker Hub README</a>"#))
    }

    /// The check itself: a docset broken in each way it looks for is named for each.
    @Test func theCheckNamesWhatIsWrong() async throws {
        let folder = try Self.folder("docset-broken")
        defer { try? FileManager.default.removeItem(at: folder) }
        let docset = folder.appendingPathComponent("Demo.docset")
        #expect(await Self.bundle(to: docset).succeeded)
        let documents = docset.appendingPathComponent("Contents/Resources/Documents")
        try FileManager.default.copyItem(at: docset.appendingPathComponent("icon@2x.png"), to: docset.appendingPathComponent("wide.png"))
        try FileManager.default.removeItem(at: docset.appendingPathComponent("icon.png"))
        try FileManager.default.moveItem(at: docset.appendingPathComponent("wide.png"), to: docset.appendingPathComponent("icon.png"))
        let page = documents.appendingPathComponent("lumen/index.html")
        var html = try String(contentsOf: page, encoding: .utf8)
        html = html.replacingOccurrences(of: "<body class=", with: "<header class=\"site-header\"></header><body class=")
        html = html.replacingOccurrences(of: "id=\"environment-variables\"", with: "id=\"elsewhere\"")
        try html.write(to: page, atomically: true, encoding: .utf8)
        // Info.plist says no JavaScript though the pages load a script.
        let plistURL = docset.appendingPathComponent("Contents/Info.plist")
        var plist = try #require(try PropertyListSerialization.propertyList(from: Data(contentsOf: plistURL), format: nil) as? [String: Any])
        plist["isJavaScriptEnabled"] = false
        try PropertyListSerialization.data(fromPropertyList: plist, format: .xml, options: 0).write(to: plistURL)
        // Two sections of quarry's page swapped in the index: Zeal's table of contents would list them out of order.
        let database = try DatabaseQueue(path: docset.appendingPathComponent("Contents/Resources/docSet.dsidx").path)
        try await database.write { db in
            try db.execute(sql: "UPDATE searchIndex SET path = 'swap' WHERE path = 'quarry/index.html#quick-reference'")
            try db.execute(sql: "UPDATE searchIndex SET path = 'quarry/index.html#quick-reference' WHERE path = 'quarry/index.html#license'")
            try db.execute(sql: "UPDATE searchIndex SET path = 'quarry/index.html#license' WHERE path = 'swap'")
        }
        try database.close()
        let problems = try DocsetCheck.problems(in: docset, baseURL: "https://docs.example.org/")
        #expect(problems.contains("isJavaScriptEnabled is not true, though pages load scripts"))
        #expect(problems.contains("quarry/index.html: its Section rows are not in page order"))
        #expect(problems.contains("icon.png is 32×32, not 16×16"))
        #expect(problems.contains("lumen/index.html has class=\"site-header\""))
        #expect(problems.contains("Section Environment Variables (lumen) → lumen/index.html#environment-variables: no such id"))
        #expect(problems.contains { $0.hasPrefix("DashDocSetFallbackURL is absent") })
    }

    // MARK: Pages

    @Test func docsetPagesKeepBreadcrumbsAndLoseTheHeader() async throws {
        let folder = try Self.folder("docset-pages")
        defer { try? FileManager.default.removeItem(at: folder) }
        let docset = folder.appendingPathComponent("Demo.docset")
        #expect(await Self.bundle(to: docset).succeeded)
        let variant = try SiteBuildTests.text(docset.appendingPathComponent("Contents/Resources/Documents"), "lumen/alpine/index.html")
        #expect(variant.contains(#"<nav class="breadcrumbs" aria-label="Breadcrumbs">"#))
        #expect(!variant.contains("Search (press /)") && !variant.contains("skip-link"))
        // No sticky header to clear: a build card lands at the top of the reader's pane.
        #expect(variant.contains("<style>html{scroll-padding-top:0.75rem}</style>"))
        // The site itself keeps all of it.
        let siteFolder = folder.appendingPathComponent("site")
        _ = try await SiteBuildTests.build(SiteBuildTests.options(output: siteFolder))
        let page = try SiteBuildTests.text(siteFolder, "lumen/alpine/index.html")
        #expect(page.contains(#"<header class="site-header">"#) && page.contains("Search (press /)") && page.contains("sitegen-theme"))
        #expect(!page.contains("dashAnchor") && !page.contains(" docset\"") && !page.contains("scroll-padding-top:0.75rem"))
    }

    /// Zeal lists a page's table of contents from the index rows pointing into it, in row order:
    /// the theme's sections are rows too, where they stand among the content's.
    @Test func imagePageSectionsAreIndexedInPageOrder() {
        let content = [DocsetIndex.Row(name: "What is Lumen? (lumen)", type: .section, path: "lumen/index.html#what-is-lumen")]
        let headings = [(id: "quick-reference", text: "Quick reference", level: 2),
                        (id: "what-is-lumen", text: "What is Lumen?", level: 2),
                        (id: "deep", text: "Deep", level: 4),
                        (id: "license", text: "License", level: 2)]
        let rows = DocsetIndex.sections(of: "lumen", page: "lumen/index.html", headings: headings, content: content)
        #expect(rows.map(\.name) == ["Quick reference (lumen)", "What is Lumen? (lumen)", "License (lumen)"])
        #expect(DocsetIndex.headings(in: #"<h2 id="a&amp;b">A &amp; <code>B</code></h2><h5 id="x">X</h5>"#).map(\.id) == ["a&b"])
    }

    @Test func javaScriptIsOnOnlyWhenPagesLoadAScript() async throws {
        let folder = try Self.folder("docset-script")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A theme whose layout loads no script.
        let theme = folder.appendingPathComponent("theme/templates")
        try FileManager.default.createDirectory(at: theme, withIntermediateDirectories: true)
        let layout = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("theme/templates/layout.mustache"), encoding: .utf8)
        let scriptless = layout.replacingOccurrences(of: "{{#script}}<script src=\"{{script}}\"></script>\n{{/script}}", with: "")
        #expect(scriptless != layout, "the layout's script line moved; update this test")
        try scriptless.write(to: theme.appendingPathComponent("layout.mustache"), atomically: true, encoding: .utf8)
        let docset = folder.appendingPathComponent("Plain.docset")
        let report = await Self.bundle(to: docset, theme: folder.appendingPathComponent("theme"))
        #expect(report.succeeded, "bundle failed: \(report.diagnostics)")
        let plist = try PropertyListSerialization.propertyList(
            from: Data(contentsOf: docset.appendingPathComponent("Contents/Info.plist")), format: nil) as? [String: Any]
        #expect(plist?["isJavaScriptEnabled"] as? Bool == false)
        #expect(try DocsetCheck.problems(in: docset, baseURL: nil).isEmpty)
    }
}
