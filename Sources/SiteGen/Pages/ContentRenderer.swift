import Markdown
import Highlighting

/// Markdown from the docs tree, rendered for a page: headings anchored (and moved one level
/// down under the page's own title), code highlighted, Docker Hub links to images of this site
/// pointed at their pages.
public struct ContentRenderer: Sendable {
    /// Images of this site, so `https://hub.docker.com/_/NAME` links can stay on the site.
    public let siteImages: Set<String>
    /// Whether `h2` and `h3` headings get the docset's table-of-contents anchors (``DashAnchor``).
    public let dashAnchors: Bool

    public init(siteImages: Set<String>, dashAnchors: Bool = false) {
        self.siteImages = siteImages
        self.dashAnchors = dashAnchors
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
        html = Self.decorateHeadings(html, headings: headings, demote: demoteHeadings, dashAnchors: dashAnchors)
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
    /// Tags are searched for as UTF-8 bytes, here and in ``decorateHeadings``: an ASCII byte
    /// never occurs inside a longer UTF-8 sequence, so this finds exactly the tags a search by
    /// Unicode scalars would (as `Character`s, a `>` followed by a combining mark would be
    /// missed), and it does not decode the page on the way.
    static func highlightCodeBlocks(_ html: String, blocks: [CodeBlock]) -> String {
        guard !blocks.isEmpty else { return html }
        var html = html
        return html.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + bytes.count / 4)
            var position = 0
            for block in blocks {
                guard let open = ByteSearch.find(Self.codeOpen, in: bytes, from: position),
                      let openEnd = ByteSearch.find(Self.tagEnd, in: bytes, from: open + Self.codeOpen.count),
                      let close = ByteSearch.find(Self.codeClose, in: bytes, from: openEnd) else { break }
                let bodyStart = openEnd + 1
                // Focusable, so a keyboard can scroll a block wider than the column (WCAG 2.1.1).
                output += bytes[position..<open]
                output += #"<pre tabindex="0"><code"#.utf8
                output += bytes[(open + Self.codeOpen.count)..<bodyStart]
                if let language = block.language, let highlighted = Highlighter.highlight(block.code, language: language) {
                    output += highlighted.utf8
                } else {
                    output += bytes[bodyStart..<close]
                }
                output += Self.codeClose
                position = close + Self.codeClose.count
            }
            output += bytes[position...]
            return String(decoding: output, as: UTF8.self)
        }
    }

    private static let codeOpen = Array("<pre><code".utf8)
    private static let codeClose = Array("</code></pre>".utf8)
    private static let tagEnd = Array(">".utf8)

    /// Adds a self-link to each heading (`<h2 id="x">…<a class="anchor" href="#x">`) and, when
    /// asked, moves headings one level down and puts a docset anchor before each `h2` and `h3`
    /// that says something. Only our headings start a line with `<hN`; a heading's text may
    /// span lines (setext headings), so the closing tag is searched for.
    static func decorateHeadings(_ html: String, headings: [Heading], demote: Bool, dashAnchors: Bool = false) -> String {
        guard !headings.isEmpty else { return html }
        var html = html
        return html.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + headings.count * 96)
            var position = 0
            for heading in headings {
                guard let (openStart, openEnd, digit) = nextHeadingOpen(in: bytes, from: position),
                      let close = ByteSearch.find(Array("</h\(digit)>".utf8), in: bytes, from: openEnd) else { break }
                let level = demote ? min(digit + 1, 6) : digit
                let slug = HTML.escape(heading.slug)
                output += bytes[position..<openStart]
                if dashAnchors, level == 2 || level == 3 {
                    let text = DashAnchor.headingText(Substring(decoding: bytes[openEnd..<close], as: UTF8.self))
                    if !text.isEmpty { output += DashAnchor.anchor(type: "Section", name: text).utf8 }
                }
                output += "<h\(level) id=\"\(slug)\">".utf8
                output += bytes[openEnd..<close]
                output += "<a class=\"anchor\" href=\"#\(slug)\" aria-label=\"Link to this section\">#</a></h\(level)>".utf8
                position = close + 5
            }
            output += bytes[position...]
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// The next `<hN …>` opening tag from `start` that starts a line (or sits at `start`): where
    /// it begins, the index after its `>`, and its level N.
    private static func nextHeadingOpen(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int, Int)? {
        var search = start
        while let open = ByteSearch.find(Self.headingOpen, in: bytes, from: search) {
            let digitIndex = open + 2
            let atLineStart = open == start || bytes[open - 1] == UInt8(ascii: "\n")
            if atLineStart, digitIndex < bytes.count, (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[digitIndex]),
               let end = ByteSearch.find(Self.tagEnd, in: bytes, from: digitIndex) {
                return (open, end + 1, Int(bytes[digitIndex] - UInt8(ascii: "0")))
            }
            search = digitIndex
        }
        return nil
    }

    private static let headingOpen = Array("<h".utf8)
}
