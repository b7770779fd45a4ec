import ArgumentParser
import SiteGen

/// Where the inputs are: shared by every command that reads a docs tree.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The docs tree: one folder per image, plus .template-helpers/.", valueName: "dir"))
    var docs = "content/docs"

    @Option(name: .long, help: ArgumentHelp("The official-images library files, one per image.", valueName: "dir"))
    var library = "content/library"

    @Option(name: .customLong("logo-commits"),
            help: ArgumentHelp("A table of logo commits (image<TAB>logo.png<TAB>commit). Without it, sitegen asks git when the docs tree is in a work tree, else uses 'master'.", valueName: "file"))
    var logoCommits: String?

    @Option(name: .customLong("buildpack-deps-images"),
            help: ArgumentHelp("Images built on buildpack-deps, one per line; their README explains buildpack-deps.", valueName: "file"))
    var buildpackDepsImages: String?

    /// The loader; the theme's default texts stand in for a docs tree without .template-helpers/.
    var loader: CatalogLoader {
        CatalogLoader(docsPath: docs, libraryPath: library, logoCommitsPath: logoCommits,
                      buildpackDepsImagesPath: buildpackDepsImages,
                      fallbackHelpers: Theme.defaultHelpers())
    }
}
