import Testing
@testable import SiteGen

@Suite struct VariantTests {
    private static let library = """
        GitRepo: https://github.com/docker-library/python.git
        GitCommit: 228f71e70a42ba9f9a092321b971031603bb88ff

        Tags: 3.14.7-trixie, 3.14-trixie, trixie
        SharedTags: 3.14, latest
        Architectures: amd64, arm64v8

        Tags: 3.14.7-slim-trixie, 3.14-slim, slim
        Architectures: amd64, arm64v8

        Tags: 3.14.7-alpine3.22, 3.14-alpine
        Architectures: amd64

        Tags: 3.14.7-windowsservercore-ltsc2022
        SharedTags: 3.14-windowsservercore, 3.14, latest
        Architectures: windows-amd64
        """

    private static func resolver(imageFiles: [String: String], helperFiles: [String: String]) -> VariantResolver {
        let image = ImageFolder(name: "python", path: "docs/python",
                                files: imageFiles.mapValues { DocFile(path: "docs/python/x", text: $0) },
                                logo: nil, categories: [])
        let helpers = TemplateHelpers(path: "docs/.template-helpers",
                                      files: helperFiles.mapValues { DocFile(path: "docs/.template-helpers/x", text: $0) })
        return VariantResolver(image: image, helpers: helpers)
    }

    private static func parsed() throws -> LibraryFile {
        try #require(LibraryFile.parse(library, name: "python", path: "library/python").file)
    }

    @Test func everyTagIsAssignedToExactlyOneVariant() throws {
        let library = try Self.parsed()
        let variants = Self.resolver(imageFiles: ["variant-slim.md": "## slim\n"],
                                     helperFiles: ["variant-alpine.md": "## alpine\n", "variant-windowsservercore.md": ""])
            .variants(of: library)
        #expect(variants.map(\.name) == ["default", "slim", "alpine", "windowsservercore"])
        let assigned = variants.flatMap(\.tags)
        let all = library.entries.flatMap(\.allTags)
        #expect(Set(assigned) == Set(all))
        #expect(assigned.count == Set(all).count, "a tag landed in two variants")
    }

    @Test func sharedTagsFollowTheRuleToo() throws {
        let library = try Self.parsed()
        let variants = Self.resolver(imageFiles: [:], helperFiles: ["variant-windowsservercore.md": "## windows\n"])
            .variants(of: library)
        let windows = try #require(variants.first { $0.name == "windowsservercore" })
        #expect(windows.tags == [Tag("3.14.7-windowsservercore-ltsc2022", kind: .simple),
                                 Tag("3.14-windowsservercore", kind: .shared)])
        let defaults = try #require(variants.first { $0.isDefault })
        // `3.14` and `latest` name no variant file, so they are the default variant's, and the
        // Windows entry is listed there for them.
        #expect(defaults.tags.contains(Tag("latest", kind: .shared)))
        #expect(defaults.entries.map(\.firstTag).contains("3.14.7-windowsservercore-ltsc2022"))
        #expect(defaults.tags(of: library.entries[3]) == [Tag("3.14", kind: .shared), Tag("latest", kind: .shared)])
    }

    @Test func imageFileNamesTheVariantBeforeHelpers() throws {
        let variants = Self.resolver(imageFiles: ["variant-alpine.md": "ours\n"], helperFiles: ["variant-alpine.md": "shared\n"])
            .variants(of: try Self.parsed())
        let alpine = try #require(variants.first { $0.name == "alpine" })
        #expect(alpine.match?.candidate.origin == .image)
        #expect(alpine.match?.file.text == "ours\n")
        #expect(alpine.entries.map(\.firstTag) == ["3.14.7-alpine3.22"])
    }

    @Test func emptyVariantFileStillMakesAVariant() throws {
        let variants = Self.resolver(imageFiles: ["variant-slim.md": ""], helperFiles: [:]).variants(of: try Self.parsed())
        let slim = try #require(variants.first { $0.name == "slim" })
        #expect(slim.match?.isEmpty == true)
        #expect(slim.tags.map(\.name) == ["3.14.7-slim-trixie", "3.14-slim", "slim"])
    }

    @Test func noVariantFilesMeansOneDefaultVariant() throws {
        let library = try Self.parsed()
        let variants = Self.resolver(imageFiles: [:], helperFiles: [:]).variants(of: library)
        #expect(variants.map(\.name) == ["default"])
        #expect(variants.first?.entries == library.entries)
    }
}
