import AsyncHTTPClient
import Foundation
import SiteGen
import Synchronization
import Testing
import TestSupport
@testable import SiteGenRegistry

/// A registry that takes the connection and never answers: the sync says so once, on a
/// terminal or not, instead of a minute of silence before "no answer within 60 s".
extension RegistryClientTests {
    /// A loopback socket that listens and never accepts: the kernel completes the connection,
    /// the request goes into its buffer, and no answer ever comes.
    final class SilentListener {
        let port: Int
        private let descriptor: Int32

        init() throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let descriptor = descriptor
            let listening = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, length) == 0 && listen(descriptor, 16) == 0 && getsockname(descriptor, $0, &length) == 0
                }
            }
            port = Int(UInt16(bigEndian: address.sin_port))
            guard descriptor >= 0, listening else { throw CannotListen() }
        }

        deinit { close(descriptor) }

        struct CannotListen: Error {}
    }

    @Test func aRegistryThatNeverAnswersIsSaidOnceInANonTerminalLog() throws {
        let silent = try SilentListener()
        let library = try TestPaths.temporaryFolder("registry-silent")
        try "Maintainers: Someone <someone@example.org> (@someone)\nGitRepo: https://github.com/example/lumen.git\n\nTags: 1\nArchitectures: amd64\nGitCommit: 0123456789abcdef0123456789abcdef01234567\n"
            .write(to: library.appendingPathComponent("lumen"), atomically: true, encoding: .utf8)
        let data = library.deletingLastPathComponent().appendingPathComponent("\(library.lastPathComponent).json")
        let log = library.deletingLastPathComponent().appendingPathComponent("\(library.lastPathComponent).log")
        try Data().write(to: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.sitegen)
        process.arguments = ["registry", "sync", "--library", library.path, "--registry", "http://127.0.0.1:\(silent.port)",
                             "--insecure", "--data", data.path]
        process.environment = ProcessInfo.processInfo.environment.merging(["SITEGEN_REGISTRY_SILENCE_SECONDS": "1"]) { $1 }
        // A file, as a CI log is: no terminal, so no progress line (but after 3 s without a
        // line, by the test hook's times: the notice comes first, a second into the sync).
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let waiting = "registry sync: waiting for http://127.0.0.1:\(silent.port)/v2/ (no answer after 1 s)\n"
        let deadline = Date().addingTimeInterval(30)
        var said = ""
        while !said.contains(waiting), process.isRunning, Date() < deadline {
            usleep(50_000)
            said = try String(contentsOf: log, encoding: .utf8)
        }
        #expect(process.isRunning, "still waiting for the answer: \(said)")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        said = try String(contentsOf: log, encoding: .utf8)
        #expect(said.hasPrefix(waiting), "\(said)")
        #expect(said.components(separatedBy: "waiting for").count == 2, "said once: \(said)")
        #expect(process.terminationStatus == 143, "\(said)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }

    /// An answer whose head came and whose body stalls is said as that, not as "no answer": the
    /// registry did answer, and what it sends is late.
    @Test func anAnswerThatStallsMidwayIsSaidAsSuch() throws {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "1", platforms: ["linux/amd64"])
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--stall-body", "6"])
        let library = try RegistrySyncTests.library(["lumen": [(["1"], ["amd64"])]])
        let data = try RegistrySyncTests.dataFile()
        let process = RegistrySyncTests.syncProcess(library, registry: proxy.address, data: data, arguments: ["--concurrency", "1"],
                                                    environment: ["SITEGEN_REGISTRY_SILENCE_SECONDS": "2"])
        let said = try RegistrySyncTests.standardError(of: process)
        #expect(process.terminationStatus == 0, "\(said)")
        let waits = said.split(separator: "\n").filter { $0.contains("waiting for") }
        #expect(waits.count == 1, "said once: \(said)")
        #expect(waits.first?.hasPrefix("registry sync: waiting for the rest of the answer from \(proxy.address)/v2/demo/lumen/") == true,
                "\(said)")
        #expect(waits.first?.hasSuffix(" (2 s since it began)") == true, "\(said)")
        withExtendedLifetime(registry) {}
    }

    /// A wait is said when it is as long as the notice's time, once for waits that end
    /// together, again for one that ends later by the notice's time, and with what asked for it.
    /// (`noticeWait` only reads the clock: the margins, seconds wide, stand a slow machine.)
    @Test func aWaitIsSaidOnceWhileItLastsAndOnlyWhenLong() async throws {
        let said = Mutex<[String]>([])
        let notice = RegistryClient.SilenceNotice(after: .seconds(10)) { line in said.withLock { $0.append(line) } }
        let client = try RegistryClient(registry: "https://r.example", credentials: nil, insecure: false, silenceNotice: notice)
        let url = "https://r.example/v2/a/manifests/1"
        await client.noticeWait(.seconds(9), url: url, status: 429, asked: true, attempt: 1, attempts: 5)
        #expect(said.withLock { $0 }.isEmpty, "shorter than the notice's time")
        await client.noticeWait(.seconds(11), url: url, status: 429, asked: true, attempt: 1, attempts: 5)
        await client.noticeWait(.seconds(12), url: url, status: 429, asked: true, attempt: 1, attempts: 5)
        #expect(said.withLock { $0 } == ["the registry rate-limited the sync (429) at \(url); trying again in 11 s, as it asked (attempt 2 of 5)"],
                "the second wait ends with the first")
        // One that ends later than the wait said by the notice's time or more is said too: the
        // log would be silent past the time it gave.
        await client.noticeWait(.seconds(160), url: url, status: 503, asked: false, attempt: 4, attempts: 5)
        await client.noticeWait(.seconds(10), url: url, status: nil, asked: false, attempt: 2, attempts: 3)
        await client.noticeWait(.seconds(161), url: url, status: 429, asked: true, attempt: 1, attempts: 5)
        #expect(Array(said.withLock { $0 }.dropFirst()) == ["the registry answered 503 at \(url); trying again in 160 s (attempt 5 of 5)"])

        let other = try RegistryClient(registry: "https://r.example", credentials: nil, insecure: false, silenceNotice: notice)
        await other.noticeWait(.seconds(10), url: url, status: nil, asked: false, attempt: 2, attempts: 3)
        #expect(said.withLock { $0 }.last == "the connection failed at \(url); trying again in 10 s (attempt 3 of 3)")
    }

    /// Only an answer that did not come in time is a timeout: a connection that timed out
    /// (10 s) is tried again.
    @Test func onlyAnAnswerLateIsATimeout() {
        #expect(RegistryClient.isTimeout(HTTPClientError.deadlineExceeded))
        #expect(RegistryClient.isTimeout(HTTPClientError.readTimeout))
        #expect(!RegistryClient.isTimeout(HTTPClientError.connectTimeout))
        #expect(!RegistryClient.isTimeout(HTTPClientError.remoteConnectionClosed))
        #expect(!RegistryClient.isTimeout(CancellationError()))
    }

    @Test func silenceIsSaidInWholeSecondsWherePossible() {
        #expect(RegistryClient.seconds(.seconds(10)) == "10 s")
        #expect(RegistryClient.seconds(.milliseconds(500)) == "0.5 s")
    }
}
