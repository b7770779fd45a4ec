import Foundation

/// `sitegen diff`: what a change of the inputs does to each image's tags, builds,
/// architectures and variants, to its Hub README and to the site's pages.
///
/// The two states are two commits of the repository that holds the library folder, a commit
/// and the work tree, or two folders. Only the library files that differ are read at both
/// states; the docs tree is read where it differs, and whole only for the new state, whose
/// other images the listing pages need (unchanged images are the same at both).
///
/// The steps are those of a build, on two states: find what changed (git or the folders), load
/// each state's changed images, model them (``ImageSite``), render their README and pages in
/// memory, and compare. Nothing is written but a temporary copy of what a commit has, removed
/// at the end.
public struct SiteDiff: Sendable {
    public struct Options: Sendable {
        /// The library folder (the old state's, when `libraryTo` is given).
        public var library: String
        /// The new state's library folder, to compare two folders without git.
        public var libraryTo: String?
        /// The docs tree; nil to compare library files only.
        public var docs: String?
        public var docsTo: String?
        /// None: `HEAD` against the work tree; one: that rev against the work tree; two: those
        /// commits.
        public var revisions: [String]
        /// Only these images (nil: every image that changed).
        public var images: [String]?
        public var logoCommitsPath: String?
        public var buildpackDepsImagesPath: String?
        public var theme: String?
        public var settings: SiteSettings

        public init(library: String, libraryTo: String? = nil, docs: String?, docsTo: String? = nil, revisions: [String] = [],
                    images: [String]? = nil, logoCommitsPath: String? = nil, buildpackDepsImagesPath: String? = nil,
                    theme: String? = nil, settings: SiteSettings = SiteSettings()) {
            self.library = library
            self.libraryTo = libraryTo
            self.docs = docs
            self.docsTo = docsTo
            self.revisions = revisions
            self.images = images
            self.logoCommitsPath = logoCommitsPath
            self.buildpackDepsImagesPath = buildpackDepsImagesPath
            self.theme = theme
            self.settings = settings
        }
    }

    public let options: Options

    public init(_ options: Options) {
        self.options = options
    }

    /// The library files that changed, parsed at each state.
    struct LibraryChange {
        let name: String
        let old: ParsedFile?
        let new: ParsedFile?
    }

    /// A library file at one state: the file, or why it does not parse.
    struct ParsedFile {
        let file: LibraryFile?
        let problems: [Diagnostic]
    }

