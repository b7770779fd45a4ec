/// Where each page of the site lives, and how one page links to another.
///
/// Every link is relative and names `index.html` explicitly, so the site works under any
/// sub-path of any host and straight from disk (`file://`), where a link to a folder would
/// show a directory listing instead of the page.
public enum SitePaths {
    public static let catalog = "index.html"
    public static let tagIndex = "tags/index.html"
    public static let search = "search/index.html"
    public static let categories = "categories/index.html"
    public static let architectures = "architectures/index.html"
    public static let notFound = "404.html"
    /// Not fingerprinted, unlike the other assets: every page names it, and a name that changed
    /// with each content edit would change every page, defeating incremental builds.
    public static let searchIndex = "assets/search-index.js"

    public static func image(_ image: String) -> String { "\(image)/index.html" }
    public static func imageTags(_ image: String) -> String { "\(image)/tags/index.html" }
    public static func variant(_ image: String, _ variant: String) -> String { "\(image)/\(variant)/index.html" }
    public static func readme(_ image: String) -> String { "\(image)/README.md" }
    public static func logo(_ image: String, _ logo: Logo) -> String { "\(image)/\(logo.fileName)" }
    public static func category(_ category: String) -> String { "categories/\(category)/index.html" }
    public static func architecture(_ architecture: String) -> String { "architectures/\(architecture)/index.html" }
    /// Page `number` (from 1) of an image's history: landings newest first, page 1 with the retired tags.
    public static func history(_ image: String, page number: Int = 1) -> String {
        number <= 1 ? "\(image)/history/index.html" : "\(image)/history/\(number)/index.html"
    }
    /// The Atom feed of one image's landings, and of the whole site's.
    public static func feed(_ image: String) -> String { "\(image)/feed.xml" }
    public static let siteFeed = "feed.xml"
    /// Every retired tag, as a script the tag index and search load when asked (works from `file://`).
    public static let retiredTags = "assets/retired-tags.js"

    /// The anchor of an entry on its variant page: its first tag.
    public static func entryAnchor(_ entry: Entry) -> String { anchor(entry.firstTag) }

    /// A tag as an element id: tags are `[A-Za-z0-9_.-]`, all valid in HTML ids as they are.
    public static func anchor(_ tag: String) -> String { tag }

    /// `target` as a link from the page at `page` (both relative to the site root).
    public static func link(from page: String, to target: String) -> String {
        rootPrefix(of: page) + target
    }

    /// `../` once per folder `page` is inside: the way from it back to the site root.
    public static func rootPrefix(of page: String) -> String {
        rootPrefix(depth: depth(of: page))
    }

    /// The way back to the site root from a page `depth` folders deep.
    static func rootPrefix(depth: Int) -> String {
        String(repeating: "../", count: depth)
    }

    /// The folders between `page` and the site root: every relative link from `page` to a
    /// file of the site depends on it alone.
    static func depth(of page: String) -> Int {
        page.utf8.count { $0 == UInt8(ascii: "/") }
    }

    /// The page's address on the web for canonical links and the sitemap: folders as `x/`.
    public static func canonical(_ page: String, baseURL: String) -> String {
        let base = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        if page == "index.html" { return base }
        if page.hasSuffix("/index.html") { return base + page.dropLast("index.html".count) }
        return base + page
    }

    /// Top-level names the site uses itself; an image cannot have them.
    public static let reservedImageNames: Set<String> = [
        "assets", "tags", "search", "categories", "architectures", "index.html", "404.html",
        "robots.txt", "sitemap.xml", "feed.xml",
    ]

    /// Why the variant pages of `site` cannot be written where they belong: a variant named like
    /// the image's tag page, or not a name at all (`variant-..md`).
    static func problems(with site: ImageSite) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for variant in site.variants where !isVariantName(variant.name) {
            problems.append(.error("site.invalid-variant-name", file: variant.match?.file.path ?? site.image.folder.path,
                                   "variant `\(variant.name)` of \(site.name) cannot be a page name",
                                   hint: "a variant file is named variant-NAME.md, NAME being letters, digits, `.`, `_` and `-` (not `tags` or `history`, not starting with `.`)"))
        }
        return problems
    }

    /// An error when `image` is named like one of the site's own folders or files.
    static func reservedNameProblem(_ image: Image) -> Diagnostic? {
        guard reservedImageNames.contains(image.name) else { return nil }
        return .error("site.reserved-image-name", file: image.folder.path,
                      "an image cannot be called `\(image.name)`: the site uses that name itself",
                      hint: "rename the image folder (reserved: \(reservedImageNames.sorted().joined(separator: ", ")))")
    }

    private static func isVariantName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first != UInt8(ascii: "."), name != "tags", name != "history", name != "feed.xml",
              name != "index.html" else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
    }
}
