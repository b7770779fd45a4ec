import ArgumentParser
import Foundation
import SiteGen

/// Where the inputs are: shared by every command that reads a docs tree. Each flag overrides
/// the same key of the project's `sitegen.yml`, which overrides the default.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The project's settings file (default: ./sitegen.yml when there is one; see docs/configuration.md).", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("The docs tree: one folder per image, plus .template-helpers/. (default: content/docs)", valueName: "dir"))
    var docs: String?

    @Option(name: .long, help: ArgumentHelp("The official-images library files, one per image. (default: content/library)", valueName: "dir"))
    var library: String?

    @Option(name: .customLong("logo-commits"),
            help: ArgumentHelp("A table of logo commits (image<TAB>logo.png<TAB>commit). Without it, sitegen asks git when the docs tree is in a work tree, else uses 'master'.", valueName: "file"))
    var logoCommits: String?

    @Option(name: .customLong("buildpack-deps-images"),
            help: ArgumentHelp("Images built on buildpack-deps, one per line; their README explains buildpack-deps.", valueName: "file"))
    var buildpackDepsImages: String?

    /// ``resolve()``, or the settings file's problems reported and `command` ended.
    func resolve(or command: String) throws -> ResolvedInputs {
        do {
            return try resolve()
        } catch {
            throw DiagnosticPrinter.stop(error.diagnostics, closing: "\(command) failed; nothing was done")
        }
    }

    /// The inputs as the flags, the settings file and the defaults give them; the settings
    /// file's problems when it has any.
    func resolve() throws(DiagnosticError) -> ResolvedInputs {
        var project: SiteConfig?
        if let path = SiteConfig.locate(explicit: config) {
            project = try SiteConfig.load(path: path)
        }
        return ResolvedInputs(
            config: project,
            docs: docs ?? project?["docs"] ?? "content/docs",
            library: library ?? project?["library"] ?? "content/library",
            logoCommits: logoCommits ?? project?["logo-commits"],
            buildpackDepsImages: buildpackDepsImages ?? project?["buildpack-deps-images"])
    }
}

/// The inputs of a command, every setting decided.
struct ResolvedInputs {
    let config: SiteConfig?
    let docs: String
    let library: String
    let logoCommits: String?
    let buildpackDepsImages: String?

    /// The setting `key` of the settings file, if it has one.
    subscript(key: String) -> String? { config?[key] }

    /// The loader; the theme's default texts stand in for a docs tree without .template-helpers/.
    var loader: CatalogLoader {
        CatalogLoader(docsPath: docs, libraryPath: library, logoCommitsPath: logoCommits,
                      buildpackDepsImagesPath: buildpackDepsImages, fallbackHelpers: Theme.defaultHelpers())
    }
}
