import Markdown

/// Markdown from the docs tree, rendered for a page: headings anchored (and moved one level
/// down under the page's own title), code highlighted, Docker Hub links to images of this site
/// pointed at their pages.
public struct ContentRenderer: Sendable {
    /// Images of this site, so `https://hub.docker.com/_/NAME` links can stay on the site.
    public let siteImages: Set<String>

    public init(siteImages: Set<String>) {
        self.siteImages = siteImages
    }

    /// What a page shows of a Markdown text.
    public struct Rendered: Sendable, Hashable {
        public let html: String
        /// The headings, for "On this page" (levels as written in the source).
        public let headings: [Heading]
    }

    /// Renders `markdown` for the page at `page` (a site-relative path). `demoteHeadings`
    /// moves every heading one level down (h1 → h2) for text shown under a page title.
    /// `reservedIDs` are ids the page uses itself; headings avoid them. A `#fragment` link that
    /// names no heading of this text goes to `fragmentFallback` (the image page, for a variant
    /// text that refers to a section of the image's description).
    public func render(_ markdown: String, page: String, demoteHeadings: Bool = true,
                       reservedIDs: Set<String> = [], fragmentFallback: String? = nil) -> Rendered {
        let document = Document(parsing: markdown)
        let root = SitePaths.rootPrefix(of: page)
        let headings = document.headings(reserving: reservedIDs)
        let ownIDs = Set(headings.map(\.slug)).union(reservedIDs)
        document.rewriteDestinations { link in
            if let fallback = fragmentFallback, link.destination.hasPrefix("#"),
               !ownIDs.contains(String(link.destination.dropFirst())) {
                return SitePaths.link(from: page, to: fallback) + link.destination
            }
            return localImagePage(for: link.destination).map { root + SitePaths.image($0) }
        }
        var html = document.html()
        html = Self.highlightCodeBlocks(html, blocks: document.codeBlocks)
        html = Self.decorateHeadings(html, headings: headings, demote: demoteHeadings)
        return Rendered(html: html, headings: headings)
    }

    /// The image a Docker Hub address names (`https://hub.docker.com/_/redis/`), when it is on this site.
    func localImagePage(for destination: String) -> String? {
        let prefixes = ["https://hub.docker.com/_/", "http://hub.docker.com/_/", "https://registry.hub.docker.com/_/"]
        guard let prefix = prefixes.first(where: destination.hasPrefix) else { return nil }
        let rest = destination.dropFirst(prefix.count)
        let name = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let tail = rest.dropFirst(name.count)
        // Only the image's front page: a deeper address (`/tags`) is Hub-specific.
        guard !name.isEmpty, tail.isEmpty || tail == "/", siteImages.contains(String(name)) else { return nil }
        return String(name)
    }

    /// Replaces the escaped text of each `<pre><code class="language-x">` with highlighted
    /// HTML. Safe rendering escapes every `<` of the source, so each `<pre><code` in the
    /// output is one of `blocks`, in order.
    ///
    /// Tags are searched for by Unicode scalars, here and in ``decorateHeadings``: as
    /// `Character`s, a `>` followed by a combining mark from the text, or a `<` after a
    /// prepended mark, is part of a larger character and would be missed.
    static func highlightCodeBlocks(_ html: String, blocks: [CodeBlock]) -> String {
        guard !blocks.isEmpty else { return html }
        var output = ""
        output.reserveCapacity(html.utf8.count + html.utf8.count / 4)
        var rest = Substring(html)
        for block in blocks {
            let scalars = rest.unicodeScalars
            guard let open = scalars.firstRange(of: "<pre><code".unicodeScalars),
                  let openEnd = scalars[open.upperBound...].firstIndex(of: ">"),
                  let close = scalars[openEnd...].firstRange(of: "</code></pre>".unicodeScalars) else { break }
            let bodyStart = scalars.index(after: openEnd)
            // Focusable, so a keyboard can scroll a block wider than the column (WCAG 2.1.1).
            output += rest[..<open.lowerBound]
            output += "<pre tabindex=\"0\"><code"
            output += rest[open.upperBound..<bodyStart]
            if let language = block.language, let highlighted = Highlighter.highlight(block.code, language: language) {
                output += highlighted
            } else {
                output += rest[bodyStart..<close.lowerBound]
            }
            output += "</code></pre>"
            rest = rest[close.upperBound...]
        }
        output += rest
        return output
    }

    /// Adds a self-link to each heading (`<h2 id="x">…<a class="anchor" href="#x">`) and, when
    /// asked, moves headings one level down. Only our headings start a line with `<hN`; a
    /// heading's text may span lines (setext headings), so the closing tag is searched for.
    static func decorateHeadings(_ html: String, headings: [Heading], demote: Bool) -> String {
        guard !headings.isEmpty else { return html }
        var output = ""
        output.reserveCapacity(html.utf8.count + headings.count * 64)
        var rest = Substring(html)
        for heading in headings {
            guard let (open, digit) = nextHeadingOpen(in: rest),
                  let close = rest.unicodeScalars[open.upperBound...].firstRange(of: "</h\(digit)>".unicodeScalars) else { break }
            let level = demote ? min(digit + 1, 6) : digit
            let slug = HTML.escape(heading.slug)
            output += rest[..<open.lowerBound]
            output += "<h\(level) id=\"\(slug)\">"
            output += rest[open.upperBound..<close.lowerBound]
            output += "<a class=\"anchor\" href=\"#\(slug)\" aria-label=\"Link to this section\">#</a></h\(level)>"
            rest = rest[close.upperBound...]
        }
        output += rest
        return output
    }

    /// The next `<hN …>` opening tag that starts a line, and its level N.
    private static func nextHeadingOpen(in text: Substring) -> (range: Range<Substring.Index>, level: Int)? {
        let scalars = text.unicodeScalars
        var search = scalars.startIndex
        while let open = scalars[search...].firstRange(of: "<h".unicodeScalars) {
            let atLineStart = open.lowerBound == scalars.startIndex || scalars[scalars.index(before: open.lowerBound)] == "\n"
            if atLineStart, open.upperBound < scalars.endIndex, ("1"..."6").contains(scalars[open.upperBound]),
               let level = Int(String(scalars[open.upperBound])),
               let end = scalars[open.upperBound...].firstIndex(of: ">") {
                return (open.lowerBound..<scalars.index(after: end), level)
            }
            search = open.upperBound
        }
        return nil
    }
}
