import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import SiteGen
import Synchronization

/// The requests `registry sync` makes of an OCI distribution registry (`/v2/` API), with
/// authentication, retries and counting.
///
/// - Auth: anonymous until the registry challenges; then HTTP basic (`Basic realm=…`) or the
///   token flow (`Bearer realm=…,service=…,scope=…`: a token is asked of the realm, with the
///   credentials if there are any, and kept per scope until the registry refuses it). The
///   challenge of `/v2/` is kept, so that each repository's token is asked for before its
///   first request rather than after a 401; and a registry that answers an expired token
///   with `Basic` (Harbor does, to any request that carried `Authorization`) gets the token
///   flow again, not the password.
/// - Retries: 429 and 5xx answers, and dropped connections after the first request, are tried
///   again up to ``RetryPolicy/attempts`` times, after the `Retry-After` the registry gives or
///   the exponential backoff, whichever is longer. A 429 pauses every request of the client,
///   not only its own. Docker Hub's used-up pull limit is not tried again (its window is hours).
/// - Redirects (Docker Hub sends blobs to a CDN) are followed by hand, so that credentials go
///   only to the registry's own address.
///
/// Nothing it reports or throws holds a credential or token.
public actor RegistryClient {
    /// An answer the caller handles itself: 2xx, or 404.
    struct Response: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
    }

    /// The registry's address, without a trailing slash.
    public let base: String
    let credentials: RegistryCredentials?
    /// Whether `http://` may be used (only for a loopback registry, with `--insecure`).
    private let plainHTTPAllowed: Bool
    private let retry: RetryPolicy
    private let configuration: HTTPClient.Configuration
    /// Made at the first request, so that a client that sends none has nothing to shut down
    /// (AsyncHTTPClient stops the process when a client it made is dropped running).
    private var client: HTTPClient?
    private var tokens: [String: String] = [:]
    /// Token requests under way, by scope: requests refused at once share one, and a
    /// cancelled sync cancels it (a token service that hangs must not hold up a Ctrl-C).
    private let tokenRequests = FetchOnce<String>(keepsOutcomes: false)
    private var useBasic = false
    /// The first `Bearer` challenge the registry gave (at `/v2/`, else a repository's first
    /// request): where to ask each repository's token. Its own scope is never asked for.
    private var bearerChallenge: AuthChallenge?
    private var pausedUntil: ContinuousClock.Instant?
    let silenceNotice: SilenceNotice?
    /// Whether ``silenceNotice`` has spoken of a request without an answer: it does once per
    /// client.
    var silenceNoticed = false
    /// The end of the last wait ``silenceNotice`` spoke of.
    var waitSaidUntil: ContinuousClock.Instant?
    /// What the client sent and received so far. Kept under a lock of its own, not in the
    /// actor's state, so that a progress line can read it while requests are under way.
    let tally = Mutex(Counts())
    public nonisolated var counts: Counts { tally.withLock { $0 } }

    static let manifestTypes = [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ]

    /// A client of the registry at `registry` (`https://…`, or `http://` to a loopback address
    /// with `insecure`). Throws when the address is not one it may use. `certificateFile`: a
    /// PEM file of CA certificates to trust besides the system's (the command's
    /// `SSL_CERT_FILE`), for a registry whose certificate a company CA signed; read only for
    /// an https:// address, and then it must hold a certificate. `silenceNotice`: what to tell
    /// of a request without an answer for a while, and of long waits (``SilenceNotice``).
    public init(registry: String, credentials: RegistryCredentials?, insecure: Bool, retry: RetryPolicy = RetryPolicy(),
                connections: Int = 8, certificateFile: String? = nil, silenceNotice: SilenceNotice? = nil) throws(DiagnosticError) {
        let address = try RegistryAddress(registry)
        if let refusal = Self.plainHTTPRefusal(address, insecure: insecure) { throw DiagnosticError(refusal) }
        base = address.text
        self.credentials = credentials
        plainHTTPAllowed = insecure
        self.retry = retry
        configuration = try Self.configuration(for: address, connections: connections, answerTimeout: retry.answerTimeout,
                                               certificateFile: certificateFile)
        self.silenceNotice = silenceNotice
    }

    /// Closes the connections; the client takes no requests after it. Call it once done with
    /// a client that sent requests. Waits a second at most, and not at all in a cancelled task
    /// (a stop; the stream's wait ends on cancellation): a connection still being made (to a
    /// host that drops packets) holds AsyncHTTPClient's shutdown until its connect timeout,
    /// 10 s, which a Ctrl-C must not wait out. The shutdown goes on in a task that keeps the
    /// client until it ends (a client dropped running stops the process).
    public func shutdown() async {
        guard let client else { return }
        self.client = nil
        let ended = AsyncStream<Void>.makeStream()
        Task {
            try? await client.shutdown()
            ended.continuation.finish()
        }
        Task {
            try? await Task.sleep(for: Self.shutdownWait)
            ended.continuation.finish()
        }
        for await _ in ended.stream {}
    }

    static let shutdownWait = Duration.seconds(1)

    private var http: HTTPClient {
        if let client { return client }
        let made = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        client = made
        return made
    }

    // MARK: The API

    /// `GET /v2/`: whether the registry answers and speaks the distribution API, and how it
    /// authenticates. A `Basic` challenge is answered here, so that wrong credentials stop the
    /// sync at once; a `Bearer` one is kept, and tokens are asked for per repository: a token
    /// for no repository proves nothing (Harbor refuses `/v2/` to anonymous tokens even where
    /// every project is public, and GHCR's challenge there names a placeholder repository).
    /// A connection that fails is not tried again: a registry that is down stops the sync
    /// before anything is written.
    public func ping() async throws(RegistryError) {
        let response = try await send(.GET, "/v2/", scope: nil, limit: 1 << 20, retriesTransport: false, keepsBearerChallenge: true)
        guard response.status == 200 || (response.status == 401 && bearerChallenge != nil) else {
            throw .status(address: base + "/v2/", status: response.status, detail: "not an OCI distribution registry")
        }
    }

    /// Every tag of `repository` (following `Link` pages), or nil when the registry does not know
    /// the repository (404).
    func tags(of repository: String) async throws(RegistryError) -> [String]? {
        var path = "/v2/\(repository)/tags/list?n=1000"
        var seen: Set<String> = []
        var pages = 0
        while true {
            let response = try await send(.GET, path, scope: Self.pullScope(repository), limit: 16 << 20)
            guard response.status == 200 else { return nil }
            struct Page: Decodable { let tags: [String]? }
            guard let page = try? JSONDecoder().decode(Page.self, from: Data(response.body)) else {
                throw .invalid(address: base + path, reason: "the tag list is not JSON")
            }
            pages += 1
            // A registry whose pages repeat (ignoring `last`) would otherwise be read 1,000 times.
            let before = seen.count
            seen.formUnion(page.tags ?? [])
            guard pages < 1000, seen.count > before, let next = Self.nextLink(response.headers, from: path) else { break }
            path = next
        }
        return seen.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// `HEAD` of `repository:tag`: the digest and media type it names, or nil when the registry
    /// has no such tag. A HEAD that gives no `Docker-Content-Digest` is followed by a `GET`, whose
    /// manifest is returned too: Docker Hub counts every manifest `GET` as a pull, so the
    /// caller uses it rather than asking again.
    func resolve(_ repository: String, tag: String) async throws(RegistryError) -> (digest: String, mediaType: String, manifest: [UInt8]?)? {
        let path = "/v2/\(repository)/manifests/\(tag)"
        let response = try await send(.HEAD, path, scope: Self.pullScope(repository), accept: Self.manifestTypes, limit: 0,
                                      answers: [405, 501])
        if response.status == 200, let digest = response.headers.first(name: "Docker-Content-Digest"), RegistryDataFile.isDigest(digest) {
            return (digest, Self.mediaType(response.headers), nil)
        }
        // No digest from the HEAD: the GET's bytes give it. So too when the HEAD is refused
        // (404, 405, 501): the sync asks only for tags the registry's tag list has, and a proxy
        // or cache that mishandles HEAD must not empty the file; the GET tells a tag really gone.
        let full = try await send(.GET, path, scope: Self.pullScope(repository), accept: Self.manifestTypes, limit: 4 << 20)
        guard full.status == 200 else { return nil }
        return (Self.digest(of: full.body), Self.mediaType(full.headers), full.body)
    }

    /// The manifest or index `digest` of `repository`, checked against its digest.
    func manifest(_ repository: String, digest: String) async throws(RegistryError) -> (bytes: [UInt8], mediaType: String) {
        let path = "/v2/\(repository)/manifests/\(digest)"
        let response = try await send(.GET, path, scope: Self.pullScope(repository), accept: Self.manifestTypes, limit: 4 << 20)
        guard response.status == 200 else {
            throw .status(address: base + path, status: response.status, detail: "the manifest went away during the sync")
        }
        guard Self.digest(of: response.body) == digest else {
            // A signed schema 1 manifest's digest is of its bytes without the signatures.
            if Self.isSchema1(Self.mediaType(response.headers)) {
                throw .unusable(address: base + path, reason: Self.schema1Reason)
            }
            throw .invalid(address: base + path, reason: "the manifest's bytes do not have the digest asked for")
        }
        return (response.body, Self.mediaType(response.headers))
    }

    /// The blob `digest` of `repository` (an image configuration), checked against its digest.
    func blob(_ repository: String, digest: String) async throws(RegistryError) -> [UInt8] {
        let path = "/v2/\(repository)/blobs/\(digest)"
        let response = try await send(.GET, path, scope: Self.pullScope(repository), limit: 16 << 20)
        guard response.status == 200 else {
            throw .status(address: base + path, status: response.status, detail: "the blob went away during the sync")
        }
        guard Self.digest(of: response.body) == digest else {
            throw .invalid(address: base + path, reason: "the blob's bytes do not have the digest asked for")
        }
        return response.body
    }

    static func pullScope(_ repository: String) -> String { "repository:\(repository):pull" }

    // MARK: Sending

    /// Sends a request to the registry: authenticates on a challenge, follows redirects (with no
    /// credentials to another origin), and retries. Returns a 2xx or 404 answer; throws for the
    /// rest. `keepsBearerChallenge` (for `/v2/`): a `Bearer` challenge is kept and its 401
    /// returned, not answered.
    private func send(_ method: HTTPMethod, _ path: String, scope: String?, accept: [String] = [], limit: Int,
                      retriesTransport: Bool = true, keepsBearerChallenge: Bool = false,
                      answers: Set<Int> = []) async throws(RegistryError) -> Response {
        var url = base + path
        var authenticated = false
        var redirects = 0
        // The registry uses tokens: this repository's is asked for before its first request.
        if let scope, let challenge = bearerChallenge, !useBasic, tokens[scope] == nil {
            try await authenticate(challenge, scope: scope, address: url, challengeScope: false)
        }
        while true {
            var headers = HTTPHeaders()
            if !accept.isEmpty { headers.add(name: "Accept", value: accept.joined(separator: ", ")) }
            let sameOrigin = Self.isSameOrigin(url, as: base)
            if sameOrigin, let authorization = authorization(scope: scope) { headers.add(name: "Authorization", value: authorization) }
            let response = try await execute(method, url, headers: headers, limit: limit, retriesTransport: retriesTransport)
            switch response.status {
            case 200..<300, 404:
                return response
            case let status where answers.contains(status):
                return response
            case 301, 302, 303, 307, 308:
                guard redirects < 5, let location = response.headers.first(name: "Location"),
                      let target = URL(string: location, relativeTo: URL(string: url))?.absoluteURL else {
                    throw .invalid(address: Self.display(url), reason: "a redirect with no usable Location, or too many")
                }
                let secure = target.scheme?.lowercased() == "https"
                    || (target.scheme?.lowercased() == "http" && plainHTTPAllowed && Self.isLoopback(target.host ?? ""))
                guard secure else {
                    throw .invalid(address: Self.display(url), reason: "a redirect to \(Self.display(target.absoluteString)), which is not HTTPS")
                }
                redirects += 1
                url = target.absoluteString
            case 401 where sameOrigin && !authenticated:
                guard var challenge = AuthChallenge.choose(response.headers["WWW-Authenticate"]) else {
                    throw .denied(address: Self.display(url), status: 401, detail: Self.detail(response.body), hasCredentials: credentials != nil)
                }
                if bearerChallenge == nil, challenge.scheme == "bearer" { bearerChallenge = challenge }
                let sent = headers.first(name: "Authorization")
                var challengeScope = true
                if challenge.scheme == "basic", let kept = bearerChallenge, sent?.hasPrefix("Bearer ") ?? true {
                    // A token the registry no longer takes (or none yet), answered with
                    // `Basic`: the token flow it started with is asked again.
                    challenge = kept
                    challengeScope = false
                }
                if keepsBearerChallenge, challenge.scheme == "bearer" {
                    bearerChallenge = challenge
                    return response
                }
                authenticated = true
                // Another request may have renewed the token meanwhile: then it is used as it is.
                let current = authorization(scope: scope)
                if current == nil || current == sent {
                    try await authenticate(challenge, scope: scope, address: url, challengeScope: challengeScope)
                }
            case 401, 403:
                throw .denied(address: Self.display(url), status: response.status, detail: Self.detail(response.body),
                              hasCredentials: credentials != nil)
            default:
                throw .status(address: Self.display(url), status: response.status, detail: Self.detail(response.body))
            }
        }
    }

    private func keep(_ token: String, for scope: String) {
        tokens[scope] = token
    }

    private func authorization(scope: String?) -> String? {
        if useBasic { return credentials?.basicAuthorization }
        return tokens[scope ?? ""].map { "Bearer \($0)" }
    }

    /// Answers `challenge`: basic sends the credentials from now on; bearer asks the realm for
    /// a token for `scope` (for the challenge's own scope where `challengeScope` and it names
    /// one: the scope the registry wants for the request it refused).
    private func authenticate(_ challenge: AuthChallenge, scope: String?, address: String,
                              challengeScope: Bool) async throws(RegistryError) {
        switch challenge.scheme {
        case "basic":
            guard let credentials else {
                throw .denied(address: Self.display(address), status: 401, detail: "the registry asks for a user and password", hasCredentials: false)
            }
            guard credentials.identityToken == nil else {
                throw .denied(address: Self.display(address), status: 401,
                              detail: "the registry asks for a user and password, and the login found is an identity token", hasCredentials: true)
            }
            useBasic = true
        case "bearer":
            guard let realm = challenge.realm, var components = URLComponents(string: realm),
                  let scheme = components.scheme?.lowercased(), let host = components.host else {
                throw .invalid(address: Self.display(address), reason: "a Bearer challenge with no usable realm")
            }
            guard scheme == "https" || (scheme == "http" && plainHTTPAllowed && Self.isLoopback(host)) else {
                throw .invalid(address: Self.display(address), reason: "the token service \(realm) is not HTTPS")
            }
            var items = components.queryItems ?? []
            if let service = challenge.parameters["service"] { items.append(URLQueryItem(name: "service", value: service)) }
            if let wanted = (challengeScope ? challenge.parameters["scope"] : nil) ?? scope {
                items.append(URLQueryItem(name: "scope", value: wanted))
            }
            components.queryItems = items.isEmpty ? nil : items
            guard let tokenURL = components.url?.absoluteString else {
                throw .invalid(address: Self.display(address), reason: "a Bearer challenge with no usable realm")
            }
            let key = scope ?? ""
            do {
                // The fetch keeps its token before it ends (and is forgotten): a request that
                // comes between finds the token, not a reason to ask for another.
                _ = try await tokenRequests.value(key) {
                    let token = try await self.fetchToken(tokenURL)
                    await self.keep(token, for: key)
                    return token
                }
            } catch let error as RegistryError {
                throw error
            } catch {
                if Task.isCancelled { throw .interrupted }
                throw .invalid(address: Self.display(tokenURL), reason: "\(error)")
            }
        default:
            throw .invalid(address: Self.display(address), reason: "the registry asks for `\(challenge.scheme)` authentication, which sitegen does not speak")
        }
    }

    /// One request with its retries: waits out a pause, sends, and on 429, 5xx or a dropped
    /// connection waits (`Retry-After`, else backoff) and tries again.
    func execute(_ method: HTTPMethod, _ url: String, headers: HTTPHeaders, body: [UInt8]? = nil, limit: Int,
                         retriesTransport: Bool, counted: Bool = true) async throws(RegistryError) -> Response {
        var attempt = 0
        while true {
            attempt += 1
            if let until = pausedUntil, until > .now { try? await Task.sleep(until: until, clock: .continuous) }
            // Told to stop (a signal, or another request's failure): no new request, nor a retry.
            guard !Task.isCancelled else { throw .interrupted }
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers = headers
            if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
            request.headers.replaceOrAdd(name: "User-Agent", value: "sitegen/\(SitegenVersion.current)")
            if counted {
                tally.withLock { if method == .HEAD { $0.heads += 1 } else { $0.gets += 1 } }
            }
            let response: Response
            // Whether the answer's head came: a timeout after it is a stalled answer, not none.
            var begun = false
            do {
                let silence = watchForSilence(url)
                defer { silence?.cancel() }
                let answer = try await http.execute(request, timeout: .init(retry.answerTimeout))
                // The body's own watch, from its head on: a stalled body is said as such.
                silence?.cancel()
                begun = true
                let stall = watchForSilence(url, begun: true)
                defer { stall?.cancel() }
                let body = try await answer.body.collect(upTo: max(limit, 1 << 16))
                response = Response(status: Int(answer.status.code), headers: answer.headers, body: Array(body.readableBytesView))
            } catch is NIOTooManyBytesError {
                throw .invalid(address: Self.display(url), reason: "an answer of more than \(max(limit, 1 << 16)) bytes")
            } catch {
                if Task.isCancelled { throw .interrupted }
                let host = URL(string: url)?.host ?? base
                if let failure = Self.tlsError(error, address: Self.display(url), host: host) { throw failure }
                // A dropped connection is tried again; a request the registry left unanswered for
                // the time given is not (``RetryPolicy/answerTimeout``).
                if Self.isTimeout(error) {
                    let within = Self.seconds(retry.answerTimeout)
                    throw .cutShort(address: Self.display(url),
                                    reason: begun ? "the answer stopped midway: nothing more came for \(within)" : "no answer within \(within)")
                }
                guard retriesTransport, attempt < retry.attempts else {
                    let reason = Self.describe(error)
                    throw begun || Self.isCutShort(error) ? .cutShort(address: Self.display(url), reason: reason)
                        : .unreachable(address: Self.display(url), reason: reason)
                }
                noticeWait(backoff(attempt), url: url, status: nil, asked: false, attempt: attempt, attempts: retry.attempts)
                await wait(backoff(attempt))
                continue
            }
            tally.withLock { $0.bytes += response.body.count }
            guard [429, 500, 502, 503, 504].contains(response.status) else { return response }
            if response.status == 429, let limit = Self.exhaustedPullLimit(response.headers) {
                // Docker Hub's pull limit: trying again within its window only spends requests.
                throw .pullLimit(address: Self.display(url), limit: limit)
            }
            let retryAfter = Self.retryAfter(response.headers)
            if let retryAfter, retryAfter > retry.longestWait {
                throw .gaveUp(address: Self.display(url), status: response.status, attempts: attempt,
                              retryAfterSeconds: Int(retryAfter.components.seconds))
            }
            if Task.isCancelled { throw .interrupted }
            guard attempt < retry.attempts else {
                throw .gaveUp(address: Self.display(url), status: response.status, attempts: attempt, retryAfterSeconds: nil)
            }
            // `Retry-After: 0`, or a date already past, is no reason to try again at once.
            let delay = max(retryAfter ?? .zero, backoff(attempt))
            if response.status == 429 {
                let until = ContinuousClock.now + delay
                if pausedUntil.map({ $0 < until }) ?? true { pausedUntil = until }
            }
            noticeWait(delay, url: url, status: response.status, asked: retryAfter.map { $0 >= delay } ?? false,
                       attempt: attempt, attempts: retry.attempts)
            await wait(delay)
        }
    }

    private func wait(_ delay: Duration) async {
        tally.withLock { $0.retries += 1; $0.waited += delay }
        try? await Task.sleep(for: delay)
    }

    private func backoff(_ attempt: Int) -> Duration {
        retry.firstDelay * (1 << min(attempt - 1, 6))
    }
}
