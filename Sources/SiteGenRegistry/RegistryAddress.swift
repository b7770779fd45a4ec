import Foundation
import SiteGen

/// A registry's base address as the sync uses it and the data file records it: `https://` or
/// `http://`, a host and maybe a port, nothing else. Scheme and host are lowercased (both are
/// case-insensitive), so that one registry has one spelling: the data file's `registry` must
/// match `^https?://[^/@]+$`, and a sync compares it with the file's to tell another registry.
///
/// Made from what the user gave (`--registry`, `registry.url`); throws a diagnostic that says
/// what is wrong with it, checked before any request. A value holding credentials is never
/// echoed: the address goes into messages and CI logs.
public struct RegistryAddress: Sendable, Equatable, CustomStringConvertible {
    /// `https://host[:port]`, as written to the data file.
    public let text: String
    public let url: URL
    /// The host, lowercased, without brackets around an IPv6 address.
    public let host: String

    public var description: String { text }

    public var isPlainHTTP: Bool { text.hasPrefix("http://") }

    /// `source` names where `given` came from in messages (`--registry`, or the settings file's
    /// key), and `place` where it is written there.
    public init(_ given: String, source: String = "--registry", place: SiteConfig.Place? = nil) throws(DiagnosticError) {
        let hint = "give the registry's base address, as https://registry-1.docker.io (or http://127.0.0.1:5000 with --insecure)"
        func problem(_ message: String, hint: String) -> DiagnosticError {
            DiagnosticError(.error("registry.address", file: place?.file, line: place?.line, column: place?.column, message, hint: hint))
        }
        guard !RegistryDataFile.holdsCredentials(given) else {
            throw problem("\(source == "--registry" ? "the registry address" : source) holds credentials",
                          hint: "put them in \(RegistryCredentials.usernameVariable) and \(RegistryCredentials.passwordVariable) or the Docker config file: the address is written to the data file")
        }
        guard let schemeEnd = given.range(of: "://"),
              ["https", "http"].contains(given[..<schemeEnd.lowerBound].lowercased()) else {
            throw problem("\(source) must be an address starting with https:// or http://, not `\(given)`", hint: hint)
        }
        let scheme = given[..<schemeEnd.lowerBound].lowercased()
        let rest = given[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let tail = rest[authority.endIndex...]
        let normalized = "\(scheme)://\(authority.lowercased())"
        guard let url = URL(string: normalized) else {
            throw problem("\(source) `\(given)` is not a valid address", hint: hint)
        }
        guard let host = url.host, !host.isEmpty else {
            throw problem("\(source) `\(given)` names no host", hint: hint)
        }
        // The API's paths (`/v2/…`) go after the base address: a path given here would be
        // asked for only to fail, and would not match the data file's form.
        guard tail.isEmpty || tail == "/" else {
            throw problem("\(source) `\(given)` has more than a host: `\(tail)`",
                          hint: "give the registry's base address alone, as \(normalized) (sitegen adds /v2/ itself)")
        }
        text = normalized
        self.url = url
        self.host = host.lowercased()
    }
}
