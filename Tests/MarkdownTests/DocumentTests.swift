import Foundation
import Testing
import TestSupport
@testable import Markdown

@Suite struct DocumentTests {
    @Test func rendersGFMTablesWithStyleAlignment() {
        let html = Document(parsing: "| a | b |\n|:--|--:|\n| 1 | 2 |\n").html()
        #expect(html.contains("<table>"))
        #expect(html.contains("<th style=\"text-align: left\">a</th>"))
        #expect(html.contains("<td style=\"text-align: right\">2</td>"))
        #expect(!html.contains(" align="))
    }

    @Test func autolinksBareAddresses() {
        let html = Document(parsing: "See https://example.org/docs.\n").html()
        #expect(html == "<p>See <a href=\"https://example.org/docs\">https://example.org/docs</a>.</p>\n")
    }

    @Test func rendersStrikethrough() {
        #expect(Document(parsing: "~~old~~\n").html() == "<p><del>old</del></p>\n")
    }

    @Test func dropsRawHTMLAndScriptURLs() {
        let html = Document(parsing: "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b>bold</b>\n").html()
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
        #expect(html.contains("<a href=\"\">x</a>"))
    }

    @Test func unsafeWithTagfilterStillEscapesScript() {
        let html = Document(parsing: "<script>alert(1)</script>\n", options: [.unsafe]).html()
        #expect(html.contains("&lt;script>"))
    }

    @Test func everyDocumentGetsSitegensExtensions() {
        let html = Document(parsing: "~~old~~ https://example.org and www.example.com\n").html()
        #expect(html == "<p><del>old</del> <a href=\"https://example.org\">https://example.org</a> and "
            + "<a href=\"http://www.example.com\">www.example.com</a></p>\n")
    }

    @Test func headingsCarryGitHubSlugs() {
        let document = Document(parsing: """
        # What is `nginx`?

        ## Environment Variables

        ## Environment Variables

        ### C++ & Rust: 100% (new)!
        """)
        let headings = document.headings
        #expect(headings.map(\.level) == [1, 2, 2, 3])
        #expect(headings.map(\.text) == ["What is nginx?", "Environment Variables", "Environment Variables", "C++ & Rust: 100% (new)!"])
        #expect(headings.map(\.slug) == ["what-is-nginx", "environment-variables", "environment-variables-1", "c--rust-100-new"])
        #expect(headings.map(\.location.line) == [1, 3, 5, 7])
    }

    @Test func codeBlocksKeepInfoStringAndLanguage() {
        let document = Document(parsing: """
        ```console
        $ docker run --rm hello-world
        ```

            indented code

        ```YAML title="compose.yaml"
        services: {}
        ```
        """)
        let blocks = document.codeBlocks
        #expect(blocks.count == 3)
        #expect(blocks[0].info == "console")
        #expect(blocks[0].language == "console")
        #expect(blocks[0].code == "$ docker run --rm hello-world\n")
        #expect(blocks[0].isFenced)
        #expect(blocks[1].info.isEmpty)
        #expect(blocks[1].language == nil)
        #expect(!blocks[1].isFenced)
        #expect(blocks[2].language == "yaml")
        #expect(blocks[2].info == "YAML title=\"compose.yaml\"")
        #expect(blocks[2].location.line == 7)
    }

    @Test func linksAndImagesAreListedWithReferencesResolved() {
        let document = Document(parsing: """
        ![logo](https://example.org/logo.png "Logo") and [the docs][docs] and <https://x.example>

        [docs]: https://docs.example.org/start "Start"
        """)
        let links = document.links
        #expect(links.map(\.kind) == [.image, .link, .link])
        #expect(links.map(\.destination) == ["https://example.org/logo.png", "https://docs.example.org/start", "https://x.example"])
        #expect(links[0].text == "logo")
        #expect(links[0].title == "Logo")
        #expect(links[1].title == "Start")
        #expect(links[1].location == SourceLocation(line: 1, column: 50))
        #expect(document.images.count == 1)
    }

    @Test func destinationsCanBeRewritten() {
        let document = Document(parsing: "[a](#usage) [b](https://example.org)\n")
        document.rewriteDestinations { link in
            link.destination.hasPrefix("#") ? "page.html" + link.destination : nil
        }
        #expect(document.html() == "<p><a href=\"page.html#usage\">a</a> <a href=\"https://example.org\">b</a></p>\n")
    }

    @Test func emptyDocumentRendersNothing() {
        #expect(Document(parsing: "").html() == "")
        #expect(Document(parsing: "").headings.isEmpty)
    }
}
