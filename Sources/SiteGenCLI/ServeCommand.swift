import ArgumentParser
import Foundation
import SiteGen
import SiteGenServer

/// `sitegen serve`: a live preview of the site while editing.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build the site, serve it, and rebuild and reload the browser on every save.",
        discussion: """
        Watches the docs tree, the library folder, the --theme folder and the files given \
        with --logo-commits, --buildpack-deps-images and --registry-data (so a `registry sync` \
        beside it shows on the pages); after a change it rebuilds and open pages reload themselves. When a build fails, its problems are \
        printed here and shown over the page in the browser, and the last good site stays \
        served until the next build succeeds.

        The site is built into a folder of its own under the system's temporary folder, so \
        serving never replaces ./site; give --output to choose another. It listens on \
        127.0.0.1 only, unless --host says otherwise. Stop it with Ctrl-C.
        """
    )

    @OptionGroup var input: InputOptions

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp("The address to listen on; anything but a loopback address lets other machines see the preview.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("The port to listen on (0: any free port, printed at start).", valueName: "n"))
    var port = 8000

    @Flag(name: .long, help: "Open the site in the default browser once it is served.")
    var open = false

    @Option(name: .long, help: ArgumentHelp("Where to build the site (default: a folder under the system's temporary folder, one per preview, removed when the preview stops).", valueName: "dir"))
    var output: String?

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535 (0 picks a free port).") }
        if host.isEmpty { throw ValidationError("--host must name an address, such as 127.0.0.1.") }
    }

    func run() async throws {
        let address = ServeAddress(host: host, port: port)
        if !address.isLoopback {
            Self.say("warning: listening on \(host) lets other machines on the network see this preview; use --host 127.0.0.1 to keep it to this one\n")
        }
        let folder = output ?? Self.defaultOutput()
        if output == nil { Self.removeAbandonedSites(besides: folder) }
        let builder = site.builder(try input.resolve(or: "serve"), output: folder)
        // The watcher's timing can be shortened for soak tests (SITEGEN_SERVE_POLL_MS,
        // SITEGEN_SERVE_QUIET_MS); the defaults suit people saving from an editor.
        let environment = ProcessInfo.processInfo.environment
        let poll = environment["SITEGEN_SERVE_POLL_MS"].flatMap(Int.init).map { Duration.milliseconds(max(5, $0)) } ?? .milliseconds(250)
        let quiet = environment["SITEGEN_SERVE_QUIET_MS"].flatMap(Int.init).map { Duration.milliseconds(max(5, $0)) } ?? .milliseconds(150)
        let server = PreviewServer(options: .init(builder: builder, address: address, pollInterval: poll, quietPeriod: quiet))
        let open = self.open
        let serving = Task {
            try await server.run { event in Self.show(event, output: folder, open: open) }
        }
        let signals = ShutdownSignals { serving.cancel() }
        defer { withExtendedLifetime(signals) {} }
        // The preview's own temporary site goes when the preview does; a folder given with
        // --output is the user's and stays.
        let temporary = output == nil
        do {
            try await serving.value
        } catch let problem as Diagnostic {
            if temporary { SiteWriter(output: folder).removeSite() }
            DiagnosticPrinter.print([problem])
            throw ExitCode(1)
        }
        if temporary { SiteWriter(output: folder).removeSite() }
        Self.say("stopped\n")
    }

    /// What the terminal shows: build outcomes (diagnostics as `sitegen build` prints them) and the address.
    private static func show(_ event: PreviewServer.Event, output: String, open: Bool) {
        switch event {
        case .built(let report, let duration, let changed):
            DiagnosticPrinter.print(report.diagnostics)
            let cause = changed.isEmpty ? "" : "\(changed.count == 1 ? changed[0] : "\(changed.count) files") changed; "
            let seconds = duration.seconds
            if report.succeeded {
                let changes = BuildOutcome.changes(report).map { " (\($0))" } ?? ""
                say(cause + "built \(Counted.text(report.pages, "page")) for \(Counted.text(report.images, "image"))\(changes)" + String(format: " in %.2f s", seconds) + " → \(output)\n")
            } else if changed.isEmpty {
                say("build failed; fix the problems above and save: the site is served from the first build that succeeds (the browser shows the problems too)\n")
            } else {
                say(cause + "build failed; still serving the last good site (the browser shows the problems too)\n")
            }
        case .listening(let address):
            // A line for the reader, not a result: a preview whose stdout cannot be written serves all the same.
            StandardStream.note("Serving \(address.url) (Ctrl-C to stop)\n")
            if open { openInBrowser(address.url) }
        }
    }

    /// `$TMPDIR/sitegen-serve-<hash of the working folder>-<process id>`: one per preview, so
    /// that two previews of one checkout (another `--config`, `--no-registry-data`) neither
    /// build over each other's site nor remove it when one stops; removed when the preview stops.
    static func defaultOutput(processID: Int32 = getpid()) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in FileManager.default.currentDirectoryPath.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let name = "sitegen-serve-" + String(hash, radix: 16) + "-" + String(processID)
        return FileManager.default.temporaryDirectory.appendingPathComponent(name).path
    }

    /// Removes the sites of earlier previews of this working folder whose process is gone
    /// (killed with SIGKILL, or the machine stopped): no later preview would reuse them. Only
    /// folders sitegen wrote are removed (``SiteWriter/removeSite()``).
    static func removeAbandonedSites(besides folder: String) {
        let url = URL(fileURLWithPath: folder)
        let parent = url.deletingLastPathComponent().path
        guard let dash = url.lastPathComponent.lastIndex(of: "-") else { return }
        let prefix = url.lastPathComponent[...dash]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            guard let process = Int32(name.dropFirst(prefix.count)), process != getpid(),
                  kill(process, 0) != 0, errno == ESRCH else { continue }
            SiteWriter(output: parent + "/" + name).removeSite()
        }
    }

    /// Runs `xdg-open` (or macOS's `open`) when there is one; the URL is printed either way.
    private static func openInBrowser(_ url: String) {
        let opener = ["/usr/bin/xdg-open", "/usr/local/bin/xdg-open", "/usr/bin/open"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let opener else {
            say("--open: no xdg-open here; open \(url) yourself\n")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            say("--open: \(opener) failed (\(error.localizedDescription)); open \(url) yourself\n")
        }
    }

    private static func say(_ text: String) {
        StandardStream.error(text)
    }
}
