import Foundation
import Synchronization

/// Frees large values on a thread of their own.
///
/// When a build has written its pages, the model it rendered them from (every image's site,
/// the catalog with every library entry) is garbage, and freeing it on the calling thread
/// would add to the single-threaded end of a build, which the process only waits for before it
/// exits. Handed here, the values are freed beside the build's last steps (or not at all, when
/// the process exits first).
enum BackgroundRelease {
    static func drop<Value: Sendable>(_ value: consuming Value) {
        // The slot owns the value from here on, so the last reference goes on the thread,
        // whichever finishes first.
        let slot = Slot(value)
        Thread { slot.value.withLock { $0 = nil } }.start()
    }

    private final class Slot<Value: Sendable>: Sendable {
        let value: Mutex<Value?>

        init(_ value: consuming Value) {
            self.value = Mutex(value)
        }
    }
}
