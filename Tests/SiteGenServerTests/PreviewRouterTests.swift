import Foundation
import Hummingbird
import HummingbirdTesting
import SiteGenServer
import Testing

/// The server's answers, through the router alone (no socket).
@Suite struct PreviewRouterTests {
    private func withApp(_ site: SiteFixture, broadcaster: ReloadBroadcaster = ReloadBroadcaster(),
                         _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: PreviewServer.router(site: site.path, broadcaster: broadcaster))
        try await app.test(.router, test)
    }

    @Test func servesPagesAndAssetsWithTheirTypes() async throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try await withApp(site) { client in
            let expected = [
                "/": "text/html; charset=utf-8",
                "/index.html": "text/html; charset=utf-8",
                "/lumen/": "text/html; charset=utf-8",
                "/lumen/README.md": "text/markdown; charset=utf-8",
                "/lumen/logo.svg": "image/svg+xml; charset=utf-8",
                "/lumen/logo.png": "image/png",
                "/assets/site.0123abcd.css": "text/css; charset=utf-8",
                "/assets/site.0123abcd.js": "text/javascript; charset=utf-8",
                "/assets/search-index.json": "application/json; charset=utf-8",
                "/sitemap.xml": "application/xml; charset=utf-8",
                "/robots.txt": "text/plain; charset=utf-8",
            ]
            for (path, type) in expected {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.headers[.contentType] == type, "\(path)")
                    #expect(response.headers[.cacheControl] == "no-cache", "\(path)")
                    #expect(response.headers[.eTag] != nil, "\(path)")
                }
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("<h1>Catalog</h1>"))
            }
            try await client.execute(uri: "/assets/site.0123abcd.css", method: .get) { response in
                #expect(String(buffer: response.body) == "body { color: black }\n", "non-HTML is sent as is")
            }
        }
    }

    @Test func folderWithoutSlashRedirectsKeepingTheQuery() async throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try await withApp(site) { client in
            try await client.execute(uri: "/lumen?tab=tags", method: .get) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/lumen/?tab=tags")
            }
            try await client.execute(uri: "/lumen/?tab=tags", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Lumen page"))
            }
        }
    }

    @Test func missServesTheSites404PageWithStatus404() async throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try await withApp(site) { client in
            for path in ["/no-such-image/", "/lumen/nope.html", "/.sitegen-site", "/assets/"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    let body = String(buffer: response.body)
                    #expect(body.contains("Fixture 404"), "\(path)")
                    #expect(body.contains("data-sitegen-reload"), "a 404 page reloads too, once the page exists")
                }
            }
        }
    }

    @Test func traversalAttemptsNeverReturnFilesOutsideTheSite() async throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? "root:"
        let firstLine = String(passwd.prefix { $0 != "\n" })
        try await withApp(site) { client in
            for path in ["/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/a%2f..%2f..%2fetc", "/a%2F..%2F..%2Fetc%2Fpasswd",
                         "/..%5c..%5cetc", "/..\\..\\etc\\passwd", "/%00", "/etc-link/passwd", "/etc-link/", "/passwd-link",
                         "/lumen/../../../etc/passwd", "/lumen/%2e%2e/%2e%2e/etc/passwd"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .badRequest || response.status == .notFound, "\(path): \(response.status)")
                    let body = String(buffer: response.body)
                    #expect(!body.contains(firstLine), "\(path) leaked /etc/passwd")
                    #expect(!body.contains("root:x:"), "\(path) leaked /etc/passwd")
                }
            }
            try await client.execute(uri: "/%2e%2e/%2e%2e/etc/passwd", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func reloadScriptIsInServedHTMLButNotInTheFile() async throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try await withApp(site) { client in
            try await client.execute(uri: "/lumen/", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("new EventSource(\"/__sitegen/events\")"))
                #expect(body.hasSuffix("</script>\n</BODY></html>\n"), "the script goes before </body>")
                #expect(response.headers[.contentLength] == String(response.body.readableBytes))
            }
            try await client.execute(uri: "/lumen/README.md", method: .get) { response in
                #expect(!String(buffer: response.body).contains("EventSource"), "only HTML gets the script")
            }
        }
        #expect(try site.read("lumen/index.html") == SiteFixture.lumen)
    }

    @Test func entityTagGives304UntilThePageChanges() async throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try await withApp(site) { client in
            let first: TestResponse = try await client.execute(uri: "/lumen/", method: .get)
            let tag = try #require(first.headers[.eTag])
            let again: TestResponse = try await client.execute(uri: "/lumen/", method: .get, headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            #expect(again.headers[.eTag] == tag)

            // A rebuild rewrites the page: the old tag no longer matches.
            try site.write("lumen/index.html", SiteFixture.lumen.replacingOccurrences(of: "Lumen page", with: "Lumen page, edited"))
            let rebuilt: TestResponse = try await client.execute(uri: "/lumen/", method: .get, headers: [.ifNoneMatch: tag])
            #expect(rebuilt.status == .ok)
            #expect(String(buffer: rebuilt.body).contains("Lumen page, edited"))
            let newTag = try #require(rebuilt.headers[.eTag])
            #expect(newTag != tag)
            let unchanged: TestResponse = try await client.execute(uri: "/lumen/", method: .get, headers: [.ifNoneMatch: newTag])
            #expect(unchanged.status == .notModified)
        }
    }

    @Test func failedBuildIsShownOnPageLoadAndChangesTheTag() async throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let broadcaster = ReloadBroadcaster()
        try await withApp(site, broadcaster: broadcaster) { client in
            let good: TestResponse = try await client.execute(uri: "/lumen/", method: .get)
            await broadcaster.publish(.error("library/lumen:4: error: expected `Key: value`"))
            let failing: TestResponse = try await client.execute(uri: "/lumen/", method: .get, headers: [.ifNoneMatch: good.headers[.eTag] ?? ""])
            #expect(failing.status == .ok, "the page with the overlay is not the page the browser has")
            let body = String(buffer: failing.body)
            #expect(body.contains("Lumen page"), "the last good page is still served")
            #expect(body.contains(#"var failure = "library/lumen:4: error: expected `Key: value`";"#))
            await broadcaster.publish(.reload)
            let fixed: TestResponse = try await client.execute(uri: "/lumen/", method: .get)
            #expect(fixed.headers[.eTag] == good.headers[.eTag])
        }
    }

    @Test func headSendsTheHeadersWithoutTheBody() async throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try await withApp(site) { client in
            let get: TestResponse = try await client.execute(uri: "/lumen/", method: .get)
            let head: TestResponse = try await client.execute(uri: "/lumen/", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == String(get.body.readableBytes))
            #expect(head.headers[.eTag] == get.headers[.eTag])
            #expect(head.headers[.contentType] == "text/html; charset=utf-8")
            let missing: TestResponse = try await client.execute(uri: "/missing", method: .head)
            #expect(missing.status == .notFound)
        }
    }

    @Test func otherMethodsAreNotAllowed() async throws {
        let site = try SiteFixture()
        defer { site.remove() }
        try await withApp(site) { client in
            let response: TestResponse = try await client.execute(uri: "/lumen/", method: .post)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET, HEAD")
        }
    }

    @Test func eventStreamCarriesReloadAndErrorEvents() async throws {
        let site = try SiteFixture()
        defer { site.remove() }
        let broadcaster = ReloadBroadcaster()
        try await withApp(site, broadcaster: broadcaster) { client in
            async let stream: TestResponse = client.execute(uri: "/__sitegen/events", method: .get)
            // Generous: the whole test suite runs in parallel on two cores.
            let deadline = ContinuousClock.now + .seconds(30)
            while await broadcaster.subscriberCount == 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(await broadcaster.subscriberCount == 1)
            await broadcaster.publish(.reload)
            await broadcaster.publish(.error("lumen/content.md:1: error: bad\n  hint: fix it"))
            await broadcaster.finish()
            let response = try await stream
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
            #expect(response.headers[.cacheControl] == "no-cache")
            #expect(String(buffer: response.body) == "retry: 1000\n: connected\n\n" + "event: reload\ndata: reload\n\n"
                + "event: error\ndata: lumen/content.md:1: error: bad\ndata:   hint: fix it\n\n")
            #expect(await broadcaster.subscriberCount == 0)
        }
    }
}