    /// The report, and the problems of the inputs as diagnostics (a side that does not parse
    /// is in the report too). Throws when the states cannot be read at all: an unknown rev, a
    /// folder that is not in a repository, a missing folder.
    public func run() throws(DiagnosticError) -> (report: DiffReport, diagnostics: [Diagnostic]) {
        let git = try? Git.locate()
        let libraryOld: DiffSource, libraryNew: DiffSource
        if options.docsTo != nil, options.libraryTo == nil {
            // Two docs folders: the library as it is on disk serves both.
            try Self.requireFolder(options.library, what: "library")
            (libraryOld, libraryNew) = (.disk(options.library, label: options.library), .disk(options.library, label: options.library))
        } else {
            (libraryOld, libraryNew) = try sides(options.library, to: options.libraryTo, what: "library", git: git)
        }
        let libraryRoot = libraryOld.root
        var docsSides: (old: DiffSource, new: DiffSource)?
        var notes: [String] = []
        if let docs = options.docs {
            if let docsTo = options.docsTo {
                docsSides = try sides(docs, to: docsTo, what: "docs", git: git)
            } else {
                try Self.requireFolder(docs, what: "docs")
                let repository = libraryOld.isCommit ? try git.flatMap { git throws(DiagnosticError) in
                    try DiffSource.repository(docs, revs: [], git: git)
                } : nil
                if let repository, repository.root == libraryRoot {
                    // The revs name commits of the library's repository: they apply to a docs tree in it.
                    docsSides = try sides(docs, to: nil, what: "docs", git: git)
                } else {
                    // A docs tree outside git, in another repository, or beside two library folders
                    // is the same at both states.
                    docsSides = (.disk(docs, label: docs), .disk(docs, label: docs))
                    if repository != nil {
                        notes.append("the docs tree is in another repository than the library, so it was read as it is on disk at both states (compare two docs folders with --docs-to)")
                    }
                }
            }
        } else {
            notes.append("no docs tree was compared, so READMEs and pages are not shown (give --docs to compare them)")
        }

        let wanted = options.images.map(Set.init)
        let libraryFiles = try DiffSource.changes(from: libraryOld, to: libraryNew, directOnly: true)
        var libraryChanges: [String: LibraryChange] = [:]
        for file in libraryFiles where !file.path.hasPrefix(".") && ImageName.isValid(file.path)
            && (wanted?.contains(file.path) ?? true) || DistributionSuites.sourceNames.contains(file.path) {
            libraryChanges[file.path] = LibraryChange(
                name: file.path,
                old: file.old.map { Self.parse($0, name: file.path, path: Self.display(libraryOld, file.path)) },
                new: file.new.map { Self.parse($0, name: file.path, path: Self.display(libraryNew, file.path)) })
        }

        var docsResult: DocsComparison.Result?
        var diagnostics: [Diagnostic] = []
        if let (docsOld, docsNew) = docsSides {
            let comparison = DocsComparison(diff: self, library: (libraryOld, libraryNew), docs: (docsOld, docsNew),
                                            libraryChanges: libraryChanges, wanted: wanted)
            do {
                let result = try comparison.run()
                diagnostics += result.diagnostics
                if let first = result.diagnostics.first(where: { $0.severity == .error }) {
                    notes.append("a state's docs have problems outside any image (\(first.file ?? ""): \(first.message))")
                }
                docsResult = result
            } catch {
                // The library files still compare: say why the docs half is missing.
                diagnostics += error.diagnostics
                let first = error.diagnostics.first { $0.severity == .error }
                notes.append("READMEs and pages were not compared: a state's docs did not load" + (first.map { " (\($0.file ?? ""): \($0.message))" } ?? ""))
            }
        }

        var names = Set(libraryChanges.keys)
        if let docsResult { names.formUnion(docsResult.images.keys) }
        if let wanted { names.formIntersection(wanted) }
        var images: [DiffReport.ImageChange] = []
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let change = imageChange(name, library: libraryChanges[name], docs: docsResult?.images[name])
            if !change.isEmpty { images.append(change) }
        }
        let report = DiffReport(
            from: DiffReport.State(label: libraryOld.label, commit: libraryOld.commit, library: options.library,
                                   docs: docsSides.map { _ in options.docs ?? "" }),
            to: DiffReport.State(label: libraryNew.label, commit: libraryNew.commit, library: options.libraryTo ?? options.library,
                                 docs: docsSides.map { _ in options.docsTo ?? options.docs ?? "" }),
            images: images, sitePages: docsResult?.sitePages ?? [], notes: notes)
        for image in images {
            for problem in (image.errors?.from ?? []) + (image.errors?.to ?? []) {
                diagnostics.append(.error("diff.side-error", problem, hint: "fix the file; the other images were compared"))
            }
        }
        return (report, diagnostics)
    }

    /// One image's report from its library files and its docs at both states.
    private func imageChange(_ name: String, library: LibraryChange?, docs: DocsComparison.ImageResult?) -> DiffReport.ImageChange {
        // A docs-only change compares the library file with itself: tags can still move to another variant.
        let old = library.map { $0.old?.file } ?? docs?.library
        let new = library.map { $0.new?.file } ?? docs?.library
        let comparison = LibraryComparison(old: old, new: new,
                                           oldVariant: { docs?.oldVariants?($0) }, newVariant: { docs?.newVariants?($0) })
        let status: DiffReport.ImageChange.Status
        if let library, library.old == nil {
            status = .added
        } else if let library, library.new == nil {
            status = .retired
        } else {
            status = .changed
        }
        // The docs half parses the library file again: its problems are the same ones.
        let fromErrors = Self.unique((library?.old?.problems ?? []) + (docs?.oldErrors ?? []))
        let toErrors = Self.unique((library?.new?.problems ?? []) + (docs?.newErrors ?? []))
        // A side that could not be modelled has no README, pages or variants: showing them as
        // removed would only repeat the error.
        let modelled = fromErrors.isEmpty && toErrors.isEmpty
        let bothParse = (library?.old == nil || library?.old?.file != nil) && (library?.new == nil || library?.new?.file != nil)
        let empty = DiffReport.TagChanges(added: [], removed: [], moved: [])
        return DiffReport.ImageChange(
            name: name, status: status,
            errors: fromErrors.isEmpty && toErrors.isEmpty ? nil
                : DiffReport.SideErrors(from: fromErrors.map(\.description), to: toErrors.map(\.description)),
            tags: bothParse ? comparison.tags : empty,
            builds: bothParse ? comparison.builds : DiffReport.BuildChanges(added: [], removed: [], changed: []),
            architectures: bothParse ? comparison.architectures : .none,
            variants: modelled ? docs.map { DiffReport.ListChange.between($0.oldVariantNames, $0.newVariantNames) } ?? .none : .none,
            readme: modelled ? docs?.readme : nil, pages: modelled ? docs?.pages ?? [] : [])
    }

    /// `diagnostics` without repeats, in their order.
    static func unique(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.filter { seen.insert($0).inserted }
    }

    /// The two states of a folder: two folders, or the revs of the repository that holds it.
    private static func requireFolder(_ path: String, what: String) throws(DiagnosticError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw DiagnosticError(.error("diff.folder-missing", file: path, "the \(what) folder \(path) does not exist",
                                         hint: "give the folder with --\(what)"))
        }
    }

    private func sides(_ folder: String, to: String?, what: String, git: Git?) throws(DiagnosticError) -> (DiffSource, DiffSource) {
        for path in [folder] + (to.map { [$0] } ?? []) {
            try Self.requireFolder(path, what: what)
        }
        if let to {
            guard options.revisions.isEmpty else {
                throw DiagnosticError(.error("diff.revs-and-folders", "revs compare commits, and --\(what)-to compares two folders: give one or the other",
                                             hint: "drop the revs to compare \(folder) with \(to), or drop --\(what)-to"))
            }
            return (.disk(folder, label: folder), .disk(to, label: to))
        }
        guard let git else {
            throw DiagnosticError(.error("diff.git-missing", "comparing commits needs `git`, which is not installed (not found on PATH)",
                                         hint: "install git (`apt-get install git`), or compare two folders: --\(what) OLD --\(what)-to NEW"))
        }
        let revs = options.revisions.isEmpty ? ["HEAD"] : Array(options.revisions.prefix(2))
        guard let repository = try DiffSource.repository(folder, revs: revs, git: git) else {
            throw DiagnosticError(.error("diff.not-a-repository", file: folder,
                                         "the \(what) folder \(folder) is not inside a git repository, so it has no commits to compare",
                                         hint: "compare two folders instead: sitegen diff --\(what) OLD_DIR --\(what)-to NEW_DIR"))
        }
        let old = DiffSource.commit(repository.commits[0], label: revs[0], folder: folder, in: repository, git: git)
        guard revs.count == 2 else { return (old, .disk(folder, label: "work tree")) }
        return (old, DiffSource.commit(repository.commits[1], label: revs[1], folder: folder, in: repository, git: git))
    }

    /// How a file of `source` is named in messages: `rev:folder/name` for a commit, as git
    /// names it, else its path.
    static func display(_ source: DiffSource, _ path: String) -> String {
        let full = (source.folder.hasSuffix("/") ? source.folder : source.folder + "/") + path
        return source.isCommit ? source.label + ":" + full : full
    }

    /// A library file's bytes parsed in whichever format they are written.
    static func parse(_ bytes: [UInt8], name: String, path: String) -> ParsedFile {
        let (file, diagnostics) = LibraryFile.parse(data: Data(bytes), name: name, path: path)
        return ParsedFile(file: file, problems: file == nil ? diagnostics.filter { $0.severity == .error } : [])
    }
}
