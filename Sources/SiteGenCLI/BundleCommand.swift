import ArgumentParser
import Foundation
import SiteGen

/// `sitegen bundle`: the site as a zip or a Dash/Zeal docset, for reading offline.
struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Package the site for offline reading: a zip, or a Dash/Zeal docset.",
        discussion: """
        Builds the site (with the same inputs as `sitegen build`) into a temporary folder and \
        packages it. Nothing is written at --output unless the build and the packaging both \
        succeeded; an earlier bundle there is replaced in one step.

        zip: a reproducible archive (entries sorted, one timestamp: $SOURCE_DATE_EPOCH or \
        1980-01-01) with the site under one folder named after the file (site.zip → site/). \
        Unpack it and open site/index.html.

        docset: <Title>.docset for Dash or Zeal, searchable by image, variant, tag, section, \
        category and architecture, with a table of contents on every page and no site header \
        (the reader has its own search and theme). --tgz also writes <Title>.tgz beside it; \
        --feed-url also writes <Title>.xml, the docset feed readers subscribe to, naming the \
        tarball at that address and a version that changes exactly when the docset does.
        """
    )

    /// The packaging formats, as typed on the command line.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case zip
        case docset

        var library: SiteBundler.Format {
            switch self {
            case .zip: .zip
            case .docset: .docset
            }
        }
    }

    @Option(name: .long, help: ArgumentHelp("What to make: zip or docset.", valueName: "format"))
    var format: Format

    @Option(name: .long, help: ArgumentHelp("Where to write it (default: site.zip, or <title>.docset).", valueName: "path"))
    var output: String?

    @Flag(name: .long, help: "With --format docset: also write <name>.tgz beside the docset, for a docset feed.")
    var tgz = false

    @Option(name: .long, help: ArgumentHelp("With --format docset: a PNG the icons are scaled from. (default: `docset: icon:` in sitegen.yml, else the only image's PNG logo, else sitegen's mark)", valueName: "file"))
    var icon: String?

    @Option(name: .customLong("feed-url"), help: ArgumentHelp("With --format docset: the web folder that will serve <Title>.xml and <Title>.tgz; writes both (implies --tgz). (default: `docset: feed-url:` in sitegen.yml, else no feed)", valueName: "url"))
    var feedURL: String?

    @OptionGroup var input: InputOptions

    @OptionGroup var site: SiteOptions

    @Flag(name: .long, help: "Print each step, also when the output is not a terminal.")
    var verbose = false

    @Flag(name: .long, help: "Print no summary line (diagnostics still print).")
    var quiet = false

    func validate() throws {
        if tgz && format != .docset { throw ValidationError("--tgz packs a docset; use it with --format docset.") }
        if icon != nil && format != .docset { throw ValidationError("--icon is the docset's icon; use it with --format docset.") }
        if feedURL != nil && format != .docset { throw ValidationError("--feed-url writes a docset feed; use it with --format docset.") }
        if format == .docset, let output, !output.hasSuffix(".docset") {
            throw ValidationError("Dash and Zeal only open folders named *.docset; try --output \(output).docset")
        }
        _ = try modificationDate()
    }

    /// `SOURCE_DATE_EPOCH` when set (the reproducible-builds convention for "the time of this
    /// release"), else 1980-01-01.
    private func modificationDate() throws -> Date {
        guard let value = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] else { return ZipBundle.earliestDate }
        guard let seconds = Int(value), seconds >= 0 else {
            throw ValidationError("SOURCE_DATE_EPOCH must be a number of seconds since 1970 (it is `\(value)`); unset it or fix it.")
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    func run() async throws {
        let started = ContinuousClock.now
        let terminal = isatty(STDERR_FILENO) == 1
        let progress = ProgressLine(enabled: terminal, verbose: verbose)
        let inputs = try input.resolve(or: "bundle")
        let destination = output ?? (format == .zip ? "site.zip" : Docset(title: site.title(inputs)).defaultOutput)
        let builder = site.builder(inputs, output: "")
        // The settings file's docset keys apply to docsets only: a zip of the same project ignores them.
        let isDocset = format == .docset
        let options = SiteBundler.Options(site: builder, format: format.library, output: destination,
                                          modificationDate: try modificationDate(), tarball: tgz,
                                          icon: icon ?? (isDocset ? inputs["docset.icon"] : nil),
                                          feedURL: feedURL ?? (isDocset ? inputs["docset.feed-url"] : nil))
        let report = await SiteBundler(options: options).bundle { event in
            switch event {
            case .building(let step): progress.show(step)
            case .packaging(let format):
                progress.finish()
                if verbose { StandardStream.error("packaging the \(format.rawValue)\n") }
            }
        }
        progress.finish()
        DiagnosticPrinter.print(report.diagnostics)
        guard report.succeeded else {
            StandardStream.error("bundle failed; nothing was written at \(destination)\n")
            throw ExitCode(1)
        }
        if !quiet {
            StandardStream.error(summary(report, destination: destination, since: started))
        }
    }

    private func summary(_ report: SiteBundler.Report, destination: String, since started: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed.seconds
        var line = "bundled \(Counted.text(report.build?.pages ?? 0, "page")) for \(Counted.text(report.build?.images ?? 0, "image"))"
        if let zip = report.zip {
            line += " (\(Counted.text(zip.entries, "entry", "entries")), \(ByteSize.text(zip.bytes)))"
        }
        if let docset = report.docset {
            let rows = docset.indexRows.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            line += " (index: \(rows); icon: \(docset.iconSource); version \(docset.version))"
        }
        line += String(format: " in %.2f s", seconds) + " → \(destination)"
        if let tarball = report.docset?.tarball { line += " and \(tarball)" }
        if let feed = report.docset?.feed { line += " and \(feed)" }
        return line + "\n"
    }
}
