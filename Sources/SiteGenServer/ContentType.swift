/// The `Content-Type` of a site file, from its extension.
///
/// The site is made of a handful of kinds of files (pages, fingerprinted CSS and JS, logos, the
/// search index, README.md, sitemap.xml, robots.txt); anything else is sent as bytes, which a
/// browser downloads rather than guesses at (`X-Content-Type-Options: nosniff` goes with it).
/// Text types say `charset=utf-8` because every text sitegen writes is UTF-8, and a browser
/// left to guess shows non-ASCII README text as mojibake.
public enum ContentType {
    /// The header value for a file name or path.
    public static func of(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return binary }
        let type = types[name[name.index(after: dot)...].lowercased()] ?? binary
        return isText(type) ? type + "; charset=utf-8" : type
    }

    /// Whether the type is HTML, where the reload script goes.
    public static func isHTML(_ contentType: String) -> Bool {
        contentType.hasPrefix("text/html")
    }

    static let binary = "application/octet-stream"

    private static let types: [String: String] = [
        "html": "text/html", "htm": "text/html",
        "css": "text/css",
        "js": "text/javascript", "mjs": "text/javascript",
        "json": "application/json", "map": "application/json",
        "xml": "application/xml",
        "txt": "text/plain",
        "md": "text/markdown",
        "svg": "image/svg+xml",
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "ico": "image/x-icon",
        "woff": "font/woff", "woff2": "font/woff2",
        "zip": "application/zip", "tgz": "application/gzip", "gz": "application/gzip",
    ]

    private static func isText(_ type: String) -> Bool {
        type.hasPrefix("text/") || ["application/json", "application/xml", "image/svg+xml"].contains(type)
    }
}
