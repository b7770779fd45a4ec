import Crypto
import Foundation
import NIOCore
import NIOHTTP1

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

    /// Whether `address` has a user or password before its host (`https://u:p@host`).
    static func holdsCredentials(_ address: String) -> Bool {
        guard let schemeEnd = address.range(of: "://") else { return address.contains("@") }
        let authority = address[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.contains("@")
    }

    static func digest(of bytes: [UInt8]) -> String {
        "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func mediaType(_ headers: HTTPHeaders) -> String {
        let value = headers.first(name: "Content-Type") ?? ""
        return value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? value
    }

    /// The path of `Link: </v2/…?last=x&n=1000>; rel="next"`.
    static func nextLink(_ headers: HTTPHeaders) -> String? {
        for value in headers["Link"] where value.contains("rel=\"next\"") || value.contains("rel=next") {
            guard let open = value.firstIndex(of: "<"), let close = value.firstIndex(of: ">"), open < close else { continue }
            let target = String(value[value.index(after: open)..<close])
            if target.hasPrefix("/") { return target }
            if let url = URL(string: target), let path = url.path.isEmpty ? nil : url.path {
                return path + (url.query.map { "?\($0)" } ?? "")
            }
        }
        return nil
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

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("connectTimeout") { return "the connection timed out" }
        if text.contains("readTimeout") || text.contains("deadlineExceeded") { return "no answer in time" }
        if text.contains("remoteConnectionClosed") { return "the registry closed the connection" }
        return text
    }
}
