import Foundation
import Testing
@testable import SiteGenCLI

/// `registry sync` installs its signal handlers before it starts the sync: a signal cancels
/// the sync's task whether it came before the task was stored or after.
@Suite struct ReceivedSignalTests {
    /// A task that only a cancellation ends before the test's own time limit.
    static func waitingTask() -> Task<Bool, any Error> {
        Task {
            try await Task.sleep(for: .seconds(60))
            return true
        }
    }

    @Test func aSignalBeforeTheTaskIsStoredCancelsItWhenItIs() async {
        let received = ReceivedSignal<Bool>()
        received.receive(SIGTERM)
        let task = Self.waitingTask()
        received.stops(task)
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(received.number == SIGTERM)
    }

    @Test func aSignalAfterTheTaskIsStoredCancelsIt() async {
        let received = ReceivedSignal<Bool>()
        let task = Self.waitingTask()
        received.stops(task)
        #expect(received.number == nil)
        received.receive(SIGINT)
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(received.number == SIGINT)
    }

    @Test func noSignalLeavesTheTaskAlone() async throws {
        let received = ReceivedSignal<Bool>()
        let task = Task { () async throws -> Bool in true }
        received.stops(task)
        #expect(try await task.value)
        #expect(received.number == nil)
    }
}
