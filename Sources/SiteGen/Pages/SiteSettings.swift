/// Choices about the site as a whole, from the command line (or `sitegen.yml`).
public struct SiteSettings: Sendable, Hashable {
    /// The name in the header and in page titles.
    public var title: String
    /// `https://docs.example.org/images/`: adds canonical links and the sitemap. Links stay
    /// relative either way.
    public var baseURL: String?
    /// The web address of the docs repository, which every page's footer names; none when nil
    /// (never a local path: the same inputs give the same site on any machine).
    public var sourceURL: String?
    /// Pages for a Dash/Zeal docset: they carry its table-of-contents anchors (``DashAnchor``),
    /// and the theme can tell (`frame.docset`).
    public var docset: Bool

    public init(title: String = "Container images", baseURL: String? = nil, sourceURL: String? = nil, docset: Bool = false) {
        self.title = title
        self.baseURL = baseURL
        self.sourceURL = sourceURL
        self.docset = docset
    }
}
