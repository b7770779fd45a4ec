import Foundation
import NIOHTTP1
import SiteGen
import Testing
import TestSupport
@testable import SiteGenRegistry

/// The parts of the client that need no registry: challenges, Retry-After, paging links,
/// credentials, and the addresses it refuses.
@Suite struct RegistryClientTests {
    @Test func challengesAreParsedAsRegistriesSendThem() throws {
        let hub = try #require(AuthChallenge(header: #"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/python:pull""#))
        #expect(hub.scheme == "bearer")
        #expect(hub.parameters == ["realm": "https://auth.docker.io/token", "service": "registry.docker.io",
                                   "scope": "repository:library/python:pull"])
        let basic = try #require(AuthChallenge(header: #"Basic realm="Registry Realm""#))
        #expect(basic.scheme == "basic" && basic.realm == "Registry Realm")
        let spaced = try #require(AuthChallenge(header: #"Bearer realm="https://ghcr.io/token", service="ghcr.io",scope="repository:a/b:pull,push""#))
        #expect(spaced.parameters["scope"] == "repository:a/b:pull,push", "a comma inside quotes stays in the value")
        #expect(spaced.parameters["service"] == "ghcr.io")
        let escaped = try #require(AuthChallenge(header: #"Bearer realm="a\"b",error="invalid_token""#))
        #expect(escaped.realm == "a\"b" && escaped.parameters["error"] == "invalid_token")
        #expect(AuthChallenge(header: "  ") == nil)
    }

    @Test func retryAfterIsSecondsOrADate() {
        var headers = HTTPHeaders([("Retry-After", "7")])
        #expect(RegistryClient.retryAfter(headers) == .seconds(7))
        headers = HTTPHeaders([("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")])
        #expect(RegistryClient.retryAfter(headers) == .seconds(0), "a date in the past: no wait")
        let soon = Date().addingTimeInterval(30)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        headers = HTTPHeaders([("Retry-After", formatter.string(from: soon))])
        let wait = RegistryClient.retryAfter(headers)
        #expect(wait.map { $0 >= .seconds(28) && $0 <= .seconds(31) } == true, "\(String(describing: wait))")
        #expect(RegistryClient.retryAfter(HTTPHeaders([("Retry-After", "soon")])) == nil)
        #expect(RegistryClient.retryAfter(HTTPHeaders()) == nil)
    }

    @Test func tagListPagesFollowTheLinkHeader() {
        #expect(RegistryClient.nextLink(HTTPHeaders([("Link", #"</v2/library/python/tags/list?last=3.9&n=1000>; rel="next""#)]))
                    == "/v2/library/python/tags/list?last=3.9&n=1000")
        #expect(RegistryClient.nextLink(HTTPHeaders([("Link", #"<https://r.example/v2/a/tags/list?n=2&last=b>; rel="next""#)]))
                    == "/v2/a/tags/list?n=2&last=b")
        #expect(RegistryClient.nextLink(HTTPHeaders([("Link", #"</v2/a/tags/list?n=2>; rel="prev""#)])) == nil)
    }

    @Test func credentialsComeFromTheEnvironmentThenTheDockerConfig() throws {
        let hub = try #require(URL(string: "https://registry-1.docker.io"))
        let folder = try TestPaths.temporaryFolder("docker-config")
        let auth = Data("robot:s3cret:with:colons".utf8).base64EncodedString()
        try Data(#"{"auths": {"https://index.docker.io/v1/": {"auth": "\#(auth)"}, "ghcr.io": {"username": "u", "password": "p"}}}"#.utf8)
            .write(to: folder.appendingPathComponent("config.json"))
        let fromConfig = try #require(try RegistryCredentials.find(for: hub, environment: ["DOCKER_CONFIG": folder.path]))
        #expect(fromConfig.username == "robot" && fromConfig.password == "s3cret:with:colons")
        #expect(fromConfig.source.hasSuffix("(auths.https://index.docker.io/v1/)"))
        #expect(!fromConfig.description.contains("s3cret"), "descriptions name the source, never the password")
        let ghcrAddress = try #require(URL(string: "https://ghcr.io"))
        let ghcr = try #require(try RegistryCredentials.find(for: ghcrAddress, environment: ["DOCKER_CONFIG": folder.path]))
        #expect(ghcr.username == "u")
        let fromEnvironment = try #require(try RegistryCredentials.find(for: hub, environment: [
            "DOCKER_CONFIG": folder.path, "SITEGEN_REGISTRY_USERNAME": "ci", "SITEGEN_REGISTRY_PASSWORD": "token"]))
        #expect(fromEnvironment.username == "ci" && fromEnvironment.source == "SITEGEN_REGISTRY_USERNAME and SITEGEN_REGISTRY_PASSWORD")
        let quay = try #require(URL(string: "https://quay.io"))
        #expect(try RegistryCredentials.find(for: quay, environment: ["DOCKER_CONFIG": folder.path]) == nil)
        #expect(throws: DiagnosticError.self) {
            try RegistryCredentials.find(for: hub, environment: ["SITEGEN_REGISTRY_USERNAME": "ci"])
        }
        try Data("not json".utf8).write(to: folder.appendingPathComponent("config.json"))
        #expect(throws: DiagnosticError.self) { try RegistryCredentials.find(for: hub, environment: ["DOCKER_CONFIG": folder.path]) }
    }

    @Test func plainHTTPIsForLoopbackRegistriesWithInsecureOnly() throws {
        func problem(_ address: String, insecure: Bool) -> String? {
            do {
                _ = try RegistryClient(registry: address, credentials: nil, insecure: insecure)
                return nil
            } catch {
                return error.diagnostics.first?.message
            }
        }
        #expect(problem("https://registry-1.docker.io", insecure: false) == nil)
        #expect(problem("http://127.0.0.1:5000", insecure: true) == nil)
        #expect(problem("http://localhost:5000/", insecure: true) == nil)
        #expect(problem("http://127.0.0.1:5000", insecure: false) == "`http://127.0.0.1:5000` is plain HTTP")
        #expect(problem("http://registry.example.org", insecure: true) == "--insecure is for registries on a loopback address, not registry.example.org")
        #expect(problem("https://user:pw@registry.example.org", insecure: false) == "the registry address holds credentials")
        #expect(problem("https://user:s3cret@ghcr.io/v2", insecure: false) == "the registry address holds credentials",
                "an address with a password is never echoed, even when malformed")
        #expect(problem("http://127.corp.example.com", insecure: true) == "--insecure is for registries on a loopback address, not 127.corp.example.com")
        #expect(RegistryClient.isLoopback("127.0.0.1") && RegistryClient.isLoopback("127.8.9.10") && RegistryClient.isLoopback("[::1]"))
        #expect(!RegistryClient.isLoopback("127.example.org") && !RegistryClient.isLoopback("128.0.0.1"))
        #expect(problem("registry.example.org", insecure: false) == "`registry.example.org` is not a registry address")
        #expect(problem("https://registry.example.org/v2/", insecure: false) == "`https://registry.example.org/v2/` is not a registry address")
    }

    @Test func theSummaryLineCountsEverything() {
        var counts = RegistryClient.Counts()
        counts.heads = 1000
        counts.gets = 640
        counts.tokens = 2
        counts.bytes = 2_500_000
        counts.retries = 3
        counts.waited = .seconds(3)
        let summary = RegistrySync.Summary(images: 12, tags: 1001, resolved: 1000, missingTags: ["a:1"], missingRepositories: [], refusedRepositories: [],
                                           newDigests: 300, knownDigests: 1, counts: counts, elapsed: .milliseconds(3400),
                                           wrote: true, startedAfresh: false)
        #expect(summary.line == "registry sync: 1000 of 1001 tags of 12 images resolved, 300 new digests fetched (1 already known), 1 tag not in the registry, 1642 requests (1000 HEAD, 640 GET, 2 token), 3 retried after 3.0 s of waiting, 2.4 MB, 3.4 s")
    }
}
