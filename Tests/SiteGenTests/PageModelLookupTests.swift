import Foundation
import Mustache
import Testing
import TestSupport
@testable import SiteGen

/// Page models answer templates through hand-written `MustacheParent` switches (see
/// PageModel+Mustache.swift), not through Mirror. These tests walk every page model of the
/// demo site with Mirror and check that each stored property resolves by name to the same
/// value, so a property added to a model but not to its switch fails here, not in a page.
@Suite struct PageModelLookupTests {
    static func renderer() throws -> SiteRenderer {
        let builder = SiteBuilder(options: SiteBuildTests.options(output: URL(fileURLWithPath: "/nonexistent/site")))
        var diagnostics: [Diagnostic] = []
        let (catalog, theme) = try #require(builder.load(&diagnostics, checkingOutput: false))
        var sites = try #require(builder.model(catalog, nil, RegistryDataTests.demoData(), &diagnostics))
        // A history for the first image and a retired image, so that the history pages, the
        // "Changed" dates and the catalog's retired images are walked too.
        let history = Self.history(of: sites[0])
        sites[0].libraryHistory = history
        return SiteRenderer(catalog: catalog, theme: theme, settings: SiteSettings(baseURL: "https://docs.example.org/"),
                            sites: sites, assets: AssetNames(assets: theme.assets), history: history,
                            commitLinks: "https://github.com/example/library/commit/")
    }

    static func history(of site: ImageSite) -> History {
        let first = HistoryCommit(id: String(repeating: "a", count: 40), time: 1_600_000_000, subject: "Add \(site.name)")
        let second = HistoryCommit(id: String(repeating: "b", count: 40), time: 1_700_000_000, subject: "Update \(site.name) (#2)")
        let definition = TagDefinition(gitRepo: "https://github.com/example/x.git", gitCommit: String(repeating: "c", count: 40),
                                       directory: "1/old", file: "Dockerfile", architectures: ["amd64"])
        let tags = site.image.entries.flatMap(\.tags).map {
            TagHistory(name: $0, firstSeen: first, changes: [second], retired: nil, lastDefinition: definition)
        } + [TagHistory(name: "0.9", firstSeen: first, changes: [], retired: second, lastDefinition: definition)]
        let landings = [Landing(commit: second, added: [], updated: Array(site.image.entries.flatMap(\.tags).prefix(2)), retired: ["0.9"],
                                architecturesAdded: ["arm64v8"], architecturesRemoved: []),
                        Landing(commit: first, added: ["0.9"], updated: [], retired: [], architecturesAdded: ["amd64"], architecturesRemoved: [])]
        let retired = ImageHistory(name: "oldimage", tags: [TagHistory(name: "1", firstSeen: first, changes: [], retired: second, lastDefinition: definition)],
                                   landings: [Landing(commit: second, added: [], updated: [], retired: ["1"], architecturesAdded: [], architecturesRemoved: ["amd64"])],
                                   deleted: second)
        return History(tip: second, shallowBoundary: first,
                       images: [site.name: ImageHistory(name: site.name, tags: tags, landings: landings, deleted: nil), "oldimage": retired])
    }

    /// Every labelled child of `value` (recursively through arrays, optionals and nested
    /// models) as `MustacheParent` reports it; returns how many properties were checked.
    @discardableResult
    static func check(_ value: Any, path: String) -> Int {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { check($0.value, path: path) } ?? 0
        case .collection:
            return mirror.children.enumerated().reduce(0) { $0 + check($1.element.value, path: "\(path)[\($1.offset)]") }
        case .struct:
            guard String(reflecting: type(of: value)).contains("PageModel") else { return 0 }
            let parent = value as? MustacheParent
            #expect(parent != nil, "\(path): \(type(of: value)) does not answer templates by name")
            var checked = 0
            for child in mirror.children {
                guard let label = child.label else { continue }
                let expected = unwrapped(child.value)
                let answered = parent?.child(named: label)
                #expect(answered.map { String(describing: $0) } == expected.map { String(describing: $0) },
                        "\(path).\(label) resolves differently by name than by reflection")
                checked += 1 + check(child.value, path: "\(path).\(label)")
            }
            #expect(parent?.child(named: "noSuchProperty") == nil)
            return checked
        default:
            return 0
        }
    }

    static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }

    @Test func everyPropertyOfEveryPageModelResolvesByName() throws {
        let renderer = try Self.renderer()
        var checked = 0
        for site in renderer.sites {
            checked += Self.check(renderer.imagePageAndHeadings(site).page, path: "\(site.name) image")
            checked += Self.check(renderer.imageTagsPage(site), path: "\(site.name) tags")
            for variant in site.variants {
                checked += Self.check(renderer.variantPage(site, variant), path: "\(site.name) \(variant.name)")
            }
        }
        checked += Self.check(renderer.catalogPage(), path: "catalog")
        checked += Self.check(renderer.tagIndexPage(), path: "tag index")
        checked += Self.check(renderer.categoriesPage(), path: "categories")
        checked += Self.check(renderer.architecturesPage(), path: "architectures")
        checked += Self.check(renderer.searchPage(), path: "search")
        checked += Self.check(renderer.notFoundPage(), path: "404")
        for site in renderer.sites {
            guard let history = site.history else { continue }
            checked += Self.check(renderer.historyPage(history, site: site, number: 1, of: 1), path: "\(site.name) history")
        }
        let retired = try #require(renderer.history?.images["oldimage"])
        checked += Self.check(renderer.historyPage(retired, site: nil, number: 2, of: 3), path: "oldimage history")
        // The registry lines, rendered apart from the pages' models (RegistryCells): a Windows
        // build's, with an architecture its record lacks.
        let lumen = try #require(renderer.sites.first { $0.name == "lumen" })
        let windows = try #require(lumen.image.entries.first { $0.architectures.contains(Architecture("windows-amd64")) })
        let registry = try #require(lumen.registry)
        let number = try #require(registry.recordNumber(ofTag: windows.firstTag))
        let lines = renderer.registryPlatforms(registry.records[number].record, digest: registry.records[number].digest, number: number,
                                               architectures: windows.architectures + [Architecture("s390x")],
                                               rootPrefix: SitePaths.rootPrefix(depth: SitePaths.depth(of: SitePaths.imageTags("lumen"))),
                                               cells: RegistryCells())
        #expect(lines.platforms.contains { $0.osVersion != nil } && lines.platforms.contains { $0.size == nil })
        checked += Self.check(lines, path: "lumen registry lines")
        // The demo site has thousands of values; a walk that checked few found no models.
        #expect(checked > 1_000)
    }
}
