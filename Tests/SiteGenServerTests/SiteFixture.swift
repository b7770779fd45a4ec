import Foundation
import TestSupport

/// A small built site in a temporary folder, with the traps a server must not fall into: a
/// link to /etc, a link to /etc/passwd, a dot-file, and a link that stays inside the site.
struct SiteFixture {
    let root: URL

    static let index = "<!DOCTYPE html>\n<html><head><title>Catalog</title></head><body><h1>Catalog</h1></body></html>\n"
    static let lumen = "<!DOCTYPE html>\n<html><head><title>lumen</title></head><body><p>Lumen page</p></BODY></html>\n"
    static let notFound = "<!DOCTYPE html>\n<html><head><title>Not found</title></head><body><p>Fixture 404</p></body></html>\n"

    init() throws {
        root = try TestPaths.temporaryFolder("serve-site").appendingPathComponent("site")
        try write("index.html", Self.index)
        try write("404.html", Self.notFound)
        try write("lumen/index.html", Self.lumen)
        try write("lumen/README.md", "# lumen\n")
        try write("lumen/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
        try write("assets/site.0123abcd.css", "body { color: black }\n")
        try write("assets/site.0123abcd.js", "console.log('hi')\n")
        try write("assets/search-index.json", "{}\n")
        try write("sitemap.xml", "<?xml version=\"1.0\"?><urlset/>\n")
        try write("robots.txt", "User-agent: *\n")
        try write("lumen/logo.png", "\u{89}PNG fake")
        try write(".sitegen-site", "marker\n")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("etc-link").path, withDestinationPath: "/etc")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("passwd-link").path, withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("home").path, withDestinationPath: "index.html")
    }

    var path: String { root.path }

    func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root.deletingLastPathComponent())
    }
}
