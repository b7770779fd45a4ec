import Foundation
import NIOHTTP1
import NIOSSL
import SiteGen
import Synchronization
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

    @Test func theChallengeAnsweredIsBearerThenBasicAmongAllOffered() throws {
        let offered = AuthChallenge.all(#"Negotiate, Basic realm="corp", Bearer realm="https://t.example/token",service="r""#)
        #expect(offered.map(\.scheme) == ["negotiate", "basic", "bearer"])
        #expect(offered[1].realm == "corp" && offered[2].parameters["service"] == "r")
        #expect(AuthChallenge.choose(["Negotiate", #"Basic realm="corp""#])?.scheme == "basic",
                "a registry that puts Negotiate first still gets an answer it can use")
        #expect(AuthChallenge.choose([#"Basic realm="corp", Bearer realm="https://t.example/token""#])?.scheme == "bearer")
        #expect(AuthChallenge.choose(["Negotiate"])?.scheme == "negotiate")
        #expect(AuthChallenge.choose([]) == nil)
    }

    @Test func credentialsGoOnlyToTheRegistrysOwnOrigin() {
        let base = "https://registry.example.org"
        #expect(RegistryClient.isSameOrigin("https://registry.example.org/v2/a/manifests/1", as: base))
        #expect(RegistryClient.isSameOrigin("https://Registry.Example.org:443/v2/", as: base), "case and the scheme's own port do not matter")
        #expect(!RegistryClient.isSameOrigin("https://registry.example.org.evil.example/v2/", as: base))
        #expect(!RegistryClient.isSameOrigin("https://registry.example.org:8443/v2/", as: base))
        #expect(!RegistryClient.isSameOrigin("http://registry.example.org/v2/", as: base))
        #expect(!RegistryClient.isSameOrigin("https://production.cloudflare.docker.com/registry-v2/blobs/x?sig=1", as: base))
        #expect(RegistryClient.isSameOrigin("http://127.0.0.1:5000/v2/", as: "http://127.0.0.1:5000"))
    }

    @Test func dockerHubsUsedUpPullLimitIsToldApartFromOther429s() {
        let used = HTTPHeaders([("ratelimit-limit", "100;w=21600"), ("ratelimit-remaining", "0;w=21600")])
        #expect(RegistryClient.exhaustedPullLimit(used) == "100 pulls per 6 h")
        #expect(RegistryClient.exhaustedPullLimit(HTTPHeaders([("ratelimit-limit", "100;w=21600"), ("ratelimit-remaining", "12;w=21600")])) == nil)
        #expect(RegistryClient.exhaustedPullLimit(HTTPHeaders([("Retry-After", "3")])) == nil, "a plain 429 is waited out")
        #expect(RegistryClient.exhaustedPullLimit(HTTPHeaders([("ratelimit-remaining", "0")])) == "its limit")
        #expect(RegistryClient.exhaustedPullLimit(HTTPHeaders([("ratelimit-remaining", "0;w=60"), ("Retry-After", "5")])) == nil,
                "a limit that names its wait is waited out")
        let error = RegistryError.pullLimit(address: "https://registry-1.docker.io/v2/library/python/manifests/sha256:1", limit: "100 pulls per 6 h")
        #expect(error.description.contains("pull limit (100 pulls per 6 h) is used up"))
        #expect(error.hint.contains("HEAD requests cost no pulls"))
    }

    /// A hint says what to do about what happened: a registry gone down midway may have let
    /// the sync save records (the message says whether it did), and failing 5xx answers are
    /// not a rate limit.
    @Test func hintsFitWhatStoppedTheSync() {
        let down = RegistryError.unreachable(address: "http://127.0.0.1:5000/v2/", reason: "connection refused")
        #expect(down.hint == "check --registry and that the registry is up, then run the sync again: it resumes from what it kept")
        let failing = RegistryError.gaveUp(address: "https://r.example/v2/a/manifests/1", status: 503, attempts: 5, retryAfterSeconds: nil)
        #expect(failing.hint == "the registry is failing: run the sync again later, it resumes from what it kept")
        let limited = RegistryError.gaveUp(address: "https://r.example/v2/a/manifests/1", status: 429, attempts: 5, retryAfterSeconds: nil)
        #expect(limited.hint.hasSuffix("(Docker Hub: log in for a higher limit)"))
    }

    /// A stop after 429s or 5xx says which, and why: every attempt spent, or a wait asked for
    /// that is longer than a sync waits (at whichever attempt it came).
    @Test func aGiveUpSaysWhatTheRegistryDidAndWhy() {
        let address = "http://127.0.0.1:5000/v2/demo/lumen/manifests/1"
        #expect(RegistryError.gaveUp(address: address, status: 429, attempts: 2, retryAfterSeconds: 900).description
                    == "the registry rate-limits the sync (429) and asks to wait 900 s before \(address), longer than a sync waits")
        #expect(RegistryError.gaveUp(address: address, status: 503, attempts: 5, retryAfterSeconds: nil).description
                    == "the registry was failing (503) on all 5 attempts at \(address)")
        #expect(RegistryError.gaveUp(address: address, status: 429, attempts: 1, retryAfterSeconds: nil).description
                    == "the registry rate-limited the sync (429) on the one attempt at \(address)")
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
        let page = "/v2/a/tags/list?n=1000"
        #expect(RegistryClient.nextLink(HTTPHeaders([("Link", #"</v2/library/python/tags/list?last=3.9&n=1000>; rel="next""#)]), from: page)
                    == "/v2/library/python/tags/list?last=3.9&n=1000")
        #expect(RegistryClient.nextLink(HTTPHeaders([("Link", #"<https://r.example/v2/a/tags/list?n=2&last=b>; rel="next""#)]), from: page)
                    == "/v2/a/tags/list?n=2&last=b")
        #expect(RegistryClient.nextLink(HTTPHeaders([("Link", #"</v2/a/tags/list?n=2>; rel="prev""#)]), from: page) == nil)
        #expect(RegistryClient.nextLink(HTTPHeaders([("Link", #"</v2/a/tags/list?n=2&last=a>; rel="prev", </v2/a/tags/list?n=2&last=c>; rel="next""#)]), from: page)
                    == "/v2/a/tags/list?n=2&last=c", "the next link of several in one header")
        #expect(RegistryClient.nextLink(HTTPHeaders([("Link", #"</v2/a/tags/list?n=2&last=a>; rel="prev""#), ("Link", #"<list?n=2&last=c>; rel=next"#)]), from: page)
                    == "/v2/a/tags/list?n=2&last=c", "a link relative to the request's path")
        #expect(RegistryClient.nextLink(HTTPHeaders([("Link", #"</v2/a/tags/list?last=x,y>; title="a, b"; rel="next""#)]), from: page)
                    == "/v2/a/tags/list?last=x,y", "commas inside the target or a quoted value do not split links")
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
        #expect(!String(describing: Mirror(reflecting: fromConfig).children.map(\.value)).contains("s3cret"),
                "dump() and debuggers do not show the password")
        try Data(#"{"auths": {"ghcr.io": {"auth": "", "identitytoken": "eyJ.refresh"}}}"#.utf8).write(to: folder.appendingPathComponent("config.json"))
        let identity = try #require(try RegistryCredentials.find(for: ghcrAddress, environment: ["DOCKER_CONFIG": folder.path]))
        #expect(identity.identityToken == "eyJ.refresh" && identity.description == "an identity token from \(folder.path)/config.json (auths.ghcr.io)")
        #expect(!String(describing: Mirror(reflecting: identity).children.map(\.value)).contains("eyJ"))
        try Data("not json".utf8).write(to: folder.appendingPathComponent("config.json"))
        #expect(throws: DiagnosticError.self) { try RegistryCredentials.find(for: hub, environment: ["DOCKER_CONFIG": folder.path]) }
    }

    /// A key of `auths` is matched by its host, as `docker` matches it: with any scheme and
    /// path (`docker login http://host:5000/v2/` keeps it so), the exact forms first.
    @Test func anAuthsKeyWithASchemeAndPathIsMatchedByItsHost() throws {
        let folder = try TestPaths.temporaryFolder("docker-config-keys")
        let basic = { (user: String) in Data("\(user):pw".utf8).base64EncodedString() }
        try Data(#"{"auths": {"http://127.0.0.1:5000/v2/": {"auth": "\#(basic("pathed"))"}, "127.0.0.1:5001": {"auth": "\#(basic("other"))"}, "https://docker.io/v1/extra": {"auth": "\#(basic("hub"))"}}}"#.utf8)
            .write(to: folder.appendingPathComponent("config.json"))
        let local = try #require(URL(string: "http://127.0.0.1:5000"))
        #expect(try RegistryCredentials.find(for: local, environment: ["DOCKER_CONFIG": folder.path])?.username == "pathed")
        let hub = try #require(URL(string: "https://registry-1.docker.io"))
        #expect(try RegistryCredentials.find(for: hub, environment: ["DOCKER_CONFIG": folder.path])?.username == "hub")
        let elsewhere = try #require(URL(string: "http://127.0.0.1:5002"))
        #expect(try RegistryCredentials.find(for: elsewhere, environment: ["DOCKER_CONFIG": folder.path]) == nil)
        #expect(RegistryCredentials.authsKeys(["127.0.0.1:5000", "http://127.0.0.1:5000/x"], for: local).prefix(1) == ["127.0.0.1:5000"],
                "an exact key first")
    }

    /// A helper that does not answer in the time given is said after a while, and given up
    /// when the time is out, even when a process it started (an agent) holds its outputs and
    /// outlives it.
    @Test func aCredentialHelperThatHangsIsSaidAndGivenUpInTime() throws {
        let folder = try TestPaths.temporaryFolder("docker-config-hang")
        let program = folder.appendingPathComponent("docker-credential-hang")
        try Data("#!/bin/sh\nsleep 40 &\nsleep 40\n".utf8).write(to: program)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        let said = Mutex<[String]>([])
        let helper = CredentialHelper(name: "hang", config: "config.json", searchPath: folder.path,
                                      notice: { line in said.withLock { $0.append(line) } }, patience: (timeout: 3, noticeAfter: 1))
        let started = Date()
        let error = #expect(throws: DiagnosticError.self) {
            try helper.credentials(for: try #require(URL(string: "https://registry.example")))
        }
        #expect(error?.diagnostics.first?.message == "docker-credential-hang get failed (no answer in 3 s)")
        #expect(said.withLock { $0 } == ["waiting for docker-credential-hang get (no answer after 1 s; it is given 3 s)"])
        #expect(Date().timeIntervalSince(started) < 20, "given up at 3 s, not when its processes end (40 s)")
    }

    /// A helper that answers and exits, leaving a process of its own running (an agent, as
    /// `pass` starts gpg-agent), is taken at its word when it exits, not when that process ends.
    @Test func aCredentialHelperThatLeavesAnAgentRunningIsTakenAtItsWord() throws {
        let folder = try TestPaths.temporaryFolder("docker-config-agent")
        let program = folder.appendingPathComponent("docker-credential-agent")
        try Data("""
            #!/bin/sh
            read -r server
            sleep 40 </dev/null >/dev/null 2>&1 &
            printf '{"ServerURL":"%s","Username":"agentuser","Secret":"s3cret"}' "$server"
            """.utf8).write(to: program)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        let said = Mutex<[String]>([])
        let helper = CredentialHelper(name: "agent", config: "config.json", searchPath: folder.path,
                                      notice: { line in said.withLock { $0.append(line) } }, patience: (timeout: 30, noticeAfter: 10))
        let started = Date()
        let found = try helper.credentials(for: try #require(URL(string: "https://registry.example")))
        #expect(found?.username == "agentuser")
        #expect(said.withLock { $0 }.isEmpty, "no wait to speak of")
        #expect(Date().timeIntervalSince(started) < 10, "not the 40 s of the agent, nor the 30 s given")
    }

    /// A credential helper as Docker Desktop, `pass` or `ecr-login` are: a program on PATH,
    /// asked with `get` and the server address on standard input.
    @Test func credentialHelpersNamedByTheDockerConfigAreAskedAsDockerAsksThem() throws {
        let folder = try TestPaths.temporaryFolder("docker-config-helper")
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let asked = folder.appendingPathComponent("asked")
        // Knows Docker Hub (under its legacy index address) and ghcr.io; writes each address
        // it is asked for, and a warning on standard error as some helpers do.
        let script = """
            #!/bin/sh
            [ "$1" = get ] || exit 3
            read -r server
            echo "$server" >> '\(asked.path)'
            echo "helper: looking up $server" >&2
            case "$server" in
            https://index.docker.io/v1/) printf '{"ServerURL":"%s","Username":"hubuser","Secret":"hub-s3cret"}' "$server" ;;
            ghcr.io) printf '{"ServerURL":"ghcr.io","Username":"<token>","Secret":"refresh"}' ;;
            broken.example) echo "keychain locked" >&2; exit 2 ;;
            *) echo "credentials not found in native keychain"; exit 1 ;;
            esac
            """
        for name in ["docker-credential-testdesk", "docker-credential-testecr"] {
            let program = bin.appendingPathComponent(name)
            try Data(script.utf8).write(to: program)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        }
        let config = folder.appendingPathComponent("config.json")
        try Data(#"{"auths": {"https://index.docker.io/v1/": {}}, "credsStore": "testdesk", "credHelpers": {"quay.io": "testecr", "broken.example": "testecr", "nowhere.example": "absent"}}"#.utf8)
            .write(to: config)
        var warnings: [Diagnostic] = []
        let environment = ["DOCKER_CONFIG": folder.path, "PATH": bin.path]
        func find(_ address: String) throws -> RegistryCredentials? {
            try RegistryCredentials.find(for: try #require(URL(string: address)), environment: environment, warnings: &warnings)
        }
        let hub = try #require(try find("https://registry-1.docker.io"))
        #expect(hub.username == "hubuser" && hub.password == "hub-s3cret")
        #expect(hub.source == "docker-credential-testdesk (https://index.docker.io/v1/)" && !hub.description.contains("s3cret"))
        #expect(try find("https://quay.io") == nil, "not logged in there: anonymous, as docker would be")
        let askedQuay = try String(contentsOf: asked, encoding: .utf8).split(separator: "\n").filter { $0.contains("quay.io") }
        #expect(askedQuay == ["quay.io", "https://quay.io"], "the credHelpers entry's helper is asked, by host first: \(askedQuay)")
        let askedHub = try String(contentsOf: asked, encoding: .utf8).split(separator: "\n").filter { $0.contains("docker.io") }
        #expect(askedHub == ["https://index.docker.io/v1/"], "Docker Hub under the address docker uses, once")
        let token = try #require(try find("https://ghcr.io"))
        #expect(token.identityToken == "refresh" && token.source == "docker-credential-testdesk (ghcr.io)",
                "a helper's `<token>` user is an identity token")
        let broken = #expect(throws: DiagnosticError.self) { try find("https://broken.example") }
        #expect(broken?.diagnostics.first?.message == "docker-credential-testecr get failed (exit 2): keychain locked",
                "its exit status and the last line it wrote to standard error")
        #expect(broken?.diagnostics.first?.hint?.contains("install docker-credential-testecr") == false, "it is installed: \(broken?.diagnostics ?? [])")
        let absent = #expect(throws: DiagnosticError.self) { try find("https://nowhere.example") }
        #expect(absent?.diagnostics.first?.message.contains("docker-credential-absent is not on PATH") == true,
                "a helper named for this registry that is missing is an error")
        #expect(absent?.diagnostics.first?.hint?.hasPrefix("install docker-credential-absent") == true)
        #expect(warnings.isEmpty)

        // A credsStore from another machine (a mounted ~/.docker) whose program is missing:
        // anonymous, with a warning.
        try Data(#"{"auths": {"https://index.docker.io/v1/": {}}, "credsStore": "desktop"}"#.utf8).write(to: config)
        #expect(try find("https://registry-1.docker.io") == nil)
        #expect(warnings.map(\.message) == ["the Docker config file keeps logins in `desktop` (credsStore), but docker-credential-desktop is not on PATH; syncing anonymously"])
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
        #expect(problem("registry.example.org", insecure: false) == "--registry must be an address starting with https:// or http://, not `registry.example.org`")
        #expect(problem("https://registry.example.org/v2/", insecure: false) == "--registry `https://registry.example.org/v2/` has more than a host: `/v2/`")
        #expect(problem("https://registry.example.org?access_token=x", insecure: false) == "--registry `https://registry.example.org?access_token=x` has more than a host: `?access_token=x`",
                "a query would go into the data file and every message")
    }

    /// NIOSSL's errors, by case: a certificate for another name is the address's to fix, not
    /// SSL_CERT_FILE's; a failed handshake that is not the certificate's says so.
    @Test func aCertificateForAnotherNameIsToldApartFromAnUntrustedOne() throws {
        let address = "https://registry.example.org/v2/"
        let mismatch = try #require(RegistryClient.tlsError(NIOSSLExtraError.failedToValidateHostname, address: address,
                                                            host: "registry.example.org"))
        #expect(mismatch == .tlsHostName(address: address, host: "registry.example.org"))
        #expect(mismatch.description == "the registry's TLS certificate does not name registry.example.org, at \(address)")
        #expect(mismatch.hint.hasPrefix("check --registry's host name"), "\(mismatch.hint)")
        #expect(!mismatch.hint.contains("set SSL_CERT_FILE"), "a CA cannot fix a certificate for another name")
        let handshake = try #require(RegistryClient.tlsError(NIOSSLError.handshakeFailed(.sslError([])), address: address,
                                                             host: "registry.example.org"))
        #expect(handshake == .tls(address: address, host: "registry.example.org",
                                  problem: "the TLS handshake with registry.example.org failed", certificate: false))
        #expect(RegistryClient.tlsError(NIOSSLError.unableToValidateCertificate, address: address, host: "h")?.hint
                    .contains("SSL_CERT_FILE") == true)
        #expect(RegistryClient.tlsError(CancellationError(), address: address, host: "h") == nil)
        #expect(RegistryClient.tlsError(NIOSSLError.uncleanShutdown, address: address, host: "h") == nil,
                "not a handshake's failure: a dropped connection, tried again")
    }

    /// SSL_CERT_FILE is read for an https:// registry only: set system-wide to a file NIOSSL
    /// cannot read, it must not stop a plain-HTTP loopback sync.
    @Test func theCertificateFileIsReadForHTTPSRegistriesOnly() throws {
        let unreadable = try TestPaths.temporaryFolder("registry-cert-file").appendingPathComponent("not-pem.txt")
        try Data("not a certificate\n".utf8).write(to: unreadable)
        for file in [unreadable.path, "/nonexistent/ca.pem"] {
            _ = try RegistryClient(registry: "http://127.0.0.1:5000", credentials: nil, insecure: true, certificateFile: file)
            let refused = #expect(throws: DiagnosticError.self) {
                try RegistryClient(registry: "https://registry.example.org", credentials: nil, insecure: false, certificateFile: file)
            }
            #expect(refused?.diagnostics.first?.identifier == "registry.certificates", "\(refused?.diagnostics ?? [])")
        }
    }

    /// An address is checked before any request and recorded in one spelling: the data file's
    /// schema wants `^https?://[^/@]+$`, and another spelling would be taken for another registry.
    @Test func registryAddressesAreNormalisedAndCheckedUpFront() throws {
        func problem(_ address: String) -> String? {
            do {
                _ = try RegistryAddress(address)
                return nil
            } catch {
                return error.diagnostics.first?.message
            }
        }
        #expect(try RegistryAddress("HTTP://127.0.0.1:5000").text == "http://127.0.0.1:5000")
        #expect(try RegistryAddress("https://Registry.Example.ORG/").text == "https://registry.example.org")
        #expect(try RegistryAddress("http://[::1]:5000").text == "http://[::1]:5000")
        for address in ["127.0.0.1:5000", "not a url", "ftp://registry.example.org"] {
            #expect(problem(address) == "--registry must be an address starting with https:// or http://, not `\(address)`")
        }
        #expect(problem("http://") == "--registry `http://` names no host")
        #expect(problem("http://127.0.0.1:5000/v2/") == "--registry `http://127.0.0.1:5000/v2/` has more than a host: `/v2/`")
        #expect(problem("https://u:p@registry.example.org") == "the registry address holds credentials")
        // A password with a character that would end the host part before its `@`: not echoed.
        for password in ["se#cret", "se/cret", "se?cret"] {
            #expect(problem("https://bob:\(password)@registry.example.com") == "the registry address holds credentials", "\(password)")
        }
    }

    /// A namespace is read once, before any request: slashes at its ends dropped (kept, they
    /// made `demo//lumen`, which a registry redirects and no pull reference takes), then held
    /// to the distribution spec's grammar of repository names.
    @Test func namespacesAreNormalisedAndCheckedUpFront() throws {
        func problem(_ namespace: String) -> (message: String, hint: String?)? {
            do {
                _ = try RegistryNamespace(namespace)
                return nil
            } catch {
                return error.diagnostics.first.map { ($0.message, $0.hint) }
            }
        }
        #expect(try RegistryNamespace("demo/").text == "demo")
        #expect(try RegistryNamespace("/someone/team//").text == "someone/team")
        #expect(try RegistryNamespace("library").text == "library")
        #expect(try RegistryNamespace("a.b_c__d--e/f-g").text == "a.b_c__d--e/f-g")
        #expect(try RegistryNamespace("").text == "", "a registry whose repositories are at its top level")
        #expect(try RegistryNamespace("/").text == "")
        #expect(problem("Demo")?.message == "--namespace `Demo` has capital letters in `Demo`: registry names are lowercase")
        #expect(problem("Demo")?.hint == "give it as `demo`")
        #expect(problem("my org")?.message == "--namespace `my org` has `my org`, which is not a valid part of a repository name")
        #expect(problem("my org")?.hint?.contains("lowercase letters, digits") == true)
        #expect(problem("demo//team")?.message == "--namespace `demo//team` has an empty part (`//`)")
        for invalid in ["-demo", "demo.", "de___mo", "demo/.x", "dé", "demo:1"] {
            #expect(problem(invalid)?.message.contains("which is not a valid part of a repository name") == true, "\(invalid)")
        }
        let located = #expect(throws: DiagnosticError.self) {
            try RegistryNamespace("Demo", source: "`registry: namespace:`", place: SiteConfig.Place(file: "sitegen.yml", line: 3, column: 14))
        }
        #expect(located?.diagnostics.first?.description == "sitegen.yml:3:14: error: `registry: namespace:` `Demo` has capital letters in `Demo`: registry names are lowercase")
    }

    /// What the command refuses before it sends a request, as a user sees it.
    @Test func theCommandRefusesBadArgumentsBeforeAnyRequest() async throws {
        let library = try TestPaths.temporaryFolder("registry-arguments")
        try "Tags: 1\nArchitectures: amd64\nGitRepo: https://github.com/example/lumen.git\nGitCommit: 0123456789abcdef0123456789abcdef01234567\n"
            .write(to: library.appendingPathComponent("lumen"), atomically: true, encoding: .utf8)
        let data = library.deletingLastPathComponent().appendingPathComponent("\(library.lastPathComponent).json")
        func sync(_ arguments: [String]) throws -> ProgramRun {
            try ProgramRun.run(TestPaths.sitegen, ["registry", "sync", "--library", library.path, "--data", data.path, "--insecure"] + arguments)
        }
        for address in ["127.0.0.1:5000", "not a url", "http://"] {
            let run = try sync(["--registry", address])
            #expect(run.status == 1)
            #expect(run.standardError.contains(address == "http://" ? "names no host" : "must be an address starting with https:// or http://"),
                    "\(run.standardError)")
            #expect(!run.standardError.contains("without credentials"), "the scheme or host is what is wrong")
        }
        let path = try sync(["--registry", "http://127.0.0.1:1/v2/"])
        #expect(path.status == 1 && path.standardError.contains("has more than a host: `/v2/`"), "\(path.standardError)")
        #expect(!path.standardError.contains("cannot reach"), "refused before any request")
        let many = try sync(["--registry", "http://127.0.0.1:1", "--concurrency", "65"])
        #expect(many.status == 1 && many.standardError.hasPrefix("error: --concurrency must be from 1 to 64, not 65\n"), "\(many.standardError)")
        let empty = try sync(["--registry", "http://127.0.0.1:1", "--images", ""])
        #expect(empty.status == 1 && empty.standardError.contains("--images names no image"), "\(empty.standardError)")
        // A misspelt name is refused with the library file it likely means: as a flag, and at
        // its line in the settings file (a YAML list's item).
        let typo = try sync(["--registry", "http://127.0.0.1:1", "--images", "lumen,lumne,lumne"])
        #expect(typo.status == 1)
        #expect(typo.standardError.hasPrefix("error: --images names `lumne`, which has no library file in \(library.path); did you mean `lumen`?\n"),
                "\(typo.standardError)")
        #expect(typo.standardError.components(separatedBy: "`lumne`").count == 2, "one error per name")
        #expect(!typo.standardError.contains("cannot reach"), "refused before any request")
        let settings = library.deletingLastPathComponent().appendingPathComponent("\(library.lastPathComponent).yml")
        try "registry:\n  url: http://127.0.0.1:1\n  images:\n    - lumen\n    - lumen2\n".write(to: settings, atomically: true, encoding: .utf8)
        let listed = try sync(["--config", settings.path])
        #expect(listed.status == 1)
        #expect(listed.standardError.hasPrefix("\(settings.path):5:7: error: `registry: images:` names `lumen2`, which has no library file in \(library.path); did you mean `lumen`?\n"),
                "\(listed.standardError)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
        // No image at all (an empty library folder too) would drop every record of the file.
        let none = await #expect(throws: DiagnosticError.self) {
            try await RegistrySync.run([], options: RegistrySync.Options(registry: "http://127.0.0.1:1", namespace: "demo",
                                                                          dataPath: data.path, insecure: true))
        }
        #expect(none?.diagnostics.first?.message == "there is no image to sync")

        // A namespace that is no part of a repository name: as a flag, and at its line in the
        // settings file.
        for namespace in ["Demo", "my org", "demo//team"] {
            let run = try sync(["--registry", "http://127.0.0.1:1", "--namespace", namespace])
            #expect(run.status == 1)
            #expect(run.standardError.hasPrefix("error: --namespace `\(namespace)` has "), "\(run.standardError)")
            #expect(!run.standardError.contains("cannot reach"), "refused before any request")
        }
        try "registry:\n  url: http://127.0.0.1:1\n  namespace: Demo/\n".write(to: settings, atomically: true, encoding: .utf8)
        let setting = try sync(["--config", settings.path])
        #expect(setting.status == 1)
        #expect(setting.standardError.hasPrefix("\(settings.path):3:14: error: `registry: namespace:` `Demo/` has capital letters in `Demo`"),
                "\(setting.standardError)")
        #expect(!setting.standardError.contains("cannot reach"), "refused before any request")
        #expect(!FileManager.default.fileExists(atPath: data.path))

        // A value from the settings file is named by its key, at its line (not as the flag).
        func configured(_ yaml: String) throws -> ProgramRun {
            try yaml.write(to: settings, atomically: true, encoding: .utf8)
            return try ProgramRun.run(TestPaths.sitegen, ["registry", "sync", "--config", settings.path]
                                          + (yaml.contains("data:") ? [] : ["--library", library.path, "--data", data.path]))
        }
        let located = [
            ("registry:\n  url: http://127.0.0.1:1/v2\n  insecure: true\n", "2:8: error: `registry: url:` `http://127.0.0.1:1/v2` has more than a host"),
            ("registry:\n  url: http://registry.example.org\n  insecure: true\n",
             "3:13: error: `registry: insecure:` is for registries on a loopback address, not registry.example.org"),
            ("registry:\n  url: http://127.0.0.1:1\n", "2:8: error: `http://127.0.0.1:1` is plain HTTP\n"
                + "  hint: use https://, or --insecure (`registry: insecure: true` in sitegen.yml) for a registry on a loopback address"),
            ("registry:\n  url: http://127.0.0.1:1\n  insecure: true\n  images: []\n", "4:11: error: `registry.images` must be at least one image name"),
            ("registry:\n  url: http://127.0.0.1:1\n  insecure: true\n  concurrency: 100\n", "4:16: error: `registry.concurrency` must be a whole number from 1 to 64"),
        ]
        for (yaml, expected) in located {
            let run = try configured(yaml)
            #expect(run.status == 1)
            #expect(run.standardError.hasPrefix("\(settings.path):\(expected)"), "\(run.standardError)")
            #expect(!run.standardError.contains("cannot reach"), "refused before any request")
        }
        // (A library that reads: the data file is checked after the library files.)
        let good = try Self.oneImageLibrary("registry-arguments-library")
        let dataKey = try configured("library: \(good.path)\nregistry:\n  url: http://127.0.0.1:1\n  insecure: true\n  data: nodir/x.json\n")
        #expect(dataKey.standardError.contains("or give `registry: data:` a path in a folder that exists"), "\(dataKey.standardError)")
        #expect(!FileManager.default.fileExists(atPath: data.path))

        let help = try ProgramRun.run(TestPaths.sitegen, ["registry", "sync", "--help"])
        let words = help.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("the credential helper its `credHelpers` or `credsStore` names"), "\(help.output)")
        #expect(words.contains("slashes at either end are dropped"), "\(help.output)")
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
                                           unusableTags: [("a:2", "a Docker schema 1 manifest")],
                                           newDigests: 300, knownDigests: 1, droppedImages: [], counts: counts, elapsed: .milliseconds(3400),
                                           wrote: true, startedAfresh: false)
        #expect(summary.line == "registry sync: 1000 of 1001 tags of 12 images resolved, 300 new digests fetched (1 already known), 1 tag not in the registry, 1 tag unreadable, 1642 requests (1000 HEAD, 640 GET, 2 token), 3 retries (3.0 s of waits across requests), 2.5 MB, 3.4 s")
        // One of each, and a size in kilobytes: decimal units, as the pages say sizes.
        counts = RegistryClient.Counts()
        counts.gets = 1
        counts.bytes = 201_170
        counts.retries = 1
        counts.waited = .milliseconds(500)
        let one = RegistrySync.Summary(images: 1, tags: 1, resolved: 1, missingTags: [], missingRepositories: [], refusedRepositories: [],
                                       unusableTags: [], newDigests: 1, knownDigests: 0, droppedImages: [], counts: counts, elapsed: .milliseconds(100),
                                       wrote: true, startedAfresh: false)
        #expect(one.line == "registry sync: 1 of 1 tag of 1 image resolved, 1 new digest fetched (0 already known), 1 request (0 HEAD, 1 GET), 1 retry (0.5 s of waits across requests), 201 kB, 0.1 s")
        // A repository not found is said once, not again as its tags.
        let gone = RegistrySync.Summary(images: 2, tags: 3, resolved: 1, missingTags: ["a:1", "b:1"], missingRepositories: ["b"],
                                        refusedRepositories: [], unusableTags: [], newDigests: 1, knownDigests: 0, droppedImages: [], counts: counts,
                                        elapsed: .milliseconds(100), wrote: true, startedAfresh: false)
        #expect(gone.line.hasPrefix("registry sync: 1 of 3 tags of 2 images resolved, 1 new digest fetched (0 already known), 1 tag not in the registry, 1 repository not found, "))
    }
}
