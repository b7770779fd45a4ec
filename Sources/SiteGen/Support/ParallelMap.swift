import Dispatch
import Foundation
import Synchronization

/// `map` spread over the cores, results in input order. For the pure, independent per-image
/// steps of a build (modelling, rendering); the calling thread takes part in the work.
enum ParallelMap {
    static func map<Element: Sendable, Result: Sendable>(_ items: [Element], jobs: Int,
                                                        _ transform: @Sendable (Element) -> Result) -> [Result] {
        guard jobs > 1, items.count > 1 else { return items.map(transform) }
        let results = Mutex<[Result?]>(Array(repeating: nil, count: items.count))
        // Items are handed out one at a time from a shared counter, so one slow image does not
        // hold up a whole pre-assigned share.
        let next = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: min(jobs, items.count)) { _ in
            while true {
                let index = next.withLock { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard index < items.count else { return }
                let result = transform(items[index])
                results.withLock { $0[index] = result }
            }
        }
        return results.withLock { $0.compactMap { $0 } }
    }

    /// `first` and `second` at the same time: `first` on the calling thread, `second` on a
    /// thread of its own.
    ///
    /// Not on a thread of Dispatch's pool (as `concurrentPerform(iterations: 2)` or
    /// `async` would): on Linux Swift's tasks run on that pool, whose width is the core count.
    /// The calling task waits on one of its threads and `second` would take the other, so a
    /// `map` inside `second` (the docs tree's images, read and parsed while the templates load)
    /// would find no thread free and run on one core of two.
    static func both<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @escaping @Sendable () -> B) -> (A, B) {
        let slot = Slot<B>()
        let done = DispatchSemaphore(value: 0)
        // `second` escapes for real: the thread keeps its closure until it has wound down,
        // after the semaphore (withoutActuallyEscaping would trap when it still has it).
        Thread {
            let result = second()
            slot.value.withLock { $0 = result }
            done.signal()
        }.start()
        let a = first()
        done.wait()
        // The semaphore was signalled after the value was stored.
        return (a, slot.value.withLock { $0! })
    }

    private final class Slot<Value: Sendable>: Sendable {
        let value = Mutex<Value?>(nil)
    }
}
