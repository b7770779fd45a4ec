extension Diagnostic {
    /// `diagnostics` as a reader goes through them: grouped by file (files in the order first
    /// reported), in line and column order within a file, reported order otherwise. The one
    /// order of the terminal, CI logs and the preview's failure overlay.
    public static func inReadingOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var fileRank: [String: Int] = [:]
        for diagnostic in diagnostics where fileRank[diagnostic.file ?? ""] == nil {
            fileRank[diagnostic.file ?? ""] = fileRank.count
        }
        return diagnostics.enumerated().sorted { a, b in
            (fileRank[a.element.file ?? ""] ?? 0, a.element.line ?? 0, a.element.column ?? 0, a.offset)
                < (fileRank[b.element.file ?? ""] ?? 0, b.element.line ?? 0, b.element.column ?? 0, b.offset)
        }.map(\.element)
    }

    /// The diagnostic as a compiler prints it: `path:line:column: error: message`, then its
    /// hint on an indented line.
    public var printed: String {
        description + (hint.map { "\n  hint: \($0)" } ?? "")
    }
}
