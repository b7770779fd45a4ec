/// Choices about the site as a whole, from the command line (or `sitegen.yml`).
public struct SiteSettings: Sendable, Hashable {
    /// The name in the header and in page titles.
    public var title: String
    /// `https://docs.example.org/images/`: adds canonical links and the sitemap. Links stay
    /// relative either way.
    public var baseURL: String?
    /// What the footer names as the source of the docs ("content/docs").
    public var sourceLabel: String

    public init(title: String = "Container images", baseURL: String? = nil, sourceLabel: String = "") {
        self.title = title
        self.baseURL = baseURL
        self.sourceLabel = sourceLabel
    }
}
