import Foundation
import SiteGen

/// A user name and password for a registry, or an identity token, and where they came from.
///
/// They go only into `Authorization` headers sent to the registry or its token service over
/// HTTPS (or to a loopback address with `--insecure`); never into the data file, a message or a
/// log. ``description`` names the source, never the values.
public struct RegistryCredentials: Sendable, CustomStringConvertible, CustomReflectable {
    public let username: String
    let password: String
    /// An OAuth2 refresh token (`docker login` keeps one as `identitytoken` after a login
    /// through a browser, `az acr login` and the like): it answers only a token service, with
    /// a `refresh_token` grant, where a password would go as HTTP basic.
    let identityToken: String?
    /// Where they were found, for messages: an environment variable or a config file.
    public let source: String

    public init(username: String, password: String, source: String) {
        self.username = username
        self.password = password
        identityToken = nil
        self.source = source
    }

    init(identityToken: String, source: String) {
        username = "<token>"
        password = ""
        self.identityToken = identityToken
        self.source = source
    }

    public var description: String { identityToken == nil ? "credentials of \(username) from \(source)" : "an identity token from \(source)" }

    /// What `dump` and debuggers show: never the password.
    public var customMirror: Mirror { Mirror(self, children: ["username": username, "source": source]) }

    /// `Basic` and the base64 of `username:password`.
    var basicAuthorization: String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }

    /// The environment variables that hold credentials; they win over the Docker config file.
    public static let usernameVariable = "SITEGEN_REGISTRY_USERNAME"
    public static let passwordVariable = "SITEGEN_REGISTRY_PASSWORD"

    /// The credentials for the registry at `registry`: from `SITEGEN_REGISTRY_USERNAME` and
    /// `SITEGEN_REGISTRY_PASSWORD`, else from the Docker config file
    /// (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`) as `docker` itself reads
    /// it (the registry's `credHelpers` entry, else `credsStore`, else `auths`), else none
    /// (anonymous).
    ///
    /// Throws when only one of the two variables is set, or the config file's entry for the
    /// registry cannot be read: a sync that silently went anonymous would hit other limits.
    ///
    /// `warnings`: what the user should know though the sync goes on, as a `credsStore` whose
    /// helper is not installed (a Docker config mounted from another machine): then anonymous.
    public static func find(for registry: URL, environment: [String: String]) throws(DiagnosticError) -> RegistryCredentials? {
        var warnings: [Diagnostic] = []
        return try find(for: registry, environment: environment, warnings: &warnings)
    }

    /// `notice`: told of a credential helper slow to answer.
    public static func find(for registry: URL, environment: [String: String], warnings: inout [Diagnostic],
                            notice: ((String) -> Void)? = nil) throws(DiagnosticError) -> RegistryCredentials? {
        let username = environment[usernameVariable].flatMap { $0.isEmpty ? nil : $0 }
        let password = environment[passwordVariable].flatMap { $0.isEmpty ? nil : $0 }
        switch (username, password) {
        case let (username?, password?):
            return RegistryCredentials(username: username, password: password, source: "\(usernameVariable) and \(passwordVariable)")
        case (.some, nil), (nil, .some):
            throw DiagnosticError(.error("registry.credentials", "only one of \(usernameVariable) and \(passwordVariable) is set",
                                         hint: "set both for the registry's user, or neither to use the Docker config file or no credentials"))
        case (nil, nil):
            break
        }
        let configFolder = environment["DOCKER_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { "\($0)/.docker" }
        guard let configFolder else { return nil }
        return try fromDockerConfig("\(configFolder)/config.json", registry: registry, path: environment["PATH"], warnings: &warnings,
                                    notice: notice)
    }

    /// The credentials for `registry` in the Docker config file at `path`: from the credential
    /// helper its `credHelpers` (by host) or `credsStore` names, run as `docker` runs it
    /// (`docker-credential-NAME get`, searched in `searchPath`), else from its `auths` entry;
    /// nil when the file, or every place it names, has none for the registry. A `credsStore`
    /// whose program is missing is a warning (it serves every registry, most of them without
    /// a login); a missing `credHelpers` program, named for this registry, an error.
    static func fromDockerConfig(_ path: String, registry: URL, path searchPath: String? = nil,
                                 warnings: inout [Diagnostic], notice: ((String) -> Void)? = nil) throws(DiagnosticError) -> RegistryCredentials? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw DiagnosticError(.error("registry.docker-config", file: path, "the Docker config file is not a JSON object",
                                         hint: "fix or remove it, or set \(usernameVariable) and \(passwordVariable)"))
        }
        let helpers = root["credHelpers"] as? [String: Any] ?? [:]
        if let name = configKeys(for: registry).lazy.compactMap({ helpers[$0] as? String }).first {
            return try CredentialHelper(name: name, config: path, searchPath: searchPath, notice: notice).credentials(for: registry)
        }
        if let name = (root["credsStore"] as? String).flatMap({ $0.isEmpty ? nil : $0 }) {
            let helper = CredentialHelper(name: name, config: path, searchPath: searchPath, notice: notice)
            guard helper.isInstalled else {
                warnings.append(.warning("registry.credential-helper", file: path,
                                         "the Docker config file keeps logins in `\(name)` (credsStore), but \(helper.program) is not on PATH; syncing anonymously",
                                         hint: "install it, or set \(usernameVariable) and \(passwordVariable)"))
                return nil
            }
            return try helper.credentials(for: registry)
        }
        guard let auths = root["auths"] as? [String: Any] else { return nil }
        for key in authsKeys(auths.keys, for: registry) {
            guard let entry = auths[key] as? [String: Any] else { continue }
            if let token = entry["identitytoken"] as? String, !token.isEmpty {
                return RegistryCredentials(identityToken: token, source: "\(path) (auths.\(key))")
            }
            if let auth = entry["auth"] as? String, !auth.isEmpty {
                guard let decoded = Data(base64Encoded: auth).flatMap({ String(data: $0, encoding: .utf8) }),
                      let colon = decoded.firstIndex(of: ":") else {
                    throw DiagnosticError(.error("registry.docker-config", file: path,
                                                 "the `auth` of `\(key)` in the Docker config file is not base64 of `user:password`",
                                                 hint: "log in again with `docker login`, or set \(usernameVariable) and \(passwordVariable)"))
                }
                return RegistryCredentials(username: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...]),
                                           source: "\(path) (auths.\(key))")
            }
            if let username = entry["username"] as? String, let password = entry["password"] as? String {
                return RegistryCredentials(username: username, password: password, source: "\(path) (auths.\(key))")
            }
        }
        return nil
    }

    /// The keys `docker login` may have stored `registry` under: its host (with the port), the
    /// same with a scheme, and for Docker Hub the legacy index address.
    static func configKeys(for registry: URL) -> [String] {
        guard let host = registry.host else { return [] }
        let hostPort = registry.port.map { "\(host):\($0)" } ?? host
        var keys = [hostPort, "https://\(hostPort)", "http://\(hostPort)", "https://\(hostPort)/v1/", "https://\(hostPort)/v2/"]
        if isDockerHub(host) {
            keys = ["https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io"] + keys
        }
        return keys
    }

    /// The keys of `auths` that may hold `registry`'s login, in the order tried: those of
    /// ``configKeys(for:)`` first, then, sorted, any other whose host (the key without its
    /// scheme and path: `http://host:5000/v2/` is `host:5000`) is the registry's, as `docker`
    /// matches them.
    static func authsKeys(_ keys: some Sequence<String>, for registry: URL) -> [String] {
        let known = configKeys(for: registry)
        guard let host = registry.host else { return known }
        let hostPort = registry.port.map { "\(host):\($0)" } ?? host
        let hosts: Set<String> = isDockerHub(host) ? ["index.docker.io", "docker.io", "registry-1.docker.io", hostPort] : [hostPort]
        let others = keys.filter { key in
            guard !known.contains(key) else { return false }
            var name = Substring(key)
            for scheme in ["https://", "http://"] where name.hasPrefix(scheme) { name = name.dropFirst(scheme.count) }
            return hosts.contains(String(name.prefix { $0 != "/" }))
        }
        return known + others.sorted()
    }

    /// Whether `host` is Docker Hub's registry, under any of its names: `docker login` keeps
    /// its credentials under the legacy index address.
    static func isDockerHub(_ host: String) -> Bool {
        ["registry-1.docker.io", "index.docker.io", "docker.io", "registry.hub.docker.com"].contains(host.lowercased())
    }
}
