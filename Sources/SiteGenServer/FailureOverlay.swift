import SiteGen

/// The text a browser shows over the page when a build failed: the diagnostics as the
/// terminal prints them (`path:line:column: error: …` with the hint below, grouped by file in
/// the order files were first reported, in line and column order within a file), so the two
/// read alike.
public enum FailureOverlay {
    public static func text(for diagnostics: [Diagnostic]) -> String {
        guard !diagnostics.isEmpty else { return "The build failed without a diagnostic; see the terminal." }
        return Diagnostic.inReadingOrder(diagnostics).map(\.printed).joined(separator: "\n")
    }
}
