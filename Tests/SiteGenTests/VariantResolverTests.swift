import Testing
@testable import SiteGen

private func imageFolder(_ files: [String: String]) -> ImageFolder {
    ImageFolder(name: "demo", path: "docs/demo",
                files: files.reduce(into: [:]) { $0[$1.key] = DocFile(path: "docs/demo/" + $1.key, text: $1.value) },
                logo: nil, categories: [])
}

private func helpers(_ files: [String: String]) -> TemplateHelpers {
    TemplateHelpers(path: "docs/.template-helpers",
                    files: files.reduce(into: [:]) { $0[$1.key] = DocFile(path: "docs/.template-helpers/" + $1.key, text: $1.value) })
}

private func candidate(_ name: String, _ origin: VariantResolver.Origin) -> VariantResolver.Candidate {
    VariantResolver.Candidate(name: name, origin: origin)
}

@Suite("VariantResolver")
struct VariantResolverTests {
    @Test("candidates: full tag, last dash part, the part before it; image folder before helpers")
    func candidateOrder() {
        let tag = "3.13-windowsservercore-ltsc2022"
        #expect(VariantResolver.candidates(for: tag) == [
            candidate("3.13-windowsservercore-ltsc2022", .image),
            candidate("ltsc2022", .image),
            candidate("windowsservercore", .image),
            candidate("3.13-windowsservercore-ltsc2022", .helpers),
            candidate("ltsc2022", .helpers),
            candidate("windowsservercore", .helpers),
        ])
        #expect(VariantResolver.candidates(for: tag).map(\.fileName) == [
            "variant-3.13-windowsservercore-ltsc2022.md", "variant-ltsc2022.md", "variant-windowsservercore.md",
            "variant-3.13-windowsservercore-ltsc2022.md", "variant-ltsc2022.md", "variant-windowsservercore.md",
        ])
    }

    @Test("a tag with one dash: the tag, the part after the dash, the part before it")
    func oneDash() {
        #expect(VariantResolver.candidateNames(for: "3.13-slim") == ["3.13-slim", "slim", "3.13"])
    }

    @Test("a tag without a dash yields itself three times")
    func noDash() {
        #expect(VariantResolver.candidateNames(for: "alpine") == ["alpine", "alpine", "alpine"])
        #expect(VariantResolver.candidates(for: "alpine") == [
            candidate("alpine", .image), candidate("alpine", .image), candidate("alpine", .image),
            candidate("alpine", .helpers), candidate("alpine", .helpers), candidate("alpine", .helpers),
        ])
    }

    @Test("2.7.15-windowsservercore-1803: the second-to-last part is windowsservercore")
    func penultimatePart() {
        #expect(VariantResolver.candidateNames(for: "2.7.15-windowsservercore-1803")
            == ["2.7.15-windowsservercore-1803", "1803", "windowsservercore"])
        let resolver = VariantResolver(image: imageFolder([:]),
                                       helpers: helpers(["variant-windowsservercore.md": "## windows\n"]))
        let match = resolver.match(for: "2.7.15-windowsservercore-1803")
        #expect(match?.name == "windowsservercore")
        #expect(match?.candidate.origin == .helpers)
        #expect(match?.file.text == "## windows\n")
    }

    @Test("the image folder's file wins over the helpers' file of the same name")
    func imageWinsOverHelpers() {
        let resolver = VariantResolver(image: imageFolder(["variant-slim.md": "image slim\n"]),
                                       helpers: helpers(["variant-slim.md": "helper slim\n"]))
        let match = resolver.match(for: "3.13-slim")
        #expect(match?.candidate == candidate("slim", .image))
        #expect(match?.file.text == "image slim\n")
        #expect(match?.file.path == "docs/demo/variant-slim.md")
    }

    @Test("any image candidate wins over a more specific helpers candidate")
    func imageFolderBeforeHelpers() {
        let resolver = VariantResolver(image: imageFolder(["variant-alpine.md": "image alpine"]),
                                       helpers: helpers(["variant-3-alpine.md": "helper 3-alpine"]))
        #expect(resolver.match(for: "3-alpine")?.candidate == candidate("alpine", .image))
    }

    @Test("within one folder the whole tag wins over its parts, and the last part over the one before")
    func specificFirst() {
        let resolver = VariantResolver(
            image: imageFolder(["variant-3-slim-bookworm.md": "whole", "variant-bookworm.md": "last", "variant-slim.md": "penultimate"]),
            helpers: helpers([:]))
        #expect(resolver.match(for: "3-slim-bookworm")?.name == "3-slim-bookworm")
        #expect(resolver.match(for: "4-slim-bookworm")?.name == "bookworm")
        #expect(resolver.match(for: "4-slim-trixie")?.name == "slim")
    }

    @Test("no file for any candidate: the tag is the default variant")
    func noMatch() {
        let resolver = VariantResolver(image: imageFolder(["variant-alpine.md": "a"]), helpers: helpers(["variant-slim.md": "s"]))
        #expect(resolver.match(for: "3.13") == nil)
        #expect(resolver.match(for: "latest") == nil)
        // Only whole dash parts count.
        #expect(resolver.match(for: "3.13-alpine3.20") == nil)
    }

    @Test("an empty file is a match, marked isEmpty")
    func emptyFile() {
        let resolver = VariantResolver(image: imageFolder(["variant-slim.md": ""]),
                                       helpers: helpers(["variant-slim.md": "helper slim\n"]))
        let match = resolver.match(for: "3.13-slim")
        #expect(match != nil)
        #expect(match?.isEmpty == true)
        #expect(match?.candidate.origin == .image)

        let nonEmpty = VariantResolver(image: imageFolder(["variant-slim.md": "\n"]), helpers: helpers([:])).match(for: "slim")
        #expect(nonEmpty?.isEmpty == false)
    }

    @Test("file(for:) looks in the candidate's own place only")
    func fileForCandidate() {
        let resolver = VariantResolver(image: imageFolder(["variant-a.md": "image"]), helpers: helpers(["variant-b.md": "helper"]))
        #expect(resolver.file(for: candidate("a", .image))?.text == "image")
        #expect(resolver.file(for: candidate("a", .helpers)) == nil)
        #expect(resolver.file(for: candidate("b", .helpers))?.text == "helper")
        #expect(resolver.file(for: candidate("b", .image)) == nil)
    }
}
