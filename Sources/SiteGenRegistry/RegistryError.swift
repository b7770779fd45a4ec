/// Why a registry request failed for good (after its retries), in words a user can act on.
/// Messages never hold credentials or tokens.
public enum RegistryError: Error, Sendable, CustomStringConvertible, Equatable {
    /// No connection made (refused, an unresolvable host, a connect timeout), or another
    /// transport failure before any answer.
    case unreachable(address: String, reason: String)
    /// A connection made, and no whole answer on it: none in the time given, one that began
    /// and did not finish, a connection reset or closed midway.
    case cutShort(address: String, reason: String)
    /// The TLS handshake failed: `problem` says why in words; `certificate`, whether it is the
    /// certificate that is not trusted (most often a company CA's). Not tried again: it does
    /// not heal.
    case tls(address: String, host: String, problem: String, certificate: Bool)
    /// The registry's TLS certificate does not name `host` (it was issued for another name):
    /// a trusted CA cannot fix that, only the address given can. Not tried again.
    case tlsHostName(address: String, host: String)
    /// 429 or 5xx on every attempt (`attempts`, all the sync makes), or, with
    /// `retryAfterSeconds`, a `Retry-After` longer than the sync will wait, at attempt `attempts`.
    case gaveUp(address: String, status: Int, attempts: Int, retryAfterSeconds: Int?)
    /// A 429 saying a pull limit is used up (Docker Hub's `ratelimit-remaining: 0`): `limit`
    /// in words, as "100 pulls per 6 h".
    case pullLimit(address: String, limit: String)
    /// 401 or 403 after the credentials or token were sent (or none were available), or a
    /// token service's 403 for one repository.
    case denied(address: String, status: Int, detail: String, hasCredentials: Bool)
    /// The token service refused the credentials (or, without any, anonymous access).
    case tokenRefused(address: String, status: Int, detail: String, hasCredentials: Bool)
    /// Any other unexpected status.
    case status(address: String, status: Int, detail: String)
    /// A manifest the sync cannot record (schema 1, not JSON, an index naming no image
    /// manifest): that tag is left out, the sync goes on.
    case unusable(address: String, reason: String)
    /// A response that is not what the distribution API promises (bad JSON, wrong digest).
    case invalid(address: String, reason: String)
    /// Not one image's repository is in the registry (`--namespace demoo`): the address or the
    /// namespace is wrong, not every repository of the library.
    case noRepository(registry: String, namespace: String)
    /// The sync was told to stop (SIGINT, SIGTERM, SIGHUP): no request is sent after it.
    case interrupted

    public var description: String {
        switch self {
        case .unreachable(let address, let reason):
            return "cannot reach \(address): \(reason)"
        case .cutShort(let address, let reason):
            return "the request to \(address) failed: \(reason)"
        case .tls(let address, _, let problem, _):
            return "\(problem), at \(address)"
        case .tlsHostName(let address, let host):
            return "the registry's TLS certificate does not name \(host), at \(address)"
        case .gaveUp(let address, let status, let attempts, let retryAfter):
            // A 429 is the registry limiting the sync; a 5xx, the registry failing.
            if let retryAfter {
                let what = status == 429 ? "rate-limits the sync (429)" : "is failing (\(status))"
                return "the registry \(what) and asks to wait \(retryAfter) s before \(address), longer than a sync waits"
            }
            let what = status == 429 ? "rate-limited the sync (429)" : "was failing (\(status))"
            return "the registry \(what) on \(attempts == 1 ? "the one attempt" : "all \(attempts) attempts") at \(address)"
        case .pullLimit(let address, let limit):
            return "the registry's pull limit (\(limit)) is used up, at \(address)"
        case .denied(let address, let status, let detail, let hasCredentials):
            let why = hasCredentials ? "the credentials were refused" : "it needs credentials"
            return "\(status) at \(address): \(why)\(detail.isEmpty ? "" : " (\(detail))")"
        case .tokenRefused(let address, let status, let detail, let hasCredentials):
            let why = hasCredentials ? "the token service refused the credentials" : "the token service refused anonymous access"
            return "\(status) at \(address): \(why)\(detail.isEmpty ? "" : " (\(detail))")"
        case .status(let address, let status, let detail):
            return "unexpected \(status) at \(address)\(detail.isEmpty ? "" : ": \(detail)")"
        case .invalid(let address, let reason):
            return "unexpected answer from \(address): \(reason)"
        case .unusable(let address, let reason):
            return "cannot read \(address): \(reason)"
        case .noRepository(let registry, let namespace):
            return namespace.isEmpty ? "\(registry) has no repository of these images at its top level (no namespace)"
                : "\(registry) has no repository of these images under the namespace `\(namespace)`"
        case .interrupted:
            return "interrupted"
        }
    }

    /// What to do about it.
    public var hint: String {
        switch self {
        case .unreachable, .cutShort:
            // (Whether the file changed, the message says: a registry may go down midway.)
            return "check --registry and that the registry is up, then run the sync again: it resumes from what it kept"
        case .tls(_, let host, _, let certificate):
            return certificate
                ? "if \(host)'s certificate comes from a CA of your own (a company's), set SSL_CERT_FILE to a PEM file of that CA's certificate"
                : "check --registry: a plain-HTTP registry given as https:// fails so"
        case .tlsHostName:
            return "check --registry's host name: give the one the certificate was issued for (SSL_CERT_FILE cannot change the names a certificate holds)"
        case .pullLimit:
            return "run the sync again once the limit's window has passed: it resumes from what it kept, and HEAD requests cost no pulls; "
                + "an account's limit is higher (SITEGEN_REGISTRY_USERNAME and SITEGEN_REGISTRY_PASSWORD, or `docker login`)"
        case .gaveUp(_, let status, _, _):
            return status == 429
                ? "run the sync again later: it resumes from what it kept (Docker Hub: log in for a higher limit)"
                : "the registry is failing: run the sync again later, it resumes from what it kept"
        case .denied(_, _, _, let hasCredentials), .tokenRefused(_, _, _, let hasCredentials):
            return hasCredentials
                ? "check the user and password (SITEGEN_REGISTRY_USERNAME/SITEGEN_REGISTRY_PASSWORD, or `docker login`)"
                : "set SITEGEN_REGISTRY_USERNAME and SITEGEN_REGISTRY_PASSWORD, or `docker login` to the registry"
        case .status, .invalid, .unusable:
            return "check --registry and --namespace; run again to resume"
        case .noRepository:
            return "check --registry and --namespace (each image is looked for as NAMESPACE/IMAGE)"
        case .interrupted:
            return "run it again to resume"
        }
    }
}
