import Mustache

/// HTML escaping for templates, the same five entities as swift-mustache's own `HTML` content
/// type but over UTF-8 bytes instead of `Character`s (see ``HTML/escape(_:)``): every value a
/// template escapes goes through it. A template selects it with
/// `{{% CONTENT_TYPE: SITEGEN_HTML }}` on its first line: the default layout does, and the
/// blocks a page fills in inherit it; partials do not inherit a content type (swift-mustache
/// resets it), so each partial of the default theme says it too.
/// A theme that leaves the line out gets the library's escaper: the same output, escaped a
/// `Character` at a time.
struct SitegenHTMLContentType: MustacheContentType {
    static let name = "SITEGEN_HTML"

    func escapeText(_ text: String) -> String {
        HTML.escape(text)
    }

    /// Makes the name known to the template parser; templates are parsed after this.
    static func register() {
        MustacheContentTypes.register(SitegenHTMLContentType(), named: name)
    }
}
