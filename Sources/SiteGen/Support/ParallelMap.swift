import Dispatch
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

    /// `first` and `second` at the same time (the calling thread runs one of them).
    static func both<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
        let a = Mutex<A?>(nil)
        let b = Mutex<B?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 {
                let result = first()
                a.withLock { $0 = result }
            } else {
                let result = second()
                b.withLock { $0 = result }
            }
        }
        // concurrentPerform returns after both ran: the values are there.
        return (a.withLock { $0! }, b.withLock { $0! })
    }
}
