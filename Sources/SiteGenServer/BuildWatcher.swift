import SiteGen

/// Watches the inputs and says when to rebuild: after something changed and then stayed
/// still for a moment.
///
/// Saving often touches several files in quick succession (an editor's write-and-rename, a
/// `git checkout`, a search-and-replace over many files); waiting for a quiet period makes
/// that one rebuild, not several, while still feeling immediate.
public struct BuildWatcher: Sendable {
    /// The build whose inputs to watch: the files its change detector reads (``InputSnapshot``).
    public let inputs: SiteBuilder.Options
    /// How often to look.
    public let interval: Duration
    /// How long nothing may change before a rebuild starts.
    public let quietPeriod: Duration

    public init(inputs: SiteBuilder.Options, interval: Duration = .milliseconds(250), quietPeriod: Duration = .milliseconds(150)) {
        self.inputs = inputs
        self.interval = interval
        self.quietPeriod = quietPeriod
    }

    /// Calls `onChange` with the changed paths each time the inputs settle after a change,
    /// one call at a time (a change made during a call is reported by the next); returns when
    /// the task is cancelled. Changes are counted from `start` when given (take it before the
    /// first build, so an edit made while it ran is not lost), else from now.
    public func run(from start: InputSnapshot? = nil, onChange: @Sendable ([String]) async -> Void) async {
        var last = start ?? InputSnapshot(options: inputs)
        while true {
            guard await pause(interval) else { return }
            var current = InputSnapshot(options: inputs)
            if current == last { continue }
            while true {
                guard await pause(quietPeriod) else { return }
                let again = InputSnapshot(options: inputs)
                if again == current { break }
                current = again
            }
            let changed = current.changes(since: last)
            last = current
            await onChange(changed)
        }
    }

    /// Sleeps; false when the task was cancelled.
    private func pause(_ duration: Duration) async -> Bool {
        do {
            try await Task.sleep(for: duration)
            return true
        } catch {
            return false
        }
    }
}
