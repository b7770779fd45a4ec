import ArgumentParser
import SiteGen

/// Whether to read the library folder's git history, and along which commit's chain: shared by
/// the commands that build a site and by `check`.
struct HistoryOptions: ParsableArguments {
    @Flag(name: .long, help: "Read the library folder's git history: history pages, \"Changed\" dates, retired tags and images, Atom feeds.")
    var history = false

    @Option(name: .customLong("history-rev"), help: ArgumentHelp("The commit whose first-parent chain is the history (implies --history). (default: HEAD)", valueName: "rev"))
    var historyRev: String?

    /// The history's rev, or nil without history: on with the flag, a rev, or `history: true`
    /// in the settings file.
    func rev(_ input: ResolvedInputs) -> String? {
        guard history || historyRev != nil || input["history"] == "true" else { return nil }
        return historyRev ?? input["history-rev"] ?? "HEAD"
    }
}
