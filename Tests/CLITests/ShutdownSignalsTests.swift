import Foundation
import Synchronization
import Testing
@testable import SiteGenCLI

/// The first signal asks the command to stop; a second stops the process at once, after the
/// command's last word. (The handler alone: a test process cannot be sure of receiving a
/// signal it sends itself, since the dispatch sources' mask is not on threads made before.)
@Suite struct ShutdownSignalsTests {
    @Test func theFirstSignalAsksToStopTheSecondSaysItsLastWordAndExits() {
        let events = Mutex<[String]>([])
        let handler = ShutdownSignals.Handler(onFirstSignal: { number in events.withLock { $0.append("first \(number)") } },
                                              onSecondSignal: { number in events.withLock { $0.append("second \(number)") } },
                                              exit: { status in events.withLock { $0.append("exit \(status)") } })
        handler.receive(SIGINT)
        #expect(events.withLock { $0 } == ["first \(SIGINT)"])
        handler.receive(SIGTERM)
        // (Its fallback exit, a second later, records another: not part of the check.)
        #expect(events.withLock { $0 }.prefix(3) == ["first \(SIGINT)", "second \(SIGTERM)", "exit \(128 + SIGTERM)"])
    }

    /// Two signals that came before the handler ran (one event of the source, counted in its
    /// data) are a first and a second.
    @Test func twoSignalsThatCameTogetherAreAFirstAndASecond() {
        let events = Mutex<[String]>([])
        let handler = ShutdownSignals.Handler(onFirstSignal: { _ in events.withLock { $0.append("first") } },
                                              onSecondSignal: { _ in events.withLock { $0.append("second") } },
                                              exit: { status in events.withLock { $0.append("exit \(status)") } })
        handler.receive(SIGINT, times: 2)
        #expect(events.withLock { $0 }.prefix(3) == ["first", "second", "exit 130"])
    }

    /// A terminal that goes away sends SIGHUP more than once: the SIGHUPs after the first (or
    /// with it) are not a second signal. One sent again by somebody (SIGTERM) is.
    @Test func aSIGHUPAfterTheFirstSignalIsNotASecond() {
        let events = Mutex<[String]>([])
        let handler = ShutdownSignals.Handler(onFirstSignal: { number in events.withLock { $0.append("first \(number)") } },
                                              onSecondSignal: { number in events.withLock { $0.append("second \(number)") } },
                                              exit: { status in events.withLock { $0.append("exit \(status)") } })
        handler.receive(SIGHUP, times: 2)
        handler.receive(SIGHUP)
        #expect(events.withLock { $0 } == ["first \(SIGHUP)"])
        handler.receive(SIGTERM)
        #expect(events.withLock { $0 }.prefix(3) == ["first \(SIGHUP)", "second \(SIGTERM)", "exit \(128 + SIGTERM)"])
    }

    @Test func withoutALastWordTheSecondSignalOnlyExits() {
        let events = Mutex<[String]>([])
        let handler = ShutdownSignals.Handler(onFirstSignal: { _ in events.withLock { $0.append("first") } }, onSecondSignal: nil,
                                              exit: { status in events.withLock { $0.append("exit \(status)") } })
        handler.receive(SIGINT)
        handler.receive(SIGINT)
        #expect(events.withLock { $0 } == ["first", "exit 130"])
    }

    /// A last word that cannot be written (stderr blocked) does not keep the process alive.
    @Test func aLastWordThatHangsDoesNotStopTheExit() async throws {
        let events = Mutex<[String]>([])
        let release = DispatchSemaphore(value: 0)
        let handler = ShutdownSignals.Handler(onFirstSignal: { _ in }, onSecondSignal: { _ in release.wait() },
                                              exit: { status in events.withLock { $0.append("exit \(status)") } })
        handler.receive(SIGINT)
        DispatchQueue.global().async { handler.receive(SIGINT) }
        for _ in 0..<100 where events.withLock({ $0 }).isEmpty {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(events.withLock { $0 } == ["exit 130"], "exited while the last word still hung")
        release.signal()
    }
}
