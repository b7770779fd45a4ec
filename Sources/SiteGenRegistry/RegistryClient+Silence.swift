import Foundation

/// A request the registry has not answered for a while, said once: a registry that accepts
/// connections and never answers otherwise gives a minute of silence before the sync stops
/// with "no answer in time", and in a CI log, where no progress line shows, that minute looks
/// like a hung job.
extension RegistryClient {
    /// `say` is told, once per client, of the first request that has had no answer for `after`.
    public struct SilenceNotice: Sendable {
        public let after: Duration
        public let say: @Sendable (String) -> Void

        public init(after: Duration, say: @escaping @Sendable (String) -> Void) {
            self.after = after
            self.say = say
        }
    }

    /// A watch on the request to `url`, which speaks up once ``SilenceNotice/after`` has passed
    /// (nil: no notice was asked for, or one was given already). Cancel it when the answer comes.
    func watchForSilence(_ url: String) -> Task<Void, Never>? {
        guard let silenceNotice, !silenceNoticed else { return nil }
        return Task {
            do {
                try await Task.sleep(for: silenceNotice.after)
            } catch {
                return  // answered (or the sync stopped) in time
            }
            noticeSilence(url, after: silenceNotice)
        }
    }

    private func noticeSilence(_ url: String, after notice: SilenceNotice) {
        guard !silenceNoticed else { return }
        silenceNoticed = true
        notice.say("waiting for \(Self.display(url)) (no answer after \(Self.seconds(notice.after)))")
    }

    /// `10 s`, `0.5 s`.
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return attoseconds == 0 ? "\(seconds) s" : String(format: "%.1f s", Double(seconds) + Double(attoseconds) / 1e18)
    }
}
