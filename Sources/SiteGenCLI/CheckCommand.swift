import ArgumentParser
import Foundation
import SiteGen

/// `sitegen check`: lint the docs tree and library without writing anything.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the docs tree and library files for problems, writing nothing.",
        discussion: """
        Reports what `sitegen build` would stop on (library files that do not parse, files that \
        cannot be read safely, names that cannot become pages, SVG logos with scripts) and what \
        Docker Hub would refuse (a short description over 100 characters, a README over 25,000), \
        plus what a reviewer would flag: missing files, a missing, oversized or unusable logo, \
        unsorted categories, unknown %%PLACEHOLDERS%%, variant files no tag uses, links to images \
        or #anchors that do not exist, raw HTML the site leaves out, library files without an \
        image; with --history, tags content.md names that the library has retired; with \
        --registry-data, the whole data file (read and checked) against every library file, once \
        all of them parse: images \
        it has no record of, tags it lacks, architectures a tag's image lacks, tags of one entry \
        at different digests, tags the registry has that no library file lists, and images it \
        has that none lists. `sitegen build` prints the same lints (the registry's for the \
        images it shows). Exit status 1 when there is an error, or a \
        warning with --strict; 74 when standard output cannot be written (--format json); 0 \
        otherwise.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @OptionGroup var input: InputOptions

    @OptionGroup var history: HistoryOptions

    @OptionGroup var registry: RegistryDataOptions

    @Option(name: .long, help: ArgumentHelp("text (path:line:column: error: …) or json, for CI.", valueName: "format"))
    var format: Format = .text

    @Flag(name: .long, help: "Fail on warnings too.")
    var strict = false

    @Flag(name: .long, help: "Print no summary line (diagnostics still print).")
    var quiet = false

    func run() throws {
        let started = ContinuousClock.now
        let diagnostics: [Diagnostic]
        var checked = "the settings"
        do {
            let inputs = try input.resolve()
            checked = "\(inputs.docs) and \(inputs.library)"
            let options = SiteBuilder.Options(loader: inputs.loader, output: "").with(historyRev: history.rev(inputs))
            diagnostics = SiteBuilder(options: registry.apply(to: options, inputs)).check()
        } catch {
            diagnostics = error.diagnostics
        }
        switch format {
        case .text: DiagnosticPrinter.print(diagnostics)
        case .json: StandardStream.output(Self.json(diagnostics))
        }
        if !quiet {
            let errors = diagnostics.count { $0.severity == .error }
            let warnings = diagnostics.count - errors
            let elapsed = ContinuousClock.now - started
            let seconds = elapsed.seconds
            let summary = "checked \(checked): \(errors) error\(errors == 1 ? "" : "s"), "
                + "\(warnings) warning\(warnings == 1 ? "" : "s")" + String(format: " in %.2f s\n", seconds)
            StandardStream.error(summary)
        }
        let failing = diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning) }
        if failing { throw ExitCode(1) }
    }

    static func json(_ diagnostics: [Diagnostic]) -> String {
        let objects: [[String: Any]] = diagnostics.map { diagnostic in
            var object: [String: Any] = ["severity": diagnostic.severity.rawValue, "id": diagnostic.identifier,
                                         "message": diagnostic.message]
            if let file = diagnostic.file { object["file"] = file }
            if let line = diagnostic.line { object["line"] = line }
            if let column = diagnostic.column { object["column"] = column }
            if let hint = diagnostic.hint { object["hint"] = hint }
            return object
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
