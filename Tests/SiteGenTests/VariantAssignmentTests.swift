import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// The one-pass variant assignment, the README's variant files and the site's tag lookups,
/// checked against the rules as first written (kept here as references): every tag's six
/// candidates tried in turn, tags and entries searched linearly, every shared tag's entries
/// filtered from the whole list.
private enum Reference {
    static func match(_ resolver: VariantResolver, _ tag: String) -> VariantResolver.Match? {
        for candidate in VariantResolver.candidates(for: tag) {
            if let file = resolver.file(for: candidate) { return VariantResolver.Match(candidate: candidate, file: file) }
        }
        return nil
    }

    static func variants(_ resolver: VariantResolver, _ library: LibraryFile) -> [Variant] {
        var order: [String] = []
        var matches: [String: VariantResolver.Match] = [:]
        var tags: [String: [SiteGen.Tag]] = [:]
        var entries: [String: [Entry]] = [:]
        for entry in library.entries {
            for tag in entry.allTags {
                let match = match(resolver, tag.name)
                let name = match?.name ?? Variant.defaultName
                if tags[name] == nil { order.append(name) }
                if let match, matches[name] == nil { matches[name] = match }
                if !(tags[name] ?? []).contains(tag) { tags[name, default: []].append(tag) }
                if entries[name]?.last != entry { entries[name, default: []].append(entry) }
            }
        }
        let sorted = order.filter { $0 == Variant.defaultName } + order.filter { $0 != Variant.defaultName }
        return sorted.map { name in
            Variant(name: name, match: matches[name], tags: tags[name] ?? [], entries: entries[name] ?? [])
        }
    }

    /// The files the README's "Image Variants" section lists, in order.
    static func readmeVariantFiles(_ resolver: VariantResolver, _ library: LibraryFile) -> [VariantResolver.Match] {
        var included: Set<VariantResolver.Candidate> = []
        var files: [VariantResolver.Match] = []
        for tag in library.entries.flatMap(\.tags) {
            for candidate in VariantResolver.candidates(for: tag) {
                if included.contains(candidate) { break }
                guard let file = resolver.file(for: candidate) else { continue }
                included.insert(candidate)
                files.append(VariantResolver.Match(candidate: candidate, file: file))
                break
            }
        }
        return files
    }

    static func variantOfTag(_ variants: [Variant]) -> [String: String] {
        var result: [String: String] = [:]
        for variant in variants {
            for tag in variant.tags where result[tag.name] == nil { result[tag.name] = variant.name }
        }
        return result
    }

    static func uniqueTags(_ entries: [Entry]) -> [(tag: SiteGen.Tag, entries: [Entry])] {
        var result: [(tag: SiteGen.Tag, entries: [Entry])] = []
        var seen: Set<String> = []
        for entry in entries {
            for tag in entry.allTags where seen.insert(tag.name).inserted {
                result.append((tag, tag.kind == .shared ? entries.filter { $0.sharedTags.contains(tag.name) } : [entry]))
            }
        }
        return result
    }
}

private func docFiles(_ folder: String, _ texts: [String: String]) -> [String: DocFile] {
    texts.reduce(into: [:]) { $0[$1.key] = DocFile(path: folder + "/" + $1.key, text: $1.value) }
}

private let commit = "0123456789abcdef0123456789abcdef01234567"

private func entry(_ tags: [String], shared: [String] = [], line: Int) -> Entry {
    Entry(tags: tags, sharedTags: shared, architectures: [.amd64], gitRepo: "https://github.com/example/demo.git",
          gitFetch: "refs/heads/main", gitCommit: commit, directory: ".", file: "Dockerfile", line: line)
}

