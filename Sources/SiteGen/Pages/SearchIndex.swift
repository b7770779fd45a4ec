import Foundation
import Markdown

/// The site's search index: images, variants, tags and content sections, as a JavaScript file
/// (`window.SITEGEN_SEARCH = [...]`) so search works from `file://`, where pages cannot fetch
/// JSON.
struct SearchIndex: Sendable {
    struct Item: Sendable, Hashable {
        /// "image", "variant", "tag" or "section".
        let k: String
        /// What the result shows.
        let t: String
        /// A short line under it.
        let d: String
        /// Site-relative address.
        let u: String
    }

    /// Each image's items, in site order.
    let images: [(name: String, items: [Item])]

    init(sites: [ImageSite], jobs: Int = 1) {
        images = ParallelMap.map(sites, jobs: jobs) { site in (site.name, Self.items(of: site)) }
    }

    var items: [Item] { images.flatMap(\.items) }

    /// `contentHeadings` and `uniqueTags`: what rendering the image's pages already worked out
    /// (see ``SiteRenderer/imagePages(_:uniqueTags:)``); nil, and they are worked out here.
    private static func items(of site: ImageSite, contentHeadings: [Heading]? = nil,
                              uniqueTags: [(tag: Tag, entries: [Entry])]? = nil) -> [Item] {
        var items: [Item] = []
        forEachItem(of: site, contentHeadings: contentHeadings, uniqueTags: uniqueTags) { kind, title, description, address in
            items.append(Item(k: String(describing: kind), t: title.string, d: description, u: address.string))
        }
        return items
    }

    /// A title or address of an item: most are one string; a tag's title (`image:tag`) and
    /// address (`page#anchor`) are two joined by a character, written as such rather than
    /// joined into a string first (there is one per tag of the site).
    enum Text {
        case whole(String)
        case joined(String, UInt8, String)

        var string: String {
            switch self {
            case .whole(let text): text
            case .joined(let first, let separator, let second): first + String(UnicodeScalar(separator)) + second
            }
        }
    }

    /// Every item of `site`, in index order: kind, title, description, address.
    private static func forEachItem(of site: ImageSite, contentHeadings: [Heading]?, uniqueTags: [(tag: Tag, entries: [Entry])]?,
                                    _ item: (StaticString, Text, String, Text) -> Void) {
        let folder = site.image.folder
        item("image", .whole(site.name), folder.shortDescription, .whole(SitePaths.image(site.name)))
        for variant in site.variants {
            item("variant", .whole(site.title(of: variant)),
                 "\(variant.entries.count) \(variant.entries.count == 1 ? "entry" : "entries") of \(site.name)",
                 .whole(SitePaths.variant(site.name, variant.name)))
        }
        // Consecutive tags mostly share one entry's architecture list (the very same array):
        // its text is joined once for them.
        var last: (architectures: [Architecture], text: String)?
        for (tag, entries) in uniqueTags ?? site.uniqueTags() {
            guard let target = entries.first else { continue }
            // An entry's own list is already de-duplicated and sorted.
            let architectures = entries.count == 1 ? target.architectures : Array(Set(entries.flatMap(\.architectures))).sorted()
            let names: String
            if let last, last.architectures == architectures {
                names = last.text
            } else {
                names = architectures.map(\.name).joined(separator: ", ")
                last = (architectures, names)
            }
            item("tag", .joined(site.name, UInt8(ascii: ":"), tag.name), names,
                 .joined(site.variantPage(ofTag: tag.name), UInt8(ascii: "#"), SitePaths.entryAnchor(target)))
        }
        // The same slugs the image page gives its headings (its own section ids reserved).
        let headings = contentHeadings ?? Markdown.Document(parsing: site.substitute(folder["content.md"]?.text ?? ""))
            .headings(reserving: SiteRenderer.imagePageIDs)
        for heading in headings where heading.level <= 3 {
            item("section", .whole(heading.text), site.name, .joined(SitePaths.image(site.name), UInt8(ascii: "#"), heading.slug))
        }
    }

    /// Where one image's items sit in the script, so a build that changes only some images
    /// can copy the others' bytes from the previous file.
    struct Slice: Codable, Sendable, Equatable {
        let image: String
        let start: Int
        let count: Int
    }

