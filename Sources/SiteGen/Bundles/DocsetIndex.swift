import Foundation
import GRDB

/// The search index of a docset (`Contents/Resources/docSet.dsidx`): what Dash and Zeal find
/// when one types into their search field, each row a name, an entry type and a page.
///
/// The rows are the site's own search index (images, variants, tags, content sections, built by
/// ``SearchIndex`` from the model), the image pages' own sections, and the category and
/// architecture pages, so the docset finds what the site's search finds, at the same addresses. Entry types come from Dash's fixed list
/// (it shows an icon per type and ignores types it does not know), which has no word for a
/// variant; `Module` stands for it, as the part of a library one picks.
struct DocsetIndex: Sendable {
    /// The Dash entry types the index uses.
    enum EntryType: String, Sendable, CaseIterable {
        /// An image.
        case library = "Library"
        /// A variant of an image (`python:<version>-slim`).
        case module = "Module"
        /// One tag (`python:3.13-slim`), at its build's anchor on the variant page.
        case tag = "Tag"
        /// A heading of an image's content, at its anchor on the image page.
        case section = "Section"
        /// A Docker Hub category.
        case category = "Category"
        /// An architecture (`arm64v8`).
        case type = "Type"
    }

    struct Row: Sendable, Hashable {
        let name: String
        let type: EntryType
        /// Relative to `Contents/Resources/Documents`, with `#anchor` where the row names a
        /// place inside a page.
        let path: String
    }

    let rows: [Row]

    /// The rows of `model`'s site; `page` reads a built page (relative path) for the headings
    /// an image page has besides its content's.
    init(model: BundleModel, page: (String) -> Data?) {
        var rows: [Row] = []
        var seen: Set<Row> = []
        func add(_ row: Row) {
            if seen.insert(row).inserted { rows.append(row) }
        }
        var contentSections: [String: [Row]] = [:]
        for item in SearchIndex(sites: model.sites).items {
            switch item.k {
            case "image": add(Row(name: item.t, type: .library, path: item.u))
            case "variant": add(Row(name: item.t, type: .module, path: item.u))
            case "tag": add(Row(name: item.t, type: .tag, path: item.u))
            // The same headings ("How to use this image") recur in every image; the image's
            // name tells the results apart.
            case "section": contentSections[item.d, default: []].append(Row(name: "\(item.t) (\(item.d))", type: .section, path: item.u))
            default: continue
            }
        }
        for site in model.sites {
            let path = SitePaths.image(site.name)
            let headings = page(path).map { Self.headings(in: String(decoding: $0, as: UTF8.self)) } ?? []
            for row in Self.sections(of: site.name, page: path, headings: headings, content: contentSections[site.name] ?? []) { add(row) }
        }
        for category in model.usedCategories {
            add(Row(name: category.title, type: .category, path: SitePaths.category(category.name)))
        }
        for architecture in model.architectures {
            add(Row(name: architecture.name, type: .type, path: SitePaths.architecture(architecture.name)))
        }
        self.rows = rows
    }

    /// The `Section` rows of one image page, in the page's order: Zeal's table of contents is
    /// the index rows that point into the open page, in the order they were written, so the
    /// theme's own sections ("Quick reference", "Supported tags", "License") are rows too, each
    /// where it stands among the content's. Content headings keep the site search's names and
    /// ids; one the page does not show (none should) still gets its row, at the end.
    static func sections(of image: String, page: String, headings: [(id: String, text: String, level: Int)], content: [Row]) -> [Row] {
        var byPath: [String: Row] = [:]
        for row in content { byPath[row.path] = row }
        var result: [Row] = []
        var placed: Set<String> = []
        for heading in headings {
            let path = page + "#" + heading.id
            if let row = byPath[path] {
                result.append(row)
                placed.insert(path)
            } else if heading.level <= 3 {
                result.append(Row(name: "\(heading.text) (\(image))", type: .section, path: path))
            }
        }
        return result + content.filter { !placed.contains($0.path) }
    }

    /// The `h2` to `h4` headings with an id in `html`, in order: id (entities decoded), text,
    /// level. Our own pages write them as `<hN id="…">…</hN>`; found in the bytes (a `Regex`
    /// over a page of hundreds of tags took a tenth of a bundle's time).
    static func headings(in html: String) -> [(id: String, text: String, level: Int)] {
        var result: [(id: String, text: String, level: Int)] = []
        var copy = html
        copy.withUTF8 { bytes in
            let opening = Array(" id=\"".utf8)
            var position = 0
            while let start = ByteSearch.find([UInt8(ascii: "<"), UInt8(ascii: "h")], in: bytes, from: position) {
                position = start + 2
                guard start + 2 < bytes.count, (UInt8(ascii: "2")...UInt8(ascii: "4")).contains(bytes[start + 2]),
                      bytes.count >= start + 3 + opening.count, Array(bytes[(start + 3)..<(start + 3 + opening.count)]) == opening else { continue }
                let level = Int(bytes[start + 2] - UInt8(ascii: "0"))
                let idStart = start + 3 + opening.count
                guard let idEnd = ByteSearch.find([UInt8(ascii: "\"")], in: bytes, from: idStart),
                      idEnd + 1 < bytes.count, bytes[idEnd + 1] == UInt8(ascii: ">") else { continue }
                let closing = Array("</h\(level)>".utf8)
                guard let end = ByteSearch.find(closing, in: bytes, from: idEnd + 2) else { continue }
                let id = String(decoding: bytes[idStart..<idEnd], as: UTF8.self)
                let inner = String(decoding: bytes[(idEnd + 2)..<end], as: UTF8.self)
                result.append((DashAnchor.decodingEntities(id[...]), DashAnchor.headingText(inner[...]), level))
                position = end + closing.count
            }
        }
        return result
    }

    /// The rows as bytes, in order (name, type and path of each, NUL-separated): what the
    /// docset's version digests for the index.
    var rowBytes: Data {
        var bytes: [UInt8] = []
        for row in rows {
            bytes += row.name.utf8
            bytes.append(0)
            bytes += row.type.rawValue.utf8
            bytes.append(0)
            bytes += row.path.utf8
            bytes.append(0)
        }
        return Data(bytes)
    }

    /// How many rows of each type.
    var counts: [EntryType: Int] {
        rows.reduce(into: [:]) { $0[$1.type, default: 0] += 1 }
    }

    /// Writes the index as the SQLite database Dash reads, at `path` (a new file).
    func write(to path: String) throws(Diagnostic) {
        do {
            let database = try DatabaseQueue(path: path)
            try database.write { db in
                try db.execute(sql: """
                    CREATE TABLE searchIndex(id INTEGER PRIMARY KEY, name TEXT, type TEXT, path TEXT);
                    CREATE UNIQUE INDEX anchor ON searchIndex (name, type, path);
                    """)
                let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO searchIndex(name, type, path) VALUES (?, ?, ?)")
                for row in rows {
                    try insert.execute(arguments: [row.name, row.type.rawValue, row.path])
                }
            }
            try database.close()
        } catch {
            throw .error("bundle.docset-index-failed", file: path, "cannot write the docset's search index: \((error as? DatabaseError)?.message ?? FileProblem.reason(error, path: path))",
                         hint: "nothing was written at the docset's path; check free space beside it and run again")
        }
    }
}
