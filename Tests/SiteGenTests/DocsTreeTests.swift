import Foundation
import Testing
@testable import SiteGen

/// A scratch folder for one test, removed afterwards. `root` is the docs tree inside it, so a
/// test can also put files beside the tree (outside the root).
private struct Scratch {
    let base: String
    var root: String { base + "/docs" }

    init() throws {
        base = (NSTemporaryDirectory() as NSString).appendingPathComponent("sitegen-docstree-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: base + "/docs", withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: base)
    }

    /// Writes `text` at `relative` (to the docs root, or to `base` when `outside`).
    func write(_ relative: String, _ text: String, outside: Bool = false) throws {
        try write(relative, bytes: Array(text.utf8), outside: outside)
    }

    func write(_ relative: String, bytes: [UInt8], outside: Bool = false) throws {
        let path = (outside ? base : root) + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// A real symbolic link at `relative` (to the root) pointing at `destination` as written.
    func link(_ relative: String, to destination: String) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: destination)
    }

    /// A minimal image folder.
    func image(_ name: String) throws {
        try write(name + "/content.md", "# \(name)\n")
    }

    func open(sourceLocation: SourceLocation = #_sourceLocation) throws -> DocsTree {
        let (tree, diagnostics) = DocsTree.open(root)
        #expect(diagnostics.isEmpty, "\(diagnostics)", sourceLocation: sourceLocation)
        return try #require(tree, sourceLocation: sourceLocation)
    }
}

