import Foundation
import Markdown

/// The site's search index: images, variants, tags and content sections, as a JavaScript file
/// (`window.SITEGEN_SEARCH = [...]`) so search works from `file://`, where pages cannot fetch
/// JSON.
struct SearchIndex: Sendable {
    struct Item: Sendable, Encodable, Hashable {
        /// "image", "variant", "tag" or "section".
        let k: String
        /// What the result shows.
        let t: String
        /// A short line under it.
        let d: String
        /// Site-relative address.
        let u: String
    }

    let items: [Item]

    init(sites: [ImageSite]) {
        var items: [Item] = []
        for site in sites {
            let folder = site.image.folder
            items.append(Item(k: "image", t: site.name, d: folder.shortDescription, u: SitePaths.image(site.name)))
            for variant in site.variants {
                items.append(Item(k: "variant", t: site.title(of: variant),
                                  d: "\(variant.entries.count) \(variant.entries.count == 1 ? "entry" : "entries") of \(site.name)",
                                  u: SitePaths.variant(site.name, variant.name)))
            }
            for (tag, entries) in site.uniqueTags() {
                guard let target = entries.first else { continue }
                let architectures = Array(Set(entries.flatMap(\.architectures))).sorted()
                items.append(Item(k: "tag", t: "\(site.name):\(tag.name)",
                                  d: architectures.map(\.name).joined(separator: ", "),
                                  u: site.variantPage(ofTag: tag.name) + "#" + SitePaths.entryAnchor(target)))
            }
            // The same slugs the image page gives its headings (its own section ids reserved).
            let headings = Markdown.Document(parsing: site.substitute(folder["content.md"]?.text ?? ""))
                .headings(reserving: SiteRenderer.imagePageIDs)
            for heading in headings where heading.level <= 3 {
                items.append(Item(k: "section", t: heading.text, d: site.name, u: SitePaths.image(site.name) + "#" + heading.slug))
            }
        }
        self.items = items
    }

    /// The index as a script.
    func javaScript() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(items)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        // `</script` inside a string would end an inline script; this file is loaded with src=,
        // but escaping `<` keeps it safe to inline too.
        let safe = json.replacingOccurrences(of: "<", with: "\\u003c")
        return Array("window.SITEGEN_SEARCH=\(safe);\n".utf8)
    }
}
