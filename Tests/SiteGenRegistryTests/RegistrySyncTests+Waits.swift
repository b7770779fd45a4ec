import Foundation
import SiteGen
import SiteGenRegistry
import Synchronization
import Testing
import TestSupport

/// A sync that waits (a 429's `Retry-After`) says so and keeps its progress line moving: in a
/// CI log a wait without a line looks like a hung job, and on a terminal a line whose time
/// stands still looks like one too.
extension RegistrySyncTests {
    /// One tag of one platform behind a proxy that answers every second manifest or blob
    /// request with 429 and `Retry-After: 1`: its manifest and its configuration each wait 1 s.
    static func throttledOneTag() throws -> (registry: TestRegistry, proxy: TestRegistryProxy, library: URL, data: URL) {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "1", platforms: ["linux/amd64"])
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--throttle", "2", "--retry-after", "1"])
        let library = try Self.library(["lumen": [(["1"], ["amd64"])]])
        return (registry, proxy, library, try Self.dataFile())
    }

    @Test func eachWaitTheRegistryAsksForIsSaidAsItBegins() async throws {
        let (registry, proxy, library, data) = try Self.throttledOneTag()
        let said = Mutex<[String]>([])
        let (images, _) = try RegistrySync.libraryTags(library.path, only: nil)
        var options = RegistrySync.Options(registry: proxy.address, namespace: "demo", dataPath: data.path, concurrency: 1,
                                           insecure: true, retry: .init(firstDelay: .milliseconds(50)))
        options.silenceNotice = RegistryClient.SilenceNotice(after: .seconds(1)) { line in said.withLock { $0.append(line) } }
        let summary = try await RegistrySync.run(images, options: options)
        #expect(summary.resolved == 1 && summary.newDigests == 1)
        let throttled = try proxy.stats()["throttled"] ?? 0
        #expect(throttled == 2, "the manifest's GET and the configuration's")
        // A slow answer of the proxy (a loaded machine) may add a "waiting for" line: not counted.
        let lines = said.withLock { $0 }.filter { !$0.hasPrefix("waiting for ") }
        #expect(lines.count == throttled, "\(lines)")
        for line in lines {
            #expect(line.hasPrefix("the registry rate-limited the sync (429) at \(proxy.address)/v2/demo/lumen/"), "\(line)")
            #expect(line.hasSuffix("; trying again in 1 s, as it asked (attempt 2 of 5)"), "\(line)")
        }
        withExtendedLifetime(registry) {}
    }

    @Test func theProgressLineMovesWhileTheSyncWaits() async throws {
        let (registry, proxy, library, data) = try Self.throttledOneTag()
        let reports = Mutex<[RegistrySync.Progress]>([])
        let (images, _) = try RegistrySync.libraryTags(library.path, only: nil)
        let options = RegistrySync.Options(registry: proxy.address, namespace: "demo", dataPath: data.path, concurrency: 1,
                                           insecure: true, retry: .init(firstDelay: .milliseconds(50)))
        let summary = try await RegistrySync.run(images, options: options) { step in reports.withLock { $0.append(step) } }
        #expect(summary.resolved == 1)
        let steps = reports.withLock { $0 }
        // The tag finishes after both waits (2 s); before, the line shows its time going on.
        #expect(steps.first?.tagsDone == 0 && steps.first?.tags == 1, "shown from the start")
        #expect(steps.contains { $0.tagsDone == 0 && $0.elapsed >= .milliseconds(900) && $0.requests >= 2 },
                "\(steps.map { "\($0.tagsDone) \($0.elapsed)" })")
        #expect(steps.last?.tagsDone == 1)
        // None comes after the sync returned: the command clears the line then.
        let count = steps.count
        try await Task.sleep(for: .milliseconds(1200))
        #expect(reports.withLock { $0.count } == count)
        withExtendedLifetime(registry) {}
    }

    /// A request left without its answer for the whole time given is not sent again (each try
    /// would be that long again, without a line in a CI log): the sync stops, saying why.
    @Test func aRequestLeftUnansweredIsNotSentAgain() async throws {
        let registry = try TestRegistry()
        for tag in ["1", "2"] { try registry.push("demo/lumen", tag: tag, platforms: ["linux/amd64"]) }
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--delay", "15"])
        let library = try Self.library(["lumen": [(["1"], ["amd64"]), (["2"], ["amd64"])]])
        let data = try Self.dataFile()
        let error = await #expect(throws: DiagnosticError.self) {
            try await Self.sync(proxy.address, library: library, data: data,
                                retry: .init(firstDelay: .milliseconds(50), answerTimeout: .seconds(5)), concurrency: 1)
        }
        let message = error?.diagnostics.first?.message ?? ""
        #expect(message.contains("the request to \(proxy.address)/v2/demo/lumen/manifests/1 failed: no answer within 5 s"), "\(message)")
        #expect(message.contains("stopped after 0 of 2 tags"), "\(message)")
        // (Not timed: the tests that run beside it in this process can keep its tasks waiting.)
        #expect(try proxy.stats()["HEAD"] == 1, "one try, not five")
        #expect(!FileManager.default.fileExists(atPath: data.path))
        withExtendedLifetime(registry) {}
    }

    /// An answer that began and then stalled for the whole time given stops the sync the same
    /// way, said as what it is.
    @Test func anAnswerStalledMidwayIsNotSentAgainAndIsSaidAsStalled() async throws {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "1", platforms: ["linux/amd64"])
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--stall-body", "20"])
        let library = try Self.library(["lumen": [(["1"], ["amd64"])]])
        let data = try Self.dataFile()
        let error = await #expect(throws: DiagnosticError.self) {
            try await Self.sync(proxy.address, library: library, data: data,
                                retry: .init(firstDelay: .milliseconds(50), answerTimeout: .seconds(5)), concurrency: 1)
        }
        let message = error?.diagnostics.first?.message ?? ""
        #expect(message.contains("the request to \(proxy.address)/v2/demo/lumen/manifests/") && message.contains(" failed: the answer stopped midway: nothing more came for 5 s"),
                "\(message)")
        #expect(try proxy.stats()["manifestGET"] == 1, "one try")
        withExtendedLifetime(registry) {}
    }

    /// In a log (no terminal), a sync that goes on without a line for three times the notice's
    /// time (30 s; 3 s here, by the test hook) writes its progress as a line of its own.
    @Test func aLongSyncWritesItsProgressIntoALogNowAndThen() throws {
        let (registry, proxy, _, library, data) = try Self.slowTags(8, delay: "0.5")
        let process = Self.syncProcess(library, registry: proxy.address, data: data, arguments: ["--concurrency", "1"],
                                       environment: ["SITEGEN_REGISTRY_SILENCE_SECONDS": "1"])
        let said = try Self.standardError(of: process)
        #expect(process.terminationStatus == 0, "\(said)")
        // 8 tags, each a HEAD, a manifest and a configuration 0.5 s late: 12 s at least.
        let lines = said.split(separator: "\n").map(String.init)
        let progress = lines.filter { $0.hasPrefix("registry sync: ") && $0.contains("/8 tags, ") }
        #expect(progress.count >= 2, "\(said)")
        #expect(progress.allSatisfy { $0.hasSuffix(" s") && $0.contains(" requests") }, "\(progress)")
        #expect(!said.contains("\r") && !said.contains("\u{1B}"), "no terminal control in a log")
        #expect(lines.last?.hasPrefix("registry sync: 8 of 8 tags") == true, "\(said)")
        withExtendedLifetime(registry) {}
    }

    /// Ctrl-C while the token service keeps the sync waiting stops it at once. (The token's
    /// request ran as a task of its own, which a cancelled sync waited out: a minute, the time
    /// a request is given, before the command could exit.) A process of its own, as a user's
    /// is: the test process's tasks may be kept waiting by the tests beside it.
    @Test func anInterruptWhileTheTokenServiceIsSilentStopsTheSyncAtOnce() throws {
        let (registry, proxy, process, errors, data) = try Self.syncWaitingForAToken()
        kill(process.processIdentifier, SIGINT)
        // Generous: the point is seconds against the token service's two minutes.
        let stopping = Date().addingTimeInterval(30)
        while process.isRunning, Date() < stopping { usleep(50_000) }
        let stoppedInTime = !process.isRunning
        if !stoppedInTime { kill(process.processIdentifier, SIGKILL) }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(stoppedInTime, "still running 30 s after SIGINT: \(said)")
        #expect(process.terminationReason == .exit && process.terminationStatus == 130, "\(said)")
        #expect(said.hasPrefix("registry sync: interrupted after 0 of 1 tag ("), "\(said)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
        withExtendedLifetime((registry, proxy)) {}
    }

    /// Ctrl-C while a connection is being made (to a host that drops packets: here a listener
    /// whose queue is full) stops the sync in about a second, not when the connection times out
    /// (10 s): the client's shutdown does not wait for it.
    @Test func anInterruptWhileAConnectionIsBeingMadeStopsTheSyncAtOnce() throws {
        // A listener with a queue of one, filled: the kernel drops further connections' SYNs.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 0) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        try #require(listening)
        // One connection fills a queue of 0 (a second would hang here as the sync's does).
        let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(filler) }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, length) }
        }
        try #require(connected == 0)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let library = try Self.library(["lumen": [(["1"], ["amd64"])]])
        let data = try Self.dataFile()
        // Its first request's notice, a second in, says the sync is under way (and its signal
        // handlers in place): a log file, read as it grows.
        let process = Self.syncProcess(library, registry: "http://127.0.0.1:\(port)", data: data,
                                       environment: ["SITEGEN_REGISTRY_SILENCE_SECONDS": "1"])
        let log = data.deletingLastPathComponent().appendingPathComponent("connecting.log")
        try Data().write(to: log)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let waiting = "registry sync: waiting for http://127.0.0.1:\(port)/v2/ (no answer after 1 s)"
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline, !(try String(contentsOf: log, encoding: .utf8)).contains(waiting) { usleep(50_000) }
        #expect(process.isRunning, "still connecting")
        let signalled = Date()
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let said = try String(contentsOf: log, encoding: .utf8)
        let took = Date().timeIntervalSince(signalled)
        // Generous against a loaded machine, and still far from the connect timeout's 8.5 s left.
        #expect(took < 5, "stopped \(took) s after SIGINT: \(said)")
        #expect(process.terminationStatus == 130, "\(said)")
        #expect(said.hasPrefix(waiting + "\nregistry sync: interrupted after 0 of 1 tag ("), "\(said)")
    }

    /// A second signal ends the process even while stopping hangs: here its stderr is a pipe
    /// already full, so the first signal's last line (and the second's) can never be written.
    @Test func aSecondInterruptExitsWhileStoppingHangs() throws {
        let (registry, proxy, process, errors, _) = try Self.syncWaitingForAToken(filledStandardError: true)
        kill(process.processIdentifier, SIGINT)
        // A stop that can write takes a tenth of a second (the test above).
        usleep(2_000_000)
        #expect(process.isRunning, "the first signal's stop waits on the full pipe")
        kill(process.processIdentifier, SIGINT)
        let stopping = Date().addingTimeInterval(20)
        while process.isRunning, Date() < stopping { usleep(50_000) }
        let exited = !process.isRunning
        if !exited { kill(process.processIdentifier, SIGKILL) }
        _ = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(exited, "still running 20 s after the second SIGINT")
        #expect(process.terminationReason == .exit && process.terminationStatus == 130)
        withExtendedLifetime((registry, proxy)) {}
    }

    /// `sitegen registry sync` of one tag behind a token service that takes two minutes to
    /// answer, once it asked for the token (its signal handlers are in place by then).
    /// `filledStandardError`: its stderr pipe is full before it starts, so that its writes block.
    static func syncWaitingForAToken(filledStandardError: Bool = false) throws
        -> (registry: TestRegistry, proxy: TestRegistryProxy, process: Process, errors: Pipe, data: URL) {
        let registry = try TestRegistry()
        let proxy = try TestRegistryProxy(upstream: registry,
                                          arguments: ["--bearer", "user:secret", "--anonymous-tokens", "--token-delay", "120"])
        let library = try Self.library(["lumen": [(["1"], ["amd64"])]])
        let data = try Self.dataFile()
        // No credentials: none in the environment, no config.json where DOCKER_CONFIG points.
        let process = Self.syncProcess(library, registry: proxy.address, data: data, environment: ["DOCKER_CONFIG": library.path],
                                       unset: ["SITEGEN_REGISTRY_USERNAME", "SITEGEN_REGISTRY_PASSWORD"])
        let errors = Pipe()
        if filledStandardError {
            // Non-blocking only while filling: the flag is the pipe's, which the process shares.
            let descriptor = errors.fileHandleForWriting.fileDescriptor
            let flags = fcntl(descriptor, F_GETFL)
            _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
            let chunk = [UInt8](repeating: UInt8(ascii: "."), count: 4096)
            while chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
            _ = fcntl(descriptor, F_SETFL, flags)
        }
        process.standardError = errors
        try process.run()
        let asked = Date().addingTimeInterval(30)
        while try proxy.stats()["token"] ?? 0 < 1, process.isRunning, Date() < asked { usleep(50_000) }
        #expect(process.isRunning && Date() < asked, "the sync asked for a token and waits for it")
        return (registry, proxy, process, errors, data)
    }
}
