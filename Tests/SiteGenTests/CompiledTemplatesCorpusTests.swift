import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// Every page of the corpus site, rendered by the compiled templates and by swift-mustache,
/// is the same text.
@Suite(.enabled(if: TestPaths.corpus != nil, "\(TestPaths.corpusMissingMessage)"))
struct CompiledTemplatesCorpusTests {
    @Test func everyCorpusPageRendersAlike() throws {
        let corpus = try #require(TestPaths.corpus)
        let loader = CatalogLoader(docsPath: corpus.appendingPathComponent("docs").path,
                                   libraryPath: corpus.appendingPathComponent("library").path,
                                   logoCommitsPath: corpus.appendingPathComponent("logo-commits.tsv").path,
                                   buildpackDepsImagesPath: corpus.appendingPathComponent("buildpack-deps-images.txt").path)
        let (catalog, _) = loader.load()
        let loaded = try #require(catalog)
        let theme = try #require(Theme.load().theme)
        #expect(theme.compiled != nil, "the default theme is not compiled")
        let sites = try loaded.images.map { image in try ImageSite(image: image, inputs: loaded.readmeInputs) }
        #expect(sites.count == loaded.images.count)
        let compiled = SiteRenderer(catalog: loaded, theme: theme, settings: SiteSettings(baseURL: "https://docs.example.org/"),
                                    sites: sites, assets: AssetNames(assets: theme.assets))
        let reference = SiteRenderer(catalog: loaded, theme: theme.withoutCompiledTemplates(), settings: compiled.settings,
                                     sites: sites, assets: compiled.assets)
        let (pages, different) = CompiledTemplatesTests.compare(compiled, reference)
        #expect(pages > 200, "only \(pages) pages")
        #expect(different.isEmpty, "\(different.count) pages differ: \(different.prefix(10))")
    }
}
