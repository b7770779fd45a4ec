import Foundation
import Mustache
import Testing
import TestSupport
@testable import SiteGen

/// The hand-written search index JSON equals what JSONEncoder would write.
@Suite struct SearchIndexJSONTests {
    @Test func escapesLikeJSONEncoderAndHidesAngleBrackets() throws {
        let awkward = "quote \" backslash \\ slash / tab \t newline \n cr \r nul \u{0} bell \u{7} </script> é 🐳"
        let items = [SearchIndex.Item(k: "tag", t: awkward, d: "", u: "a/b.html#x")]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(ItemsForEncoder(items: items).items), as: UTF8.self)
            .replacingOccurrences(of: "<", with: "\\u003c")
        let (bytes, slices) = SearchIndex.assemble([("x", SearchIndex.fragment(items))])
        #expect(String(decoding: bytes, as: UTF8.self) == "window.SITEGEN_SEARCH=\(expected);\n")
        #expect(slices == [SearchIndex.Slice(image: "x", start: 23, count: bytes.count - 23 - 3)])
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes.dropFirst(22).dropLast(2))) as? [[String: String]]
        #expect(parsed?.first?["t"] == awkward)
    }

    /// A build hands the index what rendering the pages worked out; the index made without
    /// that help (as an edit rebuild makes it) is the same.
    @Test func fragmentFromRenderedPagesEqualsFragmentWorkedOutAlone() throws {
        let renderer = try PageModelLookupTests.renderer()
        for site in renderer.sites {
            let tags = site.uniqueTags()
            let headings = renderer.imagePages(site, uniqueTags: tags).contentHeadings
            #expect(SearchIndex.fragment(of: site, contentHeadings: headings, uniqueTags: tags) == SearchIndex.fragment(of: site),
                    "\(site.name)")
        }
    }

    @Test func imagesWithoutItemsLeaveNoStrayCommas() {
        let one = SearchIndex.fragment([SearchIndex.Item(k: "image", t: "a", d: "", u: "a/index.html")])
        let (bytes, _) = SearchIndex.assemble([("a", one), ("b", []), ("c", one)])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains(",,") && !text.contains("[,") && !text.contains(",]"))
    }

    private struct ItemsForEncoder {
        struct Item: Encodable {
            let d, k, t, u: String
        }
        let items: [Item]
        init(items: [SearchIndex.Item]) {
            self.items = items.map { Item(d: $0.d, k: $0.k, t: $0.t, u: $0.u) }
        }
    }
}
