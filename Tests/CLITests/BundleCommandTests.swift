import Foundation
import Testing
import TestSupport

/// `sitegen bundle` end to end: the docset options from the command line and from sitegen.yml.
@Suite struct BundleCommandTests {
    static let content = TestPaths.packageRoot.appendingPathComponent("content")

    /// A sitegen.yml for the demo tree with a `docset:` section, in a new folder.
    static func project(_ label: String) throws -> URL {
        let folder = try TestPaths.temporaryFolder(label)
        try FileManager.default.copyItem(at: content.appendingPathComponent("docs/quarry/logo.png"), to: folder.appendingPathComponent("brand.png"))
        try """
            docs: \(content.appendingPathComponent("docs").path)
            library: \(content.appendingPathComponent("library").path)
            buildpack-deps-images: \(content.appendingPathComponent("buildpack-deps-images.txt").path)
            title: Demo images
            docset:
              icon: brand.png
              feed-url: https://docs.example.org/images/docset/
            """.write(to: folder.appendingPathComponent("sitegen.yml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func theDocsetKeysWriteTheFeedAndIconAndAZipIgnoresThem() throws {
        let folder = try Self.project("cli-bundle-docset")
        defer { try? FileManager.default.removeItem(at: folder) }
        let docset = try ProgramRun.run(TestPaths.sitegen, ["bundle", "--format", "docset"], in: folder)
        #expect(docset.status == 0, "\(docset.standardError)")
        #expect(docset.standardError.contains("icon: from brand.png; version "), "\(docset.standardError)")
        #expect(docset.standardError.contains("→ Demo-images.docset and Demo-images.tgz and Demo-images.xml"), "\(docset.standardError)")
        let feed = try String(contentsOf: folder.appendingPathComponent("Demo-images.xml"), encoding: .utf8)
        #expect(feed.contains("<url>https://docs.example.org/images/docset/Demo-images.tgz</url>"))

        let zip = try ProgramRun.run(TestPaths.sitegen, ["bundle", "--format", "zip"], in: folder)
        #expect(zip.status == 0, "\(zip.standardError)")
    }

    @Test func docsetOptionsWithAZipOrABadAddressAreRefusedBeforeAnyBuild() throws {
        let folder = try Self.project("cli-bundle-refused")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (arguments, message) in [
            (["--format", "zip", "--feed-url", "https://e.org/"], "--feed-url writes a docset feed; use it with --format docset."),
            (["--format", "zip", "--icon", "brand.png"], "--icon is the docset's icon; use it with --format docset."),
            (["--format", "docset", "--feed-url", "docs/docset"], "--feed-url `docs/docset` is not an http or https address"),
        ] {
            let run = try ProgramRun.run(TestPaths.sitegen, ["bundle"] + arguments, in: folder)
            #expect(run.status != 0)
            #expect(run.standardError.contains(message), "\(run.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("Demo-images.docset").path))
    }
}
