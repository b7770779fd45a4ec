import Foundation
import GRDB

/// The search index of a docset (`Contents/Resources/docSet.dsidx`): what Dash and Zeal find
/// when one types into their search field, each row a name, an entry type and a page.
///
/// The rows are the site's own search index (images, variants, tags, content sections, built by
/// ``SearchIndex`` from the model) plus the category and architecture pages, so the docset finds
/// what the site's search finds, at the same addresses. Entry types come from Dash's fixed list
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

    init(model: BundleModel) {
        var rows: [Row] = []
        var seen: Set<Row> = []
        func add(_ row: Row) {
            if seen.insert(row).inserted { rows.append(row) }
        }
        for item in SearchIndex(sites: model.sites).items {
            switch item.k {
            case "image": add(Row(name: item.t, type: .library, path: item.u))
            case "variant": add(Row(name: item.t, type: .module, path: item.u))
            case "tag": add(Row(name: item.t, type: .tag, path: item.u))
            // The same headings ("How to use this image") recur in every image; the image's
            // name tells the results apart.
            case "section": add(Row(name: "\(item.t) (\(item.d))", type: .section, path: item.u))
            default: continue
            }
        }
        for category in model.usedCategories {
            add(Row(name: category.title, type: .category, path: SitePaths.category(category.name)))
        }
        for architecture in model.architectures {
            add(Row(name: architecture.name, type: .type, path: SitePaths.architecture(architecture.name)))
        }
        self.rows = rows
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
