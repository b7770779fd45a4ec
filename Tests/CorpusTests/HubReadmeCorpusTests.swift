import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// Fidelity on real data: for every image of the corpus snapshot, our README is byte for byte
/// the README.md that docker-library's update.sh generated from the same inputs.
@Suite(.enabled(if: TestPaths.corpus != nil, "\(TestPaths.corpusMissingMessage)"))
struct HubReadmeCorpusTests {
    static func loader() throws -> CatalogLoader {
        let corpus = try #require(TestPaths.corpus)
        return CatalogLoader(docsPath: corpus.appendingPathComponent("docs").path,
                             libraryPath: corpus.appendingPathComponent("library").path,
                             logoCommitsPath: corpus.appendingPathComponent("logo-commits.tsv").path,
                             buildpackDepsImagesPath: corpus.appendingPathComponent("buildpack-deps-images.txt").path)
    }

    /// The first line where two texts differ, for a readable failure.
    static func firstDifference(_ ours: String, _ expected: String) -> String {
        let a = ours.split(separator: "\n", omittingEmptySubsequences: false)
        let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? String(a[index]) : "<end of file>"
            let right = index < b.count ? String(b[index]) : "<end of file>"
            if left != right {
                return "line \(index + 1):\n    ours:     \(left.prefix(200))\n    expected: \(right.prefix(200))"
            }
        }
        return "same lines, different bytes"
    }

    @Test func everyImageReadmeIsByteIdentical() throws {
        let corpus = try #require(TestPaths.corpus)
        let names = TestPaths.corpusImages()
        #expect(names.count == 45, "the snapshot has 45 images with content.md, found \(names.count)")

        let (catalog, diagnostics) = try Self.loader().load()
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let loaded = try #require(catalog)
        #expect(loaded.images.map(\.name) == names)

        var mismatches: [String] = []
        for image in loaded.images {
            let expected = try String(contentsOf: corpus.appendingPathComponent("docs/\(image.name)/README.md"), encoding: .utf8)
            let ours = try HubReadme.render(image, in: loaded)
            if ours != expected {
                mismatches.append("\(image.name): \(Self.firstDifference(ours, expected))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(loaded.images.count) READMEs differ:\n\(mismatches.joined(separator: "\n"))")
    }

    @Test func everyCorpusLibraryFileParsesWithoutErrors() throws {
        let corpus = try #require(TestPaths.corpus)
        let library = LibraryDirectory(path: corpus.appendingPathComponent("library").path)
        let names = library.fileNames
        #expect(names.count == 144)
        var errors: [Diagnostic] = []
        var entries = 0
        for name in names {
            let (file, diagnostics) = library.file(named: name)
            errors += diagnostics.filter { $0.severity == .error }
            entries += file?.entries.count ?? 0
        }
        #expect(errors.isEmpty, "\(errors)")
        #expect(entries == 2121, "the snapshot has 2,121 entries, parsed \(entries)")
    }

    @Test func snapshotSuitesMatchTheSnapshot() throws {
        let corpus = try #require(TestPaths.corpus)
        let library = LibraryDirectory(path: corpus.appendingPathComponent("library").path)
        let suites = DistributionSuites(debianLibrary: library.file(named: "debian").file,
                                        ubuntuLibrary: library.file(named: "ubuntu").file)
        #expect(Set(suites.debian) == ["bookworm", "bullseye", "forky", "rc-buggy", "sid", "trixie"])
        #expect(Set(suites.ubuntu) == ["jammy", "noble", "resolute", "rolling", "stonking"])
    }

    @Test func folderWithoutContentIsNotAnImage() throws {
        let corpus = try #require(TestPaths.corpus)
        let (tree, _) = DocsTree.open(corpus.appendingPathComponent("docs").path)
        let docs = try #require(tree)
        #expect(docs.foldersWithoutContent == ["scratch"])
        #expect(!docs.imageNames.contains("scratch"))
    }
}
