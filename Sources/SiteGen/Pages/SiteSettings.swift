/// Choices about the site as a whole, from the command line (or `sitegen.yml`).
public struct SiteSettings: Sendable, Hashable {
    /// The name in the header and in page titles.
    public var title: String
    /// `https://docs.example.org/images/`: adds canonical links and the sitemap. Links stay
    /// relative either way.
    public var baseURL: String?
    /// What the footer names as the source of the docs ("content/docs").
    public var sourceLabel: String
    /// Pages for a Dash/Zeal docset: they carry its table-of-contents anchors (``DashAnchor``),
    /// and the theme can tell (`frame.docset`).
    public var docset: Bool

    public init(title: String = "Container images", baseURL: String? = nil, sourceLabel: String = "", docset: Bool = false) {
        self.title = title
        self.baseURL = baseURL
        self.sourceLabel = sourceLabel
        self.docset = docset
    }
}
