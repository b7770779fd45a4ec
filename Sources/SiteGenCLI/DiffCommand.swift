import ArgumentParser
import Foundation
import SiteGen

/// `sitegen diff`: what a change of the library files (and the docs) does to tags, builds,
/// architectures, variants, the Hub README and the site's pages.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a change does to tags, builds, architectures, variants, READMEs and pages.",
        discussion: """
        With no rev, HEAD is compared with the work tree; with one, that rev with the work \
        tree; with two, those commits of the repository that holds the library folder. The \
        docs tree is compared the same way when it is in a git repository, and as it is on \
        disk otherwise. --library-to (and --docs-to) compare two folders instead, without git.

        Exit status: 0, or 1 with --exit-code when anything changed; 2 when a side of an \
        image does not parse (the rest is still compared and shown), or when the states \
        cannot be read at all (an unknown rev, a folder outside git); 64 for a usage error \
        (three revs, revs with --library-to); 74 when standard output cannot be written.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, json
    }

    enum Colour: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Argument(help: ArgumentHelp("The old state (default: HEAD), and the new one (default: the work tree).", valueName: "rev"))
    var revisions: [String] = []

    @OptionGroup var input: InputOptions

    @Option(name: .customLong("library-to"), help: ArgumentHelp("Compare --library with this folder of library files, without git.", valueName: "dir"))
    var libraryTo: String?

    @Option(name: .customLong("docs-to"), help: ArgumentHelp("Compare --docs with this docs tree, without git.", valueName: "dir"))
    var docsTo: String?

    @Option(name: .long, help: ArgumentHelp("Only these images (comma-separated).", valueName: "a,b"))
    var images: String?

    @Option(name: .long, help: ArgumentHelp("text (default), markdown (a pull-request comment) or json (docs/diff-schema.md).", valueName: "format"))
    var format: Format = .text

    @Option(name: .long, help: ArgumentHelp("Colour the text format: auto (on a terminal, unless NO_COLOR is set), always or never.", valueName: "when"))
    var color: Colour = .auto

    @Flag(name: .customLong("exit-code"), help: "Exit with 1 when there are changes, as git diff --exit-code does.")
    var exitCode = false

    @Option(name: .long, help: ArgumentHelp("A theme folder, as for build (pages are compared as that theme renders them).", valueName: "dir"))
    var theme: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("The site's address, as for build (it changes the pages' bytes).", valueName: "url"))
    var baseURL: String?

    func validate() throws {
        if revisions.count > 2 {
            throw ValidationError("give at most two revs: the old state and the new one.")
        }
        if !revisions.isEmpty && (libraryTo != nil || docsTo != nil) {
            throw ValidationError("revs compare commits, and --library-to/--docs-to compare folders: give one or the other.")
        }
    }

    func run() throws {
        let resolved: ResolvedInputs
        do {
            resolved = try input.resolve()
        } catch {
            _ = DiagnosticPrinter.stop(error.diagnostics, closing: "diff failed: nothing was compared")
            throw ExitCode(2)
        }
        // The default docs tree is optional: without it only the library files are compared.
        var docs: String? = resolved.docs
        if input.docs == nil, resolved["docs"] == nil, !FileManager.default.fileExists(atPath: resolved.docs) { docs = nil }
        let names = images.map(SiteConfig.names)
        let options = SiteDiff.Options(
            library: resolved.library, libraryTo: libraryTo, docs: docs, docsTo: docsTo, revisions: revisions,
            images: names, logoCommitsPath: resolved.logoCommits, buildpackDepsImagesPath: resolved.buildpackDepsImages,
            theme: theme ?? resolved["theme"],
            settings: SiteSettings(title: resolved["title"] ?? "Container images", baseURL: baseURL ?? resolved["base-url"],
                                   sourceURL: resolved["source-url"]))
        let report: DiffReport
        let diagnostics: [Diagnostic]
        do {
            (report, diagnostics) = try SiteDiff(options).run()
        } catch {
            // 2, not 1: with --exit-code, 1 means "there are changes".
            _ = DiagnosticPrinter.stop(error.diagnostics, closing: "diff failed: nothing was compared")
            throw ExitCode(2)
        }
        let output: String
        switch format {
        case .text:
            let terminal = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            output = DiffText(report, colour: color == .always || (color == .auto && terminal)).text
        case .markdown:
            output = DiffMarkdown(report).text
        case .json:
            output = report.json
        }
        StandardStream.output(output)
        DiagnosticPrinter.print(diagnostics)
        if report.hasErrors || DiagnosticPrinter.hasErrors(diagnostics) { throw ExitCode(2) }
        if exitCode && report.hasChanges { throw ExitCode(1) }
    }
}
