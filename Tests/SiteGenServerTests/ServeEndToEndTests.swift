import Foundation
import Testing
import TestSupport

/// `sitegen serve` end to end: the built executable on a real port, a real event stream,
/// real edits, and Ctrl-C.
@Suite struct ServeEndToEndTests {
    static let sitegen = TestPaths.sitegen

    @Test(.timeLimit(.minutes(2)))
    func editReloadsBrokenInputShowsErrorAndCtrlCStops() async throws {
        let work = try TestPaths.temporaryFolder("serve-e2e")
        defer { try? FileManager.default.removeItem(at: work) }
        let content = work.appendingPathComponent("content")
        let copy = try ProgramRun.run("cp", ["-R", TestPaths.packageRoot.appendingPathComponent("content").path, content.path])
        try #require(copy.status == 0, "cp failed: \(copy.standardError)")
        // Files as a user's tree has them, not written a moment ago: a cold build keeps its
        // record of the inputs only when none changed within `InputStatCache.settledMargin`
        // before it (the change time counts, which no `touch` can set back), and only against
        // that record does the save below re-render one image.
        try await Task.sleep(for: .milliseconds(2_300))

        let server = try RunningProgram(Self.sitegen, [
            "serve", "--port", "0",
            "--docs", content.appendingPathComponent("docs").path,
            "--library", content.appendingPathComponent("library").path,
            "--buildpack-deps-images", content.appendingPathComponent("buildpack-deps-images.txt").path,
            "--output", work.appendingPathComponent("site").path,
        ])
        defer { server.stop() }
        let serving = try await server.output.waitFor(timeout: .seconds(60)) { text in
            text.firstMatch(of: /Serving (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)/).map { String($0.1) }
        }
        let base = try #require(serving, "no Serving line; stderr: \(server.errors.text)")

        let before = try Self.fetch(base + "lumen/")
        #expect(before.contains("What is Lumen?"))
        #expect(before.contains("data-sitegen-reload"))
        let lumenTag = try #require(try Self.head(base + "lumen/").tag)
        let beaconTag = try #require(try Self.head(base + "beacon/").tag)
        #expect(try Self.head(base + "lumen/", ifNoneMatch: lumenTag).status == 304)

        let events = try RunningProgram("/usr/bin/env", ["curl", "-sN", base + "__sitegen/events"])
        defer { events.stop() }
        _ = try await events.output.waitFor(timeout: .seconds(10)) { $0.contains(": connected") ? true : nil }

        // Edit a page: the stream says reload, and the page has the new text.
        let marker = "Edited by the end-to-end test \(UUID().uuidString)"
        let contentFile = content.appendingPathComponent("docs/lumen/content.md")
        let edited = ContinuousClock.now
        try (String(contentsOf: contentFile, encoding: .utf8) + "\n\(marker)\n").write(to: contentFile, atomically: true, encoding: .utf8)
        let reload = try await events.output.waitFor(timeout: .seconds(10)) { $0.contains("event: reload") ? ContinuousClock.now : nil }
        let reloadAfter = try #require(reload) - edited
        var page = try Self.fetch(base + "lumen/")
        let seenAfter = ContinuousClock.now - edited
        #expect(page.contains(marker))
        #expect(seenAfter < .seconds(2), "edit → new page took \(seenAfter)")
        let lumenAfter = try Self.head(base + "lumen/", ifNoneMatch: lumenTag)
        #expect(lumenAfter.status == 200, "the rebuilt page must not be served from the browser's cache")
        #expect(lumenAfter.tag != nil && lumenAfter.tag != lumenTag)
        #expect(try Self.head(base + "beacon/", ifNoneMatch: beaconTag).status == 304, "an unchanged page keeps its tag")
        // The terminal says what the save redid: that image, not the site.
        let said = try await server.errors.waitFor(timeout: .seconds(10)) { text in
            text.firstMatch(of: /content\.md changed; built \d+ pages for \d+ images \(lumen re-rendered, \d+ written\) in/).map { _ in true }
        }
        #expect(said == true, "stderr: \(server.errors.text)")
        print("sitegen serve: edit → reload event \(reloadAfter.milliseconds) ms, edit → new page fetched \(seenAfter.milliseconds) ms")

        // Break a library file: the stream says error, and the last good page stays served.
        let library = content.appendingPathComponent("library/lumen")
        try (String(contentsOf: library, encoding: .utf8) + "\nTags: broken\nthis line has no colon\n").write(to: library, atomically: true, encoding: .utf8)
        let error = try await events.output.waitFor(timeout: .seconds(10)) { text -> String? in
            // The whole event: from its name to the blank line that ends it.
            guard let start = text.range(of: "event: error\n"), let end = text.range(of: "\n\n", range: start.upperBound..<text.endIndex)
            else { return nil }
            return String(text[start.upperBound..<end.lowerBound])
        }
        #expect(error?.contains("data: \(library.path):") == true, "\(error ?? "no error event")")
        #expect(error?.contains("expected `Key: value`") == true)
        page = try Self.fetch(base + "lumen/")
        #expect(page.contains(marker), "the last good site is still served")
        #expect(page.contains("var failure = \""), "a page loaded now shows the failure")
        #expect(server.errors.text.contains("error: expected `Key: value`"), "the terminal shows it like sitegen build")

        // Ctrl-C: a clean stop, exit status 0, and the event stream ends.
        kill(server.process.processIdentifier, SIGINT)
        let status = try await server.waitForExit(timeout: .seconds(10))
        #expect(status == 0, "stderr: \(server.errors.text)")
        #expect(try await events.waitForExit(timeout: .seconds(5)) != nil, "the event stream did not end")
    }

