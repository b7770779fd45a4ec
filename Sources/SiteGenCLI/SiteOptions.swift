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

    @Option(name: .long, help: ArgumentHelp("The site's name in headers and titles (and a docset's name).", valueName: "text"))
    var title = "Container images"

    @Option(name: .long, help: ArgumentHelp("How many images to render at once (default: one per core).", valueName: "n"))
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if let baseURL, !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
            throw ValidationError("--base-url must start with https:// or http://, e.g. https://docs.example.org/")
        }
    }

    /// The options of a build of `input` into `output`.
    func builder(_ input: InputOptions, output: String, clean: Bool = false) -> SiteBuilder.Options {
        SiteBuilder.Options(
            loader: input.loader, output: output, theme: theme,
            settings: SiteSettings(title: title, baseURL: baseURL, sourceLabel: input.docs),
            jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, clean: clean)
    }
}
