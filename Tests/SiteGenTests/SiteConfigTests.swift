import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// `sitegen.yml`: every key, paths relative to the file, and problems at their line and column.
@Suite struct SiteConfigTests {
    static func problems(_ text: String, path: String = "sitegen.yml") -> [Diagnostic] {
        do {
            _ = try SiteConfig.parse(text, path: path)
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func everyKeyIsReadAndPathsAreRelativeToTheFile() throws {
        let text = """
            # a comment
            docs: docs
            library: /srv/library
            logo-commits: logos.tsv
            buildpack-deps-images: "bpd.txt"
            output: out/site
            theme: theme
            title: 'My images: all of them'
            base-url: https://docs.example.org/
            source-url: https://github.com/example/docs
            jobs: 3
            history: yes
            history-rev: origin/master
            registry:
              url: http://127.0.0.1:5000
              namespace: demo
              data: registry-data.json
              images: [lumen, quark]
              concurrency: 4
              insecure: true
            docset:
              icon: brand/icon.png
              feed-url: https://docs.example.org/docset/
            """
        let config = try SiteConfig.parse(text, path: "project/sitegen.yml")
        #expect(config["registry.url"] == "http://127.0.0.1:5000")
        #expect(config["registry.namespace"] == "demo")
        #expect(config["registry.data"] == "project/registry-data.json")
        #expect(config["registry.images"] == "lumen,quark")
        #expect(config["registry.concurrency"] == "4")
        #expect(config["registry.insecure"] == "true")
        #expect(config["docset.icon"] == "project/brand/icon.png")
        #expect(config["docset.feed-url"] == "https://docs.example.org/docset/")
        #expect(try SiteConfig.parse("registry:\n  images: lumen, quark\n", path: "s.yml")["registry.images"] == "lumen,quark")
        #expect(config["docs"] == "project/docs")
        #expect(config["library"] == "/srv/library")
        #expect(config["logo-commits"] == "project/logos.tsv")
        #expect(config["buildpack-deps-images"] == "project/bpd.txt")
        #expect(config["output"] == "project/out/site")
        #expect(config["theme"] == "project/theme")
        #expect(config["title"] == "My images: all of them")
        #expect(config["base-url"] == "https://docs.example.org/")
        #expect(config["source-url"] == "https://github.com/example/docs")
        #expect(config["jobs"] == "3")
        #expect(config["history"] == "true")
        #expect(config["history-rev"] == "origin/master")
        #expect(Set(config.values.keys) == Set(SiteConfig.keys.map(\.name)), "a key of the table was not read")
        #expect(try SiteConfig.parse("docs: docs\n", path: "sitegen.yml")["docs"] == "docs")
        #expect(try SiteConfig.parse("", path: "sitegen.yml").values.isEmpty)
    }

    /// A name a later step finds wrong (no library file) is reported at its own item of a YAML
    /// list, or at the value of a comma-separated one.
    @Test func eachNameOfAListKnowsItsPlace() throws {
        let listed = try SiteConfig.parse("docs: d\nregistry:\n  images:\n    - lumen\n    - quark\n    - lumen\n", path: "s.yml")
        #expect(listed.places(ofNames: "registry.images") == [
            "lumen": SiteConfig.Place(file: "s.yml", line: 4, column: 7),
            "quark": SiteConfig.Place(file: "s.yml", line: 5, column: 7),
        ])
        #expect(listed.place(of: "docs") == SiteConfig.Place(file: "s.yml", line: 1, column: 7))
        let inline = try SiteConfig.parse("registry:\n  images: lumen,   quark\n", path: "s.yml")
        #expect(inline.places(ofNames: "registry.images") == [
            "lumen": SiteConfig.Place(file: "s.yml", line: 2, column: 11),
            "quark": SiteConfig.Place(file: "s.yml", line: 2, column: 20),
        ])
        // A blank item is refused, rather than shifting the places of the names after it.
        #expect(throws: DiagnosticError.self) { try SiteConfig.parse("registry:\n  images:\n    - \" \"\n    - quark\n", path: "s.yml") }
        // A quoted value: the value's place for each name.
        let quoted = try SiteConfig.parse("registry:\n  images: \"lumen, quark\"\n", path: "s.yml")
        #expect(quoted.places(ofNames: "registry.images")["quark"] == SiteConfig.Place(file: "s.yml", line: 2, column: 11))
        #expect(inline.places(ofNames: "docs").isEmpty)
    }

    @Test func aMisspelledKeyNamesTheRightOneAtItsPlace() {
        let problems = Self.problems("docs: content/docs\n  \ntilte: X\nbase_url: https://x.example/\nfrobnicate: 1\n")
        #expect(problems.map(\.identifier) == ["config.unknown-key", "config.unknown-key", "config.unknown-key"])
        #expect(problems.map { "\($0.line ?? 0):\($0.column ?? 0)" } == ["3:1", "4:1", "5:1"])
        #expect(problems[0].message == "unknown key `tilte`; did you mean `title`?")
        #expect(problems[1].message == "unknown key `base_url`; did you mean `base-url`?")
        #expect(problems[2].message == "unknown key `frobnicate`")
        #expect(problems.allSatisfy { $0.file == "sitegen.yml" && ($0.hint ?? "").contains("docs/configuration.md") })
    }

    @Test func theRegistrySectionIsAMappingWhoseKeysAreCheckedToo() {
        let problems = Self.problems("registry:\n  namespcae: demo\n  concurrency: 0\ndata: x\n")
        #expect(problems.map(\.identifier) == ["config.unknown-key", "config.wrong-type", "config.unknown-key"])
        #expect(problems.map { "\($0.line ?? 0):\($0.column ?? 0)" } == ["2:3", "3:16", "4:1"])
        #expect(problems[0].message == "unknown key `namespcae` under `registry:`; did you mean `namespace`?")
        #expect(problems[0].hint?.contains("url, namespace") == true)
        #expect(problems[1].message == "`registry.concurrency` must be a whole number from 1 to 64")
        #expect(Self.problems("registry:\n  concurrency: 65\n").map(\.message) == ["`registry.concurrency` must be a whole number from 1 to 64"])
        #expect(Self.problems("jobs: 1000\n").isEmpty, "no bound but the one a key has")
        #expect(problems[2].message == "unknown key `data`; did you mean `data` under `registry:`? (`registry:` on a line of its own, then `data: …` indented below it)")
        let scalar = Self.problems("registry: https://ghcr.io\n")
        #expect(scalar.map(\.message) == ["`registry` must be a mapping of data, url, namespace, images, concurrency, insecure"])
        #expect(Self.problems("registry.url: https://ghcr.io\n").map(\.identifier) == ["config.unknown-key"],
                "a section's keys are written inside it")
        // A section's key at the top level, by its short name or its whole name however joined.
        let placed = Self.problems("namespace: demo\nregistry_data: r.json\ndocset-feed-url: https://x.example/\nregistry-imgaes: a\n")
        #expect(placed.map { $0.message.components(separatedBy: "; did you mean ").last ?? "" } == [
            "`namespace` under `registry:`? (`registry:` on a line of its own, then `namespace: …` indented below it)",
            "`data` under `registry:`? (`registry:` on a line of its own, then `data: …` indented below it)",
            "`feed-url` under `docset:`? (`docset:` on a line of its own, then `feed-url: …` indented below it)",
            "`images` under `registry:`? (`registry:` on a line of its own, then `images: …` indented below it)",
        ])
    }

    @Test func valuesOfTheWrongTypeAreErrors() {
        let problems = Self.problems("jobs: 0\ntitle: [a, b]\nbase-url: docs.example.org\ndocs:\noutput: {a: 1}\nhistory: maybe\n")
        #expect(problems.map(\.identifier) == Array(repeating: "config.wrong-type", count: 6))
        #expect(problems.map(\.line) == [1, 2, 3, 4, 5, 6])
        #expect(problems.last?.message == "`history` must be true or false")
        #expect(problems[0].message == "`jobs` must be a whole number of at least 1")
        #expect(problems[2].message == "`base-url` must be an address starting with https:// or http://")
    }

    @Test func aFileThatIsNotAMappingOrNotYAMLIsAnError() {
        #expect(Self.problems("- docs\n- library\n").map(\.identifier) == ["config.not-a-mapping"])
        let syntax = Self.problems("docs: content/docs\ntitle: \"unclosed\n")
        #expect(syntax.map(\.identifier) == ["config.syntax"])
        #expect(syntax.first?.line != nil)
        #expect(Self.problems("docs: a\ndocs: b\n").map(\.identifier).count == 1, "a key given twice")
        // A key given twice is said at its second line within its own mapping (first line
        // named), not as Yams quotes the whole file; where that line is not sure, at the first.
        let cases: [(yaml: String, key: String, line: Int, first: Int?)] = [
            ("docs: a\ntitle: t\ndocs: b\n", "docs", 3, 1),
            ("registry:\n  url: http://x\n  namespace: demo\n  data: x.json\n  namespace: other\n", "namespace", 5, 3),
            ("registry:\n  url: a\n  \"url\": b\ndocset:\n  url: c\n", "url", 3, 2),
            ("registry:\n  url: a\n  url\t: b\n", "url", 3, 2),
            ("docs: a\r\ntitle: t\r\ndocs: b\r\n", "docs", 3, 1),
            ("registry:\n  url: a\ndocset:\n  url: b\n  url: c\n", "url", 5, 4),
            ("registry: {url: a, url: b}\n", "url", 1, nil),
        ]
        for (yaml, key, line, first) in cases {
            let twice = Self.problems(yaml)
            #expect(twice.map(\.line) == [line], "\(yaml)")
            #expect(twice.first?.message == "`\(key)` is given more than once in one mapping" + (first.map { " (first at line \($0))" } ?? ""),
                    "\(yaml): \(String(describing: twice.first?.message))")
            #expect(twice.first?.hint == "YAML allows a key once per mapping: keep one")
        }
        // In a list's mappings, a copy in the next item is not the same mapping's.
        #expect(SiteConfig.secondCopy(of: "name", line: 3, column: 5, in: "x:\n  - name: a\n    name: b\n  - k: 1\n    name: c\n") == nil)
        #expect(SiteConfig.secondCopy(of: "name", line: 2, column: 5, in: "x:\n  - name: a\n    name: b\n  - k: 1\n    name: c\n") == 3)
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: DiagnosticError.self) { try SiteConfig.load(path: "/nonexistent/sitegen.yml") }
    }

    /// docs/configuration.md lists every key, with its flag and default, as the code has them.
    @Test func theDocumentedKeysAreTheKeysOfTheCode() throws {
        let text = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `") }.map { line in
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        #expect(rows.map { $0[0] } == SiteConfig.keys.map { "`\($0.name)`" })
        #expect(rows.map { $0[1] } == SiteConfig.keys.map { "`\($0.flag)`" })
        #expect(rows.map { $0[3] } == SiteConfig.keys.map(\.defaultValue))
    }
}
