import Foundation
import GRDB
@testable import SiteGen

/// What a docset must hold for Dash and Zeal without opening it in one (the reader itself is
/// `scripts/check-docset.sh`): icons at 16 and 32 pixels, Info.plist's keys, pages without the
/// site header, every `dashAnchor` at a heading or build, every index row on an existing file
/// and element, and image pages' sections indexed in page order (Zeal's table of contents).
/// The demo docset and the corpus docset are both held to it.
enum DocsetCheck {
    static func problems(in docset: URL, baseURL: String?) throws -> [String] {
        var problems: [String] = []
        let documents = docset.appendingPathComponent("Contents/Resources/Documents")

        // Icons: the names and sizes Dash and Zeal read.
        for (name, side) in [("icon.png", 16), ("icon@2x.png", 32)] {
            guard let data = FileManager.default.contents(atPath: docset.appendingPathComponent(name).path) else {
                problems.append("no \(name)")
                continue
            }
            do {
                let picture = try PNGImage(png: data)
                if picture.width != side || picture.height != side {
                    problems.append("\(name) is \(picture.width)×\(picture.height), not \(side)×\(side)")
                }
            } catch {
                problems.append("\(name) is not a PNG: \(error.reason)")
            }
        }

        // Pages: no header, search box or theme toggle; every anchor at its target.
        var pages: [String: String] = [:]
        let walker = FileManager.default.enumerator(atPath: documents.path)
        while let relative = walker?.nextObject() as? String {
            guard relative.hasSuffix(".html") else { continue }
            pages[relative] = try String(contentsOf: documents.appendingPathComponent(relative), encoding: .utf8)
        }
        if pages.isEmpty { problems.append("no pages in Documents") }
        var scripted = false
        for (path, html) in pages.sorted(by: { $0.key < $1.key }) {
            for chrome in ["class=\"site-header\"", "id=\"sg:search\"", "class=\"theme-toggle\"", "sitegen-theme", "class=\"toc\""]
            where html.contains(chrome) {
                problems.append("\(path) has \(chrome)")
            }
            if !html.contains("<body class=\"page-") || !html.contains(" docset\" data-root=") {
                problems.append("\(path): the body does not say docset")
            }
            if html.contains("<script") { scripted = true }
            // An anchor stands right before its heading, or right inside its build's <li>.
            let anchors = html.matches(of: #/<a name="//apple_ref/cpp/(Section|Tag)/[^"]+" class="dashAnchor"></a>/#).count
            let placed = html.matches(of: #/class="dashAnchor"></a><h[23] id="[^"]+"|<li class="entry" id="[^"]+"><a name="//apple_ref/cpp/Tag/#).count
            let targets = html.matches(of: #/<h[23] id="|<li class="entry" id="/#).count
            if anchors != placed || anchors != targets {
                problems.append("\(path): \(anchors) dashAnchors, \(placed) at a heading or build, \(targets) headings and builds")
            }
        }

        // Links: every `href` and `src` but a web address is relative and names a file of the
        // docset (a folder, its index.html): a reader has no server and no site to fall back on.
        for (path, html) in pages.sorted(by: { $0.key < $1.key }) {
            let folder = documents.appendingPathComponent(path).deletingLastPathComponent()
            // (By scalars: `#` and U+FE0F, in a heading's anchor, are one character to Swift.)
            for match in html.matches(of: #/(?:href|src)="([^"#?]*)[^"]*"/#.matchingSemantics(.unicodeScalar)) {
                let link = String(match.1)
                guard !link.isEmpty, !link.contains(":") else { continue }
                guard !link.hasPrefix("/") else {
                    problems.append("\(path) links to \(link), a path from the root, which a reader opening files cannot follow")
                    continue
                }
                let target = URL(fileURLWithPath: link.removingPercentEncoding ?? link, relativeTo: folder).standardizedFileURL
                var isFolder: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder)
                    && (!isFolder.boolValue || FileManager.default.fileExists(atPath: target.appendingPathComponent("index.html").path))
                if !exists { problems.append("\(path) links to \(link), which the docset lacks") }
            }
        }

        // Info.plist.
        let plistData = try Data(contentsOf: docset.appendingPathComponent("Contents/Info.plist"))
        let plist = try PropertyListSerialization.propertyList(from: plistData, format: nil) as? [String: Any] ?? [:]
        if (plist["CFBundleIdentifier"] as? String)?.hasPrefix("sitegen.") != true { problems.append("CFBundleIdentifier: \(plist["CFBundleIdentifier"] ?? "none")") }
        if (plist["CFBundleName"] as? String)?.isEmpty != false { problems.append("no CFBundleName") }
        if (plist["DocSetPlatformFamily"] as? String)?.isEmpty != false { problems.append("no DocSetPlatformFamily") }
        if plist["DashDocSetFamily"] as? String != "dashtoc" { problems.append("DashDocSetFamily is not dashtoc") }
        if plist["isDashDocset"] as? Bool != true { problems.append("isDashDocset is not true") }
        if plist["isJavaScriptEnabled"] as? Bool != scripted { problems.append("isJavaScriptEnabled is not \(scripted), though pages \(scripted ? "load" : "load no") scripts") }
        if let index = plist["dashIndexFilePath"] as? String {
            if pages[index] == nil { problems.append("dashIndexFilePath \(index) is not a page") }
        } else {
            problems.append("no dashIndexFilePath")
        }
        let expectedFallback = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        if plist["DashDocSetFallbackURL"] as? String != expectedFallback {
            problems.append("DashDocSetFallbackURL is \(plist["DashDocSetFallbackURL"] ?? "absent"), not \(expectedFallback ?? "absent")")
        }

        // The index: every row on a page and element that exist; image pages' sections in order.
        let database = try DatabaseQueue(path: docset.appendingPathComponent("Contents/Resources/docSet.dsidx").path)
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT name, type, path FROM searchIndex ORDER BY id")
                .map { (name: $0["name"] as String, type: $0["type"] as String, path: $0["path"] as String) }
        }
        try database.close()
        var ids: [String: [String]] = [:]
        func idsOf(_ page: String) -> [String] {
            if let known = ids[page] { return known }
            let found = (pages[page] ?? "").matches(of: #/ id="([^"]*)"/#).map { DashAnchor.decodingEntities($0.output.1) }
            ids[page] = found
            return found
        }
        var sectionsByPage: [String: [String]] = [:]
        for row in rows {
            let parts = row.path.split(separator: "#", maxSplits: 1).map(String.init)
            guard pages[parts[0]] != nil else {
                problems.append("\(row.type) \(row.name) → \(row.path): no such page")
                continue
            }
            if parts.count == 2 {
                if !idsOf(parts[0]).contains(parts[1]) { problems.append("\(row.type) \(row.name) → \(row.path): no such id") }
                if row.type == "Section" { sectionsByPage[parts[0], default: []].append(parts[1]) }
            }
        }
        for (page, sections) in sectionsByPage where page.split(separator: "/").count == 2 {
            let order = idsOf(page)
            let positions = sections.compactMap { order.firstIndex(of: $0) }
            if positions != positions.sorted() { problems.append("\(page): its Section rows are not in page order") }
            if sections.count < 2 { problems.append("\(page): \(sections.count) Section row; Zeal lists a table of contents from two") }
        }
        return problems
    }
}
