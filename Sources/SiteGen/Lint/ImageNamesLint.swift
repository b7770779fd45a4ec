/// Image names a user gave a command (`--images`, or `registry: images:` in `sitegen.yml`) that
/// have no library file. A misspelt name would otherwise leave its image out in silence: the
/// sync would not record it, and the lints would go on warning that it is missing.
public enum ImageNamesLint {
    /// One problem for each of `names` that `library` has no file for, with the library file it
    /// most likely misspells. At the settings file's item when `places` has the name (`setting`
    /// is the key as written there, `registry: images:`), else worded for `flag`.
    /// `severity`: an error where the names choose what a command does (`registry sync`), a
    /// warning where they only tune what others report (`build`, `check`).
    public static func check(_ names: [String], library: LibraryDirectory, places: [String: SiteConfig.Place] = [:],
                             setting: String, flag: String, severity: Diagnostic.Severity) -> [Diagnostic] {
        var seen: Set<String> = []
        let unknown = names.filter { seen.insert($0).inserted && !library.contains($0) }
        guard !unknown.isEmpty else { return [] }
        let known = library.fileNames
        let consequence = severity == .error ? "" : " (`sitegen registry sync` refuses it)"
        return unknown.map { name in
            let guess = Suggestion.closest(to: name, among: known).map { "; did you mean `\($0)`?" } ?? ""
            let text = "names `\(TextPosition.short(name))`, which has no library file in \(library.path)\(guess)"
            if let place = places[name] {
                return Diagnostic(severity, "config.unknown-image", file: place.file, line: place.line, column: place.column,
                                  message: "`\(setting)` \(text)",
                                  hint: "correct the name, or add its library file\(consequence)")
            }
            return Diagnostic(severity, "config.unknown-image", message: "\(flag) \(text)",
                              hint: "give names of library files, or point --library at the folder that has them")
        }
    }
}
