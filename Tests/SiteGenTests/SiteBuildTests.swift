import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// Whole-site tests: the demo tree in `content/` built for real into temporary folders.
@Suite struct SiteBuildTests {
    static let content = TestPaths.packageRoot.appendingPathComponent("content")

    static func options(docs: URL? = nil, library: URL? = nil, output: URL, baseURL: String? = nil) -> SiteBuilder.Options {
        SiteBuilder.Options(
            loader: CatalogLoader(docsPath: (docs ?? content.appendingPathComponent("docs")).path,
                                  libraryPath: (library ?? content.appendingPathComponent("library")).path,
                                  buildpackDepsImagesPath: content.appendingPathComponent("buildpack-deps-images.txt").path,
                                  fallbackHelpers: Theme.load().theme?.defaultHelpers),
            output: output.path,
            settings: SiteSettings(title: "Demo images", baseURL: baseURL),
            jobs: 2)
    }

    static func build(_ options: SiteBuilder.Options) async throws -> SiteBuilder.Report {
        let report = await SiteBuilder(options: options).build()
        #expect(report.succeeded, "build failed: \(report.diagnostics)")
        return report
    }

    /// Every file of a folder, by relative path.
    static func files(in folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let relative = String(url.path.dropFirst(folder.path.count + 1))
            result[relative] = try Data(contentsOf: url)
        }
        return result
    }

    static func text(_ folder: URL, _ path: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
    }

    /// `href` values of `<a class="tag" href="…">name</a>` links in `html`, as (name, href).
    static func tagLinks(_ html: Substring) -> [(String, String)] {
        var links: [(String, String)] = []
        var rest = html
        while let start = rest.firstRange(of: "<a class=\"tag") {
            rest = rest[start.upperBound...]
            guard let hrefStart = rest.firstRange(of: "href=\""), let hrefEnd = rest[hrefStart.upperBound...].firstIndex(of: "\""),
                  let textStart = rest[hrefEnd...].firstIndex(of: ">"), let textEnd = rest[textStart...].firstRange(of: "</a>") else { break }
            links.append((String(rest[rest.index(after: textStart)..<textEnd.lowerBound]), String(rest[hrefStart.upperBound..<hrefEnd])))
            rest = rest[textEnd.upperBound...]
        }
        return links
    }

    /// Whether `href`, followed from the page at `page`, reaches an existing file and, for
    /// `#fragment`, an element with that id.
    static func resolves(_ href: String, from page: String, in site: URL) throws -> Bool {
        let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let pathPart = String(parts[0])
        let folder = site.appendingPathComponent(page).deletingLastPathComponent()
        let target = pathPart.isEmpty ? site.appendingPathComponent(page) : folder.appendingPathComponent(pathPart).standardizedFileURL
        guard FileManager.default.fileExists(atPath: target.path) else { return false }
        guard parts.count == 2 else { return true }
        let html = try String(contentsOf: target, encoding: .utf8)
        return html.contains("id=\"\(parts[1])\"")
    }

    @Test func twoBuildsAreByteIdentical() async throws {
        let folder = try TestPaths.temporaryFolder("deterministic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("one")
        let second = folder.appendingPathComponent("two")
        _ = try await Self.build(Self.options(output: first, baseURL: "https://docs.example.org/"))
        _ = try await Self.build(Self.options(output: second, baseURL: "https://docs.example.org/"))
        let a = try Self.files(in: first)
        let b = try Self.files(in: second)
        #expect(a.count > 40)
        #expect(a.keys.sorted() == b.keys.sorted())
        #expect(a.keys.filter { a[$0] != b[$0] }.isEmpty)
    }

    @Test func writesEveryPageKind() async throws {
        let site = try TestPaths.temporaryFolder("kinds")
        defer { try? FileManager.default.removeItem(at: site) }
        let report = try await Self.build(Self.options(output: site, baseURL: "https://docs.example.org/"))
        #expect(report.images == 6)
        for path in ["index.html", "tags/index.html", "search/index.html", "404.html", "robots.txt", "sitemap.xml",
                     "categories/index.html", "architectures/index.html", "architectures/arm64v8/index.html",
                     "lumen/index.html", "lumen/tags/index.html", "lumen/default/index.html", "lumen/alpine/index.html",
                     "lumen/README.md", "lumen/logo.svg", "quarry/logo.png", "kestrel-lang/logo.png"] {
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(path).path), "missing \(path)")
        }
        // The site's README is the same bytes `sitegen readme` prints.
        let catalog = try #require(Self.options(output: site).loader.load().catalog)
        let lumen = try #require(catalog.image(named: "lumen"))
        #expect(try Self.text(site, "lumen/README.md") == (try HubReadme.render(lumen, in: catalog)))
        // PNG wins over SVG, as docker-library decides.
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("kestrel-lang/logo.svg").path))
        #expect(try Self.text(site, "sitemap.xml").contains("<loc>https://docs.example.org/lumen/alpine/</loc>"))
    }

    /// Counts of one are said in the singular on every page that counts: a site of one image
    /// with one tag for one architecture.
    @Test func countsOfOneAreSingular() async throws {
        let folder = try TestPaths.temporaryFolder("one")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try ProgramRun.run("cp", ["-R", Self.content.path, folder.path])
        try #require(run.status == 0)
        let docs = folder.appendingPathComponent("content/docs"), library = folder.appendingPathComponent("content/library")
        for name in try FileManager.default.contentsOfDirectory(atPath: docs.path) where name != "beacon" && name != "metadata.json" && !name.hasPrefix(".") {
            try FileManager.default.removeItem(at: docs.appendingPathComponent(name))
        }
        /// beacon's library file with `entries` (each "tag directory"), all for amd64.
        func writeBeacon(_ entries: [(tag: String, directory: String)]) throws {
            let head = "Maintainers: Kofi Mensah <kofi@beacon.example> (@kmensah)\nGitRepo: https://github.com/sitegen-demo/beacon.git\n"
                + "GitCommit: 72e66145ae402364c6f73a369f624c3ead2632cf\n"
            try (head + entries.map { "\nTags: \($0.tag)\nArchitectures: amd64\nDirectory: \($0.directory)\n" }.joined())
                .write(to: library.appendingPathComponent("beacon"), atomically: true, encoding: .utf8)
        }
        try writeBeacon([("0.3.0", "dist/amd64")])
        let site = folder.appendingPathComponent("site")
        let report = try await Self.build(Self.options(docs: docs, library: library, output: site))
        #expect(report.images == 1)
        let pages = [
            ("index.html", ["Documentation for 1 container image:", "Filter 1 image…", "data-filter-count>1 image</p>", "1 tag · 1 architecture"]),
            (SitePaths.variant("beacon", Variant.defaultName), ["<p>1 image build. "]),
            ("beacon/tags/index.html", ["<caption>1 tag of beacon:"]),
            ("tags/index.html", ["All 1 tag of 1 image.", "data-tag-index-count>1 tag</p>", "<span class=\"muted\">1 tag</span>"]),
            ("architectures/index.html", [">1 image<"]),
            ("architectures/amd64/index.html", ["1 image is built for amd64.", "its tag is built for amd64"]),
        ]
        for (page, phrases) in pages {
            let html = try Self.text(site, page)
            for phrase in phrases { #expect(html.contains(phrase), "\(page) lacks \"\(phrase)\"") }
            for plural in [" 1 tags", " 1 architectures", " 1 images", " 1 builds", " 1 default builds", " 1 image builds", " 1 container images"] {
                #expect(!html.contains(plural), "\(page) says \"\(plural)\"")
            }
        }
        // Variant cards, which an image of one variant does not show: one build in each.
        try writeBeacon([("0.3.0", "dist/amd64"), ("0.3.0-alpine", "dist/alpine")])
        let second = folder.appendingPathComponent("site2")
        _ = try await Self.build(Self.options(docs: docs, library: library, output: second))
        let image = try Self.text(second, "beacon/index.html")
        #expect(image.contains("<p class=\"muted\">1 default build</p>") && image.contains("<p class=\"muted\">1 build</p>"))
    }

    @Test func tagIndexListsEveryTagOnceLinkedToAnExistingAnchor() async throws {
        let site = try TestPaths.temporaryFolder("tag-index")
        defer { try? FileManager.default.removeItem(at: site) }
        _ = try await Self.build(Self.options(output: site))
        let html = try Self.text(site, "tags/index.html")
        let catalog = try #require(Self.options(output: site).loader.load().catalog)
        for image in catalog.images {
            let start = try #require(html.firstRange(of: "data-image=\"\(image.name)\">"))
            let end = try #require(html[start.upperBound...].firstRange(of: "</ul>"))
            let links = Self.tagLinks(html[start.upperBound..<end.lowerBound])
            let expected = image.entries.flatMap { $0.tags + $0.sharedTags }
            #expect(links.map(\.0).sorted() == Array(Set(expected)).sorted(), "tags of \(image.name)")
            #expect(links.count == Set(links.map(\.0)).count, "a tag of \(image.name) is listed twice")
            for (tag, href) in links {
                #expect(try Self.resolves(href, from: "tags/index.html", in: site), "\(image.name):\(tag) → \(href) does not resolve")
            }
        }
    }

    @Test func variantPagesListExactlyTheTagsTheRuleAssigns() async throws {
        let site = try TestPaths.temporaryFolder("variants")
        defer { try? FileManager.default.removeItem(at: site) }
        _ = try await Self.build(Self.options(output: site))
        let catalog = try #require(Self.options(output: site).loader.load().catalog)
        var checked = 0
        for image in catalog.images {
            let variants = VariantResolver(image: image.folder, helpers: catalog.readmeInputs.helpers).variants(of: image.library)
            for variant in variants {
                let page = SitePaths.variant(image.name, variant.name)
                let html = try Self.text(site, page)
                // The "Tags" row of each entry holds the tags of this variant.
                var listed: [String] = []
                var rest = html[...]
                while let row = rest.firstRange(of: "<dt>Tags</dt><dd>") {
                    let end = try #require(rest[row.upperBound...].firstRange(of: "</dd>"))
                    listed += Self.tagLinks(rest[row.upperBound..<end.lowerBound]).map(\.0)
                    rest = rest[end.upperBound...]
                }
                #expect(Set(listed) == Set(variant.tags.map(\.name)), "\(page)")
                for entry in variant.entries {
                    #expect(html.contains("id=\"\(SitePaths.entryAnchor(entry))\""), "\(page) lacks the anchor of \(entry.firstTag)")
                }
                checked += 1
            }
        }
        #expect(checked >= 10)
    }

    @Test func sharedTagsLinkEveryEntryTheyCover() async throws {
        let site = try TestPaths.temporaryFolder("shared")
        defer { try? FileManager.default.removeItem(at: site) }
        _ = try await Self.build(Self.options(output: site))
        let catalog = try #require(Self.options(output: site).loader.load().catalog)
        let lumen = try #require(catalog.image(named: "lumen"))
        let groups = lumen.library.sharedTagGroups
        #expect(!groups.isEmpty)
        let html = try Self.text(site, "lumen/index.html")
        let table = try #require(html.firstRange(of: "<caption>Shared tags"))
        let tableEnd = try #require(html[table.upperBound...].firstRange(of: "</table>"))
        let rows = html[table.upperBound..<tableEnd.lowerBound].components(separatedBy: "<tr data-search").dropFirst()
        #expect(rows.count == groups.count)
        for (group, row) in zip(groups, rows) {
            let cells = row.components(separatedBy: "<td>")
            try #require(cells.count >= 2)
            #expect(Self.tagLinks(cells[0][...]).map(\.0) == group.sharedTags)
            let covered = Self.tagLinks(cells[1][...])
            #expect(covered.map(\.0) == group.entries.map(\.firstTag), "shared tags \(group.sharedTags)")
            for (_, href) in covered {
                #expect(try Self.resolves(href, from: "lumen/index.html", in: site), "\(href) does not resolve")
            }
        }
    }

    @Test func metadataIsEscapedAndUnsafeLinksDropped() async throws {
        let folder = try TestPaths.temporaryFolder("escape")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try ProgramRun.run("cp", ["-R", Self.content.path, folder.path])
        try #require(run.status == 0)
        let docs = folder.appendingPathComponent("content/docs")
        try "<script>alert(1)</script> \"quoted\" onmouseover=x\n".write(to: docs.appendingPathComponent("beacon/README-short.txt"), atomically: true, encoding: .utf8)
        // A `javascript:` github-repo is refused outright now (docs.invalid-github-repo, see BadInputTests).
        let site = folder.appendingPathComponent("site")
        _ = try await Self.build(Self.options(docs: docs, library: folder.appendingPathComponent("content/library"), output: site))
        for page in ["index.html", "beacon/index.html", "categories/monitoring-and-observability/index.html"] {
            let html = try Self.text(site, page)
            #expect(!html.contains("<script>alert"), "\(page) carries raw script")
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;"), "\(page) does not show the text escaped")
            #expect(!html.contains("href=\"javascript:"), "\(page) links javascript:")
        }
    }

    @Test func failedBuildLeavesThePreviousSiteAndCleansLeftovers() async throws {
        let folder = try TestPaths.temporaryFolder("atomic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try ProgramRun.run("cp", ["-R", Self.content.path, folder.path])
        try #require(run.status == 0)
        let docs = folder.appendingPathComponent("content/docs")
        let library = folder.appendingPathComponent("content/library")
        let site = folder.appendingPathComponent("site")
        _ = try await Self.build(Self.options(docs: docs, library: library, output: site))
        let before = try Self.files(in: site)

        // Fails while rendering: the logo "file" is a folder, found only when it is read.
        try FileManager.default.createDirectory(at: docs.appendingPathComponent("oldcache/logo.png"), withIntermediateDirectories: true)
        let failed = await SiteBuilder(options: Self.options(docs: docs, library: library, output: site)).build()
        #expect(!failed.succeeded)
        #expect(failed.diagnostics.contains { $0.identifier == "docs.unreadable" })
        #expect(try Self.files(in: site) == before, "the previous site changed")
        try FileManager.default.removeItem(at: docs.appendingPathComponent("oldcache/logo.png"))

        // Fails halfway through writing: `a` is written as a file, then `a/b.html` needs it as a folder.
        let writer = SiteWriter(output: site.path)
        let files = [SiteWriter.File("a", Array("x".utf8)), SiteWriter.File("a/b.html", Array("y".utf8))]
        #expect(throws: Diagnostic.self) {
            try writer.begin(previous: nil).finish(files, manifest: Manifest(imageFiles: [:], files: [:]), bookkeeping: [])
        }
        #expect(try Self.files(in: site) == before, "the previous site changed")
        var siblings = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!siblings.contains { $0.hasPrefix(".site.sitegen-") }, "staging folder left: \(siblings)")

        // The next build that writes removes what a killed build left beside the site.
        let leftover = folder.appendingPathComponent(".site.sitegen-new-99999")
        try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
        try (try String(contentsOf: docs.appendingPathComponent("oldcache/content.md"), encoding: .utf8) + "\nEdited.\n")
            .write(to: docs.appendingPathComponent("oldcache/content.md"), atomically: true, encoding: .utf8)
        _ = try await Self.build(Self.options(docs: docs, library: library, output: site))
        siblings = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        // What may stay is the spare: the site before this one, kept to build the next in.
        #expect(!siblings.contains { $0.hasPrefix(".site.sitegen-") && $0 != ".site.sitegen-spare" }, "temporary folders left: \(siblings)")
        let rebuilt = try Self.files(in: site)

        // Fails while loading: a broken library file.
        try "Tags: broken\nno colon here\n".write(to: library.appendingPathComponent("beacon"), atomically: true, encoding: .utf8)
        let broken = await SiteBuilder(options: Self.options(docs: docs, library: library, output: site)).build()
        #expect(!broken.succeeded)
        #expect(broken.diagnostics.contains { $0.identifier == "library.syntax" && $0.line == 2 })
        #expect(try Self.files(in: site) == rebuilt)
    }

    @Test func outputInsideTheDocsTreeIsRefused() async throws {
        let report = await SiteBuilder(options: Self.options(output: Self.content.appendingPathComponent("docs/site"))).build()
        #expect(!report.succeeded)
        #expect(report.diagnostics.map(\.identifier) == ["output.inside-inputs"])
        #expect(!FileManager.default.fileExists(atPath: Self.content.appendingPathComponent("docs/site").path))
    }

    @Test func pagesMakeNoRequestToOtherHosts() async throws {
        let site = try TestPaths.temporaryFolder("offline")
        defer { try? FileManager.default.removeItem(at: site) }
        _ = try await Self.build(Self.options(output: site))
        for (path, data) in try Self.files(in: site) where path.hasSuffix(".html") || path.hasSuffix(".css") {
            let text = String(decoding: data, as: UTF8.self)
            for pattern in ["src=\"http", "href=\"http://fonts", "@import", "url(http", "<link rel=\"stylesheet\" href=\"http"] {
                #expect(!text.contains(pattern), "\(path) loads from another host (\(pattern))")
            }
        }
    }

    @Test func foreignFolderIsNeverReplaced() async throws {
        let folder = try TestPaths.temporaryFolder("foreign")
        defer { try? FileManager.default.removeItem(at: folder) }
        let precious = folder.appendingPathComponent("precious")
        try FileManager.default.createDirectory(at: precious, withIntermediateDirectories: true)
        try "my thesis\n".write(to: precious.appendingPathComponent("thesis.txt"), atomically: true, encoding: .utf8)
        let report = await SiteBuilder(options: Self.options(output: precious)).build()
        #expect(!report.succeeded)
        #expect(report.diagnostics.map(\.identifier) == ["output.not-a-site"])
        #expect(try Self.files(in: precious).keys.sorted() == ["thesis.txt"])

        // A site sitegen wrote (it carries the marker) is replaced.
        let site = folder.appendingPathComponent("site")
        _ = try await Self.build(Self.options(output: site))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(SiteWriter.marker).path))
        _ = try await Self.build(Self.options(output: site))
    }

    @Test func currentFolderIsRefusedAsOutput() async throws {
        let report = await SiteBuilder(options: Self.options(output: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))).build()
        #expect(!report.succeeded)
        #expect(report.diagnostics.contains { $0.identifier == "output.unsafe-folder" || $0.identifier == "output.inside-inputs" })
    }

    @Test func namesThatWouldLeaveOrCollideInTheSiteAreErrors() async throws {
        let folder = try TestPaths.temporaryFolder("names")
        defer { try? FileManager.default.removeItem(at: folder) }
        try #require(try ProgramRun.run("cp", ["-R", Self.content.path, folder.path]).status == 0)
        let docs = folder.appendingPathComponent("content/docs")
        let library = folder.appendingPathComponent("content/library")
        try "{\"hub\": {\"categories\": [\"../../escaped\"]}}\n".write(to: docs.appendingPathComponent("beacon/metadata.json"), atomically: true, encoding: .utf8)
        try FileManager.default.moveItem(at: docs.appendingPathComponent("oldcache"), to: docs.appendingPathComponent("search"))
        try FileManager.default.moveItem(at: library.appendingPathComponent("oldcache"), to: library.appendingPathComponent("search"))
        let report = await SiteBuilder(options: Self.options(docs: docs, library: library, output: folder.appendingPathComponent("site"))).build()
        #expect(!report.succeeded)
        let ids = Set(report.diagnostics.map(\.identifier))
        #expect(ids.contains("metadata.invalid-category"))
        #expect(ids.contains("site.reserved-image-name"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("escaped").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("site").path))
    }
}
