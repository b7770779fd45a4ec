import ArgumentParser
import Foundation
import SiteGen

/// What the site looks like and how it is made: shared by every command that builds one
/// (`build`, `serve`, `bundle`).
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A folder whose templates/, assets/ or defaults/ files replace the default theme's, file by file.", valueName: "dir"))
    var theme: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("The address the site will be published at, e.g. https://docs.example.org/ (adds canonical links and sitemap.xml).", valueName: "url"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("The site's name in headers and titles (and a docset's name). (default: Container images)", valueName: "text"))
    var title: String?

    @Option(name: .customLong("source-url"), help: ArgumentHelp("The web address of the docs repository, named in every page's footer (default: none).", valueName: "url"))
    var sourceURL: String?

    @Option(name: .long, help: ArgumentHelp("How many images to render at once (default: one per core).", valueName: "n"))
    var jobs: Int?

    @OptionGroup var history: HistoryOptions

    @OptionGroup var registry: RegistryDataOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        for (flag, value) in [("--base-url", baseURL), ("--source-url", sourceURL)] {
            if let value, !SiteConfig.isWebAddress(value) {
                throw ValidationError("\(flag) must start with https:// or http://, e.g. https://docs.example.org/")
            }
        }
    }

    /// The site's name: the flag, the settings file, or the default.
    func title(_ input: ResolvedInputs) -> String {
        title ?? input["title"] ?? "Container images"
    }

    /// The options of a build of `input` into `output`.
    func builder(_ input: ResolvedInputs, output: String, clean: Bool = false) -> SiteBuilder.Options {
        registry.apply(to: SiteBuilder.Options(
            loader: input.loader, output: output, theme: theme ?? input["theme"],
            settings: SiteSettings(title: title(input), baseURL: baseURL ?? input["base-url"], sourceURL: sourceURL ?? input["source-url"]),
            jobs: jobs ?? input["jobs"].flatMap(Int.init) ?? ProcessInfo.processInfo.activeProcessorCount, clean: clean)
            .with(historyRev: history.rev(input)), input)
    }
}
