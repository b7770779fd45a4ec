import Dispatch
import Foundation

/// Turns Ctrl-C (SIGINT) and SIGTERM (and whatever else a command names) into a call, instead of the default instant death, so
/// the preview can stop its server and watcher cleanly and exit 0, and a registry sync can
/// save what it fetched. A second signal while stopping exits at once (status 128 + its
/// number: 130 for SIGINT), for when stopping hangs, after a last word if the command has one.
/// The CLI's own: signals are the process's, not the library's or the server's.
final class ShutdownSignals {
    private let sources: [any DispatchSourceSignal]

    /// Starts listening; `onFirst` runs on the first signal. Keep the value alive while serving.
    convenience init(_ signals: [Int32] = [SIGINT, SIGTERM], onFirst: @escaping @Sendable () -> Void) {
        self.init(signals, onFirstSignal: { _ in onFirst() })
    }

    /// Starts listening; `onFirstSignal` runs on the first signal, with its number;
    /// `onSecondSignal` on the second, right before the process exits.
    init(_ signals: [Int32] = [SIGINT, SIGTERM], onFirstSignal: @escaping @Sendable (Int32) -> Void,
         onSecondSignal: (@Sendable (Int32) -> Void)? = nil) {
        let handler = Handler(onFirstSignal: onFirstSignal, onSecondSignal: onSecondSignal)
        sources = signals.compactMap { number in
            // The default action must be off, or the process dies before the source sees it.
            let previous = signal(number, SIG_IGN)
            // A SIGHUP the process was started with ignored (`nohup`) stays ignored: the user
            // asked for the command to outlive its terminal.
            if number == SIGHUP, let previous, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                return nil
            }
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            // Signals that come before the handler runs are one event: its `data` counts them
            // (a quick double Ctrl-C is a second signal, not one). The handler holds its source
            // until `cancel()` (deinit) releases it.
            source.setEventHandler { handler.receive(number, times: Int(source.data)) }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }

    /// What each signal does, apart from the sources that deliver them (so that it can be
    /// tried without sending the process signals). Handlers run on a concurrent queue.
    final class Handler: @unchecked Sendable {
        private let onFirstSignal: @Sendable (Int32) -> Void
        private let onSecondSignal: (@Sendable (Int32) -> Void)?
        private let exit: @Sendable (Int32) -> Void
        private let lock = NSLock()
        private var count = 0

        /// `exit`: the process's, called with 128 plus the second signal's number.
        init(onFirstSignal: @escaping @Sendable (Int32) -> Void, onSecondSignal: (@Sendable (Int32) -> Void)?,
             exit: @escaping @Sendable (Int32) -> Void = { Foundation.exit($0) }) {
            self.onFirstSignal = onFirstSignal
            self.onSecondSignal = onSecondSignal
            self.exit = exit
        }

        /// `times`: how many of `number` came together (at least one).
        func receive(_ number: Int32, times: Int = 1) {
            lock.lock()
            let first = count == 0
            // A terminal that goes away sends SIGHUP more than once (the shell passes one on to
            // its jobs, the kernel sends its own): only the first counts. A second signal, which
            // exits at once, is one somebody sent again (SIGINT, SIGTERM).
            if number == SIGHUP, !first {
                lock.unlock()
                return
            }
            count += number == SIGHUP ? 1 : max(1, times)
            let again = count > 1
            lock.unlock()
            if first { onFirstSignal(number) }
            if again {
                // The last word may wait on a blocked stderr (a paused terminal, a stalled log
                // pipe), the very hang a second signal is for: the exit comes a second later
                // whatever it does.
                if let onSecondSignal {
                    let exit = exit
                    DispatchQueue.global().asyncAfter(deadline: .now() + 1) { exit(128 + number) }
                    onSecondSignal(number)
                }
                exit(128 + number)
            }
        }
    }
}
