import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// The Atom writer: its escaping, its dates, its exact document, and validity as the RFC 4287
/// schema and Python's feedparser judge it.
@Suite struct AtomFeedTests {
    static let base = "https://example.org/"

    static func feed(title: String = "python", entries: [AtomFeed.Entry]) -> AtomFeed {
        AtomFeed(id: base + "python/", title: title, selfURL: base + "python/feed.xml",
                 alternateURL: base + "python/", updated: entries.map(\.updated).max() ?? 0,
                 authorName: "Docker Official Images", entries: entries)
    }

    static func entry(_ title: String, commit: String = "0123abc", updated: Int64 = 1_587_474_300,
                      summary: String = "Added: 3.14.8") -> AtomFeed.Entry {
        AtomFeed.Entry(id: base + "python/history/#" + commit, title: title, updated: updated,
                       link: base + "python/history/#" + commit, summary: summary)
    }

    // MARK: The document

    @Test func writesTheExpectedDocument() {
        let xml = Self.feed(entries: [Self.entry("python: 3.14.8 added, 3.14.7 updated")]).xml()
        #expect(xml == """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <id>https://example.org/python/</id>
              <title type="text">python</title>
              <updated>2020-04-21T13:05:00Z</updated>
              <author><name>Docker Official Images</name></author>
              <link rel="self" type="application/atom+xml" href="https://example.org/python/feed.xml"/>
              <link rel="alternate" type="text/html" href="https://example.org/python/"/>
              <entry>
                <id>https://example.org/python/history/#0123abc</id>
                <title type="text">python: 3.14.8 added, 3.14.7 updated</title>
                <updated>2020-04-21T13:05:00Z</updated>
                <link rel="alternate" type="text/html" href="https://example.org/python/history/#0123abc"/>
                <summary type="text">Added: 3.14.8</summary>
              </entry>
            </feed>

            """)
    }

    @Test func emptyFeedHasNoEntryButEveryRequiredElement() {
        let xml = Self.feed(entries: []).xml()
        #expect(!xml.contains("<entry>"))
        for element in ["<id>", "<title type=\"text\">", "<updated>1970-01-01T00:00:00Z</updated>",
                        "<author><name>", "rel=\"self\"", "rel=\"alternate\""] {
            #expect(xml.contains(element), "\(element)")
        }
    }

    @Test func keepsEntriesInTheGivenOrderAndWritesTheSameBytesEachTime() {
        let titles = ["c", "a", "b", "a"]
        let entries = titles.enumerated().map { index, title in
            Self.entry(title, commit: "c\(index)", updated: Int64(1_000 * (5 - index)))
        }
        let xml = Self.feed(entries: entries).xml()
        let written = xml.components(separatedBy: "<title type=\"text\">").dropFirst(2)
            .map { $0.prefix { $0 != "<" } }.map(String.init)
        #expect(written == titles)
        let again = Self.feed(entries: entries.map { $0 }).xml()
        #expect(Array(again.utf8) == Array(xml.utf8))
    }

    // MARK: Escaping

    @Test func escapesMarkupAndQuotes() {
        #expect(AtomFeed.escape(#"a & b <c> "d" 'e'"#) == "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;")
        #expect(AtomFeed.escape("&amp;") == "&amp;amp;")
        #expect(AtomFeed.escape("café 🐳 ü") == "café 🐳 ü")
        let xml = Self.feed(title: "R&D <b>", entries: [Self.entry("x", summary: "1 < 2 & \"3\"")]).xml()
        #expect(xml.contains("<title type=\"text\">R&amp;D &lt;b&gt;</title>"))
        #expect(xml.contains("<summary type=\"text\">1 &lt; 2 &amp; &quot;3&quot;</summary>"))
    }

    @Test func escapesAttributeValues() {
        let entry = AtomFeed.Entry(id: "tag:example.org,2020:a&b", title: "t", updated: 0,
                                   link: "https://example.org/?a=1&b=\"2\"", summary: "")
        let xml = Self.feed(entries: [entry]).xml()
        #expect(xml.contains("href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\""))
        #expect(xml.contains("<id>tag:example.org,2020:a&amp;b</id>"))
        #expect(AtomFeed.escape("a\tb\nc", inAttribute: true) == "a&#9;b&#10;c")
    }

    @Test func dropsCharactersXML10ForbidsAndKeepsWhitespace() {
        #expect(AtomFeed.escape("a\u{0}b\u{1}c\u{8}d\u{B}e\u{C}f\u{1B}g\u{1F}h") == "abcdefgh")
        #expect(AtomFeed.escape("x\u{FFFE}y\u{FFFF}z\u{FFFD}\u{F8FF}") == "xyz\u{FFFD}\u{F8FF}")
        #expect(AtomFeed.escape("a\tb\nc") == "a\tb\nc")
        #expect(AtomFeed.escape("a\rb") == "a&#13;b")
        #expect(AtomFeed.escape("a\r\nb") == "a&#13;\nb")
        // Other scalars that start with 0xEF stay; the two forbidden ones go whole, also at the end.
        #expect(AtomFeed.escape("\u{FEFF}é<\u{FFFE}\u{FFFF}") == "\u{FEFF}é&lt;")
        #expect(AtomFeed.escape("ü\u{EFFF}\u{FFBE}\u{FFFF}", inAttribute: true) == "ü\u{EFFF}\u{FFBE}")
    }

    // MARK: Dates

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (59, "1970-01-01T00:00:59Z"),
        (86_399, "1970-01-01T23:59:59Z"),
        (1_587_474_300, "2020-04-21T13:05:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),          // divisible by 400: a leap year
        (1_582_934_400, "2020-02-29T00:00:00Z"),
        (1_583_020_800, "2020-03-01T00:00:00Z"),
        (1_609_459_199, "2020-12-31T23:59:59Z"),        // day 366 of a leap year
        (4_107_542_400, "2100-03-01T00:00:00Z"),        // divisible by 100: no 29 February
        (1_483_228_799, "2016-12-31T23:59:59Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (-86_400, "1969-12-31T00:00:00Z"),
        (-2_203_891_200, "1900-03-01T00:00:00Z"),       // 1900: no 29 February either
        (AtomFeed.firstSecond, "0001-01-01T00:00:00Z"),
        (AtomFeed.lastSecond, "9999-12-31T23:59:59Z"),
        (Int64.min, "0001-01-01T00:00:00Z"),
        (Int64.max, "9999-12-31T23:59:59Z"),
    ])
    func formatsUnixSecondsAsRFC3339UTC(seconds: Int64, expected: String) {
        #expect(AtomFeed.timestamp(seconds) == expected)
    }

    @Test func timestampsAgreeWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        var generator = SplitMix64(seed: 0xA70_3339)
        for _ in 0..<5_000 {
            // 1900 to 2200, the range of dates that git history can plausibly carry.
            let seconds = Int64.random(in: -2_208_988_800...7_258_118_400, using: &generator)
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(AtomFeed.timestamp(seconds) == expected, "\(seconds)")
        }
    }

    // MARK: Validity, as the tools CI runs judge it

    static let trickyTitles = [
        "python: 3.14.8 added, 3.14.7 updated",
        #"R&D <script>alert("x")</script> & 'quotes'"#,
        "café — naïve 日本語 🐳",
        "bell\u{7}here and escape\u{1B}here",
        "&amp; is not an entity here; neither is &lt;",
    ]

    @Test func feedsValidateAgainstTheRFC4287SchemaAndParseInFeedparser() throws {
        let folder = try TestPaths.temporaryFolder("atom")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tricky = Self.feed(title: "python & <friends> \"quoted\" — ü\u{1}", entries: Self.trickyTitles.enumerated().map {
            Self.entry($1, commit: "c\($0)", updated: 1_587_474_300 - Int64($0) * 86_400,
                       summary: "Added: 3.14.8 & <3.14>\nUpdated: \"3.14.7\"\u{0}")
        })
        let feeds = ["tricky.xml": tricky, "empty.xml": Self.feed(entries: [])]
        for (name, feed) in feeds {
            try Data(feed.xml().utf8).write(to: folder.appendingPathComponent(name))
        }
        guard let schema = try Self.convertedSchema(into: folder), Self.feedparserAvailable() else { return }

        for name in feeds.keys.sorted() {
            let path = folder.appendingPathComponent(name).path
            let lint = try ProgramRun.run("xmllint", ["--noout", "--relaxng", schema, path])
            #expect(lint.status == 0, "xmllint --relaxng rejects \(name): \(lint.standardError)")
        }
        let parsed = try Self.feedparser(folder.appendingPathComponent("tricky.xml").path)
        #expect(parsed.bozo == 0, "feedparser: \(parsed.problem)")
        #expect(parsed.feedTitle == "python & <friends> \"quoted\" — ü")
        #expect(parsed.titles == Self.trickyTitles.map { $0.replacingOccurrences(of: "\u{7}", with: "")
            .replacingOccurrences(of: "\u{1B}", with: "") })
        #expect(parsed.updated.first == "2020-04-21T13:05:00Z")
        let empty = try Self.feedparser(folder.appendingPathComponent("empty.xml").path)
        #expect(empty.bozo == 0, "feedparser: \(empty.problem)")
        #expect(empty.titles.isEmpty)
    }

    @Test func checkFeedsScriptPassesValidFeedsAndFailsABrokenOne() throws {
        let site = try TestPaths.temporaryFolder("check-feeds")
        defer { try? FileManager.default.removeItem(at: site) }
        guard Self.tool("trang", package: "apt-get install trang"),
              Self.tool("xmllint", package: "apt-get install libxml2-utils"),
              Self.feedparserAvailable() else { return }
        let script = TestPaths.packageRoot.appendingPathComponent("scripts/check-feeds.sh").path
        let feed = Self.feed(entries: [Self.entry("python: 3.14.8 added")]).xml()
        try FileManager.default.createDirectory(at: site.appendingPathComponent("python"), withIntermediateDirectories: true)
        try Data(feed.utf8).write(to: site.appendingPathComponent("feed.xml"))
        try Data(feed.utf8).write(to: site.appendingPathComponent("python/feed.xml"))

        let good = try ProgramRun.run("bash", [script, site.path])
        #expect(good.status == 0, "\(good.output)\(good.standardError)")
        #expect(good.output.components(separatedBy: "\n").filter { $0.hasPrefix("OK ") }.count == 2, "\(good.output)")

        // Valid XML, so only the schema can tell: a feed without its required <id>.
        let noID = feed.replacingOccurrences(of: "  <id>https://example.org/python/</id>\n", with: "")
        try Data(noID.utf8).write(to: site.appendingPathComponent("python/feed.xml"))
        let bad = try ProgramRun.run("bash", [script, site.path])
        #expect(bad.status != 0)
        #expect(bad.output.contains("FAIL \(site.path)/python/feed.xml"), "\(bad.output)")
        #expect(bad.output.contains("OK \(site.path)/feed.xml"), "\(bad.output)")
    }

    // MARK: Tools

    /// Whether `name` is on PATH; a missing one fails the test with the line that installs it
    /// (CI installs them all, so a missing tool is a broken setup, not a reason to skip).
    static func tool(_ name: String, package: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let found = path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        }
        if !found { Issue.record("\(name) not found on PATH; install it with: \(package)") }
        return found
    }

    static func feedparserAvailable() -> Bool {
        guard tool("python3", package: "apt-get install python3") else { return false }
        let probe = try? ProgramRun.run("python3", ["-c", "import feedparser"])
        if probe?.status != 0 {
            Issue.record("python3 cannot import feedparser; install it with: pip install feedparser (or apt-get install python3-feedparser)")
            return false
        }
        return true
    }

    /// `Tests/Fixtures/atom.rnc` converted by trang to RELAX NG XML in `folder`, which xmllint reads.
    static func convertedSchema(into folder: URL) throws -> String? {
        guard tool("trang", package: "apt-get install trang"),
              tool("xmllint", package: "apt-get install libxml2-utils") else { return nil }
        let source = TestPaths.packageRoot.appendingPathComponent("Tests/Fixtures/atom.rnc").path
        let target = folder.appendingPathComponent("atom.rng").path
        let run = try ProgramRun.run("trang", [source, target])
        #expect(run.status == 0, "trang: \(run.standardError)")
        return run.status == 0 ? target : nil
    }

    struct Parsed: Decodable {
        let bozo: Int
        let problem: String
        let feedTitle: String
        let titles: [String]
        let updated: [String]
    }

    static func feedparser(_ path: String) throws -> Parsed {
        let script = """
            import json, sys, time, feedparser
            d = feedparser.parse(sys.argv[1])
            print(json.dumps({
                "bozo": int(d.bozo),
                "problem": repr(d.get("bozo_exception", "")),
                "feedTitle": d.feed.get("title", ""),
                "titles": [e.get("title", "") for e in d.entries],
                "updated": [time.strftime("%Y-%m-%dT%H:%M:%SZ", e.updated_parsed) for e in d.entries],
            }))
            """
        let run = try ProgramRun.run("python3", ["-c", script, path])
        #expect(run.status == 0, "python3: \(run.standardError)")
        return try JSONDecoder().decode(Parsed.self, from: run.standardOutput)
    }
}
