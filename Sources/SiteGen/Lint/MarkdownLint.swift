import Foundation
import Markdown

/// The Markdown of an image folder as the site and Docker Hub will show it: links to official
/// images that do not exist, `#anchors` that name no heading, and raw HTML, which sitegen's
/// safe rendering leaves out.
///
/// Texts are parsed as written (placeholders unfilled), so positions are those of the file;
/// link addresses are filled before they are judged.
struct MarkdownLint {
    /// Every image name that exists: docs folders (with or without content.md) and library
    /// files. The corpus is a slice of docker-library, so a link to an image that has a
    /// library file but no docs folder here is still good.
    let knownImages: Set<String>
    /// The template helpers, to fill a README whose headings a fragment may name.
    let helpers: TemplateHelpers

    /// Addresses that name an official image on Docker Hub.
    static let hubPrefixes = ["https://hub.docker.com/_/", "http://hub.docker.com/_/", "https://registry.hub.docker.com/_/",
                              "http://registry.hub.docker.com/_/", "https://hub.docker.com/r/library/"]

    /// The problems of every Markdown file of `site`'s folder.
    func check(_ site: ImageSite) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var anchors = Anchors(site: site, helpers: helpers)
        for (name, file) in site.image.folder.files.sorted(by: { $0.key < $1.key }) where name.hasSuffix(".md") {
            let document = Document(parsing: file.text)
            for node in document.nodes([.link, .htmlBlock, .htmlInline]) {
                if let problem = rawHTMLProblem(node, file: file.path) {
                    problems.append(problem)
                } else if node.kind == .link {
                    let destination = site.substitute(node.destination)
                    if let problem = imageLinkProblem(destination, node: node, file: file.path) {
                        problems.append(problem)
                    } else if destination.hasPrefix("#"), !anchors.exists(String(destination.dropFirst()), in: document) {
                        problems.append(.warning("markdown.broken-anchor", file: file.path, line: node.location.line, column: node.location.column,
                                                 "link to `\(destination)`: no heading of the README or of the image's page has that anchor",
                                                 hint: anchors.suggestion(for: String(destination.dropFirst()))))
                    }
                }
            }
        }
        return problems
    }

    /// The problems of the shared texts (`.template-helpers/`), once for all images: raw HTML
    /// and image links. Anchors depend on the image, and are checked where they are used.
    func check(_ helpers: TemplateHelpers) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for (_, file) in helpers.files.sorted(by: { $0.key < $1.key }) {
            for node in Document(parsing: file.text).nodes([.link, .htmlBlock, .htmlInline]) {
                if let problem = rawHTMLProblem(node, file: file.path) {
                    problems.append(problem)
                } else if node.kind == .link, !node.destination.contains("%%"),
                          let problem = imageLinkProblem(node.destination, node: node, file: file.path) {
                    problems.append(problem)
                }
            }
        }
        return problems
    }

    // MARK: Raw HTML

    /// Raw HTML that the page loses. HTML comments lose nothing and pass.
    func rawHTMLProblem(_ node: Node, file: String) -> Diagnostic? {
        guard node.kind == .htmlBlock || node.kind == .htmlInline else { return nil }
        let html = node.literal.trimmingWhitespace()
        if html.hasPrefix("<!--"), html.hasSuffix("-->") { return nil }
        let firstLine = html.prefix { $0 != "\n" && $0 != "\r\n" }
        let shown = firstLine.count > 40 ? String(firstLine.prefix(40)) + "…" : String(firstLine)
        return .warning("markdown.raw-html", file: file, line: node.location.line, column: node.location.column,
                        "raw HTML `\(shown)` is left out of the site: pages render Markdown safely and put `<!-- raw HTML omitted -->` in its place",
                        hint: "write it in Markdown (links, images, emphasis, lists, tables); HTML comments are fine")
    }

    // MARK: Image links

    /// A link to an official image that does not exist: `https://hub.docker.com/_/NAME/` or a
    /// relative `../NAME/` (docker-library's folder of that image).
    func imageLinkProblem(_ destination: String, node: Node, file: String) -> Diagnostic? {
        guard let name = Self.linkedImage(destination), !knownImages.contains(name) else { return nil }
        return .warning("markdown.unknown-image-link", file: file, line: node.location.line, column: node.location.column,
                        "link to `\(destination)`: there is no image `\(name)` (no docs folder, no library file)",
                        hint: "check the image's name; official images are the files of the official-images library folder")
    }

    /// The image an address names, if it names one. A relative address names an image when it
    /// goes into a folder with an image's name (`../redis/`, `../redis/README.md`); `../README.md`
    /// is a file beside the image folders.
    static func linkedImage(_ destination: String) -> String? {
        if let prefix = hubPrefixes.first(where: destination.hasPrefix) {
            let name = destination.dropFirst(prefix.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            return name.isEmpty ? nil : String(name)
        }
        guard destination.hasPrefix("../") else { return nil }
        let rest = destination.dropFirst(3)
        let name = String(rest.prefix { $0 != "/" })
        guard rest.dropFirst(name.count).hasPrefix("/"), ImageName.isValid(name) else { return nil }
        return name
    }
}

extension MarkdownLint {
    /// The ids a `#fragment` of an image's text may name: the headings of its README (which
    /// Docker Hub and GitHub anchor) and of its pages, and the sections the image page keeps
    /// under their README names. Worked out only when a fragment is not simply a heading of
    /// the same text.
    struct Anchors {
        let site: ImageSite
        let helpers: TemplateHelpers
        private var all: Set<String>?

        init(site: ImageSite, helpers: TemplateHelpers) {
            self.site = site
            self.helpers = helpers
        }

        mutating func exists(_ fragment: String, in document: Document) -> Bool {
            let id = fragment.removingPercentEncoding ?? fragment
            // `#` alone and `#top` go to the top of any page.
            if id.isEmpty || id.lowercased() == "top" { return true }
            // A heading of the same text, unless a placeholder in it changes its anchor once filled.
            if SiteRenderer.imagePageIDs.contains(id)
                || document.headings.contains(where: { $0.slug == id && !$0.text.contains("%%") }) { return true }
            return allIDs().contains(id)
        }

        /// A heading id close to `fragment`, as a hint.
        mutating func suggestion(for fragment: String) -> String {
            let id = (fragment.removingPercentEncoding ?? fragment).lowercased()
            let close = allIDs().sorted().first { $0 == id || $0.hasPrefix(id) || id.hasPrefix($0) }
            return (close.map { "did you mean `#\($0)`? " } ?? "")
                + "anchors are the heading's text in lowercase, spaces as `-`, punctuation dropped (`## Docker Secrets` is `#docker-secrets`)"
        }

        private mutating func allIDs() -> Set<String> {
            if let all { return all }
            var ids = SiteRenderer.imagePageIDs
            ids.formUnion(Document(parsing: HubReadme.render(site, helpers: helpers)).headings.map(\.slug))
            for file in site.image.folder.files.values where file.path.hasSuffix(".md") {
                ids.formUnion(Document(parsing: site.substitute(file.text)).headings.map(\.slug))
            }
            all = ids
            return ids
        }
    }
}
