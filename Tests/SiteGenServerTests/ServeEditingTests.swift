import Foundation
import Testing
import TestSupport

/// `sitegen serve` as people really edit: each editor's way of saving makes one rebuild and one
/// reload, a hundred open pages all hear of it, hundreds of edits leave the server's memory
/// flat, and the preview's temporary site goes when the preview stops.
@Suite(.serialized) struct ServeEditingTests {
    /// A preview of a copy of the demo, run from a folder of its own (so its temporary site
    /// is its own), with the watcher's timing shortened when asked.
    final class Preview {
        let work: URL
        let content: URL
        let server: RunningProgram
        let base: String

        init(label: String, environment: [String: String] = [:]) async throws {
            work = try TestPaths.temporaryFolder(label)
            content = work.appendingPathComponent("content")
            let copy = try ProgramRun.run("cp", ["-R", TestPaths.packageRoot.appendingPathComponent("content").path, content.path])
            try #require(copy.status == 0, "cp failed: \(copy.standardError)")
            try "docs: content/docs\nlibrary: content/library\nbuildpack-deps-images: content/buildpack-deps-images.txt\n"
                .write(to: work.appendingPathComponent("sitegen.yml"), atomically: false, encoding: .utf8)
            let settings = environment.map { "\($0.key)=\($0.value)" }.sorted()
            server = try RunningProgram("/usr/bin/env", settings + [TestPaths.sitegen, "serve", "--port", "0"], directory: work)
            let serving = try await server.output.waitFor(timeout: .seconds(60)) { text in
                text.firstMatch(of: /Serving (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)/).map { String($0.1) }
            }
            base = try #require(serving, "no Serving line; stderr: \(server.errors.text)")
        }

        /// An event-stream client, once it is subscribed.
        func subscribe() async throws -> RunningProgram {
            let events = try RunningProgram("/usr/bin/env", ["curl", "-sN", base + "__sitegen/events"])
            let connected = try await events.output.waitFor(timeout: .seconds(20)) { $0.contains(": connected") ? true : nil }
            try #require(connected == true, "the event stream did not connect")
            return events
        }

        /// How many rebuilds the terminal reported.
        var rebuilds: Int { server.errors.text.components(separatedBy: " changed; built ").count - 1 }

        func file(_ relative: String) -> URL { content.appendingPathComponent(relative) }

        /// The server's resident memory, in kilobytes (Linux).
        var residentKilobytes: Int {
            let status = (try? String(contentsOfFile: "/proc/\(server.process.processIdentifier)/status", encoding: .utf8)) ?? ""
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }

        func remove() {
            server.stop()
            try? FileManager.default.removeItem(at: work)
        }
    }

    static func count(_ event: String, in text: String) -> Int {
        text.components(separatedBy: "event: \(event)\n").count - 1
    }

