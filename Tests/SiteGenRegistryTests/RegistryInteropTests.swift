import Foundation
import SiteGen
import SiteGenRegistry
import Testing
import TestSupport

/// `registry sync` against what real registries do and docker-registry 2.8 does not, acted by
/// the test proxy in front of a real one: Harbor's authentication, GHCR's refusals, Docker
/// Hub's pull limit, and manifests older than the v2 schema.
@Suite(.enabled(if: TestRegistry.available, Comment(rawValue: TestRegistry.missingMessage)))
struct RegistryInteropTests {
    /// Harbor answers `/v2/` with 401 to an anonymous token even where the project is public,
    /// and answers a token it no longer takes with `Basic realm="harbor"`; GHCR's `/v2/`
    /// challenge names a placeholder repository, and its token service refuses (403) a
    /// repository these credentials may not pull. An anonymous sync gets through all of it,
    /// with the refused repository reported and the others synced.
    @Test func harborAndGHCRAuthenticationIsAnsweredPerRepository() async throws {
        let registry = try TestRegistry()
        let lumen = try registry.push("demo/lumen", tag: "1.0", platforms: ["linux/amd64", "linux/arm64/v8"])
        for tag in ["2", "3"] { try registry.push("demo/quark", tag: tag, platforms: ["linux/amd64"]) }
        try registry.push("demo/secret", tag: "1", platforms: ["linux/amd64"])
        let proxy = try TestRegistryProxy(upstream: registry, arguments: [
            "--bearer", "robot:pw", "--anonymous-tokens", "--harbor", "--token-uses", "3",
            "--v2-scope", "repository:user/image:pull", "--deny-scope", "repository:user/image:pull",
            "--deny-scope", "repository:demo/secret:pull"])
        let library = try RegistrySyncTests.library([
            "lumen": [(["1.0"], ["amd64", "arm64v8"])], "quark": [(["2"], ["amd64"]), (["3"], ["amd64"])],
            "secret": [(["1"], ["amd64"])]])
        let data = try RegistrySyncTests.dataFile()
        let summary = try await RegistrySyncTests.sync(proxy.address, library: library, data: data, concurrency: 1)
        #expect(summary.resolved == 3 && summary.newDigests == 3, "\(summary.line)")
        // Many requests at once, each repository's token shared and renewed under way.
        let again = try RegistrySyncTests.dataFile()
        let concurrent = try await RegistrySyncTests.sync(proxy.address, library: library, data: again, concurrency: 8)
        #expect(concurrent.resolved == 3 && concurrent.refusedRepositories == ["secret"], "\(concurrent.line)")
        #expect(try Data(contentsOf: again) == Data(contentsOf: data))
        #expect(summary.refusedRepositories == ["secret"])
        let stats = try proxy.stats()
        #expect(stats["tokenDenied"] == 2, "secret's, once per sync; the placeholder scope of /v2/ is never asked for: \(stats)")
        // A token is taken for 3 requests. lumen: its list, HEAD and index on the first; 2
        // manifests and 2 configurations on two more. quark: its list, then 2 HEADs, manifests
        // and configurations on three more. secret: one refused. 7 in all.
        #expect(summary.counts.tokens == 7, "a token that expired is asked for again: \(summary.line)")
        let file = try RegistryDataFile.load(data.path)
        #expect(file.images["lumen"]?.digests[lumen]?.platforms.map(\.architecture) == ["amd64", "arm64"])
        #expect(file.images["quark"]?.tags.keys.sorted() == ["2", "3"])
        #expect(file.images["secret"] == nil)
    }

