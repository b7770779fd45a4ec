import Foundation

/// Decides what a build must redo: fingerprints every ``InputSource`` (taking each file's status
/// first and reading only files whose status differs from the previous build's
/// ``InputStatCache``) into a ``ChangeRecord``, and compares that with the record in the
/// previous site's manifest to give a ``BuildPlan``.
///
/// The only place that knows which inputs reach which pages; the build runs the plan, and the
/// preview server watches the same sources (``InputSnapshot``).
struct ChangeDetector: Sendable {
    /// The inputs as they are now.
    let record: ChangeRecord
    /// Whether the record can be trusted: not when the docs tree holds a link to a folder,
    /// whose files are read through the link but not fingerprinted under it.
    let complete: Bool
    /// The per-file fingerprints the record was made from, for the next build.
    let statCache: InputStatCache
    /// Where the library files are, to ask git which of them a history's new commits touched.
    private let libraryPath: String
    /// With `--history`: the repository as the scan found it (the rev's commit), which the
    /// build's history step then reads instead of asking git again.
    let historyRepository: HistoryReader.Repository?
    /// With `--registry-data`: where each image's part of the file is, for the build to read
    /// only the parts it shows (nil: the build reads the whole file).
    let registryLayout: RegistryDataSections.Layout?

    /// With `observing`: every file and folder looked at, with its status then, and the Git
    /// commit taken; see ``unchangedSinceScanned(jobs:)``.
    private let observed: Observed?

    private struct Observed: Sendable {
        var entries: [String: InputStatCache.Entry]
        /// No file or folder had changed shortly before the scan began.
        var settled: Bool
        var gitHead: String?
        var docsPath: String
        /// The history's rev and the commit it named, with `--history`.
        var history: (library: String, rev: String, tip: String)?
    }

    /// Scans the inputs of a build with `options`. `observing` keeps what
    /// ``unchangedSinceScanned(jobs:)`` needs, for a scan made while the build reads the same files.
    /// `registryRead`: the registry data file as the build's load reads it (a cold build's),
    /// to fingerprint the same bytes without reading them again.
    init(options: SiteBuilder.Options, cache: InputStatCache = InputStatCache(), observing: Bool = false,
         registryRead: RegistryDataRead? = nil) {
        var walker = InputWalker(previous: cache, observing: observing)
        var site: [String: String] = [:]
        var imageFolders: [(name: String, path: String)] = []
        var libraryFiles: [(name: String, path: String)] = []
        var gitHead: String?
        var history: String?
        var historyRepository: HistoryReader.Repository?
        var registryData: String?
        var registryLayout: RegistryDataSections.Layout?
        walker.observeFolder(options.loader.docsPath)
        walker.observeFolder(options.loader.libraryPath)
        for source in InputSource.list(for: options) {
            var fingerprint = Fingerprint()
            let key: String
            switch source {
            case .sitegen(let identity):
                key = "sitegen"
                fingerprint.add("manifest \(Manifest.currentVersion)")
                fingerprint.add(identity)
            case .option(let name, let value):
                key = "option " + name
                fingerprint.add(value)
            case .defaultTheme(let path):
                key = "theme default"
                walker.add(path, to: &fingerprint)
            case .themeOverride(let path):
                key = "theme override"
                if let path { walker.add(path, to: &fingerprint) } else { fingerprint.add("\u{0}none") }
            case .sideFile(let option, let path):
                key = "file " + option
                if let path { walker.add(path, to: &fingerprint) } else { fingerprint.add("\u{0}none") }
            case .gitHead(let docs):
                key = "git-head"
                gitHead = GitHead.commit(near: docs)
                fingerprint.add(gitHead ?? "\u{0}no-git")
            case .sharedDocs(let name, let path):
                key = "docs/" + name
                walker.add(path, to: &fingerprint)
            case .imageFolder(let name, let path):
                imageFolders.append((name, path))
                continue
            case .libraryFile(let name, let path):
                libraryFiles.append((name, path))
                continue
            case .history(let library, let rev):
                // The rev as given: another rev is another history. The commit it names is
                // compared apart (see ``plan(against:)``); one that cannot be resolved differs
                // from any, and the build then reports why.
                key = "history"
                fingerprint.add(rev)
                historyRepository = try? HistoryLoader.repository(libraryPath: library, rev: rev)
                history = historyRepository?.tip ?? "\u{0}unresolved"
            case .registryData(let path):
                // Split by image once the image folders are known, below.
                key = "registry"
                guard let path else {
                    fingerprint.add("\u{0}none")
                    break
                }
                registryData = path
                continue
            }
            site[key] = fingerprint.hex
        }

        // Image folders and library files on all cores: a no-op build is mostly their `stat`
        // calls, and a cold build reads every one of them here.
        let template = walker.share()
        let folders = ParallelMap.map(imageFolders, jobs: options.jobs) { folder in
            var share = template.share()
            var content = Fingerprint()
            var files = Fingerprint()
            let isImage = share.addImageFolder(folder.path, content: &content, files: &files)
            return (content: content, files: files, isImage: isImage, walker: share)
        }
        let library = ParallelMap.map(libraryFiles, jobs: options.jobs) { file in
            var share = template.share()
            var own = Fingerprint()
            share.add(file.path, to: &own)
            return (own: own, walker: share)
        }
        var images: [String: (content: Fingerprint, files: Fingerprint)] = [:]
        // Which folders are images reaches every page (links to a site image stay on the site).
        var imageSet = Fingerprint()
        for (folder, scanned) in zip(imageFolders, folders) {
            images[folder.name] = (scanned.content, scanned.files)
            if scanned.isImage { imageSet.add(folder.name) }
            walker.absorb(scanned.walker)
        }
        site["image set"] = imageSet.hex
        if let registryData {
            let (own, parts, layout) = walker.addRegistryData(registryData, images: imageFolders.map(\.name), read: registryRead)
            registryLayout = layout
            site["registry"] = own.hex
            for (name, part) in parts { images[name]?.files.add("registry " + part) }
        }
        for (file, scanned) in zip(libraryFiles, library) {
            walker.absorb(scanned.walker)
            if images[file.name] != nil {
                images[file.name]?.files.add("library " + scanned.own.hex)
            } else {
                site["library/" + file.name] = scanned.own.hex
            }
            // The `debian` and `ubuntu` files' suites go into every image's default variant text.
            if DistributionSuites.sourceNames.contains(file.name) {
                site["suites/" + file.name] = scanned.own.hex
            }
        }
        record = ChangeRecord(site: site, images: images.mapValues {
            ChangeRecord.ImageInputs(content: $0.content.hex, files: $0.files.hex)
        }, history: history)
        libraryPath = options.loader.libraryPath
        self.historyRepository = historyRepository
        self.registryLayout = registryLayout
        complete = walker.complete
        statCache = walker.next
        observed = observing
            ? Observed(entries: walker.observed, settled: walker.settled, gitHead: gitHead, docsPath: options.loader.docsPath,
                       history: options.historyRev.map { (options.loader.libraryPath, $0, history ?? "") })
            : nil
    }

