import DefaultTheme

/// One thing a build reads, and which part of the site depends on it.
///
/// ``list(for:)`` names every source of a build, and is the only place that does: the
/// ``ChangeDetector`` fingerprints these sources to decide what a build must redo, and the
/// preview server watches the files they name (``InputSnapshot``). A new kind of input is a new
/// case here and a line in ``list(for:)``; `InputKindTests` then proves that changing it redoes
/// what depends on it.
public enum InputSource: Sendable, Equatable {
    /// The sitegen executable (a new sitegen may render differently) and the manifest format.
    case sitegen(identity: String)
    /// A setting that changes output: its name and value.
    case option(name: String, value: String)
    /// The default theme's files, which sit beside the binary and can change without it.
    case defaultTheme(path: String)
    /// A `--theme` folder of overrides; nil when none is given.
    case themeOverride(path: String?)
    /// A file named by an option (`--logo-commits`, `--buildpack-deps-images`); nil when not given.
    case sideFile(option: String, path: String?)
    /// The commit checked out in the docs tree's Git work tree: without a logo-commits table,
    /// logo URLs name the last commit that touched each logo.
    case gitHead(docs: String)
    /// An entry of the docs root that is not an image folder (`.template-helpers/`,
    /// `metadata.json`, …): every page may read it.
    case sharedDocs(name: String, path: String)
    /// An image folder. Its `content.md` feeds only the image's own pages; its other files also
    /// feed the pages that list every image.
    case imageFolder(name: String, path: String)
    /// A library file: part of the image folder of the same name, or of the whole site when
    /// there is no such folder.
    case libraryFile(name: String, path: String)
    /// The git history of the library folder along the first-parent chain of `rev`
    /// (`--history`): the commit `rev` names. A new commit redoes the images whose library
    /// file it touched, and the pages that list every image.
    case history(library: String, rev: String)
    /// The registry data file (`--registry-data`); nil when none is given. Each image's part
    /// feeds that image's pages and the listings; the rest (registry, namespace) every page.
    case registryData(path: String?)

    /// The kinds of input, finer than the cases where parts of one source are treated apart.
    public enum Kind: String, CaseIterable, Sendable {
        case sitegen, option, defaultTheme, themeOverride, sideFile, gitHead, sharedDocs
        /// An image's `content.md`: only that image's pages depend on it.
        case imageContent
        /// Any other file of an image folder: that image's pages and the listing pages.
        case imageFile
        /// The library file of an image: as ``imageFile``.
        case libraryFile
        /// A library file with no image folder: the whole site (the lints report it).
        case strayLibraryFile
        /// The history's commit (``InputSource/history(library:rev:)``).
        case history
        /// An image's part of the registry data file.
        case registryImage
        /// The rest of the registry data file, or its absence.
        case registrySite
    }

    /// Every source of a build with `options`, in a fixed order: values first, then files.
    /// Lists the docs root and the library folder (each image folder and library file is a source).
    static func list(for options: SiteBuilder.Options) -> [InputSource] {
        let loader = options.loader
        let settings = options.settings
        var sources: [InputSource] = [
            .sitegen(identity: options.sitegenIdentity),
            .option(name: "title", value: settings.title),
            .option(name: "base-url", value: settings.baseURL ?? "\u{0}none"),
            .option(name: "source-url", value: settings.sourceURL ?? "\u{0}none"),
            .option(name: "docset", value: settings.docset ? "yes" : "no"),
            .option(name: "docs", value: loader.docsPath),
            .option(name: "library", value: loader.libraryPath),
            .defaultTheme(path: options.defaultThemePath),
            .themeOverride(path: options.theme),
            .sideFile(option: "logo-commits", path: loader.logoCommitsPath),
            .sideFile(option: "buildpack-deps-images", path: loader.buildpackDepsImagesPath),
        ]
        if loader.logoCommitsPath == nil {
            sources.append(.gitHead(docs: loader.docsPath))
        }
        if let rev = options.historyRev {
            sources.append(.history(library: loader.libraryPath, rev: rev))
        }
        sources.append(.registryData(path: options.registryData))
        // What the lints read of `registry: images:`: with data, which images a sync records;
        // with or without, where it names an image with no library file (warned of there).
        // Only those names' places: an edit elsewhere in sitegen.yml moves the others' lines,
        // and must not redo the site. (A library file added or removed changes the record
        // through the library folder's sources below.)
        var registryImages: [String] = []
        if options.registryData != nil {
            registryImages.append(options.registryImages?.joined(separator: ",") ?? "\u{0}all")
        }
        if let names = options.registryImages {
            let library = LibraryDirectory(path: loader.libraryPath)
            registryImages += names.filter { !library.contains($0) }.map { name in
                "\u{0}unknown " + name + (options.registryImagesPlaces[name].map { "@\($0.file):\($0.line ?? 0):\($0.column ?? 0)" } ?? "")
            }
        }
        if !registryImages.isEmpty {
            sources.append(.option(name: "registry-images", value: registryImages.joined(separator: "\n")))
        }
        let docs = loader.docsPath
        for (name, kind) in FileInput.entries(of: docs) {
            let path = docs + "/" + name
            if !name.hasPrefix("."), InputWalker.isFolder(path, kind: kind) {
                sources.append(.imageFolder(name: name, path: path))
            } else if !InputWalker.skips(name) {
                sources.append(.sharedDocs(name: name, path: path))
            }
        }
        let library = loader.libraryPath
        for (name, _) in FileInput.entries(of: library) where !InputWalker.skips(name) {
            sources.append(.libraryFile(name: name, path: library + "/" + name))
        }
        return sources
    }
    /// The default theme folder of this sitegen.
    static var shippedThemePath: String { DefaultTheme.folder.path }
}
