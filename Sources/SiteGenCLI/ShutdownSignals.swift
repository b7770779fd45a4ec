import Dispatch
import Foundation

/// Turns Ctrl-C (SIGINT) and SIGTERM into a call, instead of the default instant death, so
/// the preview can stop its server and watcher cleanly and exit 0, and a registry sync can
/// save what it fetched. A second signal while stopping exits at once (status 128 + its
/// number: 130 for SIGINT), for when stopping hangs. The CLI's own: signals are the
/// process's, not the library's or the server's.
final class ShutdownSignals {
    private let sources: [any DispatchSourceSignal]

    /// Starts listening; `onFirst` runs on the first signal. Keep the value alive while serving.
    convenience init(_ signals: [Int32] = [SIGINT, SIGTERM], onFirst: @escaping @Sendable () -> Void) {
        self.init(signals, onFirstSignal: { _ in onFirst() })
    }

    /// Starts listening; `onFirstSignal` runs on the first signal, with its number.
    init(_ signals: [Int32] = [SIGINT, SIGTERM], onFirstSignal: @escaping @Sendable (Int32) -> Void) {
        let received = Counter()
        sources = signals.map { number in
            // The default action must be off, or the process dies before the source sees it.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if received.increment() == 1 { onFirstSignal(number) } else { exit(128 + number) }
            }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }

    /// How many signals arrived; signal handlers run on a concurrent queue.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0

        func increment() -> Int {
            lock.lock()
            defer { lock.unlock() }
            count += 1
            return count
        }
    }
}
