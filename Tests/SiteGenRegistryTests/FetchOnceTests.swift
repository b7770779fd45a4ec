import Foundation
import Testing
@testable import SiteGenRegistry

/// The sync's one fetch per manifest, configuration and record, without a registry: shared by
/// every ask, kept with its outcome, cancelled only when every ask waiting for it is.
@Suite struct FetchOnceTests {
    /// A fetch's body: counts its runs, waits for `open()`, and fails if it was cancelled by then.
    actor Fetch {
        private(set) var runs = 0
        private var isOpen = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func body() async throws -> Int {
            runs += 1
            if !isOpen { await withCheckedContinuation { waiting.append($0) } }
            try Task.checkCancellation()
            return 42
        }

        func open() {
            isOpen = true
            for continuation in waiting { continuation.resume() }
            waiting = []
        }
    }

    /// Waits until `condition` holds (a few seconds at most).
    static func until(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        try #require(condition())
    }

    @Test func oneAskCancelledLeavesTheFetchToTheOthers() async throws {
        let once = FetchOnce<Int>()
        let fetch = Fetch()
        let first = Task { try await once.value("k") { try await fetch.body() } }
        let second = Task { try await once.value("k") { try await fetch.body() } }
        try await Self.until { once.waiters("k") == 2 }
        first.cancel()
        try await Self.until { once.waiters("k") == 1 }
        await fetch.open()
        #expect(try await second.value == 42, "the fetch went on for the ask still waiting")
        #expect(try await first.value == 42, "the cancelled ask gets what the fetch gave")
        #expect(await fetch.runs == 1)
    }

    @Test func aFetchEveryAskLeftIsCancelledAndFetchedAgainWhenAskedAgain() async throws {
        let once = FetchOnce<Int>()
        let fetch = Fetch()
        let asks = (0..<2).map { _ in Task { try await once.value("k") { try await fetch.body() } } }
        try await Self.until { once.waiters("k") == 2 }
        for ask in asks { ask.cancel() }
        try await Self.until { once.waiters("k") == nil }
        await fetch.open()
        for ask in asks {
            await #expect(throws: CancellationError.self) { try await ask.value }
        }
        #expect(try await once.value("k") { try await fetch.body() } == 42, "the cancelled fetch is not what a later ask gets")
        #expect(await fetch.runs == 2)
    }

    @Test func whatAFetchGaveIsKeptAFailureToo() async throws {
        struct Refused: Error {}
        let once = FetchOnce<Int>()
        let fetch = Fetch()
        await fetch.open()
        #expect(try await once.value("a") { try await fetch.body() } == 42)
        #expect(try await once.value("a") { try await fetch.body() } == 42)
        #expect(await fetch.runs == 1)
        await #expect(throws: Refused.self) { try await once.value("b") { throw Refused() } }
        await #expect(throws: Refused.self) { try await once.value("b") { try await fetch.body() } }
        #expect(await fetch.runs == 1, "a failure is kept: the second ask of b got it without fetching")
        #expect(once.waiters("a") == nil && once.waiters("b") == nil, "no fetch runs")
    }

    /// The tokens' kind: asks made while a fetch runs share it, and an ask after it ended
    /// fetches anew (a token the registry refused later has to be asked for again).
    @Test func withoutKeepingOutcomesOnlyAsksWhileItRunsShareAFetch() async throws {
        let once = FetchOnce<Int>(keepsOutcomes: false)
        let fetch = Fetch()
        let asks = (0..<2).map { _ in Task { try await once.value("k") { try await fetch.body() } } }
        try await Self.until { once.waiters("k") == 2 }
        await fetch.open()
        for ask in asks { #expect(try await ask.value == 42) }
        #expect(await fetch.runs == 1, "shared while it ran")
        #expect(once.waiters("k") == nil)
        #expect(try await once.value("k") { try await fetch.body() } == 42)
        #expect(await fetch.runs == 2, "forgotten once it ended")
    }
}
