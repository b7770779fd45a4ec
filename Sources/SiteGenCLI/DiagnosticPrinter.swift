import ArgumentParser
import Foundation
import SiteGen

/// Prints diagnostics to standard error the way compilers do, so editors and CI logs can
/// jump to them: `path:line:column: error: message`, then an indented hint.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        var text = ""
        for diagnostic in Diagnostic.inReadingOrder(diagnostics) {
            text += diagnostic.printed + "\n"
        }
        StandardStream.error(text)
    }

    /// Reports `diagnostics` that stop a command before it starts (as JSON on standard output
    /// with `json`), then `closing` on standard error; the exit status to end with.
    static func stop(_ diagnostics: [Diagnostic], json: Bool = false, closing: String) -> ExitCode {
        if json {
            StandardStream.output(CheckCommand.json(diagnostics))
        } else {
            print(diagnostics)
        }
        StandardStream.error(closing + "\n")
        return ExitCode(1)
    }

    static func hasErrors(_ diagnostics: [Diagnostic]) -> Bool {
        diagnostics.contains { $0.severity == .error }
    }
}
