import SiteGen

/// What the client is told to do (retries, plain HTTP) and tells of itself (counts).
extension RegistryClient {
    /// When and how often to try again.
    public struct RetryPolicy: Sendable {
        /// Tries per request, the first included.
        public var attempts: Int
        /// The first backoff; it doubles per attempt.
        public var firstDelay: Duration
        /// The longest `Retry-After` waited for; a longer one stops the sync at once.
        public var longestWait: Duration
        /// How long a request may go without an answer, or with its answer stalled. One that
        /// does is not sent again: a registry that leaves a request unanswered that long leaves
        /// the next one too, and each try would be that long again without a line in a CI log.
        public var answerTimeout: Duration

        public init(attempts: Int = 5, firstDelay: Duration = .milliseconds(500), longestWait: Duration = .seconds(60),
                    answerTimeout: Duration = .seconds(60)) {
            self.attempts = max(1, attempts)
            self.firstDelay = firstDelay
            self.longestWait = longestWait
            self.answerTimeout = max(.milliseconds(1), answerTimeout)
        }
    }

    /// What the client has done so far.
    public struct Counts: Sendable, Equatable {
        public var heads = 0
        public var gets = 0
        /// Requests to a token service.
        public var tokens = 0
        /// Body bytes received.
        public var bytes = 0
        /// Requests tried again.
        public var retries = 0
        /// Time spent waiting before retries.
        public var waited: Duration = .zero

        public var requests: Int { heads + gets + tokens }
    }

    /// Why the sync may not use `address` with `insecure` (nil: it may): plain HTTP is for a
    /// registry on a loopback address, with `insecure` only. `source` names where `insecure`
    /// came from (`--insecure`, or the settings file's key), `place` where the refused setting
    /// (the address without `insecure`, else `insecure`) is written.
    public static func plainHTTPRefusal(_ address: RegistryAddress, insecure: Bool, source: String = "--insecure",
                                        place: SiteConfig.Place? = nil) -> Diagnostic? {
        guard address.isPlainHTTP else { return nil }
        guard insecure else {
            return .error("registry.insecure", file: place?.file, line: place?.line, column: place?.column, "`\(address)` is plain HTTP",
                          hint: "use https://, or --insecure (`registry: insecure: true` in sitegen.yml) for a registry on a loopback address")
        }
        guard isLoopback(address.host) else {
            return .error("registry.insecure", file: place?.file, line: place?.line, column: place?.column,
                          "\(source) is for registries on a loopback address, not \(address.host)",
                          hint: "use https:// for a registry on another host")
        }
        return nil
    }
}
