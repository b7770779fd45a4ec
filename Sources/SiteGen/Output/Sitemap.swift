/// `sitemap.xml` and `robots.txt`. The sitemap needs absolute addresses, so it is written only
/// when a base URL is known. No `lastmod`: builds are deterministic and the inputs carry no
/// trustworthy dates.
enum Sitemap {
    static func xml(pages: [String], baseURL: String) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages.sorted() where page.hasSuffix(".html") && page != SitePaths.notFound {
            xml += "  <url><loc>\(HTML.escape(SitePaths.canonical(page, baseURL: baseURL)))</loc></url>\n"
        }
        return xml + "</urlset>\n"
    }

    static func robots(baseURL: String?) -> String {
        var text = "User-agent: *\nAllow: /\n"
        if let baseURL {
            text += "Sitemap: \(SitePaths.canonical("sitemap.xml", baseURL: baseURL))\n"
        }
        return text
    }
}
