import Synchronization

/// The first signal (SIGINT, SIGTERM, SIGHUP) a command received, and the task it stops.
///
/// The command installs its signal handler (``ShutdownSignals``) before it makes the task, so
/// that no signal meets the default action (death, with nothing saved); a signal may then come
/// before the task is there to cancel. Both are kept under one lock: a signal cancels the task
/// stored, and ``stops(_:)`` cancels a task stored after the signal came. Either way the task
/// is cancelled exactly when a signal was received.
final class ReceivedSignal<Success: Sendable>: Sendable {
    private struct State {
        var number: Int32?
        var task: Task<Success, any Error>?
    }

    private let state = Mutex(State())

    /// The signal received, if one was.
    var number: Int32? { state.withLock { $0.number } }

    /// From the signal handler's queue: records `number` and cancels the task, if it is stored yet.
    func receive(_ number: Int32) {
        let task = state.withLock { state in
            state.number = number
            return state.task
        }
        task?.cancel()
    }

    /// Keeps `task`, to cancel on a signal; cancels it at once if a signal came before.
    func stops(_ task: Task<Success, any Error>) {
        let received = state.withLock { state in
            state.task = task
            return state.number != nil
        }
        if received { task.cancel() }
    }
}
