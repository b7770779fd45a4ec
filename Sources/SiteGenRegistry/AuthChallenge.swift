import Foundation

/// A `WWW-Authenticate` challenge of a registry (RFC 7235): its scheme and parameters.
///
/// Registries send `Basic realm="…"` (htpasswd) or `Bearer realm="…",service="…",scope="…"`
/// (Docker Hub, GHCR, Harbor and most others): the client then asks the realm for a token.
struct AuthChallenge: Equatable, Sendable {
    /// Lowercased: `basic` or `bearer`.
    let scheme: String
    /// Parameter names lowercased; values unquoted.
    let parameters: [String: String]

    var realm: String? { parameters["realm"] }

    /// The first challenge of `header`; nil when it names none.
    init?(header: String) {
        var rest = Substring(header).drop(while: { $0 == " " })
        let schemeEnd = rest.firstIndex(where: { $0 == " " || $0 == "," }) ?? rest.endIndex
        let scheme = rest[..<schemeEnd].lowercased()
        guard !scheme.isEmpty else { return nil }
        rest = rest[schemeEnd...]
        var parameters: [String: String] = [:]
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "," })
            guard let equals = rest.firstIndex(of: "=") else { break }
            let name = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            // A new scheme (`Basic realm=…, Bearer …`) starts another challenge: stop there.
            if name.contains(" ") { break }
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let character = rest.first, character != "\"" {
                    if character == "\\", let next = rest.dropFirst().first {
                        value.append(next)
                        rest = rest.dropFirst(2)
                    } else {
                        value.append(character)
                        rest = rest.dropFirst()
                    }
                }
                rest = rest.dropFirst()
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            parameters[name] = value
        }
        self.scheme = scheme
        self.parameters = parameters
    }
}
