import Synchronization

/// The signal that stopped a sync, set from a signal handler's queue.
final class ReceivedSignal: Sendable {
    private let value = Mutex<Int32?>(nil)

    var number: Int32? { value.withLock { $0 } }

    func set(_ number: Int32) {
        value.withLock { $0 = number }
    }
}
