import SiteGen

/// The text a browser shows over the page when a build failed: the diagnostics as the
/// terminal prints them (`path:line:column: error: …` with the hint below, grouped by file in
/// the order files were first reported, in line and column order within a file), so the two
/// read alike.
public enum FailureOverlay {
    public static func text(for diagnostics: [Diagnostic]) -> String {
        guard !diagnostics.isEmpty else { return "The build failed without a diagnostic; see the terminal." }
        var fileRank: [String: Int] = [:]
        for diagnostic in diagnostics where fileRank[diagnostic.file ?? ""] == nil {
            fileRank[diagnostic.file ?? ""] = fileRank.count
        }
        let ordered = diagnostics.enumerated().sorted { a, b in
            (fileRank[a.element.file ?? ""] ?? 0, a.element.line ?? 0, a.element.column ?? 0, a.offset)
                < (fileRank[b.element.file ?? ""] ?? 0, b.element.line ?? 0, b.element.column ?? 0, b.offset)
        }.map(\.element)
        return ordered.map { diagnostic in
            diagnostic.description + (diagnostic.hint.map { "\n  hint: \($0)" } ?? "")
        }.joined(separator: "\n")
    }
}
