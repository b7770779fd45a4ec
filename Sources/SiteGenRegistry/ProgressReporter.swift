import Synchronization

/// The progress reports of one sync: each step as ``SyncState`` reports it, with the client's
/// counts and the time so far; one as the sync begins (nothing done yet); and the last step
/// again every `period`, so that a progress line moves while no tag finishes (a wait the
/// registry asked for, a slow answer).
///
/// Reports are made under a lock, so that none comes after ``stop()`` returns: the command
/// clears its progress line once the sync returns, and a report after that would leave a
/// stale line above the summary.
final class ProgressReporter: Sendable {
    private let last: Mutex<RegistrySync.Progress?>
    private let report: @Sendable (RegistrySync.Progress) -> Void
    private let ticker: Mutex<Task<Void, Never>?> = Mutex(nil)

    /// Reports the first step (none of `tags` done) at once, then every `period`.
    init(tags: Int, client: RegistryClient, start: ContinuousClock.Instant, period: Duration = .seconds(1),
         progress: @escaping @Sendable (RegistrySync.Progress) -> Void) {
        report = { step in
            var step = step
            let counts = client.counts
            step.requests = counts.requests
            step.retries = counts.retries
            step.bytes = counts.bytes
            step.elapsed = ContinuousClock.now - start
            progress(step)
        }
        let first = RegistrySync.Progress(tagsDone: 0, tags: tags, newDigests: 0)
        last = Mutex(first)
        report(first)
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: period)
                guard let self else { return }
                self.last.withLock { if let step = $0 { self.report(step) } }
            }
        }
        ticker.withLock { $0 = task }
    }

    /// A step of the sync (``SyncState``'s), reported unless the reports were stopped.
    func step(_ step: RegistrySync.Progress) {
        last.withLock {
            guard $0 != nil else { return }
            $0 = step
            report(step)
        }
    }

    /// Ends the reports: none comes after this returns.
    func stop() {
        ticker.withLock { $0?.cancel() }
        last.withLock { $0 = nil }
    }
}
