import Testing
@testable import SiteGen
import Highlighting

/// `ContentRenderer` finds the tags cmark-gfm wrote by Unicode scalars: as `Character`s, a `>`
/// before a combining mark, or a `<` after a prepended mark (U+0600), belongs to a larger
/// character and would be missed. Found by Fuzz/ (content).
@Suite struct ContentRendererTests {
    let renderer = ContentRenderer(siteImages: [])

    @Test func headingsStartingWithACombiningMarkAreAnchored() {
        let rendered = renderer.render("# \u{301}x\n\n## y\n", page: "lumen/index.html")
        let expected = "<h2 id=\"\u{301}x\">\u{301}x<a class=\"anchor\" href=\"#\u{301}x\" aria-label=\"Link to this section\">#</a></h2>\n"
            + "<h3 id=\"y\">y<a class=\"anchor\" href=\"#y\" aria-label=\"Link to this section\">#</a></h3>\n"
        #expect(Array(rendered.html.utf8) == Array(expected.utf8))
    }

    /// Only cmark's own headings are anchored: a heading tag inside a code block is text.
    @Test func headingIDsGoOnHeadingsOnly() {
        let rendered = renderer.render("# Title\n\n```text\n<h2>not a heading</h2>\n```\n\nSetext heading\n--------------\n",
                                       page: "lumen/index.html", demoteHeadings: false)
        #expect(rendered.html.contains("<h1 id=\"title\">Title<a class=\"anchor\" href=\"#title\""))
        #expect(rendered.html.contains("<h2 id=\"setext-heading\">Setext heading<a class=\"anchor\""))
        #expect(rendered.html.contains("&lt;h2&gt;not a heading&lt;/h2&gt;"))
        #expect(rendered.html.components(separatedBy: "class=\"anchor\"").count == 3)
    }

    @Test func headingsEndingWithAPrependedMarkAreAnchored() {
        let rendered = renderer.render("# a\u{600}\n\n# b\n", page: "lumen/index.html", demoteHeadings: false)
        // U+0600 is a format character, which slugs leave out.
        let expected = "<h1 id=\"a\">a\u{600}<a class=\"anchor\" href=\"#a\" aria-label=\"Link to this section\">#</a></h1>\n"
            + "<h1 id=\"b\">b<a class=\"anchor\" href=\"#b\" aria-label=\"Link to this section\">#</a></h1>\n"
        #expect(Array(rendered.html.utf8) == Array(expected.utf8))
    }

    @Test func codeStartingWithACombiningMarkIsHighlightedInPlace() throws {
        let html = renderer.render("```ini\n\u{301}a=1\n```\n\n```json\n{}\n```\n", page: "lumen/index.html").html
        let ini = try #require(Highlighter.highlight("\u{301}a=1\n", language: "ini"))
        let json = try #require(Highlighter.highlight("{}\n", language: "json"))
        let expected = "<pre tabindex=\"0\"><code class=\"language-ini\">" + ini
            + "</code></pre>\n<pre tabindex=\"0\"><code class=\"language-json\">" + json + "</code></pre>\n"
        #expect(Array(html.utf8) == Array(expected.utf8))
    }
}
