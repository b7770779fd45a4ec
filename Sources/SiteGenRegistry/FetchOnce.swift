import Synchronization

/// Fetches by key, each once however many ask at the same time: the first ask of a key starts
/// its fetch, and every ask while it runs, or after it ended, gets what it gives (a value or
/// an error, kept for the life of the value: a sync's). Made with `keepsOutcomes: false`, an
/// ended fetch is forgotten instead: only asks made while it runs share it (a token, which
/// a later refusal has to fetch anew).
///
/// Cancellation is per asker: an ask whose task is cancelled stops counting as a waiter, and
/// the fetch is cancelled only when no waiter is left. A fetch so cancelled is forgotten at
/// once, so that a later ask of its key fetches again rather than getting the cancellation.
/// An asker cancelled while others still wait gets the fetch's outcome when it ends.
final class FetchOnce<Value: Sendable>: Sendable {
    private struct Entry {
        let task: Task<Value, any Error>
        /// Which fetch of the key this is: a forgotten one's end must not touch a later one.
        let id: Int
        /// Asks waiting for it that were not cancelled; not counted once it ended.
        var waiting: Int
        var ended: Bool
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())
    private let keepsOutcomes: Bool

    init(keepsOutcomes: Bool = true) {
        self.keepsOutcomes = keepsOutcomes
    }

    /// What the fetch of `key` gives; `body` is that fetch, run only if no fetch of `key` is
    /// running or kept.
    func value(_ key: String, _ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let (task, id) = state.withLock { state in
            if var entry = state.entries[key] {
                if !entry.ended { entry.waiting += 1 }
                state.entries[key] = entry
                return (entry.task, entry.id)
            }
            state.nextID += 1
            let id = state.nextID
            // Made under the lock, so that its end (which takes the lock) finds its entry.
            let task = Task {
                defer { self.ended(key, id: id) }
                return try await body()
            }
            state.entries[key] = Entry(task: task, id: id, waiting: 1, ended: false)
            return (task, id)
        }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            self.leave(key, id: id)
        }
    }

    /// How many asks wait for the running fetch of `key` (nil: none runs): for tests.
    func waiters(_ key: String) -> Int? {
        state.withLock { state in state.entries[key].flatMap { $0.ended ? nil : $0.waiting } }
    }

    /// A waiter was cancelled: the last one cancels the fetch, which is forgotten.
    private func leave(_ key: String, id: Int) {
        let abandoned: Task<Value, any Error>? = state.withLock { state in
            guard var entry = state.entries[key], entry.id == id, !entry.ended else { return nil }
            entry.waiting -= 1
            guard entry.waiting == 0 else {
                state.entries[key] = entry
                return nil
            }
            state.entries[key] = nil
            return entry.task
        }
        abandoned?.cancel()
    }

    private func ended(_ key: String, id: Int) {
        state.withLock { state in
            guard state.entries[key]?.id == id else { return }
            if keepsOutcomes { state.entries[key]?.ended = true } else { state.entries[key] = nil }
        }
    }
}
