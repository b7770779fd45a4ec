import Foundation
import Testing
import TestSupport
@testable import Markdown

/// Our rendering must be cmark-gfm's own: every Markdown file of the corpus, rendered through
/// `Document`, equals what the Debian `cmark-gfm` command prints with the same options.
@Suite struct CMarkCLIComparisonTests {
    /// The command-line spelling of ``RenderOptions/sitegen`` and ``Extension/sitegen``.
    static let cliArguments = ["--validate-utf8", "--table-prefer-style-attributes"]
        + Extension.sitegen.flatMap { ["-e", $0.rawValue] }

    static func markdownFiles() -> [URL] {
        var files: [URL] = []
        let roots = [TestPaths.corpus?.appendingPathComponent("docs"),
                     TestPaths.packageRoot.appendingPathComponent("content/docs")].compactMap { $0 }
        for root in roots {
            guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in enumerator where url.pathExtension == "md" {
                files.append(url)
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    @Test func sitegenOptionsMatchTheDocumentedChoice() {
        #expect(RenderOptions.sitegen == [.validateUTF8, .tablePreferStyleAttributes])
        #expect(!RenderOptions.sitegen.contains(.unsafe))
        #expect(Extension.sitegen == [.table, .autolink, .strikethrough, .tagfilter])
    }

    @Test(.enabled(if: TestPaths.corpus != nil, "\(TestPaths.corpusMissingMessage)"))
    func everyCorpusContentFileRendersLikeTheCLI() throws {
        let files = Self.markdownFiles()
        let contentFiles = files.filter { $0.lastPathComponent == "content.md" && $0.path.contains("/shared/corpus/") }
        #expect(contentFiles.count >= 45, "expected every corpus content.md, found \(contentFiles.count)")
        var mismatches: [String] = []
        for file in files {
            let data = try Data(contentsOf: file)
            let run = try ProgramRun.run("cmark-gfm", Self.cliArguments, input: data)
            try #require(run.status == 0, "cmark-gfm failed (is the Debian package cmark-gfm installed?): \(run.standardError)")
            let ours = Document(parsing: String(decoding: data, as: UTF8.self)).html()
            if ours != run.output {
                mismatches.append(file.path)
            }
        }
        #expect(mismatches.isEmpty, "differs from cmark-gfm: \(mismatches)")
    }
}
