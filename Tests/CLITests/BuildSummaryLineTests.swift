import Foundation
import Testing
import TestSupport

/// The line `sitegen build` ends with: what the build did, so a reader of a CI log or a
/// terminal sees that an edit redid one image and carried the rest of the site over.
@Suite struct BuildSummaryLineTests {
    @Test func coldNoOpAndEditBuildsSayWhatTheyDid() throws {
        let content = try ReadmeCommandTests.writableCopy(of: TestPaths.packageRoot.appendingPathComponent("content"), label: "summary-line")
        let folder = content.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: TestPaths.packageRoot.appendingPathComponent("sitegen.yml"),
                                         to: folder.appendingPathComponent("sitegen.yml"))
        func build() throws -> String {
            let run = try ProgramRun.run(TestPaths.sitegen, ["build"], in: folder)
            try #require(run.status == 0, "\(run.standardError)")
            return run.standardError
        }
        let cold = try build()
        #expect(cold.contains(/^built \d+ pages for \d+ images \(\d+ files, [\d.]+ [kMG]?B, \d+ written\) in [\d.]+ s → site\/index\.html\n$/),
                "\(cold)")
        #expect(!cold.contains("re-rendered"), "a cold build redoes every image: naming them says nothing")
        // A cold build of files copied a moment ago keeps no record of them (their change
        // times are within `InputStatCache.settledMargin`), so this one renders every image
        // again, writes nothing, and records them: the edit below re-renders one image.
        let again = try build()
        #expect(again.contains(/\(\d+ files, [\d.]+ [kMG]?B, nothing changed\)/), "\(again)")

        let page = content.appendingPathComponent("docs/lumen/content.md")
        try (try String(contentsOf: page, encoding: .utf8) + "\nOne more line.\n").write(to: page, atomically: true, encoding: .utf8)
        let edited = try build()
        #expect(edited.contains(/\(\d+ files, [\d.]+ [kMG]?B, lumen re-rendered, \d+ written\)/), "\(edited)")
    }
}
