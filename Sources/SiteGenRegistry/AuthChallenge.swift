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
        guard let first = Self.all(header).first else { return nil }
        self = first
    }

    private init(scheme: String, parameters: [String: String]) {
        self.scheme = scheme
        self.parameters = parameters
    }

    /// The challenge the client answers among those of every `WWW-Authenticate` header of an
    /// answer: `Bearer` before `Basic` (a registry may offer both, or put `Negotiate` first),
    /// else the first; nil when there is none.
    static func choose(_ headers: [String]) -> AuthChallenge? {
        let challenges = headers.flatMap(all)
        return challenges.first { $0.scheme == "bearer" } ?? challenges.first { $0.scheme == "basic" } ?? challenges.first
    }

    /// Every challenge of one header value, in order (`Negotiate, Basic realm="x"`).
    static func all(_ header: String) -> [AuthChallenge] {
        var challenges: [AuthChallenge] = []
        var rest = Substring(header)
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "," })
            let schemeEnd = rest.firstIndex(where: { $0 == " " || $0 == "," }) ?? rest.endIndex
            let scheme = rest[..<schemeEnd].lowercased()
            guard !scheme.isEmpty, !scheme.contains("=") else { return challenges }
            rest = rest[schemeEnd...]
            var parameters: [String: String] = [:]
            while true {
                let start = rest
                rest = rest.drop(while: { $0 == " " || $0 == "," })
                guard let equals = rest.firstIndex(of: "=") else { break }
                let name = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                // A new scheme (`Basic realm=…, Bearer realm=…`) starts another challenge.
                if name.contains(" ") || name.contains(",") {
                    rest = start
                    break
                }
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
            challenges.append(AuthChallenge(scheme: scheme, parameters: parameters))
        }
    }
}
