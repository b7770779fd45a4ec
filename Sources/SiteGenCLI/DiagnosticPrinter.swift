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
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func hasErrors(_ diagnostics: [Diagnostic]) -> Bool {
        diagnostics.contains { $0.severity == .error }
    }
}
