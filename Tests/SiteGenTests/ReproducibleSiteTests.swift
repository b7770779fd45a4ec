import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// The same inputs give the same site wherever they sit on the build machine, and no page
/// names a path of that machine.
@Suite struct ReproducibleSiteTests {
    /// Builds a copy of `source` (a folder with `docs/` and `library/`) at two absolute paths of
    /// different names and depths, and compares the sites byte for byte.
    static func buildTwice(_ source: URL, extra: (URL) -> (logoCommits: String?, buildpackDeps: String?)) async throws {
        let first = try TestPaths.temporaryFolder("repro-a")
        let second = try TestPaths.temporaryFolder("repro-b").appendingPathComponent("deeper/still")
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second.deletingLastPathComponent().deletingLastPathComponent())
        }
        var sites: [[String: Data]] = []
        for root in [first, second] {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try #require(try ProgramRun.run("cp", ["-R", source.path, root.appendingPathComponent("in").path]).status == 0)
            let input = root.appendingPathComponent("in")
            let sides = extra(input)
            var options = SiteBuilder.Options(
                loader: CatalogLoader(docsPath: input.appendingPathComponent("docs").path,
                                      libraryPath: input.appendingPathComponent("library").path,
                                      logoCommitsPath: sides.logoCommits, buildpackDepsImagesPath: sides.buildpackDeps,
                                      fallbackHelpers: Theme.load().theme?.defaultHelpers),
                output: root.appendingPathComponent("site").path,
                settings: SiteSettings(title: "Images", baseURL: "https://docs.example.org/"))
            options.jobs = 2
            let report = await SiteBuilder(options: options).build()
            try #require(report.succeeded, "\(report.diagnostics.filter { $0.severity == .error })")
            let bookkeeping: Set<String> = [Manifest.fileName, InputStatCache.fileName]
            let files = try SiteBuildTests.files(in: root.appendingPathComponent("site")).filter { !bookkeeping.contains($0.key) }
            for (path, bytes) in files {
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(!text.contains(root.path),
                        "\(path) names a path of the build machine")
            }
            sites.append(files)
        }
        #expect(sites[0].keys.sorted() == sites[1].keys.sorted())
        #expect(sites[0].filter { sites[1][$0.key] != $0.value }.keys.sorted() == [], "files differ between the two folders")
    }

    @Test func demoBuiltFromTwoFoldersIsTheSameSite() async throws {
        try await Self.buildTwice(SiteBuildTests.content) { input in
            (nil, input.appendingPathComponent("buildpack-deps-images.txt").path)
        }
    }

    @Test(.enabled(if: TestPaths.corpus != nil, "\(TestPaths.corpusMissingMessage)"))
    func corpusBuiltFromTwoFoldersIsTheSameSite() async throws {
        try await Self.buildTwice(try #require(TestPaths.corpus)) { input in
            (input.appendingPathComponent("logo-commits.tsv").path, input.appendingPathComponent("buildpack-deps-images.txt").path)
        }
    }
}
