import Foundation
import GRDB
import Testing
import TestSupport
import ZIPFoundation
@testable import SiteGen

/// `sitegen bundle`: the demo tree in `content/` bundled for real, the zip unpacked and its links
/// followed, the docset's index opened and every row's page and anchor looked up.
@Suite struct BundleTests {
    static func bundle(_ format: SiteBundler.Format, to output: URL, docs: URL? = nil, library: URL? = nil,
                       date: Date = ZipBundle.earliestDate, tarball: Bool = false) async -> SiteBundler.Report {
        // The build options' output is a placeholder: the bundler builds into a temporary folder.
        let site = SiteBuildTests.options(docs: docs, library: library, output: output.deletingLastPathComponent().appendingPathComponent("unused"))
        return await SiteBundler(options: SiteBundler.Options(site: site, format: format, output: output.path,
                                                              modificationDate: date, tarball: tarball)).bundle()
    }

    /// `href` and `src` values of a page, `&amp;` decoded.
    static func links(in html: String) -> [String] {
        html.matches(of: #/ (?:href|src)="([^"]*)"/#).map { String($0.output.1).replacingOccurrences(of: "&amp;", with: "&") }
    }

    /// Links to other hosts or schemes; the rest must resolve inside the bundle.
    static func isInternal(_ link: String) -> Bool {
        guard !link.hasPrefix("//") else { return false }
        let beforePath = link.prefix { $0 != "/" && $0 != "#" && $0 != "?" }
        return !beforePath.contains(":")
    }

    /// Why `link` on `page` does not work from disk, or nil when it does: the file exists (a
    /// folder would show a listing, not a page) and, for `#id`, the element does.
    static func problem(with link: String, from page: String, in root: URL) throws -> String? {
        let withoutQuery = String(link.prefix { $0 != "?" })
        let path = String(withoutQuery.prefix { $0 != "#" })
        let target = path.isEmpty ? root.appendingPathComponent(page)
            : root.appendingPathComponent(page).deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) else { return "no file" }
        guard !isDirectory.boolValue else { return "a folder, not a page" }
        guard target.path.hasPrefix(root.standardizedFileURL.path + "/") else { return "outside the bundle" }
        return try SiteBuildTests.resolves(withoutQuery, from: page, in: root) ? nil : "no such id"
    }

    static func unzip(_ zip: URL, into folder: URL) throws -> [String] {
        let archive = try Archive(url: zip, accessMode: .read)
        var paths: [String] = []
        for entry in archive {
            paths.append(entry.path)
            _ = try archive.extract(entry, to: folder.appendingPathComponent(entry.path))
        }
        return paths
    }

    // MARK: Zip

    @Test func zipUnpacksIntoOneFolderWhereEveryLinkResolves() async throws {
        let folder = try TestPaths.temporaryFolder("bundle-zip")
        defer { try? FileManager.default.removeItem(at: folder) }
        let zip = folder.appendingPathComponent("demo-docs.zip")
        let report = await Self.bundle(.zip, to: zip)
        #expect(report.succeeded, "bundle failed: \(report.diagnostics)")

        let unpacked = folder.appendingPathComponent("unpacked")
        let paths = try Self.unzip(zip, into: unpacked)
        #expect(paths.allSatisfy { $0.hasPrefix("demo-docs/") }, "an entry is outside the top folder")
        #expect(paths == paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "entries are not in path order")
        #expect(!paths.contains { $0.contains("/.") }, "build bookkeeping (hidden files) was packed")
        let site = unpacked.appendingPathComponent("demo-docs")
        let files = try SiteBuildTests.files(in: site)
        #expect(files["index.html"] != nil && files["lumen/alpine/index.html"] != nil && files["quarry/logo.png"] != nil)
        #expect(files.keys.contains { $0.hasPrefix("assets/search-index") && $0.hasSuffix(".js") })

        var checked = 0
        // The 404 page is for servers: without a base URL its links are root-absolute on purpose.
        for (page, data) in files where page.hasSuffix(".html") && page != SitePaths.notFound {
            for link in Self.links(in: String(decoding: data, as: UTF8.self)) where Self.isInternal(link) {
                let problem = try Self.problem(with: link, from: page, in: site)
                #expect(problem == nil, "\(page): \(link): \(problem ?? "")")
                checked += 1
            }
        }
        #expect(checked > 500)
    }

