import ArgumentParser
import Foundation
import SiteGen
import SiteGenRegistry

/// `sitegen registry`: the commands that talk to a registry. Builds never do: they read the
/// file `registry sync` writes.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Read digests, sizes and dates from an OCI registry into a file builds read.",
        subcommands: [RegistrySyncCommand.self]
    )
}

/// `sitegen registry sync`.
struct RegistrySyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Bring the registry data file up to date with the registry.",
        discussion: """
        For each tag of each library file, asks the registry for the tag's digest (a manifest \
        HEAD, which Docker Hub does not count against its pull limit) and fetches the index, \
        manifests and configurations only of digests the data file has no record of. The file \
        (docs/registry-data.md) is JSON with sorted keys: a sync of an unchanged registry leaves \
        it byte for byte as it was. It is saved every few seconds and when the sync stops, so an \
        interrupted or rate-limited sync resumes where it stopped.

        Credentials: SITEGEN_REGISTRY_USERNAME and SITEGEN_REGISTRY_PASSWORD, else the Docker \
        config file ($DOCKER_CONFIG/config.json or ~/.docker/config.json) as docker reads it: \
        the credential helper its `credHelpers` or `credsStore` names (docker-credential-NAME), \
        else its `auths`; else none. They are never written to the data file or printed.

        TLS: the system's CA certificates, and those of the PEM file SSL_CERT_FILE names, if \
        set (for a registry whose certificate a company CA signed).

        A registry slow to answer: the first request without an answer after 10 s is said on \
        a line of its own, on a terminal or not (not with --quiet), and so is a wait of 10 s or \
        more before a request is tried again (the Retry-After of a 429 or a 5xx). A request left \
        without an answer (or with its answer stalled) for 60 s stops the sync: it is not sent \
        again, where a dropped connection, or one not made within 10 s, is.

        Exit status: 0 when the sync went through (tags or repositories the registry does not \
        have are reported as warnings), 1 when it stopped (the registry cannot be reached, \
        refuses the credentials, has none of the images' repositories or rate-limits past the \
        retries; an option's value or sitegen.yml is refused; or the data file cannot be \
        written where --data says, holds another registry or namespace and --afresh is not \
        given, or another sync of it is running), 64 when the \
        command line cannot be read (an unknown option, a missing value), 130, 143 or 129 when \
        interrupted by SIGINT, SIGTERM or SIGHUP (what it fetched is saved; a second signal \
        exits at once).
        """
    )

    @Option(name: .long, help: ArgumentHelp("The project's settings file (default: ./sitegen.yml when there is one).", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The official-images library files, one per image. (default: content/library)", valueName: "dir"))
    var library: String?

    @Option(name: .long, help: ArgumentHelp("The registry's address. (default: https://registry-1.docker.io)", valueName: "url"))
    var registry: String?

    @Option(name: .long, help: ArgumentHelp(
        "The images' namespace in the registry: what comes before /image in a repository name. (default: library)",
        discussion: "Lowercase path components (letters, digits, and . _ __ - between them) separated by /; slashes at either end are dropped. An empty namespace (--namespace '') is for a registry whose repositories are at its top level.",
        valueName: "name"))
    var namespace: String?

    @Option(name: .long, help: ArgumentHelp("The registry data file to update. (default: registry-data.json)", valueName: "file"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("Only these images, separated by commas. (default: every library file)", valueName: "a,b"))
    var images: String?

    @Option(name: .long, help: ArgumentHelp("Requests in flight at once, 1 to 64. (default: 8)", valueName: "n"))
    var concurrency: Int?

    @Flag(name: .long, help: "Allow plain HTTP, to a registry on a loopback address only.")
    var insecure = false

    // A flag only, with no key in sitegen.yml: replacing a file is a one-off decision, and a
    // setting would replace it again at every sync.
    @Flag(name: .long, help: ArgumentHelp(
        "Replace a data file that holds another registry or namespace, dropping its records and firstSeen dates.",
        discussion: "Without it such a file stops the sync before any request and is left as it was. A flag for one run, with no sitegen.yml key."))
    var afresh = false

    @Flag(name: .long, help: "Print no progress, no summary line and no line about a registry slow to answer or a wait before trying again (errors and warnings still print).")
    var quiet = false

    func run() async throws {
        let options: RegistrySync.Options
        let libraryImages: [RegistrySync.ImageTags]
        let libraryFolder: String
        var warnings: [Diagnostic]
        // A registry that takes the connection and never answers: one line, on a terminal or
        // not, after 10 s (SITEGEN_REGISTRY_SILENCE_SECONDS, a test hook, shortens it); in a
        // log, the progress as a line of its own after three times that without a line.
        let silenceSeconds = ProcessInfo.processInfo.environment["SITEGEN_REGISTRY_SILENCE_SECONDS"].flatMap(Int.init).map { max(1, $0) } ?? 10
        let terminal = isatty(STDERR_FILENO) == 1
        let line = SyncProgressLine(enabled: !quiet && terminal, logEvery: quiet || terminal ? nil : .seconds(3 * silenceSeconds))
        do throws(DiagnosticError) {
            var project: SiteConfig?
            if let path = SiteConfig.locate(explicit: config) { project = try SiteConfig.load(path: path) }
            let address = if let given = self.registry {
                try RegistryAddress(given)
            } else if let project, let given = project["registry.url"] {
                try RegistryAddress(given, source: "`registry: url:`", place: project.place(of: "registry.url"))
            } else {
                try RegistryAddress("https://registry-1.docker.io")
            }
            // Plain HTTP refused here, where the messages can say which setting to change: the
            // address without `insecure`, else `insecure` on a host that is not loopback, each
            // at its line when sitegen.yml gave it.
            let insecure = insecure || project?["registry.insecure"] == "true"
            let urlPlace = self.registry == nil ? project?.place(of: "registry.url") : nil
            let insecurePlace = self.insecure ? nil : project?.place(of: "registry.insecure")
            if let refusal = RegistryClient.plainHTTPRefusal(address, insecure: insecure,
                                                             source: self.insecure ? "--insecure" : "`registry: insecure:`",
                                                             place: insecure ? insecurePlace : urlPlace) {
                throw DiagnosticError(refusal)
            }
            let namespace = if let given = self.namespace {
                try RegistryNamespace(given)
            } else if let project, let given = project["registry.namespace"] {
                try RegistryNamespace(given, source: "`registry: namespace:`", place: project.place(of: "registry.namespace"))
            } else {
                try RegistryNamespace("library")
            }
            // (sitegen.yml's value was checked against the same bounds when the file was read.)
            let concurrency = self.concurrency ?? project?["registry.concurrency"].flatMap { Int($0) } ?? 8
            // One registry gains nothing from hundreds of connections, and answers them with 429s.
            let most = SiteConfig.keys.first { $0.name == "registry.concurrency" }?.maximum ?? 64
            guard (1...most).contains(concurrency) else {
                throw DiagnosticError(.error("registry.concurrency", "--concurrency must be from 1 to \(most), not \(concurrency)",
                                             hint: "give a whole number such as 8 (the default)"))
            }
            let wanted = (images ?? project?["registry.images"]).map(SiteConfig.names)
            libraryFolder = library ?? project?["library"] ?? "content/library"
            (libraryImages, warnings) = try RegistrySync.libraryTags(libraryFolder, only: wanted,
                                                                     places: images == nil ? project?.places(ofNames: "registry.images") ?? [:] : [:])
            let environment = ProcessInfo.processInfo.environment
            var made = RegistrySync.Options(
                registry: address.text, namespace: namespace.text,
                dataPath: data ?? project?["registry.data"] ?? "registry-data.json", concurrency: concurrency,
                insecure: insecure,
                credentials: try RegistryCredentials.find(for: address.url, environment: environment, warnings: &warnings,
                                                          notice: quiet ? nil : { line.say("registry sync: \($0)") }),
                wholeLibrary: wanted == nil,
                certificateFile: environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 },
                afresh: afresh)
            if data == nil, project?["registry.data"] != nil { made.dataSetting = "`registry: data:`" }
            // A test hook, not a setting: SITEGEN_REGISTRY_CHECKPOINT_SECONDS stretches the time
            // between checkpoints, so that a test of SIGINT/SIGTERM sees only the save the
            // interruption makes. The default suits every sync.
            if let seconds = environment["SITEGEN_REGISTRY_CHECKPOINT_SECONDS"].flatMap(Int.init) {
                made.checkpointInterval = .seconds(max(1, seconds))
            }
            if !quiet {
                made.silenceNotice = RegistryClient.SilenceNotice(after: .seconds(silenceSeconds)) { line.say("registry sync: \($0)") }
            }
            options = made
        } catch {
            throw DiagnosticPrinter.stop(error.diagnostics, closing: "registry sync failed; nothing was written")
        }
        DiagnosticPrinter.print(warnings)
        // SIGINT, SIGTERM and SIGHUP (a terminal or SSH session that went away; its messages
        // are then dropped, see StandardStream) cancel the sync, which stops sending requests
        // and saves what it fetched; the command then exits as a process killed by that signal
        // would (128 + it).
        // The handlers go in before the sync starts: a signal in between would otherwise kill
        // the process the default way, with nothing saved.
        let received = ReceivedSignal<RegistrySync.Summary>()
        // A second signal exits at once (ShutdownSignals): the file is whole (saves are
        // renames), but what came in since the last save may not be in it.
        let dataPath = options.dataPath
        let signals = ShutdownSignals([SIGINT, SIGTERM, SIGHUP], onFirstSignal: { received.receive($0) }, onSecondSignal: { number in
            // (A sync that saved nothing yet wrote no file: then it says so.)
            let kept = FileManager.default.fileExists(atPath: dataPath) ? "the data file holds what it last saved" : "nothing was written"
            line.say("registry sync: stopped at once by a second \([SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][number] ?? "signal \(number)"); "
                     + "\(kept); run it again to resume")
        })
        defer { withExtendedLifetime(signals) {} }
        let sync = Task { () async throws -> RegistrySync.Summary in
            try await RegistrySync.run(libraryImages, options: options) { progress in
                line.show("registry sync: \(progress.tagsDone)/\(progress.tags) tags, "
                          + "\(progress.newDigests) new digest\(progress.newDigests == 1 ? "" : "s"), "
                          + "\(progress.requests) request\(progress.requests == 1 ? "" : "s")"
                          + (progress.retries == 0 ? "" : " (\(progress.retries) tried again)")
                          + ", \(ByteSize.text(progress.bytes)), " + RegistrySync.Summary.seconds(progress.elapsed))
            }
        }
        received.stops(sync)
        let summary: RegistrySync.Summary
        switch await sync.result {
        case .success(let result):
            summary = result
        case .failure(let error):
            line.clear()
            let diagnostics = (error as? DiagnosticError)?.diagnostics
                ?? [.error("registry.sync", "the sync stopped: \(error)", hint: "run it again to resume")]
            if let number = received.number {
                for diagnostic in diagnostics {
                    // The interruption is news, not a fault: one line, as the summary is.
                    let text = diagnostic.identifier == RegistrySync.interruptedIdentifier ? "registry sync: \(diagnostic.message)" : diagnostic.printed
                    StandardStream.error(text + "\n")
                }
                throw ExitCode(128 + number)
            }
            throw DiagnosticPrinter.stop(diagnostics, closing: "registry sync stopped")
        }
        line.clear()
        var notes: [Diagnostic] = []
        if summary.startedAfresh {
            notes.append(.warning("registry.afresh", file: options.dataPath,
                                  "as --afresh asked, the records of another registry or namespace were replaced: the file now holds \(RegistrySync.describe(registry: options.registry, namespace: options.namespace)) only",
                                  hint: "keep one data file per registry and namespace"))
        }
        if !summary.droppedImages.isEmpty {
            let names = summary.droppedImages.map { "`\($0)`" }.joined(separator: ", ")
            notes.append(.warning("registry.images-dropped", file: options.dataPath,
                                  "the records of \(names) were dropped: no library file in \(libraryFolder) lists \(summary.droppedImages.count == 1 ? "it" : "them") any more",
                                  hint: "a sync of the whole library keeps the images its library files list; if that is the wrong library folder (--library, or `library:` in sitegen.yml), restore the file (from git, or the CI cache) and sync again"))
        }
        for name in summary.missingRepositories {
            notes.append(.warning("registry.repository-missing", "\(RegistrySync.repositoryName(options, name)) is not in the registry; its tags are left out",
                                  hint: "push the image, or check --namespace"))
        }
        for name in summary.refusedRepositories {
            notes.append(.warning("registry.repository-refused",
                                  "the registry refused to list \(RegistrySync.repositoryName(options, name)) (it does not exist, or these credentials may not read it); its records are kept as they were",
                                  hint: "check --namespace and the credentials"))
        }
        for (tag, reason) in summary.unusableTags {
            notes.append(.warning("registry.tag-unreadable", "\(tag) is left out: \(reason)",
                                  hint: "its pages say \"not in registry data\"; push the tag again, whole (every manifest and configuration its index names, in the OCI or Docker v2 form)"))
        }
        let missing = summary.missingTagsOfFoundRepositories
        if !missing.isEmpty {
            let shown = missing.prefix(10).joined(separator: ", ") + (missing.count > 10 ? ", and \(missing.count - 10) more" : "")
            notes.append(.warning("registry.tag-missing", "\(missing.count) library tag\(missing.count == 1 ? " is" : "s are") not in the registry: \(shown)",
                                  hint: "push them, or remove them from the library files; `sitegen check --registry-data` lists them all"))
        }
        DiagnosticPrinter.print(notes)
        if !quiet {
            let written = summary.wrote ? "wrote \(options.dataPath)" : "\(options.dataPath) unchanged"
            StandardStream.error("\(summary.line); \(written)\n")
        }
    }
}

/// One line on a terminal, rewritten in place at most ten times a second; and lines of their
/// own (``say(_:)``), which show on a terminal or not. In a log (`logEvery`), the progress is
/// a line of its own once that long has passed without a line: a CI log of a long sync, or of
/// one that waits, never looks hung, and one of a quick sync holds its summary alone.
final class SyncProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let logEvery: Duration?
    private let lock = NSLock()
    private var last = ContinuousClock.now - .seconds(1)
    private var shown = false
    /// When the last line of its own was written, or the first report came (the sync began).
    private var lastSaid: ContinuousClock.Instant?

    init(enabled: Bool, logEvery: Duration? = nil) {
        self.enabled = enabled
        self.logEvery = logEvery
    }

    func show(_ text: String) {
        guard enabled else {
            guard let logEvery else { return }
            lock.lock()
            defer { lock.unlock() }
            guard let lastSaid else {
                lastSaid = .now
                return
            }
            guard ContinuousClock.now - lastSaid >= logEvery else { return }
            self.lastSaid = .now
            StandardStream.error(text + "\n")
            return
        }
        lock.lock()
        defer { lock.unlock() }
        guard ContinuousClock.now - last >= .milliseconds(100) else { return }
        last = .now
        shown = true
        // Cut to the terminal's width: a line that wraps is not rewritten in place by `\r`.
        var size = winsize()
        let columns = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 1 ? Int(size.ws_col) - 1 : Int.max
        StandardStream.error("\r\u{1B}[K\(text.prefix(columns))")
    }

    /// A line of its own, on a terminal or not (a progress line shown is cleared first).
    func say(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        if shown { StandardStream.error("\r\u{1B}[K") }
        shown = false
        lastSaid = .now
        StandardStream.error(text + "\n")
    }

    func clear() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if shown { StandardStream.error("\r\u{1B}[K") }
        shown = false
    }
}
