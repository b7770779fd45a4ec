import Markdown
import Testing

/// ``Document/nodes(_:)``: kinds, texts and source positions, including where libcmark-gfm's
/// own inline positions are off.
@Suite struct NodeTests {
    @Test func nodesComeInDocumentOrderWithTheirKinds() throws {
        let document = Document(parsing: "# Title\n\nSome *text* with `code` and [a link](#x).\n\n<div>\nraw\n</div>\n")
        let kinds = document.nodes().map(\.kind)
        #expect(kinds == [.document, .heading, .text, .paragraph, .text, .emphasis, .text, .text, .code, .text, .link, .text, .text,
                          .htmlBlock])
        let heading = try #require(document.nodes([.heading]).first)
        #expect(heading.text == "Title")
        #expect(heading.location == SourceLocation(line: 1, column: 1))
        let html = document.nodes([.htmlBlock])
        #expect(html.map(\.literal) == ["<div>\nraw\n</div>\n"])
        #expect(html.map(\.location) == [SourceLocation(line: 5, column: 1)])
    }

    @Test func linkAndInlineHTMLPositionsOnTheFirstLineAreCMarks() {
        let document = Document(parsing: "Héllo [u](#u) <br> and ![i](x.png)\n")
        let nodes = document.nodes([.link, .image, .htmlInline])
        #expect(nodes.map(\.kind) == [.link, .htmlInline, .image])
        // Columns count UTF-8 bytes: "é" is two.
        #expect(nodes.map(\.location.column) == [8, 16, 25])
        #expect(nodes[0].destination == "#u")
        #expect(nodes[1].literal == "<br>")
        #expect(nodes[2].destination == "x.png")
    }

    @Test func continuationLinesOfATabIndentedListItemAreAnchoredOnTheSource() {
        // cmark-gfm puts the link of line 2 at column 13 (it counts from the item's first-line
        // indentation, `-\t`, two bytes); in the file it is at column 12.
        let document = Document(parsing: "-\tItem with [x](https://example.org/x)\n\tcontinued [y](#z) <!-- c -->\n")
        let nodes = document.nodes([.link, .htmlInline])
        #expect(nodes.map(\.location) == [SourceLocation(line: 1, column: 13), SourceLocation(line: 2, column: 12),
                                          SourceLocation(line: 2, column: 20)])
        #expect(document.links.map(\.location) == [SourceLocation(line: 1, column: 13), SourceLocation(line: 2, column: 12)])
    }

    @Test func indentedContinuationLinesOfAParagraph() {
        let document = Document(parsing: "First line\n    second [a](#a) and [b](#b)\n")
        #expect(document.nodes([.link]).map(\.location) == [SourceLocation(line: 2, column: 12), SourceLocation(line: 2, column: 24)])
    }

    @Test func autolinksGetThePositionOfTheAddressAsWritten() {
        // Bare addresses get no position from cmark-gfm, and a `www.` link shifts the nodes after it.
        let document = Document(parsing: "-\tsee https://example.org/x and\n\tmore www.example.com and <https://a.b/> ok\n\nplain https://foo.bar/ x\n")
        let links = document.nodes([.link])
        #expect(links.map(\.destination) == ["https://example.org/x", "http://www.example.com", "https://a.b/", "https://foo.bar/"])
        #expect(links.map(\.location) == [SourceLocation(line: 1, column: 7), SourceLocation(line: 2, column: 7),
                                          SourceLocation(line: 2, column: 27), SourceLocation(line: 4, column: 7)])
    }

    @Test func twoEqualLinksOnALineGetTheirOwnColumns() {
        let document = Document(parsing: "Intro\n\t[a](#a) [a](#a)\n")
        #expect(document.nodes([.link]).map(\.location.column) == [2, 10])
    }

    @Test func tableCellsAndExtensionNodesHaveKinds() {
        let document = Document(parsing: "| a | b |\n|---|---|\n| [x](#one) | ~~y~~ [z](#two) |\n")
        let kinds = Set(document.nodes().map(\.kind))
        #expect(kinds.isSuperset(of: [.table, .tableRow, .tableCell, .strikethrough, .link]))
        #expect(document.nodes([.link]).map(\.location) == [SourceLocation(line: 3, column: 3), SourceLocation(line: 3, column: 21)])
    }
}
