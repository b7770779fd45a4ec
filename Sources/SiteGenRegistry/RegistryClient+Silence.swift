import Foundation

/// A sync that goes quiet for a while says why: in a CI log, where the progress is a line only
/// every 30 s without one, half a minute without a word looks like a hung job.
/// - A request the registry has not answered for a while, said once: a registry that accepts
///   connections and never answers otherwise gives a minute of silence before the sync stops
///   with "no answer within 60 s".
/// - A wait before a request is tried again as long as that (in practice a `Retry-After` of a
///   429 or 5xx: the backoff alone stays shorter), said as it begins; once for waits that end
///   together, as the requests under one 429 pause do, and again for one that ends later.
extension RegistryClient {
    /// `say` is told, once per client, of the first request that has had no answer for `after`,
    /// and of waits of `after` or longer before a request is tried again.
    public struct SilenceNotice: Sendable {
        public let after: Duration
        public let say: @Sendable (String) -> Void

        public init(after: Duration, say: @escaping @Sendable (String) -> Void) {
            self.after = after
            self.say = say
        }
    }

    /// A watch on the request to `url`, which speaks up once ``SilenceNotice/after`` has passed
    /// (nil: no notice was asked for, or one was given already). Cancel it when the answer
    /// comes; `begun`: the answer's head came and its body is awaited (a stall then is not
    /// "no answer").
    func watchForSilence(_ url: String, begun: Bool = false) -> Task<Void, Never>? {
        guard let silenceNotice, !silenceNoticed else { return nil }
        return Task {
            do {
                try await Task.sleep(for: silenceNotice.after)
            } catch {
                return  // answered (or the sync stopped) in time
            }
            noticeSilence(url, begun: begun, after: silenceNotice)
        }
    }

    private func noticeSilence(_ url: String, begun: Bool, after notice: SilenceNotice) {
        guard !silenceNoticed else { return }
        silenceNoticed = true
        let after = Self.seconds(notice.after)
        notice.say(begun ? "waiting for the rest of the answer from \(Self.display(url)) (\(after) since it began)"
                         : "waiting for \(Self.display(url)) (no answer after \(after))")
    }

    /// Says a wait of `delay` before `url` is tried again, when it is long enough to say and
    /// ends later than the last wait said by as much (else the log would stay silent past the
    /// time it gave). `status`: the answer that asked for the wait (nil: the connection
    /// failed); `asked`: whether it gave `Retry-After`; `attempt` of `attempts`: the attempt
    /// that failed.
    func noticeWait(_ delay: Duration, url: String, status: Int?, asked: Bool, attempt: Int, attempts: Int) {
        guard let silenceNotice, delay >= silenceNotice.after else { return }
        let until = ContinuousClock.now + delay
        if let said = waitSaidUntil, until < said + silenceNotice.after { return }
        waitSaidUntil = until
        let why = switch status {
        case 429?: "the registry rate-limited the sync (429)"
        case let status?: "the registry answered \(status)"
        case nil: "the connection failed"
        }
        silenceNotice.say("\(why) at \(Self.display(url)); trying again in \(Self.seconds(delay))\(asked ? ", as it asked" : "") "
                          + "(attempt \(attempt + 1) of \(attempts))")
    }

    /// `10 s`, `0.5 s`.
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return attoseconds == 0 ? "\(seconds) s" : String(format: "%.1f s", Double(seconds) + Double(attoseconds) / 1e18)
    }
}