    static let prefix = Array("window.SITEGEN_SEARCH=[".utf8)
    static let suffix = Array("];\n".utf8)

    /// One image's part of the index, made where its pages are rendered so that no list of
    /// every item is ever held (such a list grows with the whole site). Written straight from
    /// the image's values, as ``fragment(_:)`` writes the same items.
    static func fragment(of site: ImageSite, contentHeadings: [Heading]? = nil,
                         uniqueTags: [(tag: Tag, entries: [Entry])]? = nil) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        forEachItem(of: site, contentHeadings: contentHeadings, uniqueTags: uniqueTags) { kind, title, description, address in
            appendItem(kind: kind, title: title, description: description, address: address, to: &out)
        }
        return out
    }

    /// One image's items as JSON objects separated by commas.
    static func fragment(_ items: [Item]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(items.count * 96)
        for item in items {
            appendItem(kind: item.k, title: .whole(item.t), description: item.d, address: .whole(item.u), to: &out)
        }
        return out
    }

    /// `{"d":…,"k":…,"t":…,"u":…}`, after a comma unless it is the first.
    private static func appendItem(kind: some CustomStringConvertible, title: Text, description: String, address: Text,
                                   to out: inout [UInt8]) {
        if !out.isEmpty { out.append(UInt8(ascii: ",")) }
        out += #"{"d":"#.utf8
        JSONWriter.appendQuoted(description, to: &out)
        out += #","k":"#.utf8
        JSONWriter.appendQuoted(kind.description, to: &out)
        out += #","t":"#.utf8
        appendJSONString(title, to: &out)
        out += #","u":"#.utf8
        appendJSONString(address, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// The index as a script: `window.SITEGEN_SEARCH=[{"d":…,"k":…,"t":…,"u":…},…];`, and
    /// where each image's items are in it.
    ///
    /// Written by hand rather than with `JSONEncoder`: each image's items are already bytes
    /// (``fragment(of:contentHeadings:uniqueTags:)``), and the script is their concatenation.
    /// Strings are escaped as JSON requires, and `<` as `\u003c`: `</script` inside a string
    /// would end an inline script; this file is loaded with src=, but escaping `<` keeps it
    /// safe to inline too.
    static func assemble(_ fragments: [(name: String, bytes: [UInt8])]) -> (bytes: [UInt8], slices: [Slice]) {
        var out: [UInt8] = []
        out.reserveCapacity(fragments.reduce(prefix.count + suffix.count) { $0 + $1.bytes.count + 1 })
        var layout = Layout()
        out += layout.start()
        for (name, bytes) in fragments {
            layout.place(name, bytes) { out += $0 }
        }
        out += suffix
        return (out, layout.slices)
    }

    /// Where the images' fragments go in the script, one after another: the one place that
    /// knows it, for the index made whole (``assemble(_:)``) and written as the images finish
    /// (``SearchIndexStream``).
    struct Layout {
        private var offset = 0
        private var first = true
        /// Where each image's items are, in the order they were placed.
        private(set) var slices: [Slice] = []

        /// The bytes that open the script.
        mutating func start() -> [UInt8] {
            offset = prefix.count
            return prefix
        }

        /// Hands `emit` what follows for the image `name` with items `bytes` (a comma between
        /// non-empty fragments, then the fragment), and notes where its items are.
        mutating func place(_ name: String, _ bytes: [UInt8], emit: ([UInt8]) -> Void) {
            if !bytes.isEmpty {
                if !first {
                    emit(Self.comma)
                    offset += 1
                }
                first = false
            }
            slices.append(Slice(image: name, start: offset, count: bytes.count))
            emit(bytes)
            offset += bytes.count
        }

        private static let comma = [UInt8(ascii: ",")]
    }

    /// The parts of `text` joined, as a quoted JSON string.
    private static func appendJSONString(_ text: Text, to out: inout [UInt8]) {
        switch text {
        case .whole(let whole):
            JSONWriter.appendQuoted(whole, to: &out)
        case .joined(let first, let separator, let second):
            out.append(UInt8(ascii: "\""))
            JSONWriter.appendEscaped(first, to: &out)
            JSONWriter.appendEscaped(separator, to: &out)
            JSONWriter.appendEscaped(second, to: &out)
            out.append(UInt8(ascii: "\""))
        }
    }
}
