/// Where the preview listens, and how to say it.
public struct ServeAddress: Sendable, Equatable {
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// The host as the socket layer wants it: an IPv6 address without its URL brackets.
    public var bindHost: String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// Whether only this machine can connect. A preview serves unpublished drafts and a
    /// script-injecting event stream; other machines should not reach it unless asked for.
    public var isLoopback: Bool {
        bindHost == "localhost" || bindHost == "::1" || bindHost.hasPrefix("127.")
    }

    /// The address to open in a browser: `http://127.0.0.1:8000/`, `http://[::1]:8000/`.
    public var url: String {
        let shownHost: String
        switch bindHost {
        case "0.0.0.0": shownHost = "127.0.0.1"
        case "::": shownHost = "[::1]"
        default: shownHost = bindHost.contains(":") ? "[\(bindHost)]" : bindHost
        }
        return "http://\(shownHost):\(port)/"
    }
}