    /// Docker Hub's 429 for a used-up pull limit carries `ratelimit-remaining: 0` and no
    /// `Retry-After`: trying again within hours only spends requests, so the sync stops at
    /// once, says so, and keeps what it fetched.
    @Test func dockerHubsPullLimitStopsTheSyncAtOnceKeepingWhatItFetched() async throws {
        let registry = try TestRegistry()
        for tag in ["1", "2", "3"] { try registry.push("demo/lumen", tag: tag, platforms: ["linux/amd64"]) }
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--throttle-after", "7", "--pull-limit"])
        let library = try RegistrySyncTests.library(["lumen": [(["1"], ["amd64"]), (["2"], ["amd64"]), (["3"], ["amd64"])]])
        let data = try RegistrySyncTests.dataFile()
        let error = await #expect(throws: DiagnosticError.self) {
            try await RegistrySyncTests.sync(proxy.address, library: library, data: data, concurrency: 1)
        }
        let diagnostic = error?.diagnostics.first
        #expect(diagnostic?.message.contains("pull limit (100 pulls per 6 h) is used up") == true, "\(String(describing: diagnostic))")
        #expect(diagnostic?.message.contains("stopped after 2 of 3 tags") == true, "\(String(describing: diagnostic))")
        #expect(diagnostic?.hint?.contains("HEAD requests cost no pulls") == true)
        #expect(try proxy.stats()["throttled"] == 1, "no request is tried again")
        #expect(try RegistryDataFile.load(data.path).images["lumen"]?.tags.keys.sorted() == ["1", "2"])
    }

    /// A tag whose manifest the sync cannot record (a signed Docker schema 1 manifest, pushed
    /// before 2017) is left out and reported, known from its HEAD without a GET; the image's
    /// other tags, and other images, are synced. A tag that named a record before loses it.
    @Test func aSchema1TagIsLeftOutAndTheRestIsSynced() async throws {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "2", platforms: ["linux/amd64"])
        let old = try registry.push("demo/lumen", tag: "1", platforms: ["linux/amd64"], content: "old")
        let library = try RegistrySyncTests.library(["lumen": [(["1"], ["amd64"]), (["2"], ["amd64"])]])
        let data = try RegistrySyncTests.dataFile()
        let before = try TestRegistryProxy(upstream: registry)
        _ = try await RegistrySyncTests.sync(before.address, library: library, data: data)
        #expect(try RegistryDataFile.load(data.path).images["lumen"]?.tags["1"] == old)
        before.stop()

        // The same address, now answering tag 1 with a schema 1 manifest.
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--schema1", "demo/lumen:1"], port: before.port)
        let summary = try await RegistrySyncTests.sync(proxy.address, library: library, data: data)
        let stats = try proxy.stats()
        #expect(stats["manifestGET"] == 0, "the schema 1 tag is known from its HEAD; tag 2 is known: \(stats)")
        #expect(summary.resolved == 1 && summary.missingTags.isEmpty, "\(summary.line)")
        #expect(summary.unusableTags.map(\.tag) == ["lumen:1"])
        #expect(summary.unusableTags.first?.reason.contains("schema 1") == true)
        #expect(summary.line.contains("1 tag unreadable"))
        #expect(try RegistryDataFile.load(data.path).images["lumen"]?.tags.keys.sorted() == ["2"])
    }

    /// A registry whose `HEAD`s name no digest: the `GET` that finds it is the manifest the
    /// record is made from, not asked for twice (Docker Hub would count both as pulls).
    @Test func aHeadWithoutADigestCostsOneManifestGetNotTwo() async throws {
        let registry = try TestRegistry()
        let digest = try registry.push("demo/lumen", tag: "1", platforms: ["linux/amd64"])
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--no-digest-header"])
        let library = try RegistrySyncTests.library(["lumen": [(["1"], ["amd64"])]])
        let data = try RegistrySyncTests.dataFile()
        let summary = try await RegistrySyncTests.sync(proxy.address, library: library, data: data)
        #expect(summary.resolved == 1 && summary.newDigests == 1)
        #expect(try proxy.stats()["manifestGET"] == 1, "the tag's manifest, once")
        #expect(try RegistryDataFile.load(data.path).images["lumen"]?.tags["1"] == digest)
    }

    /// A registry that refuses every repository asked for is refusing the credentials (or
    /// anonymous access), not those repositories: an error, not a sync of warnings.
    @Test func everyRepositoryRefusedIsAnError() async throws {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "1", platforms: ["linux/amd64"])
        let proxy = try TestRegistryProxy(upstream: registry, arguments: [
            "--bearer", "robot:pw", "--anonymous-tokens", "--deny-scope", "repository:demo/lumen:pull"])
        let library = try RegistrySyncTests.library(["lumen": [(["1"], ["amd64"])]])
        let data = try RegistrySyncTests.dataFile()
        let error = await #expect(throws: DiagnosticError.self) {
            try await RegistrySyncTests.sync(proxy.address, library: library, data: data)
        }
        let diagnostic = error?.diagnostics.first
        #expect(diagnostic?.message.contains("it needs credentials (every repository asked for was refused)") == true, "\(String(describing: diagnostic))")
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }

    /// A registry holding `demo/lumen:1` behind a TLS proxy whose self-signed certificate
    /// (made by `openssl`, its own CA) is issued to `name` and `alternativeName`
    /// (`IP:127.0.0.1`, `DNS:…`); the registry is returned to be kept alive with the proxy.
    static func tlsRegistry(name: String, alternativeName: String) throws -> (TestRegistry, TestRegistryProxy, certificate: String) {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "1", platforms: ["linux/amd64"])
        let folder = try TestPaths.temporaryFolder("registry-tls")
        let (certificate, key) = (folder.appendingPathComponent("ca.pem").path, folder.appendingPathComponent("key.pem").path)
        let made = try ProgramRun.run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                                                  "-days", "2", "-subj", "/CN=\(name)", "-addext", "subjectAltName=\(alternativeName)"])
        try #require(made.status == 0, "\(made.standardError)")
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--tls", certificate, key])
        return (registry, proxy, certificate)
    }

    /// A registry whose certificate a company CA signed: without that CA, a clear error (no
    /// BoringSSL text, no build path) that names SSL_CERT_FILE; with it there, the sync goes
    /// through. The CA here is the certificate itself, made by `openssl`.
    @Test func anUntrustedCertificateIsSaidSoAndSSLCertFileTrustsIt() async throws {
        let (registry, proxy, certificate) = try Self.tlsRegistry(name: "127.0.0.1", alternativeName: "IP:127.0.0.1")
        defer { withExtendedLifetime(registry) {} }
        let address = "https://127.0.0.1:\(proxy.port)"
        let (images, _) = try RegistrySync.libraryTags(RegistrySyncTests.library(["lumen": [(["1"], ["amd64"])]]).path, only: nil)
        let data = try RegistrySyncTests.dataFile()
        func options(trusting file: String?) -> RegistrySync.Options {
            RegistrySync.Options(registry: address, namespace: "demo", dataPath: data.path, certificateFile: file)
        }

        let error = await #expect(throws: DiagnosticError.self) { try await RegistrySync.run(images, options: options(trusting: nil)) }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.message.hasPrefix("the TLS certificate of 127.0.0.1 is not trusted: "), "\(diagnostic)")
        #expect(!diagnostic.message.contains(".build") && !diagnostic.message.contains("OPENSSL"), "\(diagnostic)")
        #expect(diagnostic.hint?.contains("SSL_CERT_FILE") == true)

        let summary = try await RegistrySync.run(images, options: options(trusting: certificate))
        #expect(summary.resolved == 1 && summary.newDigests == 1)
    }

    /// A registry whose certificate, trusted, was issued for another name than the address
    /// given: the error names the host the certificate does not hold, and its hint is
    /// --registry's host name, not SSL_CERT_FILE (which cannot fix that).
    @Test func aCertificateForAnotherNameSaysSoAndPointsAtTheAddress() async throws {
        let (registry, proxy, certificate) = try Self.tlsRegistry(name: "registry.invalid", alternativeName: "DNS:registry.invalid")
        defer { withExtendedLifetime(registry) {} }
        let (images, _) = try RegistrySync.libraryTags(RegistrySyncTests.library(["lumen": [(["1"], ["amd64"])]]).path, only: nil)
        let data = try RegistrySyncTests.dataFile()
        let options = RegistrySync.Options(registry: "https://127.0.0.1:\(proxy.port)", namespace: "demo", dataPath: data.path,
                                           certificateFile: certificate)
        let error = await #expect(throws: DiagnosticError.self) { try await RegistrySync.run(images, options: options) }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.message.hasPrefix("the registry's TLS certificate does not name 127.0.0.1, at https://127.0.0.1:\(proxy.port)/v2/"),
                "\(diagnostic)")
        #expect(diagnostic.hint?.hasPrefix("check --registry's host name") == true, "\(diagnostic)")
        #expect(diagnostic.hint?.contains("set SSL_CERT_FILE") == false, "\(diagnostic)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }

    /// `docker login` through a browser (or `az acr login`) keeps an identity token: the sync
    /// answers the token service with the OAuth2 refresh-token grant, as `docker` does, and a
    /// token service that refuses the grant stops it.
    @Test func anIdentityTokenFromTheDockerConfigIsSentAsARefreshTokenGrant() async throws {
        let registry = try TestRegistry()
        let digest = try registry.push("demo/lumen", tag: "1", platforms: ["linux/amd64"])
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--bearer", "robot:pw", "--refresh-token", "rt+/=1"])
        let folder = try TestPaths.temporaryFolder("docker-config-identity")
        try Data(#"{"auths": {"127.0.0.1:\#(proxy.port)": {"auth": "PHRva2VuPjo=", "identitytoken": "rt+/=1"}}}"#.utf8)
            .write(to: folder.appendingPathComponent("config.json"))
        let address = try #require(URL(string: proxy.address))
        let credentials = try RegistryCredentials.find(for: address, environment: ["DOCKER_CONFIG": folder.path])
        #expect(credentials?.description.hasPrefix("an identity token from") == true)
        let library = try RegistrySyncTests.library(["lumen": [(["1"], ["amd64"])]])
        let data = try RegistrySyncTests.dataFile()
        let summary = try await RegistrySyncTests.sync(proxy.address, library: library, data: data, credentials: credentials)
        #expect(summary.resolved == 1 && summary.counts.tokens == 1, "\(summary.line)")
        let stats = try proxy.stats()
        #expect(stats["tokenPOST"] == 1 && stats["token"] == 0, "the grant, not HTTP basic: \(stats)")
        #expect(try RegistryDataFile.load(data.path).images["lumen"]?.tags["1"] == digest)

        try Data(#"{"auths": {"127.0.0.1:\#(proxy.port)": {"identitytoken": "expired"}}}"#.utf8).write(to: folder.appendingPathComponent("config.json"))
        let refused = try RegistryCredentials.find(for: address, environment: ["DOCKER_CONFIG": folder.path])
        let error = await #expect(throws: DiagnosticError.self) {
            try await RegistrySyncTests.sync(proxy.address, library: library, data: try RegistrySyncTests.dataFile(), credentials: refused)
        }
        #expect(error?.diagnostics.first?.message.contains("the token service refused the credentials") == true,
                "\(String(describing: error?.diagnostics.first))")
    }
}
