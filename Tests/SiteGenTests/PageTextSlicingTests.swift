import Testing
import TestSupport
@testable import SiteGen

/// `dropLeadingHeadings` and `firstParagraph` work on UTF-8 bytes for speed; they must cut
/// exactly where the `Character`-based versions they replaced cut (kept here as the
/// reference), CRLF endings, combining marks and blank-only texts included.
@Suite struct PageTextSlicingTests {
    /// The earlier implementation, line for line.
    static func referenceDropLeadingHeadings(_ markdown: String, keepingIntro: Bool) -> String {
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let first = lines.first, first.trimmingWhitespace().isEmpty { lines = lines.dropFirst() }
        if let first = lines.first, first.hasPrefix("# ") || first.hasPrefix("## ") {
            lines = lines.dropFirst()
        }
        if !keepingIntro, let title = lines.firstIndex(where: { $0.hasPrefix("## ") }) {
            lines = lines[lines.index(after: title)...]
        }
        return lines.joined(separator: "\n")
    }

    static func referenceFirstParagraph(_ html: String) -> String {
        guard let open = html.firstRange(of: "<p>"), let close = html[open.upperBound...].firstRange(of: "</p>") else {
            return ""
        }
        return String(html[open.lowerBound..<close.upperBound])
    }

    static let pieces = ["# Title", "## `x:<version>`", "## ", "#", "##x", "", " ", "\t", "\r", "\r\n", "\n", "\n\n",
                         "Intro text.", "# \u{301}mark", "## \u{301}", "é", " \u{301}", "\u{600}# x", "text\r\nmore"]

    @Test func dropLeadingHeadingsCutsWhereTheCharacterVersionCut() {
        var generator = SplitMix64(seed: 0x5173_0003)
        var cases = ["", "\n", "\r\n\r\n", "# T", "# T\n", "\n\n# T\nIntro\n## `a`\nBody\n", "# T\r\nIntro\r\n## b\r\nBody",
                     "  \n\t\n## only\n", "# \u{301}x\nrest", "## \u{301}\nbody\n## y\nz"]
        for _ in 0..<3_000 {
            let count = Int.random(in: 1...8, using: &generator)
            let separators = ["\n", "\r\n", "", "\n\n"]
            cases.append((0..<count).map { _ in
                (Self.pieces.randomElement(using: &generator) ?? "") + (separators.randomElement(using: &generator) ?? "")
            }.joined())
        }
        for text in cases {
            for keep in [true, false] {
                let got = SiteRenderer.dropLeadingHeadings(text, keepingIntro: keep)
                let want = Self.referenceDropLeadingHeadings(text, keepingIntro: keep)
                #expect(Array(got.utf8) == Array(want.utf8), "\(text.debugDescription) keepingIntro: \(keep)")
            }
        }
    }

    @Test func firstParagraphCutsWhereTheCharacterVersionCut() {
        var generator = SplitMix64(seed: 0x5173_0003)
        let parts = ["<p>", "</p>", "text", "\u{301}", "\u{600}", "é", "<h2>x</h2>\n", "\n", "<p>a</p>\n"]
        var cases = ["", "<p>x</p>", "<h1>t</h1>\n<p>one</p>\n<p>two</p>", "<p>\u{301}x</p>", "<p>x</p>\u{301}", "\u{600}<p>x</p>"]
        for _ in 0..<3_000 {
            cases.append((0..<Int.random(in: 1...7, using: &generator)).map { _ in parts.randomElement(using: &generator) ?? "" }.joined())
        }
        for html in cases {
            #expect(Array(SiteRenderer.firstParagraph(html).utf8) == Array(Self.referenceFirstParagraph(html).utf8), "\(html.debugDescription)")
        }
    }

    @Test func searchTextIsTheWordsJoinedAndLowercased() {
        let words = ["", "a", "3.13-Slim", "\u{600}", "ÉTÉ", "x:y", "\u{301}"]
        var generator = SplitMix64(seed: 0x5173_0003)
        for _ in 0..<2_000 {
            let first = (0..<Int.random(in: 0...4, using: &generator)).map { _ in words.randomElement(using: &generator) ?? "" }
            let more = (0..<Int.random(in: 0...3, using: &generator)).map { _ in words.randomElement(using: &generator) ?? "" }
            let want = (first + more).joined(separator: " ").lowercased()
            #expect(Array(SiteRenderer.searchText(first, more).utf8) == Array(want.utf8), "\(first) \(more)")
        }
    }

    @Test func tagSearchTextIsTheTagAndImageTagLowercased() {
        for (tag, image) in [("3.13-Slim", "python"), ("latest", "Ubuntu"), ("", ""), ("été", "x"), ("a", "\u{600}")] {
            let want = (tag + " " + image + ":" + tag).lowercased()
            #expect(Array(SiteRenderer.tagSearchText(tag, image: image).utf8) == Array(want.utf8))
            #expect(SiteRenderer.searchText([tag, image + ":" + tag]) == want)
        }
    }
}