/// Entries no parser would accept, so built directly: a tag in two entries, a name simple in
/// one entry and shared in another (both ways round), a shared tag twice in one entry and in
/// entries far apart, non-ASCII and canonically equivalent names, a tag reaching several
/// files, `variant-default.md`, and two entries equal field for field.
private let awkwardEntries: [Entry] = [
    entry(["1.0-slim", "1-slim", "slim"], shared: ["1", "latest"], line: 3),
    entry(["1.0-alpine", "1-alpine", "1.0-slim"], shared: ["1", "latest", "slim"], line: 7),
    entry(["1.0-default", "x-default-debian", "1.0"], shared: ["latest", "latest", "alpine"], line: 11),
    entry(["2.0-\u{E9}-slim", "2-e\u{301}", "3-slim-bookworm"], shared: ["2", "1.0-slim", "1.0"], line: 15),
    entry(["3.0-K", "3.0-\u{212A}", "windowsservercore-ltsc2022"], shared: ["alpine", "3"], line: 19),
    entry(["4-slim", "4-alpine"], shared: ["latest"], line: 23),
    entry(["4-slim", "4-alpine"], shared: ["latest"], line: 23),
    entry(["5-bookworm"], shared: ["1", "5"], line: 27),
]

/// File sets for the resolver: ASCII names only (the byte path), and with names that are not
/// ASCII (every look-up then goes the general way).
private let fileSets: [(image: [String: String], helpers: [String: String])] = [
    (["variant-slim.md": "## image slim\n", "variant-default.md": "## a default file\n", "variant-bookworm.md": "",
      "variant-3-slim-bookworm.md": "## whole tag\n", "content.md": "x"],
     ["variant-alpine.md": "## alpine\n", "variant-slim.md": "## helper slim\n", "variant-windowsservercore.md": "## windows\n",
      "variant.md": "## Default\n", "variant-default-debian.md": "Debian: %%DEB-SUITES%%.\n"]),
    (["variant-slim.md": "## image slim\n", "variant-\u{212A}.md": "## kelvin\n", "variant-\u{E9}.md": "## e acute\n"],
     ["variant-alpine.md": "## alpine\n", "variant-e\u{301}-slim.md": "## decomposed\n", "variant-1.md": "## one\n"]),
    ([:], [:]),
]

private func resolver(_ files: (image: [String: String], helpers: [String: String]), name: String = "demo") -> VariantResolver {
    VariantResolver(image: ImageFolder(name: name, path: "docs/" + name, files: docFiles("docs/" + name, files.image), logo: nil, categories: []),
                    helpers: TemplateHelpers(path: "docs/.template-helpers", files: docFiles("docs/.template-helpers", files.helpers)))
}

/// Byte equality of variants (`==` on `String` would accept canonically equivalent names).
private func expectSameVariants(_ actual: [Variant], _ expected: [Variant], _ label: String,
                                sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual == expected, "\(label)", sourceLocation: sourceLocation)
    #expect(actual.map { Array($0.name.utf8) } == expected.map { Array($0.name.utf8) }, "\(label)", sourceLocation: sourceLocation)
    #expect(actual.map { $0.tags.map { Array($0.name.utf8) } } == expected.map { $0.tags.map { Array($0.name.utf8) } },
            "\(label)", sourceLocation: sourceLocation)
}

private func expectSameMatch(_ actual: VariantResolver.Match?, _ expected: VariantResolver.Match?, _ label: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual == expected, "\(label)", sourceLocation: sourceLocation)
    #expect(actual.map { Array($0.name.utf8) } == expected.map { Array($0.name.utf8) }, "\(label)", sourceLocation: sourceLocation)
}

@Suite struct VariantAssignmentTests {
    @Test func matchFollowsTheSixCandidates() {
        let tags = awkwardEntries.flatMap { $0.tags + $0.sharedTags }
            + ["", "-", "--", "a-", "-a", "slim-", "x--slim", "3-K", "K", "k", "\u{212A}", "2.0-e\u{301}-slim", "e\u{301}-slim"]
        for files in fileSets {
            let resolver = resolver(files)
            for tag in tags {
                expectSameMatch(resolver.match(for: tag), Reference.match(resolver, tag), "\(files) \(tag.debugDescription)")
            }
        }
    }

