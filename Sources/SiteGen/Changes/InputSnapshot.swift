/// The status of every file a build with some options reads, walked as the
/// ``ChangeDetector`` walks them but without reading any: for the preview server, which looks
/// often and rebuilds when a snapshot differs from the last.
public struct InputSnapshot: Sendable, Equatable {
    /// Path → its status (size, inode, modification and change times). Folders are left out:
    /// their times move when an editor's scratch file comes and goes.
    let files: [String: InputStatCache.Entry]
    /// The image folders and library files there were, so a new empty one counts too.
    let sources: [String]
    /// The commit checked out around the docs, when logo URLs name commits.
    let gitHead: String?
    /// The commit the history's rev names, with `--history`.
    let history: String?

    /// Takes the snapshot now.
    public init(options: SiteBuilder.Options) {
        var walker = InputWalker(previous: InputStatCache(), observing: true, hashing: false)
        var ignored = Fingerprint()
        var sources: [String] = []
        var gitHead: String?
        var history: String?
        for source in InputSource.list(for: options) {
            switch source {
            case .sitegen, .option:
                continue
            case .gitHead(let docs):
                gitHead = GitHead.commit(near: docs)
            case .history(let library, let rev):
                history = try? HistoryLoader.resolve(libraryPath: library, rev: rev)
            case .defaultTheme(let path), .sharedDocs(_, let path), .libraryFile(_, let path):
                sources.append(path)
                walker.add(path, to: &ignored)
            case .themeOverride(let path), .sideFile(_, let path), .registryData(let path):
                guard let path else { continue }
                sources.append(path)
                walker.add(path, to: &ignored)
            case .imageFolder(_, let path):
                sources.append(path)
                var content = Fingerprint()
                walker.addImageFolder(path, content: &content, files: &ignored)
            }
        }
        files = walker.observed
        self.sources = sources
        self.gitHead = gitHead
        self.history = history
    }

    /// Paths added, removed or changed since `earlier`, sorted.
    public func changes(since earlier: InputSnapshot) -> [String] {
        var changed = files.filter { earlier.files[$0.key] != $0.value }.map(\.key)
        changed += earlier.files.keys.filter { files[$0] == nil }
        // A source that came or went with no file (an empty folder) is a change of its own.
        for source in Set(sources).symmetricDifference(earlier.sources)
        where !changed.contains(where: { $0 == source || $0.hasPrefix(source + "/") }) {
            changed.append(source)
        }
        if gitHead != earlier.gitHead { changed.append("Git HEAD") }
        if history != earlier.history { changed.append("history") }
        return changed.sorted()
    }
}