    /// The ways editors write a file, each leaving `content.md` with `text`.
    static func save(_ style: String, _ text: String, to file: URL) throws {
        let folder = file.deletingLastPathComponent()
        let manager = FileManager.default
        switch style {
        case "in place (VS Code)":
            let handle = try FileHandle(forWritingTo: file)
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        case "vim (swap file, backup, new file)":
            let swap = folder.appendingPathComponent(".content.md.swp")
            try Data("swap".utf8).write(to: swap)
            let backup = folder.appendingPathComponent("content.md~")
            try manager.moveItem(at: file, to: backup)
            try Data(text.utf8).write(to: file)
            try manager.removeItem(at: backup)
            try manager.removeItem(at: swap)
        case "JetBrains (temporary file renamed over)":
            let temporary = folder.appendingPathComponent("content.md___jb_tmp___")
            let old = folder.appendingPathComponent("content.md___jb_old___")
            try Data(text.utf8).write(to: temporary)
            try manager.moveItem(at: file, to: old)
            try manager.moveItem(at: temporary, to: file)
            try manager.removeItem(at: old)
        case "sed -i (temporary file renamed over)":
            let temporary = folder.appendingPathComponent("sedX4kq2P")
            try Data(text.utf8).write(to: temporary)
            guard rename(temporary.path, file.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        default:
            Issue.record("unknown save style \(style)")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func eachEditorsSaveMakesOneRebuildAndOneReload() async throws {
        let preview = try await Preview(label: "serve-saves")
        defer { preview.remove() }
        let events = try await preview.subscribe()
        defer { events.stop() }
        let file = preview.file("docs/lumen/content.md")
        let original = try String(contentsOf: file, encoding: .utf8)
        let styles = ["in place (VS Code)", "vim (swap file, backup, new file)", "JetBrains (temporary file renamed over)",
                      "sed -i (temporary file renamed over)"]
        for (index, style) in styles.enumerated() {
            let rebuildsBefore = preview.rebuilds
            let marker = "Saved the \(style) way, number \(index)."
            try Self.save(style, original + "\n\(marker)\n", to: file)
            let reloaded = try await events.output.waitFor(timeout: .seconds(15)) {
                Self.count("reload", in: $0) == index + 1 ? true : nil
            }
            #expect(reloaded == true, "\(style): no reload event")
            // Long enough for a second, wrong rebuild to show.
            try await Task.sleep(for: .milliseconds(900))
            #expect(Self.count("reload", in: events.output.text) == index + 1, "\(style): more than one reload")
            #expect(preview.rebuilds == rebuildsBefore + 1, "\(style): \(preview.rebuilds - rebuildsBefore) rebuilds")
            #expect(try ServeEndToEndTests.fetch(preview.base + "lumen/").contains(marker), "\(style): the page lacks the edit")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aHundredOpenPagesAllHearOfARebuild() async throws {
        let preview = try await Preview(label: "serve-clients")
        defer { preview.remove() }
        var clients: [RunningProgram] = []
        defer { clients.forEach { $0.stop() } }
        for _ in 0..<100 {
            clients.append(try RunningProgram("/usr/bin/env", ["curl", "-sN", preview.base + "__sitegen/events"]))
        }
        for client in clients {
            let connected = try await client.output.waitFor(timeout: .seconds(30)) { $0.contains(": connected") ? true : nil }
            try #require(connected == true, "a client did not connect")
        }
        let file = preview.file("docs/lumen/content.md")
        try (String(contentsOf: file, encoding: .utf8) + "\nFor a hundred readers.\n").write(to: file, atomically: true, encoding: .utf8)
        var heard = 0
        for client in clients {
            if try await client.output.waitFor(timeout: .seconds(20), { $0.contains("event: reload") ? true : nil }) == true { heard += 1 }
        }
        #expect(heard == 100, "\(heard) of 100 clients heard the reload")
    }

    /// Hundreds of edit–rebuild cycles (the watcher's timing shortened so they take a minute,
    /// not four): the server's resident memory stays flat.
    @Test(.timeLimit(.minutes(6)))
    func fiveHundredEditsLeaveMemoryFlat() async throws {
        let preview = try await Preview(label: "serve-soak", environment: ["SITEGEN_SERVE_POLL_MS": "10", "SITEGEN_SERVE_QUIET_MS": "20"])
        defer { preview.remove() }
        let events = try await preview.subscribe()
        defer { events.stop() }
        let file = preview.file("docs/lumen/content.md")
        let original = try String(contentsOf: file, encoding: .utf8)
        var start = 0
        let cycles = 500
        for cycle in 1...cycles {
            try Self.save("in place (VS Code)", original + "\nEdit number \(cycle).\n", to: file)
            let done = try await events.output.waitFor(timeout: .seconds(20)) {
                Self.count("reload", in: $0) + Self.count("error", in: $0) >= cycle ? true : nil
            }
            try #require(done == true, "cycle \(cycle): no event")
            // Memory is counted from a warm server: the first builds fill caches for good.
            if cycle == 20 { start = preview.residentKilobytes }
        }
        let end = preview.residentKilobytes
        print("sitegen serve: \(cycles) edit-rebuild cycles, resident memory \(start / 1024) MB after 20, \(end / 1024) MB after \(cycles)")
        #expect(Self.count("error", in: events.output.text) == 0)
        #expect(start > 0 && end > 0)
        #expect(end <= start + 16 * 1024, "resident memory grew from \(start / 1024) MB to \(end / 1024) MB")
    }

    /// Two previews of one checkout (say, with and without registry data) each build into a
    /// folder of their own: the second neither rebuilds the first's site nor removes it when
    /// it stops.
    @Test(.timeLimit(.minutes(2)))
    func twoPreviewsOfOneCheckoutKeepTheirOwnSites() async throws {
        let first = try await Preview(label: "serve-two")
        defer { first.remove() }
        let folder = { (program: RunningProgram) in program.errors.text.firstMatch(of: /→ (\S+)\n/).map { String($0.1) } }
        // The site a preview killed with SIGKILL left (its process gone): removed by the next
        // preview of the checkout, which would never reuse it.
        let firstFolder = try #require(folder(first.server))
        var gone: Int32 = 4_000_000
        while kill(gone, 0) == 0 || errno != ESRCH { gone -= 1 }
        let abandoned = String(firstFolder[...(firstFolder.lastIndex(of: "-") ?? firstFolder.startIndex)]) + String(gone)
        try FileManager.default.createDirectory(atPath: abandoned, withIntermediateDirectories: false)
        try Data().write(to: URL(fileURLWithPath: abandoned + "/.sitegen-site"))
        defer { try? FileManager.default.removeItem(atPath: abandoned) }
        let second = try RunningProgram("/usr/bin/env", [TestPaths.sitegen, "serve", "--port", "0"], directory: first.work)
        defer { second.stop() }
        let started = try await second.output.waitFor(timeout: .seconds(60)) { $0.contains("Serving ") ? true : nil }
        try #require(started == true, "stderr: \(second.errors.text)")
        let mine = try #require(folder(first.server)), theirs = try #require(folder(second))
        #expect(mine != theirs)
        #expect(!FileManager.default.fileExists(atPath: abandoned), "the abandoned site is removed")
        #expect(FileManager.default.fileExists(atPath: mine + "/index.html"), "a running preview's is not")
        kill(second.process.processIdentifier, SIGINT)
        _ = try await second.waitForExit(timeout: .seconds(10))
        #expect(!FileManager.default.fileExists(atPath: theirs))
        #expect(FileManager.default.fileExists(atPath: mine + "/index.html"), "the first preview's site is still there")
        let page = try ProgramRun.run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", first.base + "lumen/"])
        #expect(String(decoding: page.standardOutput, as: UTF8.self) == "200")
    }

    @Test(.timeLimit(.minutes(2)), arguments: [SIGTERM, SIGINT])
    func theTemporarySiteIsRemovedWhenThePreviewStops(_ signal: Int32) async throws {
        let preview = try await Preview(label: "serve-stop")
        defer { preview.remove() }
        let folder = try #require(preview.server.errors.text.firstMatch(of: /→ (\S+)\n/).map { String($0.1) })
        #expect(FileManager.default.fileExists(atPath: folder + "/index.html"))
        kill(preview.server.process.processIdentifier, signal)
        let status = try await preview.server.waitForExit(timeout: .seconds(10))
        #expect(status == 0, "stderr: \(preview.server.errors.text)")
        #expect(!FileManager.default.fileExists(atPath: folder), "\(folder) was left behind")
        let parent = (folder as NSString).deletingLastPathComponent
        let name = (folder as NSString).lastPathComponent
        let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).filter { $0.hasPrefix("." + name + ".sitegen-") }
        #expect(leftovers.isEmpty, "left beside it: \(leftovers)")
    }
}
