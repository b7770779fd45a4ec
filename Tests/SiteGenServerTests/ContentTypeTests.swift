import SiteGenServer
import Testing

@Suite struct ContentTypeTests {
    @Test(arguments: [
        ("index.html", "text/html; charset=utf-8"),
        ("assets/site.0123abcd.css", "text/css; charset=utf-8"),
        ("assets/site.0123abcd.js", "text/javascript; charset=utf-8"),
        ("lumen/logo.svg", "image/svg+xml; charset=utf-8"),
        ("lumen/logo.png", "image/png"),
        ("search/index.json", "application/json; charset=utf-8"),
        ("sitemap.xml", "application/xml; charset=utf-8"),
        ("robots.txt", "text/plain; charset=utf-8"),
        ("lumen/README.md", "text/markdown; charset=utf-8"),
        ("/abs/PAGE.HTML", "text/html; charset=utf-8"),
    ])
    func siteFilesGetTheirType(path: String, expected: String) {
        #expect(ContentType.of(path) == expected)
    }

    @Test func unknownOrMissingExtensionsAreBytes() {
        #expect(ContentType.of("archive.bin") == "application/octet-stream")
        #expect(ContentType.of("LICENSE") == "application/octet-stream")
        #expect(ContentType.of(".hidden") == "application/octet-stream")
        #expect(ContentType.of("folder.md/file") == "application/octet-stream")
    }
}
