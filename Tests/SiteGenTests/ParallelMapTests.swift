import Foundation
import Synchronization
import Testing
@testable import SiteGen

/// The build's parallel helpers: results in order, every job run once, and `both` safe to call
/// many times in a row with a `map` inside either job (the way the docs tree loads beside the
/// templates).
@Suite struct ParallelMapTests {
    @Test func mapKeepsInputOrderAndRunsEachItemOnce() {
        let calls = Mutex(0)
        let items = Array(0..<1_000)
        let squares = ParallelMap.map(items, jobs: 4) { item -> Int in
            calls.withLock { $0 += 1 }
            return item * item
        }
        #expect(squares == items.map { $0 * $0 })
        #expect(calls.withLock { $0 } == items.count)
        #expect(ParallelMap.map([Int](), jobs: 4) { $0 }.isEmpty)
        #expect(ParallelMap.map([7], jobs: 4) { $0 + 1 } == [8])
    }

    @Test func bothRunsBothJobsAndReturnsEachResult() {
        for round in 0..<2_000 {
            let (a, b) = ParallelMap.both({ "first \(round)" }, { round * 2 })
            #expect(a == "first \(round)")
            #expect(b == round * 2)
        }
    }

    @Test func aMapInsideEitherJobOfBothFinishes() {
        for round in 0..<200 {
            let items = Array(0..<50)
            let (a, b) = ParallelMap.both({ ParallelMap.map(items, jobs: 2) { $0 + round } },
                                          { ParallelMap.map(items, jobs: 2) { $0 - round } })
            #expect(a == items.map { $0 + round })
            #expect(b == items.map { $0 - round })
        }
    }
}