    /// A preview whose "Serving …" line cannot be written (stdout on a full disk) serves all
    /// the same, and stops cleanly: that line is for the reader, not a result.
    @Test(.timeLimit(.minutes(2)))
    func aPreviewWhoseStandardOutputFailsServesAllTheSame() async throws {
        let work = try TestPaths.temporaryFolder("serve-full")
        defer { try? FileManager.default.removeItem(at: work) }
        let port = try TestRegistry.freePort()
        let content = TestPaths.packageRoot.appendingPathComponent("content")
        let server = try RunningProgram("/bin/sh", ["-c", "exec \"$0\" \"$@\" > /dev/full", Self.sitegen,
            "serve", "--port", String(port),
            "--docs", content.appendingPathComponent("docs").path, "--library", content.appendingPathComponent("library").path,
            "--output", work.appendingPathComponent("site").path,
        ])
        defer { server.stop() }
        var page: String?
        for _ in 0..<300 where page == nil && server.process.isRunning {
            let run = try ProgramRun.run("curl", ["-sSf", "http://127.0.0.1:\(port)/lumen/"])
            if run.status == 0 { page = run.output } else { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(page?.contains("What is Lumen?") == true, "stderr: \(server.errors.text)")
        kill(server.process.processIdentifier, SIGINT)
        #expect(try await server.waitForExit(timeout: .seconds(10)) == 0, "stderr: \(server.errors.text)")
    }

    /// The status and `ETag` of a HEAD request, with `If-None-Match` when given.
    static func head(_ url: String, ifNoneMatch: String? = nil) throws -> (status: Int, tag: String?) {
        let run = try ProgramRun.run("curl", ["-sS", "-I"] + (ifNoneMatch.map { ["-H", "If-None-Match: \($0)"] } ?? []) + [url])
        try #require(run.status == 0, "curl -I \(url) failed: \(run.standardError)")
        let lines = run.output.split(separator: "\r\n")
        let status = lines.first.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
        let tag = lines.first { $0.lowercased().hasPrefix("etag:") }.map { String($0.dropFirst(5)).trimmingCharacters(in: .whitespaces) }
        return (status, tag)
    }

    /// The body at `url`, fetched with curl (status ≥ 400 is a failure).
    static func fetch(_ url: String) throws -> String {
        let run = try ProgramRun.run("curl", ["-sSf", url])
        try #require(run.status == 0, "curl \(url) failed: \(run.standardError)")
        return run.output
    }
}

/// A program running in the background, its output collected as it comes.
final class RunningProgram {
    let process: Process
    let output = OutputCollector()
    let errors = OutputCollector()

    init(_ executable: String, _ arguments: [String], directory: URL? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        let output = self.output
        let errors = self.errors
        stdout.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        stderr.fileHandleForReading.readabilityHandler = { handle in errors.append(handle.availableData) }
        try process.run()
        self.process = process
    }

    /// The exit status, or nil when the program is still running after `timeout`.
    func waitForExit(timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    func stop() {
        if process.isRunning { process.terminate() }
    }
}

/// Bytes a pipe delivered so far, readable while more arrive.
final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) {
        lock.lock()
        defer { lock.unlock() }
        data.append(chunk)
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    /// Polls until `match` finds something in the text, or `timeout` passes (nil).
    func waitFor<T>(timeout: Duration, _ match: (String) -> T?) async throws -> T? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let found = match(text) { return found }
            try await Task.sleep(for: .milliseconds(5))
        }
        return match(text)
    }
}

extension Duration {
    var milliseconds: Int {
        Int(components.seconds * 1000) + Int(components.attoseconds / 1_000_000_000_000_000)
    }
}
