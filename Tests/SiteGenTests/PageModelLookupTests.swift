import Foundation
import Mustache
import Testing
import TestSupport
@testable import SiteGen

/// Page models answer templates through hand-written `MustacheParent` switches (see
/// PageModel+Mustache.swift), not through Mirror. These tests walk every page model of the
/// demo site with Mirror and check that each stored property resolves by name to the same
/// value, so a property added to a model but not to its switch fails here, not in a page.
@Suite struct PageModelLookupTests {
    static func renderer() throws -> SiteRenderer {
        let builder = SiteBuilder(options: SiteBuildTests.options(output: URL(fileURLWithPath: "/nonexistent/site")))
        var diagnostics: [Diagnostic] = []
        let (catalog, theme) = try #require(builder.load(&diagnostics, checkingOutput: false))
        let sites = try #require(builder.model(catalog, &diagnostics))
        return SiteRenderer(catalog: catalog, theme: theme, settings: SiteSettings(baseURL: "https://docs.example.org/"),
                            sites: sites, assets: AssetNames(assets: theme.assets))
    }

    /// Every labelled child of `value` (recursively through arrays, optionals and nested
    /// models) as `MustacheParent` reports it; returns how many properties were checked.
    @discardableResult
    static func check(_ value: Any, path: String) -> Int {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { check($0.value, path: path) } ?? 0
        case .collection:
            return mirror.children.enumerated().reduce(0) { $0 + check($1.element.value, path: "\(path)[\($1.offset)]") }
        case .struct:
            guard String(reflecting: type(of: value)).contains("PageModel") else { return 0 }
            let parent = value as? MustacheParent
            #expect(parent != nil, "\(path): \(type(of: value)) does not answer templates by name")
            var checked = 0
            for child in mirror.children {
                guard let label = child.label else { continue }
                let expected = unwrapped(child.value)
                let answered = parent?.child(named: label)
                #expect(answered.map { String(describing: $0) } == expected.map { String(describing: $0) },
                        "\(path).\(label) resolves differently by name than by reflection")
                checked += 1 + check(child.value, path: "\(path).\(label)")
            }
            #expect(parent?.child(named: "noSuchProperty") == nil)
            return checked
        default:
            return 0
        }
    }

    static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }

    @Test func everyPropertyOfEveryPageModelResolvesByName() throws {
        let renderer = try Self.renderer()
        var checked = 0
        for site in renderer.sites {
            checked += Self.check(renderer.imagePageAndHeadings(site).page, path: "\(site.name) image")
            checked += Self.check(renderer.imageTagsPage(site), path: "\(site.name) tags")
            for variant in site.variants {
                checked += Self.check(renderer.variantPage(site, variant), path: "\(site.name) \(variant.name)")
            }
        }
        checked += Self.check(renderer.catalogPage(), path: "catalog")
        checked += Self.check(renderer.tagIndexPage(), path: "tag index")
        checked += Self.check(renderer.categoriesPage(), path: "categories")
        checked += Self.check(renderer.architecturesPage(), path: "architectures")
        checked += Self.check(renderer.searchPage(), path: "search")
        checked += Self.check(renderer.notFoundPage(), path: "404")
        // The demo site has thousands of values; a walk that checked few found no models.
        #expect(checked > 1_000)
    }
}

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

@Suite struct ByteSearchTests {
    @Test func replacesEveryOccurrenceWithoutOverlaps() {
        #expect(ByteSearch.replacingAll("git://", with: "https://", in: "git://a/git://b") == "https://a/https://b")
        #expect(ByteSearch.replacingAll("aa", with: "b", in: "aaa") == "ba")
        #expect(ByteSearch.replacingAll("x", with: "y", in: "") == "")
        #expect(ByteSearch.replacingAll("é", with: "e", in: "café é") == "cafe e")
    }

    @Test func containsComparesBytes() {
        #expect(ByteSearch.contains("-bookworm-slim-", "-bookworm-"))
        #expect(!ByteSearch.contains("-bookworm-", "-bullseye-"))
        #expect(ByteSearch.contains("abc", ""))
        // Decomposed and precomposed é are different bytes, as docker-library's tools see them.
        #expect(!ByteSearch.contains("cafe\u{301}", "café"))
    }

    @Test func findsTheFirstOccurrenceAtOrAfterTheStart() {
        func find(_ needle: String, _ haystack: String, from start: Int = 0) -> Int? {
            Array(haystack.utf8).withUnsafeBufferPointer { ByteSearch.find(Array(needle.utf8), in: $0, from: start) }
        }
        #expect(find("ab", "xxab") == 2)
        #expect(find("ab", "ab") == 0)
        #expect(find("ab", "aab") == 1)
        // First bytes that start no match are passed over; the match at the very end is found.
        #expect(find("-slim-", "-s-sl-slim-") == 5)
        #expect(find("%%", "a%b%%") == 3)
        #expect(find("ab", "ab ab", from: 1) == 3)
        #expect(find("ab", "ab", from: 1) == nil)
        #expect(find("abc", "ab") == nil)
        #expect(find("x", "") == nil)
        #expect(find("", "abc", from: 2) == 2)
        #expect(find("a", "abc", from: 4) == nil)
        #expect(find("a", "abc", from: -1) == nil)
        // Long texts take the other path.
        let long = String(repeating: "-a", count: 300)
        #expect(find("-bookworm-", long + "-bookworm-") == 600)
        #expect(find("-bookworm-", long + "-bookworm", from: 1) == nil)
        #expect(find("-a-", long, from: 401) == 402)
    }
}