    /// What a build must redo over the site `previous` describes.
    func plan(against previous: Manifest?) -> BuildPlan {
        guard complete, let before = previous?.inputs else { return .everything }
        let plan = record.plan(from: before)
        guard record.history != before.history, plan != .everything else { return plan }
        // New commits on the history's chain: the images whose library file they touched,
        // and the listings (the site feed, retired images and tags). Anything else (history
        // rewritten, git failing): everything, and the build says what is wrong.
        guard let old = before.history, let new = record.history,
              let touched = try? Self.libraryFilesTouched(in: libraryPath, after: old, upTo: new) else { return .everything }
        return plan.including(touched.filter { record.images[$0] != nil })
    }

    /// The names of the library files that the first-parent commits after `old` up to `new`
    /// changed; nil when `old` is not on `new`'s first-parent chain.
    static func libraryFilesTouched(in libraryPath: String, after old: String, upTo new: String) throws(DiagnosticError) -> Set<String>? {
        let reader = HistoryReader(git: try Git.locate(), folder: libraryPath)
        guard try reader.isOnFirstParentChain(old, of: new) else { return nil }
        return Set(try reader.chain(tip: new, since: old).flatMap { $0.changes.map(\.name) })
    }

    /// Whether every file and folder the scan looked at is still as it was then, and was
    /// already so a while before: then the record describes the bytes any reader of those
    /// files saw between the scan's start and now. A scan made while the build reads the same
    /// files (a cold build does not wait for it) goes into the manifest only if this holds;
    /// otherwise the next build cannot take the site for current on its word. False for a
    /// scan made without `observing`.
    func unchangedSinceScanned(jobs: Int) -> Bool {
        guard let observed, observed.settled else { return false }
        let unchanged = ParallelMap.map(Array(observed.entries), jobs: jobs) { path, entry in
            var status = stat()
            return stat(path, &status) == 0 && InputStatCache.Entry(status, fingerprint: 0).matches(entry)
        }
        guard unchanged.allSatisfy({ $0 }) else { return false }
        if let history = observed.history,
           (try? HistoryLoader.resolve(libraryPath: history.library, rev: history.rev)) != history.tip { return false }
        return observed.gitHead == nil || GitHead.commit(near: observed.docsPath) == observed.gitHead
    }

    /// The stat cache as a file of the site.
    var statCacheFile: SiteWriter.File {
        SiteWriter.File(InputStatCache.fileName, statCache.encoded())
    }
}
