import Foundation
@testable import SiteGenServer
import Testing

@Suite struct SiteFileResolverTests {
    @Test func rootAndFoldersResolveToTheirIndex() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let resolver = SiteFileResolver(root: site.path)
        let real = try #require(SiteFileResolver.realPath(site.path))
        #expect(resolver.resolve("/") == .file(real + "/index.html"))
        #expect(resolver.resolve("/lumen/") == .file(real + "/lumen/index.html"))
        #expect(resolver.resolve("/lumen") == .redirect("/lumen/"))
        #expect(resolver.resolve("/lumen/README.md") == .file(real + "/lumen/README.md"))
        #expect(resolver.resolve("//lumen//README.md") == .file(real + "/lumen/README.md"))
    }

    @Test func missesAndHiddenFilesAreNotFound() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let resolver = SiteFileResolver(root: site.path)
        #expect(resolver.resolve("/nothing-here") == .notFound)
        #expect(resolver.resolve("/assets/") == .notFound, "a folder without index.html is no page")
        #expect(resolver.resolve("/index.html/") == .notFound)
        #expect(resolver.resolve("/.sitegen-site") == .notFound)
        #expect(resolver.resolve("/%2esitegen-site") == .notFound)
    }

    @Test(arguments: ["/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/etc/passwd", "/a%2f..%2f..%2fetc",
                      "/..%5c..%5cetc", "/lumen/..", "/./index.html", "/a\\b", "/x%00.html", "/%zz", "relative"])
    func traversalAndTrickPathsAreRefused(path: String) throws {
        let site = try SiteFixture()
        defer { site.remove() }
        guard case .badRequest = SiteFileResolver(root: site.path).resolve(path) else {
            Issue.record("\(path) was not refused: \(SiteFileResolver(root: site.path).resolve(path))")
            return
        }
    }

    @Test func linksLeavingTheSiteAreMisses() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let resolver = SiteFileResolver(root: site.path)
        #expect(resolver.resolve("/etc-link/passwd") == .notFound)
        #expect(resolver.resolve("/etc-link/") == .notFound)
        #expect(resolver.resolve("/etc-link") == .notFound)
        #expect(resolver.resolve("/passwd-link") == .notFound)
        let real = try #require(SiteFileResolver.realPath(site.path))
        #expect(resolver.resolve("/home") == .file(real + "/index.html"), "a link that stays inside the site is followed")
    }

    @Test func aSiteRootReachedThroughALinkStillServes() throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let link = site.root.deletingLastPathComponent().appendingPathComponent("linked-site").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: site.path)
        let real = try #require(SiteFileResolver.realPath(site.path))
        #expect(SiteFileResolver(root: link).resolve("/lumen/") == .file(real + "/lumen/index.html"))
        #expect(SiteFileResolver(root: link).resolve("/etc-link/passwd") == .notFound)
    }

    @Test func aMissingSiteServesNothing() {
        #expect(SiteFileResolver(root: "/nonexistent/sitegen-site").resolve("/") == .notFound)
    }
}
