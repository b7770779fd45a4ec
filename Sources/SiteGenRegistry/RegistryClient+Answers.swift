import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// What the client reads of addresses and answers: the rules for addresses it may use, and
/// the headers and bodies of registries' answers.
extension RegistryClient {
    /// `localhost`, `::1` or an IPv4 address in 127.0.0.0/8, written as an address: a name
    /// that merely starts with `127.` is another host.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        var address = in_addr()
        guard inet_pton(AF_INET, bare, &address) == 1 else { return false }
        return UInt32(bigEndian: address.s_addr) >> 24 == 127
    }

    /// Whether `url` is on the registry at `base`: the same scheme, host (in any case) and port
    /// (an absent one being the scheme's own). Only such requests carry credentials.
    static func isSameOrigin(_ url: String, as base: String) -> Bool {
        guard let target = URLComponents(string: url), let home = URLComponents(string: base),
              let scheme = target.scheme?.lowercased(), scheme == home.scheme?.lowercased(),
              let host = target.host?.lowercased(), host == home.host?.lowercased() else { return false }
        let defaultPort = scheme == "https" ? 443 : 80
        return (target.port ?? defaultPort) == (home.port ?? defaultPort)
    }

    /// Docker Hub's pull limit when a 429 says it is used up (`ratelimit-remaining: 0;w=21600`)
    /// and gives no `Retry-After` (its window is hours): its `ratelimit-limit` in words, as
    /// "100 pulls per 6 h"; nil for any other 429, which is waited out.
    static func exhaustedPullLimit(_ headers: HTTPHeaders) -> String? {
        guard headers.first(name: "Retry-After") == nil else { return nil }
        func parts(_ name: String) -> (count: Int, window: Int?)? {
            guard let value = headers.first(name: name) else { return nil }
            let fields = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let count = fields.first.flatMap({ Int($0) }) else { return nil }
            let window = fields.dropFirst().first { $0.hasPrefix("w=") }.flatMap { Int($0.dropFirst(2)) }
            return (count, window)
        }
        guard let remaining = parts("ratelimit-remaining"), remaining.count <= 0 else { return nil }
        guard let limit = parts("ratelimit-limit") else { return "its limit" }
        let window = (limit.window ?? remaining.window).map { $0 % 3600 == 0 ? " per \($0 / 3600) h" : " per \($0) s" } ?? ""
        return "\(limit.count) pulls\(window)"
    }

    /// Whether `mediaType` is a Docker schema 1 manifest's (`…manifest.v1+json`, `+prettyjws`).
    static func isSchema1(_ mediaType: String) -> Bool {
        mediaType.hasPrefix("application/vnd.docker.distribution.manifest.v1")
    }

    /// Whether `mediaType` is an image manifest's, OCI's or Docker's (v2).
    static func isImageManifest(_ mediaType: String) -> Bool {
        mediaType == "application/vnd.oci.image.manifest.v1+json" || mediaType == "application/vnd.docker.distribution.manifest.v2+json"
    }

    static let schema1Reason = "a Docker schema 1 manifest, which names no sizes (pushing the image again gives a v2 one)"

    static func digest(of bytes: [UInt8]) -> String {
        "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func mediaType(_ headers: HTTPHeaders) -> String {
        let value = headers.first(name: "Content-Type") ?? ""
        return value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? value
    }

    /// The path (and query) of the `rel="next"` link of `Link` headers
    /// (`</v2/…?last=x&n=1000>; rel="next"`), resolved against `path`, the request's own: a
    /// header may hold several links, and a target may be absolute, rooted or relative.
    static func nextLink(_ headers: HTTPHeaders, from path: String) -> String? {
        for value in headers["Link"] {
            for link in links(value) {
                let relations = link.parameters
                    .filter { $0.lowercased().hasPrefix("rel=") }
                    .flatMap { $0.dropFirst(4).trimmingCharacters(in: CharacterSet(charactersIn: "\"")).split(separator: " ") }
                guard relations.contains(where: { $0.lowercased() == "next" }) else { continue }
                guard let target = URL(string: link.target, relativeTo: URL(string: "http://registry" + path))?.absoluteURL,
                      !target.path.isEmpty else { continue }
                return target.path + (target.query.map { "?\($0)" } ?? "")
            }
        }
        return nil
    }

    /// The links of one `Link` header value (RFC 8288): each `<target>` and its `;` parameters,
    /// split at the commas between links, not at those inside a target or a quoted value.
    static func links(_ value: String) -> [(target: String, parameters: [String])] {
        var links: [(target: String, parameters: [String])] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let target = String(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
            var end = rest.startIndex
            var quoted = false
            while end < rest.endIndex, quoted || rest[end] != "," {
                if rest[end] == "\"" { quoted.toggle() }
                end = rest.index(after: end)
            }
            let parameters = rest[..<end].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            links.append((target, parameters))
            rest = rest[end...]
        }
        return links
    }

    /// `Retry-After` in seconds or as an HTTP date.
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        guard let value = headers.first(name: "Retry-After")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Int(value) { return .seconds(max(0, seconds)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .seconds(max(0, Int(date.timeIntervalSinceNow.rounded(.up))))
    }

    /// The registry's own words from an error body (`{"errors":[{"code":…,"message":…}]}`).
    static func detail(_ body: [UInt8]) -> String {
        struct Errors: Decodable {
            struct Item: Decodable {
                let code: String?
                let message: String?
            }
            let errors: [Item]?
        }
        guard let errors = try? JSONDecoder().decode(Errors.self, from: Data(body)).errors else { return "" }
        return errors.map { [$0.code, $0.message].compactMap { $0 }.joined(separator: ": ") }.joined(separator: "; ")
    }

    /// `url` without its query (a token request's query names the scope, never a secret, but a
    /// redirect target's may hold a signature).
    static func display(_ url: String) -> String {
        url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
    }

    /// A failed TLS handshake as the error the sync reports, or nil when `error` is not one
    /// (`address`: the request's, `host`: its host). NIOSSL's errors, told apart by case:
    /// - a certificate for another name (`NIOSSLExtraError.failedToValidateHostname`): only
    ///   the address given can fix it, not a CA (``RegistryError/tlsHostName(address:host:)``);
    /// - a certificate no trusted CA signed, or an expired one (BoringSSL's
    ///   `CERTIFICATE_VERIFY_FAILED`): a company CA's, most often, which SSL_CERT_FILE adds;
    /// - any other failed handshake: BoringSSL's reason alone. Its errors come only as text
    ///   (`error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at
    ///   …/handshake.cc:320`), whose source file is a build path no user can act on.
    static func tlsError(_ error: any Error, address: String, host: String) -> RegistryError? {
        if let error = error as? NIOSSLExtraError {
            guard error == .failedToValidateHostname || error == .serverHostnameImpossibleToMatch else { return nil }
            return .tlsHostName(address: address, host: host)
        }
        guard let error = error as? NIOSSLError else { return nil }
        let reason: String?
        switch error {
        case .handshakeFailed(.sslError(let stack)), .handshakeFailed(.unknownError(let stack)):
            reason = stack.lazy.compactMap(boringSSLReason).first
        case .handshakeFailed:
            reason = nil
        case .unableToValidateCertificate, .noCertificateToValidate:
            reason = "certificate verify failed"
        default:
            return nil
        }
        if reason == "certificate verify failed" {
            return .tls(address: address, host: host,
                        problem: "the TLS certificate of \(host) is not trusted: no CA this machine trusts signed it, or it has expired",
                        certificate: true)
        }
        return .tls(address: address, host: host, problem: "the TLS handshake with \(host) failed" + (reason.map { ": \($0)" } ?? ""),
                    certificate: false)
    }

    /// BoringSSL's reason in an error of its stack, in words: `CERTIFICATE_VERIFY_FAILED` is
    /// "certificate verify failed".
    private static func boringSSLReason(_ error: BoringSSLInternalError) -> String? {
        let text = error.description
        return text.range(of: "OPENSSL_internal:").map { found in
            text[found.upperBound...].prefix { $0.isUppercase || $0.isNumber || $0 == "_" }
                .lowercased().replacingOccurrences(of: "_", with: " ")
        }
    }

    /// What went wrong with a request that got no answer, in words (a timeout of the answer
    /// is said where the time given is known: ``isTimeout(_:)``).
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("connectTimeout") { return "the connection timed out" }
        if text.contains("remoteConnectionClosed") { return "the registry closed the connection" }
        if text.contains("Connection reset by peer") || text.contains("errno: 104") { return "the connection was reset" }
        if text.contains("Broken pipe") || text.contains("errno: 32") { return "the connection was closed while sending" }
        return text
    }

    /// Whether `error` ended a connection that was made (reset, closed by the registry): the
    /// registry was reached.
    static func isCutShort(_ error: any Error) -> Bool {
        ["the connection was reset", "the registry closed the connection", "the connection was closed while sending"]
            .contains(describe(error))
    }

    /// Whether a request went unanswered for the time given (AsyncHTTPClient's deadline, until
    /// the answer's head, and its read timeout, between bytes after). Not a connection that
    /// timed out: that is 10 s, and a resolver or network slow once may be quicker the next time.
    static func isTimeout(_ error: any Error) -> Bool {
        guard let error = error as? HTTPClientError else { return false }
        return error == .readTimeout || error == .deadlineExceeded
    }
}