    @Test func variantsAreTheRulesVariants() {
        let libraries = [LibraryFile(name: "demo", path: "library/demo", maintainers: [], entries: awkwardEntries),
                         LibraryFile(name: "demo", path: "library/demo", maintainers: [], entries: Array(awkwardEntries.reversed())),
                         LibraryFile(name: "demo", path: "library/demo", maintainers: [], entries: [])]
        for files in fileSets {
            let resolver = resolver(files)
            for library in libraries {
                let expected = Reference.variants(resolver, library)
                let assignment = resolver.assign(library)
                expectSameVariants(assignment.variants, expected, "\(files)")
                expectSameVariants(resolver.variants(of: library), expected, "\(files)")
                let readmeFiles = Reference.readmeVariantFiles(resolver, library)
                #expect(assignment.simpleTagMatches == readmeFiles, "\(files)")
                #expect(assignment.simpleTagMatches.map { Array($0.name.utf8) } == readmeFiles.map { Array($0.name.utf8) })
                // The indexed `tags(of:)` agrees with the search it replaces, for entries of
                // this library and others.
                for variant in assignment.variants {
                    let linear = Variant(name: variant.name, match: variant.match, tags: variant.tags, entries: variant.entries)
                    for entry in awkwardEntries + [entry(["slim", "1"], shared: ["1.0-slim", "9"], line: 99)] {
                        #expect(variant.tags(of: entry) == linear.tags(of: entry), "\(variant.name) \(entry.tags)")
                    }
                }
            }
        }
    }

    @Test func aVariantDefaultFileJoinsTheDefaultVariant() throws {
        let library = LibraryFile(name: "demo", path: "library/demo", maintainers: [],
                                  entries: [entry(["1.0"], line: 3), entry(["1.0-default"], line: 5)])
        let variants = resolver(fileSets[0]).variants(of: library)
        #expect(variants.map(\.name) == ["default"])
        let only = try #require(variants.first)
        #expect(only.match?.file.text == "## a default file\n")
        #expect(only.tags.map(\.name) == ["1.0", "1.0-default"])
    }

    @Test func entriesEqualFieldForFieldAreListedOnce() throws {
        let library = LibraryFile(name: "demo", path: "library/demo", maintainers: [], entries: Array(awkwardEntries[5...6]))
        let variants = resolver(fileSets[0]).variants(of: library)
        #expect(variants.map(\.entries.count) == [1, 1, 1])
    }

    @Test func siteLookupsMatchTheRule() throws {
        let helpers: [String: String] = [
            "autogenerated-warning.md": "<!-- generated -->\n", "template.md": "%%TAGS%%\n\n%%VARIANT%%\n", "issues.md": "Issues.\n",
            "get-help.md": "Help.\n", "variant.md": "## Default\n", "license-common.md": "License.\n",
            "variant-default-debian.md": "Debian: %%DEB-SUITES%%.\n", "variant-default-ubuntu.md": "Ubuntu: %%DEB-SUITES%%.\n",
        ]
        let imageFiles = ["github-repo": "https://github.com/example/demo\n", "maintainer.md": "Me.\n", "content.md": "Demo.\n"]
        for files in fileSets {
            let resolver = resolver((files.image.merging(imageFiles) { $1 }, files.helpers.merging(helpers) { $1 }))
            let library = LibraryFile(name: "demo", path: "library/demo", maintainers: [], entries: awkwardEntries)
            let inputs = HubReadme.Inputs(helpers: resolver.helpers, suites: DistributionSuites(debian: ["bookworm"], ubuntu: ["noble"]))
            let site = try ImageSite(image: Image(folder: resolver.image, library: library), inputs: inputs)
            try expectSiteMatchesTheRule(site, resolver: resolver, inputs: inputs)
        }
    }

    /// Every image of the corpus: the same variants, README, lookups and tag rows as the rule.
    @Test(.enabled(if: TestPaths.corpus != nil, "\(TestPaths.corpusMissingMessage)"))
    func corpusSitesMatchTheRule() throws {
        let corpus = try #require(TestPaths.corpus)
        let loader = CatalogLoader(docsPath: corpus.appendingPathComponent("docs").path,
                                   libraryPath: corpus.appendingPathComponent("library").path,
                                   logoCommitsPath: corpus.appendingPathComponent("logo-commits.tsv").path,
                                   buildpackDepsImagesPath: corpus.appendingPathComponent("buildpack-deps-images.txt").path)
        let catalog = try #require(loader.load().catalog)
        #expect(!catalog.images.isEmpty)
        for image in catalog.images {
            let site = try ImageSite(image: image, inputs: catalog.readmeInputs)
            let resolver = VariantResolver(image: image.folder, helpers: catalog.readmeInputs.helpers)
            try expectSiteMatchesTheRule(site, resolver: resolver, inputs: catalog.readmeInputs)
        }
    }