    @Test func twoZipsOfTheSameInputAreByteIdentical() async throws {
        let folder = try TestPaths.temporaryFolder("bundle-zip-twice")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("one/site.zip")
        let second = folder.appendingPathComponent("two/site.zip")
        let later = folder.appendingPathComponent("three/site.zip")
        #expect(await Self.bundle(.zip, to: first).succeeded)
        #expect(await Self.bundle(.zip, to: second).succeeded)
        #expect(await Self.bundle(.zip, to: later, date: Date(timeIntervalSince1970: 1_700_000_000)).succeeded)
        let a = try Data(contentsOf: first)
        #expect(a.count > 10_000)
        #expect(a == (try Data(contentsOf: second)))
        // The date is the only thing that differs, and it shows: entries carry the given time.
        #expect(a != (try Data(contentsOf: later)))
        for entry in try Archive(url: first, accessMode: .read) {
            #expect(entry.fileAttributes[.modificationDate] as? Date == ZipBundle.earliestDate, "\(entry.path)")
        }
    }

    @Test func aBundleReplacesItsPredecessorButNeverAForeignFile() async throws {
        let folder = try TestPaths.temporaryFolder("bundle-replace")
        defer { try? FileManager.default.removeItem(at: folder) }
        let zip = folder.appendingPathComponent("site.zip")
        #expect(await Self.bundle(.zip, to: zip).succeeded)
        #expect(await Self.bundle(.zip, to: zip).succeeded)

        let thesis = folder.appendingPathComponent("thesis.zip")
        try "my thesis\n".write(to: thesis, atomically: true, encoding: .utf8)
        let report = await Self.bundle(.zip, to: thesis)
        #expect(!report.succeeded)
        #expect(report.diagnostics.map(\.identifier) == ["bundle.not-ours"])
        #expect(report.build == nil, "the site was built although the output could not be written")
        #expect(try String(contentsOf: thesis, encoding: .utf8) == "my thesis\n")

        let notes = folder.appendingPathComponent("Notes.docset")
        try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
        try "mine\n".write(to: notes.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(await Self.bundle(.docset, to: notes).diagnostics.map(\.identifier) == ["bundle.not-ours"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: notes.path) == ["notes.txt"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "staging folders left: \(leftovers)")
    }

    @Test func failedBuildWritesNoBundle() async throws {
        let folder = try TestPaths.temporaryFolder("bundle-failed")
        defer { try? FileManager.default.removeItem(at: folder) }
        try #require(try ProgramRun.run("cp", ["-R", SiteBuildTests.content.path, folder.path]).status == 0)
        let docs = folder.appendingPathComponent("content/docs")
        let library = folder.appendingPathComponent("content/library")
        try "Tags: broken\nno colon here\n".write(to: library.appendingPathComponent("beacon"), atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        for (format, name) in [(SiteBundler.Format.zip, "site.zip"), (.docset, "Demo-images.docset")] {
            let report = await Self.bundle(format, to: out.appendingPathComponent(name), docs: docs, library: library, tarball: format == .docset)
            #expect(!report.succeeded)
            #expect(report.diagnostics.contains { $0.identifier == "library.syntax" && $0.line == 2 })
        }
        let written = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(!FileManager.default.fileExists(atPath: out.path), "written despite the failed build: \(written)")

        // Refused before building: a bundle inside the inputs would be read back as input.
        for output in [docs.appendingPathComponent("site.zip"), library.appendingPathComponent("sub/Docs.docset")] {
            let inside = await Self.bundle(output.pathExtension == "zip" ? .zip : .docset, to: output, docs: docs, library: library)
            #expect(inside.diagnostics.map(\.identifier) == ["bundle.inside-inputs"])
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
    }

    // MARK: Docset

    @Test func docsetIndexNamesEveryKindAndEveryRowLandsOnAnAnchor() async throws {
        let folder = try TestPaths.temporaryFolder("bundle-docset")
        defer { try? FileManager.default.removeItem(at: folder) }
        let docset = folder.appendingPathComponent("Demo-images.docset")
        let report = await Self.bundle(.docset, to: docset)
        let summary = try #require(report.docset, "bundle failed: \(report.diagnostics)")
        let documents = docset.appendingPathComponent("Contents/Resources/Documents")

        let database = try DatabaseQueue(path: docset.appendingPathComponent("Contents/Resources/docSet.dsidx").path)
        let (counts, rows, latest) = try await database.read { db in
            let counts = try Row.fetchAll(db, sql: "SELECT type, COUNT(*) AS n FROM searchIndex GROUP BY type")
                .reduce(into: [String: Int]()) { $0[$1["type"]] = $1["n"] }
            let rows = try Row.fetchAll(db, sql: "SELECT name, type, path FROM searchIndex")
                .map { (name: $0["name"] as String, type: $0["type"] as String, path: $0["path"] as String) }
            let latest = try String.fetchOne(db, sql: "SELECT path FROM searchIndex WHERE name = 'lumen:latest' AND type = 'Tag'")
            return (counts, rows, latest)
        }
        try database.close()
        for type in DocsetIndex.EntryType.allCases {
            #expect((counts[type.rawValue] ?? 0) > 0, "no \(type.rawValue) rows")
        }
        #expect(counts == summary.indexRows)
        #expect(counts["Library"] == 6)
        let latestPath = try #require(latest)
        #expect(latestPath.hasPrefix("lumen/default/index.html#"))
        #expect(rows.contains { $0.name == "Environment Variables (lumen)" && $0.type == "Section" && $0.path == "lumen/index.html#environment-variables" })
        for row in rows {
            #expect(try Self.problem(with: row.path, from: "index.html", in: documents) == nil, "\(row.type) \(row.name) → \(row.path)")
        }
    }

    @Test func docsetPagesCarryTableOfContentsAnchors() async throws {
        let folder = try TestPaths.temporaryFolder("bundle-docset-toc")
        defer { try? FileManager.default.removeItem(at: folder) }
        let docset = folder.appendingPathComponent("Demo-images.docset")
        let report = await Self.bundle(.docset, to: docset)
        #expect(report.succeeded, "bundle failed: \(report.diagnostics)")
        let documents = docset.appendingPathComponent("Contents/Resources/Documents")

        let image = try SiteBuildTests.text(documents, "lumen/index.html")
        #expect(image.contains("<a name=\"//apple_ref/cpp/Section/Environment%20Variables\" class=\"dashAnchor\"></a><h3 id=\"environment-variables\">"))
        #expect(image.contains("<a name=\"//apple_ref/cpp/Section/Quick%20reference\" class=\"dashAnchor\"></a><h2 id=\"quick-reference\">"))
        let variant = try SiteBuildTests.text(documents, "lumen/alpine/index.html")
        #expect(variant.contains("<li class=\"entry\" id=\"1.4.2-alpine3.22\"><a name=\"//apple_ref/cpp/Tag/1.4.2-alpine3.22\" class=\"dashAnchor\"></a>"))
        // Every heading with an id and every build got one.
        for page in ["lumen/index.html", "lumen/alpine/index.html", "quarry/index.html", "tags/index.html"] {
            let html = try SiteBuildTests.text(documents, page)
            let anchors = html.matches(of: #/class="dashAnchor"/#).count
            let targets = html.matches(of: #/<h[23] id="|<li class="entry" id="/#).count
            #expect(anchors == targets, "\(page): \(anchors) anchors for \(targets) headings and builds")
        }
        #expect(!FileManager.default.fileExists(atPath: documents.appendingPathComponent(SiteWriter.marker).path))
    }

    @Test func docsetHasInfoPlistAndIcon() async throws {
        let folder = try TestPaths.temporaryFolder("bundle-docset-plist")
        defer { try? FileManager.default.removeItem(at: folder) }
        let docset = folder.appendingPathComponent("Demo-images.docset")
        let report = await Self.bundle(.docset, to: docset, tarball: true)
        let summary = try #require(report.docset, "bundle failed: \(report.diagnostics)")

        let data = try Data(contentsOf: docset.appendingPathComponent("Contents/Info.plist"))
        let plist = try #require(try PropertyListSerialization.propertyList(from: data, format: nil) as? [String: Any])
        #expect(plist["CFBundleIdentifier"] as? String == "sitegen.demo-images")
        #expect(plist["CFBundleName"] as? String == "Demo images")
        #expect(plist["DocSetPlatformFamily"] as? String == "demo-images")
        #expect(plist["dashIndexFilePath"] as? String == "index.html")
        #expect(plist["DashDocSetFamily"] as? String == "dashtoc")
        #expect(plist["isDashDocset"] as? Bool == true)
        #expect(plist["isJavaScriptEnabled"] as? Bool == true)

        #expect(plist["DashDocSetFallbackURL"] == nil, "no --base-url, so no web copy to fall back to")

        // Six images: no one logo stands for the docset, so the icons are sitegen's mark.
        #expect(summary.iconSource == "sitegen's mark")
        #expect(try Data(contentsOf: docset.appendingPathComponent("icon.png")) == DocsetIcon.mark(side: 16).pngData())
        #expect(try Data(contentsOf: docset.appendingPathComponent("icon@2x.png")) == DocsetIcon.mark(side: 32).pngData())

        let tarball = try #require(summary.tarball)
        #expect(tarball == folder.appendingPathComponent("Demo-images.tgz").path)
        let listing = try ProgramRun.run("tar", ["-tzf", tarball])
        #expect(listing.status == 0)
        let members = listing.output.split(separator: "\n")
        #expect(members.first == "Demo-images.docset/")
        #expect(members.contains("Demo-images.docset/Contents/Resources/docSet.dsidx"))
        #expect(members.allSatisfy { $0.hasPrefix("Demo-images.docset/") })
    }

    /// Docset pages get a `Section` anchor before each `h2`/`h3` heading, named by what the
    /// heading says (tags left out, entities decoded), and site pages none.
    @Test func docsetAnchorsAreNamedByTheHeadingsText() {
        let markdown = "# Title\n\n## What's `new`?\n\n### A & B/C\n\n#### Deep\n"
        let docset = ContentRenderer(siteImages: [], dashAnchors: true).render(markdown, page: "lumen/index.html").html
        #expect(docset.hasPrefix(#"<a name="//apple_ref/cpp/Section/Title" class="dashAnchor"></a><h2 id="title">"#))
        #expect(docset.contains(#"<a name="//apple_ref/cpp/Section/What%27s%20new%3F" class="dashAnchor"></a><h3 id="whats-new">"#))
        #expect(!docset.contains("Section/A%20%26%20B%2FC"), "an h4 after demotion gets none")
        let plain = ContentRenderer(siteImages: []).render(markdown, page: "lumen/index.html").html
        #expect(!plain.contains("dashAnchor"))
        let kept = ContentRenderer(siteImages: [], dashAnchors: true).render(markdown, page: "lumen/index.html", demoteHeadings: false).html
        #expect(kept.contains(#"<a name="//apple_ref/cpp/Section/A%20%26%20B%2FC" class="dashAnchor"></a><h3 id="a--bc">"#))
    }

    // A `<` after a prepended mark (U+0600) and a `>` before a combining mark are each part of a
    // larger `Character`; the heading's text must still be read by scalars.
    @Test func docsetAnchorsReadHeadingsAroundMarks() {
        #expect(Array(DashAnchor.headingText("a\u{600}").utf8) == Array("a\u{600}".utf8))
        #expect(Array(DashAnchor.headingText("<code>\u{301}b</code>").utf8) == Array("\u{301}b".utf8))
        #expect(DashAnchor.anchor(type: "Section", name: "a\u{600}") == "<a name=\"//apple_ref/cpp/Section/a%D8%80\" class=\"dashAnchor\"></a>")
    }

    /// A file where the bundle's folder should be is named in plain words, no error domain or code.
    @Test func bundleUnderAFileSaysSoInPlainWords() async throws {
        let folder = try TestPaths.temporaryFolder("bundle-under-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("afile")
        try "x\n".write(to: file, atomically: false, encoding: .utf8)
        let report = await Self.bundle(.zip, to: file.appendingPathComponent("x.zip"))
        #expect(!report.succeeded)
        let message = try #require(report.diagnostics.first { $0.severity == .error }).message
        #expect(message.contains("`\(file.path)` is a file, so `\(file.path)/x.zip` cannot be created"), "\(message)")
        #expect(!message.contains("Domain") && !message.contains("error 512"))
    }

    @Test func docsetNamesAreSafeFileNames() {
        #expect(Docset(title: "Container images").defaultOutput == "Container-images.docset")
        #expect(Docset(title: "Container images").slug == "container-images")
        #expect(Docset.safeName("../Évian / docs!!") == "vian-docs")
        #expect(Docset.safeName("  ") == "docs")
        #expect(Docset.safeName("v1.2_final.") == "v1.2_final")
    }
}
