import Foundation
import SiteGen

/// Prints diagnostics to standard error the way compilers do, so editors and CI logs can
/// jump to them: `path:line:column: error: message`, then an indented hint.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        var text = ""
        // Grouped by file (files in the order first reported) and in line and column order
        // within a file, as a reader goes through a file.
        var fileRank: [String: Int] = [:]
        for diagnostic in diagnostics where fileRank[diagnostic.file ?? ""] == nil {
            fileRank[diagnostic.file ?? ""] = fileRank.count
        }
        let ordered = diagnostics.enumerated().sorted { a, b in
            (fileRank[a.element.file ?? ""] ?? 0, a.element.line ?? 0, a.element.column ?? 0, a.offset)
                < (fileRank[b.element.file ?? ""] ?? 0, b.element.line ?? 0, b.element.column ?? 0, b.offset)
        }.map(\.element)
        for diagnostic in ordered {
            text += diagnostic.description + "\n"
            if let hint = diagnostic.hint {
                text += "  hint: \(hint)\n"
            }
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func hasErrors(_ diagnostics: [Diagnostic]) -> Bool {
        diagnostics.contains { $0.severity == .error }
    }
}
