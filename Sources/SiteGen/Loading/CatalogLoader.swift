import Foundation

/// Reads a docs tree and a library folder into a ``Catalog``.
///
/// Problems are collected, not thrown: an image whose folder or library file has an error is
/// left out of the catalog and its diagnostics are returned, so the other images still work.
/// Problems that would make every image wrong (an unreadable docs root, a broken `debian` or
/// `ubuntu` library file, a bad `--logo-commits` table) return no catalog at all.
public struct CatalogLoader: Sendable {
    public var docsPath: String
    public var libraryPath: String
    /// `image<TAB>logo file<TAB>commit` lines; nil to ask Git.
    public var logoCommitsPath: String?
    /// One image name per line (`#` comments); nil for none.
    public var buildpackDepsImagesPath: String?
    /// The texts to use when the docs tree has no `.template-helpers/` of its own (the
    /// theme's defaults). A tree that has the folder uses only its own files, as update.sh does.
    public var fallbackHelpers: TemplateHelpers?
    /// Where logo commits are asked from git when there is no table: the docs tree in a work
    /// tree and the commit to ask as of (`sitegen diff` reads a docs tree as a commit has it from
    /// a copy outside the repository). Nil: the docs tree itself, at `HEAD`.
    public var logoHistory: (folder: String, rev: String)?
    /// Whether logo commits may come from git (one `git log` per logo) when there is no table.
    /// `sitegen diff` turns it off for the images whose README it does not compare: pages never
    /// show the logo's address, only the README does.
    public var asksGitForLogoCommits = true

    public init(docsPath: String, libraryPath: String, logoCommitsPath: String? = nil,
                buildpackDepsImagesPath: String? = nil, fallbackHelpers: TemplateHelpers? = nil) {
        self.docsPath = docsPath
        self.libraryPath = libraryPath
        self.logoCommitsPath = logoCommitsPath
        self.buildpackDepsImagesPath = buildpackDepsImagesPath
        self.fallbackHelpers = fallbackHelpers
    }

    /// Loads the images named in `only` (in that order), or every image of the docs tree.
    public func load(only names: [String]? = nil) -> (catalog: Catalog?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let (opened, treeDiagnostics) = DocsTree.open(docsPath)
        diagnostics += treeDiagnostics
        guard let tree = opened else { return (nil, diagnostics) }

        let library = LibraryDirectory(path: libraryPath)
        guard library.exists else {
            diagnostics.append(.error("library.folder-missing", file: libraryPath, "library folder not found",
                                      hint: "pass the folder of official-images library files with --library"))
            return (nil, diagnostics)
        }

        let shared = sharedInputs(tree: tree, library: library)
        diagnostics += shared.diagnostics
        guard let inputs = shared.inputs else { return (nil, diagnostics) }

        // Images are read and parsed independently of each other: spread them over the cores.
        let loaded = ParallelMap.map(names ?? tree.imageNames, jobs: ProcessInfo.processInfo.activeProcessorCount) { name in
            (tree.image(named: name), ImageName.isValid(name) ? library.file(named: name) : nil)
        }
        var images: [Image] = []
        if names == nil {
            // A folder that lost its content.md would silently drop the image from the site.
            for name in tree.foldersWithoutContent where library.contains(name) {
                let folder = (docsPath.hasSuffix("/") ? docsPath : docsPath + "/") + name
                diagnostics.append(.error("docs.missing-content", file: folder + "/content.md",
                                          "the image folder has no content.md, but the library has a file for `\(name)`",
                                          hint: "restore content.md; if the image is gone, remove both its folder and its library file"))
            }
        }
        for ((folder, folderDiagnostics), libraryResult) in loaded {
            diagnostics += folderDiagnostics
            // A name that cannot be an image has no library file to look for: one error is enough.
            guard let (file, libraryDiagnostics) = libraryResult else { continue }
            diagnostics += libraryDiagnostics
            if let folder, let file {
                images.append(Image(folder: folder, library: file))
            }
        }
        if names == nil {
            images.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        }
        return (Catalog(docs: tree, images: images, readmeInputs: inputs), diagnostics)
    }

    private func sharedInputs(tree: DocsTree, library: LibraryDirectory) -> (inputs: HubReadme.Inputs?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var fatal = false

        // The suite lists come from these two files; when one is present but broken, every
        // README would silently lose its suite paragraph, so that stops the run.
        var suiteLibraries: [String: LibraryFile] = [:]
        for name in DistributionSuites.sourceNames.sorted() where library.contains(name) {
            let (file, problems) = library.file(named: name)
            diagnostics += problems
            if let file { suiteLibraries[name] = file } else { fatal = true }
        }

        var logoCommits = LogoCommits()
        do {
            let table = try logoCommitsPath.map { path throws(Diagnostic) in try Self.readText(path, what: "logo commit table") }
            logoCommits = try LogoCommits(tableText: table, tablePath: logoCommitsPath ?? "",
                                          docsRoot: logoCommitsPath == nil && asksGitForLogoCommits ? (logoHistory?.folder ?? tree.root) : nil,
                                          rev: logoHistory?.rev)
        } catch let error as Diagnostic {
            diagnostics.append(error)
            fatal = true
        } catch let error as DiagnosticError {
            diagnostics += error.diagnostics
            fatal = true
        } catch {
            fatal = true
        }

        var buildpackDeps: Set<String> = []
        if let path = buildpackDepsImagesPath {
            do {
                let text = try Self.readText(path, what: "buildpack-deps image list")
                buildpackDeps = Set(text.split(whereSeparator: \.isNewline).map { String($0.trimmingWhitespace()) }
                    .filter { !$0.isEmpty && !$0.hasPrefix("#") })
            } catch {
                diagnostics.append(error)
                fatal = true
            }
        }

        guard !fatal else { return (nil, diagnostics) }
        let helpers = tree.hasOwnHelpers ? tree.helpers : (fallbackHelpers ?? tree.helpers)
        let inputs = HubReadme.Inputs(helpers: helpers,
                                      suites: DistributionSuites(debianLibrary: suiteLibraries["debian"],
                                                                 ubuntuLibrary: suiteLibraries["ubuntu"]),
                                      buildpackDepsImages: buildpackDeps,
                                      logoCommits: logoCommits)
        return (inputs, diagnostics)
    }

    private static func readText(_ path: String, what: String) throws(Diagnostic) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .error("input.missing", file: path, "\(what) not found", hint: "check the path given on the command line")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw .error("input.invalid-utf8", file: path, "\(what) is not valid UTF-8 text", hint: "save the file as UTF-8")
        }
        return text
    }
}
