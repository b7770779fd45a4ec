import ArgumentParser
import Foundation
import SiteGen

/// `sitegen build`: the whole static site.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the static site: catalog, image, variant and tag pages, search, Docker Hub READMEs.",
        discussion: """
        Reads the docs tree and library files and writes a complete site to --output (default \
        ./site), replacing the previous one in a single step: a build that fails leaves the old \
        site untouched. Links are relative, so the site works under any path of any host and \
        opened from disk; --base-url adds canonical links and sitemap.xml.

        Prints the problems `sitegen check` reports, on every build (a build with nothing to \
        render repeats those of the last one): warnings leave the build going, errors stop it.

        Open site/index.html in a browser, or serve the folder with any static file server.

        Exit status: 0 when the site was written, 1 when the build failed, 64 when the command \
        line cannot be read, 74 when --format json cannot be written to standard output (the \
        site is written by then).
        """
    )

    @OptionGroup var input: InputOptions

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp("Where to write the site. (default: site)", valueName: "dir"))
    var output: String?

    @Flag(name: .long, help: "Print each step, also when the output is not a terminal.")
    var verbose = false

    @Flag(name: .long, help: "Print no summary line (diagnostics still print).")
    var quiet = false

    @Flag(name: .long, help: "Render every page, ignoring what the previous build left (normally only what changed is redone).")
    var clean = false

    @Option(name: .long, help: ArgumentHelp("How to print diagnostics: text (path:line: error: …, on standard error) or json (on standard output, as `check --format json` does), for tools.", valueName: "format"))
    var format: CheckCommand.Format = .text

    func run() async throws {
        let started = ContinuousClock.now
        let terminal = isatty(STDERR_FILENO) == 1
        let progress = ProgressLine(enabled: terminal, verbose: verbose, started: started)
        let inputs: ResolvedInputs
        do {
            inputs = try input.resolve()
        } catch {
            throw DiagnosticPrinter.stop(error.diagnostics, json: format == .json,
                                         closing: "build failed; \(output ?? "site") was left as it was")
        }
        let output = output ?? inputs["output"] ?? "site"
        let options = site.builder(inputs, output: output, clean: clean)
        let report = await SiteBuilder(options: options).build { event in progress.show(event) }
        progress.finish()
        switch format {
        case .text: DiagnosticPrinter.print(report.diagnostics)
        case .json: StandardStream.output(CheckCommand.json(report.diagnostics))
        }
        guard let summary = report.summary else {
            StandardStream.error("build failed; \(output) was left as it was\n")
            throw ExitCode(1)
        }
        if !quiet {
            let elapsed = ContinuousClock.now - started
            let seconds = elapsed.seconds
            let changes = BuildOutcome.changes(report) ?? ""
            let line = "built \(Counted.text(report.pages, "page")) for \(Counted.text(report.images, "image")) "
                + "(\(Counted.text(summary.files, "file")), \(ByteSize.text(summary.bytes)), " + changes
                + String(format: ") in %.2f s", seconds) + " → \(output)/index.html\n"
            StandardStream.error(line)
        }
    }
}

/// A single progress line on a terminal (rewritten in place); one line per step with --verbose.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let verbose: Bool
    private let lock = NSLock()
    private var shown = false
    /// When the command started: verbose lines say how long each step took to reach.
    private let started: ContinuousClock.Instant

    init(enabled: Bool, verbose: Bool, started: ContinuousClock.Instant = .now) {
        self.enabled = enabled
        self.verbose = verbose
        self.started = started
    }

    func show(_ event: SiteBuilder.Progress) {
        let text: String
        switch event {
        case .loaded(let images): text = "loaded \(Counted.text(images, "image"))"
        case .rendered(let image, let done, let total): text = "rendered \(done)/\(total) images (\(image))"
        case .modeled(let images): text = "modelled and checked \(Counted.text(images, "image"))"
        case .writing(let files): text = "writing \(Counted.text(files, "file"))"
        }
        lock.lock()
        defer { lock.unlock() }
        if verbose {
            let elapsed = ContinuousClock.now - started
            let milliseconds = elapsed.seconds * 1000
            // CPU time (all threads) and resident memory too: a step that took 100 ms on the
            // clock and 100 ms of CPU ran on one core of several.
            let resident = Self.residentMegabytes().map { String(format: " %4d MB", $0) } ?? ""
            let line = String(format: "[%6.1f ms, CPU %6.1f ms", milliseconds, Self.cpuMilliseconds()) + resident + "] " + text + "\n"
            StandardStream.error(line)
        } else if enabled {
            StandardStream.error("\r\u{1B}[K\(text)")
            shown = true
        }
    }

    /// User and system time of every thread of the process so far.
    private static func cpuMilliseconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        let seconds = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        let micros = Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        return seconds * 1000 + micros / 1000
    }

    /// The process's resident set in MB, from `/proc/self/statm` (nil where there is none).
    private static func residentMegabytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { StandardStream.error("\r\u{1B}[K") }
    }
}
