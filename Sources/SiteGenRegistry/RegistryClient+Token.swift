import Foundation
import NIOHTTP1

/// The token service's side of the bearer flow (``RegistryClient``'s `authenticate` asks it,
/// once per scope however many requests wait for the token).
extension RegistryClient {
    /// A token from the token service at `tokenURL`, asked with the credentials if any. A 403
    /// is ``RegistryError/denied`` (that repository is not for these credentials); any other
    /// refusal ``RegistryError/tokenRefused`` (the credentials are wrong for every image).
    ///
    /// An identity token is sent as the OAuth2 `refresh_token` grant (a form `POST` to the
    /// realm with the service and scope, as `docker` sends it); a user and password as HTTP
    /// basic on a `GET`.
    func fetchToken(_ tokenURL: String) async throws(RegistryError) -> String {
        var headers = HTTPHeaders()
        var method = HTTPMethod.GET
        var url = tokenURL
        var body: [UInt8]?
        if let refreshToken = credentials?.identityToken, var components = URLComponents(string: tokenURL) {
            var form = URLComponents()
            form.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "grant_type", value: "refresh_token"),
                                                               URLQueryItem(name: "client_id", value: "sitegen"),
                                                               URLQueryItem(name: "refresh_token", value: refreshToken)]
            components.queryItems = nil
            url = components.string ?? tokenURL
            // In a form, `+` is a space: a literal one is escaped.
            body = Array((form.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B").utf8)
            headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            method = .POST
        } else if let credentials {
            headers.add(name: "Authorization", value: credentials.basicAuthorization)
        }
        tally.withLock { $0.tokens += 1 }
        let response = try await execute(method, url, headers: headers, body: body, limit: 1 << 20, retriesTransport: true, counted: false)
        // 403: these credentials (or anonymous users) may not pull that repository, which GHCR
        // says so for a private or absent package; the other repositories may still be synced.
        if response.status == 403 {
            throw .denied(address: Self.display(tokenURL), status: 403, detail: Self.detail(response.body),
                          hasCredentials: credentials != nil)
        }
        guard response.status == 200 else {
            throw .tokenRefused(address: Self.display(tokenURL), status: response.status, detail: Self.detail(response.body),
                                hasCredentials: credentials != nil)
        }
        struct Token: Decodable {
            let token: String?
            let access_token: String?
        }
        guard let answer = try? JSONDecoder().decode(Token.self, from: Data(response.body)),
              let token = answer.token ?? answer.access_token, !token.isEmpty else {
            throw .invalid(address: Self.display(tokenURL), reason: "the token service gave no token")
        }
        return token
    }
}