@Suite("DocsTree")
struct DocsTreeTests {
    /// metadata.json is JSON by the letter, as jq reads it: a comma JSONSerialization lets
    /// through is an error at its line and column; a byte order mark, which jq reads, is not.
    @Test func metadataJSONIsReadAsJqReadsIt() {
        let comma = DocsTree.categories(in: DocFile(path: "d/metadata.json", text: "{\"hub\": {\"categories\": [\n  \"networking\",\n]}}\n"))
        #expect(comma.0.isEmpty && comma.1.map(\.identifier) == ["metadata.invalid-json"])
        #expect(comma.1.first.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.message)" }
                    == "2:15 not valid JSON: a comma before the array's closing `]`, which JSON does not allow")
        let bom = DocsTree.categories(in: DocFile(path: "d/metadata.json", text: "\u{FEFF}{\"hub\": {\"categories\": [\"networking\"]}}\n"))
        #expect(bom.0 == ["networking"] && bom.1.isEmpty, "\(bom.1)")
        // Two `categories`: JSONSerialization keeps the last, JSONDecoder the first.
        let twice = DocsTree.categories(in: DocFile(path: "d/metadata.json",
                                                    text: "{\"hub\": {\"categories\": [\"networking\"],\n  \"categories\": []}}\n"))
        #expect(twice.0.isEmpty && twice.1.map { "\($0.identifier) \($0.line ?? 0):\($0.column ?? 0) \($0.message)" }
                    == ["metadata.invalid-json 2:3 a second member named `categories` in one object; JSON readers differ on which of the two they keep, so keep one"])
    }

    @Test("a real symbolic link inside the root is followed; the file keeps the link's path")
    func realLinkInside() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.image("demo")
        try scratch.write(".common-templates/maintainer-community.md", "Community maintainers\n")
        try scratch.link("demo/maintainer.md", to: "../.common-templates/maintainer-community.md")
        try scratch.write(".template-helpers/shared.md", "Shared\n")
        try scratch.link(".template-helpers/get-help.md", to: "shared.md")

        let tree = try scratch.open()
        #expect(tree.helpers["get-help.md"]?.text == "Shared\n")
        let (folder, diagnostics) = tree.image(named: "demo")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let file = try #require(folder?["maintainer.md"])
        #expect(file.text == "Community maintainers\n")
        #expect(file.path == scratch.root + "/demo/maintainer.md")
    }

    @Test("a Git link stand-in (one line naming a file inside the root, no newline) is followed")
    func gitLinkStub() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.image("demo")
        try scratch.write(".common-templates/maintainer-community.md", "Community maintainers\n")
        try scratch.write("demo/maintainer.md", "../.common-templates/maintainer-community.md")
        // A stand-in that leads to a real link that leads to the file.
        try scratch.link(".common-templates/license.md", to: "maintainer-community.md")
        try scratch.write("demo/license.md", "../.common-templates/license.md")

        let (folder, diagnostics) = try scratch.open().image(named: "demo")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(folder?["maintainer.md"]?.text == "Community maintainers\n")
        #expect(folder?["maintainer.md"]?.path == scratch.root + "/demo/maintainer.md")
        #expect(folder?["license.md"]?.text == "Community maintainers\n")
    }

    @Test("a one-line file that names no file in the root is text, not a link")
    func oneLineTextIsNotALink() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.image("demo")
        try scratch.write("demo/github-repo", "https://github.com/example/demo")
        try scratch.write("demo/maintainer.md", "../.common-templates/missing.md")

        let (folder, diagnostics) = try scratch.open().image(named: "demo")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(folder?["github-repo"]?.text == "https://github.com/example/demo")
        #expect(folder?["maintainer.md"]?.text == "../.common-templates/missing.md")
    }

    @Test("a symbolic link that points outside the root is an error (docs.link-outside-root)")
    func linkOutsideRoot() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("outside.md", "secret\n", outside: true)
        try scratch.image("absolute")
        try scratch.link("absolute/maintainer.md", to: scratch.base + "/outside.md")
        try scratch.image("relative")
        try scratch.link("relative/maintainer.md", to: "../../outside.md")

        let tree = try scratch.open()
        for name in ["absolute", "relative"] {
            let (folder, diagnostics) = tree.image(named: name)
            #expect(folder == nil)
            #expect(diagnostics.map(\.identifier) == ["docs.link-outside-root"], "\(name)")
            #expect(diagnostics.first?.file == scratch.root + "/\(name)/maintainer.md")
            #expect(diagnostics.first?.severity == .error)
            #expect(diagnostics.allSatisfy { !$0.message.contains("secret") })
        }
    }

    @Test("an image folder that is a link to a folder outside the root is reported, not silently dropped")
    func imageFolderLinkOutsideRoot() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.image("demo")
        try scratch.write("elsewhere/content.md", "# elsewhere\n", outside: true)
        try scratch.link("linked", to: scratch.base + "/elsewhere")

        let (tree, openDiagnostics) = DocsTree.open(scratch.root)
        let opened = try #require(tree)
        #expect(!opened.imageNames.contains("linked"))
        let (folder, imageDiagnostics) = opened.image(named: "linked")
        #expect(folder == nil)
        #expect((openDiagnostics + imageDiagnostics).contains { $0.identifier == "docs.link-outside-root" },
                "open: \(openDiagnostics), image: \(imageDiagnostics)")
    }

    @Test("a symbolic link loop is an error (docs.link-loop), for real links and Git stand-ins")
    func linkLoop() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.image("real")
        try scratch.link("real/variant-a.md", to: "variant-b.md")
        try scratch.link("real/variant-b.md", to: "variant-a.md")
        try scratch.image("stub")
        try scratch.write("stub/variant-c.md", "variant-d.md")
        try scratch.write("stub/variant-d.md", "variant-c.md")
        try scratch.image("self")
        try scratch.link("self/maintainer.md", to: "maintainer.md")

        let tree = try scratch.open()
        for name in ["real", "stub", "self"] {
            let (folder, diagnostics) = tree.image(named: name)
            #expect(folder == nil, "\(name)")
            #expect(!diagnostics.isEmpty, "\(name)")
            #expect(diagnostics.allSatisfy { $0.identifier == "docs.link-loop" && $0.severity == .error }, "\(name): \(diagnostics)")
        }
    }

    @Test("a file that is not valid UTF-8 is an error (docs.invalid-utf8)")
    func invalidUTF8() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.image("demo")
        try scratch.write("demo/maintainer.md", bytes: [0x68, 0x69, 0xC3, 0x28, 0xFF, 0x0A])

        let (folder, diagnostics) = try scratch.open().image(named: "demo")
        #expect(folder == nil)
        #expect(diagnostics.map(\.identifier) == ["docs.invalid-utf8"])
        #expect(diagnostics.first?.file == scratch.root + "/demo/maintainer.md")
    }

    @Test("folders without content.md are not images; hidden folders and files are neither")
    func foldersWithoutContent() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.image("demo")
        try scratch.image("alpha")
        try scratch.write("scratch/README-short.txt", "an empty image\n")
        try scratch.write(".template-helpers/template.md", "%%CONTENT%%\n")
        try scratch.write(".common-templates/content.md", "not an image\n")
        try scratch.write("README.md", "docs\n")

        let tree = try scratch.open()
        #expect(tree.imageNames == ["alpha", "demo"])
        #expect(tree.foldersWithoutContent == ["scratch"])
        #expect(tree.helpers["template.md"]?.text == "%%CONTENT%%\n")
        let (folder, diagnostics) = tree.image(named: "scratch")
        #expect(folder == nil)
        #expect(diagnostics.map(\.identifier) == ["docs.unknown-image"])
    }

    @Test("an invalid image name is refused (docs.invalid-image-name), also for a folder that exists")
    func invalidImageName() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.image("demo")
        try scratch.image("Bad Name")

        let tree = try scratch.open()
        for name in ["Bad Name", "..", ".", "../demo", "demo/", "demo/../demo", "", "-demo", "demo..x"] {
            let (folder, diagnostics) = tree.image(named: name)
            #expect(folder == nil, "\(name)")
            #expect(diagnostics.map(\.identifier) == ["docs.invalid-image-name"], "\(name)")
        }
        #expect(tree.image(named: "demo").image != nil)
    }

    @Test("metadata.json that is not JSON is an error (metadata.invalid-json); valid JSON gives the categories")
    func metadata() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.image("broken")
        try scratch.write("broken/metadata.json", "{\"hub\": {\"categories\": [\"databases-and-storage\"]}")
        try scratch.image("good")
        try scratch.write("good/metadata.json", "{\"hub\": {\"categories\": [\"databases-and-storage\", \"languages-and-frameworks\"]}}\n")

        let tree = try scratch.open()
        let (broken, brokenDiagnostics) = tree.image(named: "broken")
        #expect(broken == nil)
        #expect(brokenDiagnostics.map(\.identifier) == ["metadata.invalid-json"])
        #expect(brokenDiagnostics.first?.file == scratch.root + "/broken/metadata.json")

        let (good, goodDiagnostics) = tree.image(named: "good")
        #expect(goodDiagnostics.isEmpty)
        #expect(good?.categories == ["databases-and-storage", "languages-and-frameworks"])
    }

    @Test("a root metadata.json that is not JSON is reported when the tree is opened")
    func rootMetadata() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.image("demo")
        try scratch.write("metadata.json", "not json\n")
        let (tree, diagnostics) = DocsTree.open(scratch.root)
        #expect(tree != nil)
        #expect(diagnostics.map(\.identifier) == ["metadata.invalid-json"])
        #expect(tree?.categories.isEmpty == true)
    }

    @Test("logo.png wins over logo.svg")
    func logoPNGWins() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.image("both")
        try scratch.write("both/logo.svg", "<svg/>")
        try scratch.write("both/logo.png", bytes: [0x89, 0x50, 0x4E, 0x47])
        try scratch.image("svg")
        try scratch.write("svg/logo.svg", "<svg/>")
        try scratch.image("none")

        let tree = try scratch.open()
        #expect(tree.image(named: "both").image?.logo?.format == .png)
        #expect(tree.image(named: "both").image?.logo?.fileName == "logo.png")
        #expect(tree.image(named: "svg").image?.logo?.format == .svg)
        #expect(tree.image(named: "none").image != nil)
        #expect(tree.image(named: "none").image?.logo == nil)
    }

    @Test("a missing docs root is docs.root-missing")
    func missingRoot() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (tree, diagnostics) = DocsTree.open(scratch.base + "/nowhere")
        #expect(tree == nil)
        #expect(diagnostics.map(\.identifier) == ["docs.root-missing"])
    }

    // MARK: LogoCommits

    @Test("logo commit table: comments and blank lines skipped, three tab-separated columns")
    func logoCommitTable() throws {
        let table = """
            # image\tfile\tcommit
              # an indented comment

            python\tlogo.png\t01c12653951b2fe592c1f93a13b4e289ada0e3a1
            \tredis \t logo.svg\tabcdef0123456789abcdef0123456789abcdef01\t 

            """
        let commits = try LogoCommits(tableText: table, tablePath: "logos.tsv", docsRoot: nil)
        #expect(commits.commit(image: "python", fileName: "logo.png") == "01c12653951b2fe592c1f93a13b4e289ada0e3a1")
        #expect(commits.commit(image: "redis", fileName: "logo.svg") == "abcdef0123456789abcdef0123456789abcdef01")
        // Other files and images fall back to master.
        #expect(commits.commit(image: "python", fileName: "logo.svg") == "master")
        #expect(commits.commit(image: "golang", fileName: "logo.png") == "master")
    }

    @Test("a logo commit table with CRLF line endings reads like one with LF")
    func logoCommitTableCRLF() throws {
        let table = "# comment\r\npython\tlogo.png\t01c12653951b2fe592c1f93a13b4e289ada0e3a1\r\n\r\nredis\tlogo.svg\tabc\r\n"
        let commits = try LogoCommits(tableText: table, tablePath: "logos.tsv", docsRoot: nil)
        #expect(commits.commit(image: "python", fileName: "logo.png") == "01c12653951b2fe592c1f93a13b4e289ada0e3a1")
        #expect(commits.commit(image: "redis", fileName: "logo.svg") == "abc")
    }

    @Test("a bad logo commit table line is logo-commits.syntax, with its line number; all are reported")
    func logoCommitTableErrors() {
        let table = "# comment\npython\tlogo.png\tabc\npython logo.png abc\n\nredis\tlogo.png\n\tx\t\tabc\na\tb\tc\td\n"
        do {
            _ = try LogoCommits(tableText: table, tablePath: "logos.tsv", docsRoot: nil)
            Issue.record("the table was accepted")
        } catch {
            #expect(error.diagnostics.allSatisfy { $0.identifier == "logo-commits.syntax" && $0.file == "logos.tsv" })
            #expect(error.diagnostics.map(\.line) == [3, 5, 6, 7])
        }
    }

    @Test("without a table or Git the commit is master")
    func logoCommitFallback() throws {
        #expect(LogoCommits.fallback == "master")
        #expect(LogoCommits().commit(image: "python", fileName: "logo.png") == "master")
        let scratch = try Scratch()
        defer { scratch.remove() }
        let commits = try LogoCommits(tableText: nil, docsRoot: scratch.root)
        #expect(commits.commit(image: "python", fileName: "logo.png") == "master")
        let empty = try LogoCommits(tableText: "", docsRoot: nil)
        #expect(empty.commit(image: "python", fileName: "logo.png") == "master")
    }
}