    private func expectSiteMatchesTheRule(_ site: ImageSite, resolver: VariantResolver, inputs: HubReadme.Inputs,
                                          sourceLocation: SourceLocation = #_sourceLocation) throws {
        let library = site.image.library
        let variants = Reference.variants(resolver, library)
        expectSameVariants(site.variants, variants, site.name, sourceLocation: sourceLocation)
        // The README made from the site's one pass is the one `sitegen readme` makes alone.
        let readme = try HubReadme.render(image: site.image.folder, library: library, inputs: inputs)
        #expect(Array(HubReadme.render(site, helpers: inputs.helpers).utf8) == Array(readme.utf8), "\(site.name)",
                sourceLocation: sourceLocation)
        let defaultText = HubReadme.defaultVariantText(image: site.image.folder, library: library, inputs: inputs)
        #expect(Array(site.defaultVariantText.utf8) == Array(defaultText.utf8), sourceLocation: sourceLocation)
        // Tag → variant and variant page, for every tag and for names the image lacks.
        let names = Reference.variantOfTag(variants)
        for tag in library.entries.flatMap({ $0.tags + $0.sharedTags }) + ["no-such-tag", ""] {
            #expect(site.variantOfTag[tag].map { Array($0.utf8) } == names[tag].map { Array($0.utf8) },
                    "\(site.name) \(tag)", sourceLocation: sourceLocation)
            #expect(site.variantPage(ofTag: tag) == SitePaths.variant(site.name, names[tag] ?? Variant.defaultName),
                    "\(site.name) \(tag)", sourceLocation: sourceLocation)
        }
        let rows = site.uniqueTags()
        let expectedRows = Reference.uniqueTags(library.entries)
        #expect(rows.map(\.tag) == expectedRows.map(\.tag), "\(site.name)", sourceLocation: sourceLocation)
        #expect(rows.map(\.entries) == expectedRows.map(\.entries), "\(site.name)", sourceLocation: sourceLocation)
        for variant in site.variants {
            for entry in variant.entries {
                #expect(variant.tags(of: entry) == entry.allTags.filter { variant.tags.contains($0) },
                        "\(site.name) \(variant.name)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func missingFilesOfTheDefaultTextAreReportedAsBefore() throws {
        // No variant.md and no Debian paragraph: the README reports both, after the
        // template's own missing file, whether the site or `sitegen readme` renders it.
        let helpers = TemplateHelpers(path: "docs/.template-helpers", files: docFiles("docs/.template-helpers", [
            "autogenerated-warning.md": "w\n", "issues.md": "i\n", "get-help.md": "g\n", "variant-slim.md": "## slim\n",
        ]))
        let folder = ImageFolder(name: "demo", path: "docs/demo", files: docFiles("docs/demo", [
            "github-repo": "https://github.com/example/demo\n", "maintainer.md": "m\n", "content.md": "c\n",
        ]), logo: nil, categories: [])
        let library = LibraryFile(name: "demo", path: "library/demo", maintainers: [],
                                  entries: [entry(["1-bookworm", "1-slim"], line: 3)])
        let inputs = HubReadme.Inputs(helpers: helpers, suites: DistributionSuites(debian: ["bookworm"], ubuntu: []))
        var alone: [Diagnostic] = []
        do { _ = try HubReadme.render(image: folder, library: library, inputs: inputs) } catch { alone = error.diagnostics }
        var site: [Diagnostic] = []
        do { _ = try ImageSite(image: Image(folder: folder, library: library), inputs: inputs) } catch { site = error.diagnostics }
        #expect(alone.map { $0.file ?? "" } == ["docs/.template-helpers/template.md", "docs/.template-helpers/variant.md",
                                      "docs/.template-helpers/variant-default-debian.md"])
        #expect(site == alone)
    }
}
