import Foundation

/// Reads the history of a library folder: the entry point of `--history`.
///
/// It runs git (``HistoryReader``), parses each library-file version once in either format,
/// folds them per image (``HistoryBuilder``) and returns the model with what to cache for the
/// next load (``HistoryCache``, whose contract says when a load is incremental).
enum HistoryLoader {
    /// Reads the history of the git repository holding `libraryPath`, along the first-parent
    /// chain of `rev`. `cache`: the previous load's cache (nil: read everything).
    ///
    /// Returns the warnings (one per version that does not parse, naming commit and file; one
    /// for a shallow clone) and the cache to keep. Throws when git is missing, the folder is
    /// in no repository, `rev` names no commit, or an object cannot be read.
    static func load(libraryPath: String, rev: String,
                     cache: HistoryCache?) throws(DiagnosticError) -> (history: History, warnings: [Diagnostic], cache: HistoryCache) {
        try load(libraryPath: libraryPath, rev: rev, cache: cache, git: Git.locate())
    }

    /// The commit id `rev` resolves to in the repository holding `libraryPath` (one
    /// `git rev-parse`): the change record's fingerprint of history.
    static func resolve(libraryPath: String, rev: String) throws(DiagnosticError) -> String {
        try HistoryReader(git: Git.locate(), folder: libraryPath).repository(rev: rev).tip
    }

    static func load(libraryPath: String, rev: String, cache: HistoryCache?,
                     git: Git) throws(DiagnosticError) -> (history: History, warnings: [Diagnostic], cache: HistoryCache) {
        let reader = HistoryReader(git: git, folder: libraryPath)
        let repository = try reader.repository(rev: rev)
        let usable = cache.flatMap { $0.prefix == repository.prefix && $0.isShallow == repository.isShallow ? $0 : nil }
        let next: HistoryCache
        var folded: [String: HistoryBuilder] = [:]
        if let usable, usable.tip.id == repository.tip {
            next = usable
        } else if let usable, try reader.isOnFirstParentChain(usable.tip.id, of: repository.tip) {
            let chain = try reader.chain(prefix: repository.prefix, tip: repository.tip, since: usable.tip.id)
            (next, folded) = try update(usable, with: chain, tip: tip(of: repository, chain: chain, reader: reader), reader: reader)
        } else {
            let chain = try reader.chain(prefix: repository.prefix, tip: repository.tip)
            let empty = HistoryCache(prefix: repository.prefix, tip: try tip(of: repository, chain: chain, reader: reader),
                                     isShallow: repository.isShallow, commits: [], warnings: [], images: [:])
            (next, folded) = try update(empty, with: chain, tip: empty.tip, reader: reader)
        }
        let history = model(of: next, folded: folded)
        var warnings = next.warnings
        if let boundary = history.shallowBoundary {
            warnings.append(.warning("history.shallow",
                                     "the repository of \(libraryPath) is a shallow clone: its history starts at \(Self.day(boundary.time)) (commit \(boundary.id.prefix(12))), so tags listed then show as first seen before that date",
                                     hint: "fetch the whole history (`git -C \(libraryPath) fetch --unshallow`) for complete dates"))
        }
        return (history, warnings, next)
    }

    /// The tip as a commit with its date: the chain's newest when it is the tip, else asked of git.
    private static func tip(of repository: HistoryReader.Repository, chain: [HistoryReader.ChainCommit],
                            reader: HistoryReader) throws(DiagnosticError) -> HistoryCommit {
        if let last = chain.last, last.commit.id == repository.tip { return last.commit }
        return try reader.commit(repository.tip)
    }

    /// `cache` with `chain` (the commits after its tip, oldest first) folded in: only the
    /// files the chain touches are decoded, re-folded and re-encoded. Returns the builders it
    /// folded, which the model needs not decode again.
    private static func update(_ cache: HistoryCache, with chain: [HistoryReader.ChainCommit], tip: HistoryCommit,
                               reader: HistoryReader) throws(DiagnosticError) -> (HistoryCache, [String: HistoryBuilder]) {
        let base = cache.commits.count
        let commits = cache.commits + chain.map(\.commit)
        var changes: [String: [(commit: Int, blob: String?)]] = [:]
        var blobIds: [String] = []
        var seen: Set<String> = []
        for (offset, entry) in chain.enumerated() {
            for change in entry.changes where ImageName.isValid(change.name) {
                changes[change.name, default: []].append((base + offset, change.blob))
                if let blob = change.blob, seen.insert(blob).inserted { blobIds.append(blob) }
            }
        }
        let blobs = try reader.blobs(blobIds)
        if let missing = blobIds.first(where: { blobs[$0] == nil }) { throw HistoryReader.corruptObject(missing) }
        // The longest histories first, so that no core is left with one at the end.
        let fileChanges = changes
        let names = fileChanges.keys.sorted { (fileChanges[$0]?.count ?? 0, $1) > (fileChanges[$1]?.count ?? 0, $0) }
        let results = ParallelMap.map(names, jobs: ProcessInfo.processInfo.activeProcessorCount) { name in
            var builder = cache.images[name].flatMap { HistoryBuilder(name: name, decoding: $0, commitCount: base) }
                ?? HistoryBuilder(name: name)
            let warnings = fold(&builder, changes: fileChanges[name] ?? [], blobs: blobs, commits: commits, prefix: cache.prefix)
            return (builder, warnings, builder.encoded())
        }
        var images = cache.images
        var folded: [String: HistoryBuilder] = [:]
        var newWarnings: [(commit: Int, name: String, warning: Diagnostic)] = []
        for (name, (builder, warnings, encoded)) in zip(names, results) {
            images[name] = encoded
            folded[name] = builder
            newWarnings += warnings.map { ($0.commit, name, $0.warning) }
        }
        newWarnings.sort { ($0.commit, $0.name) < ($1.commit, $1.name) }
        let next = HistoryCache(prefix: cache.prefix, tip: tip, isShallow: cache.isShallow, commits: commits,
                                warnings: cache.warnings + newWarnings.map(\.warning), images: images)
        return (next, folded)
    }

    /// Folds one file's changes into `builder`, oldest first; a version that does not parse
    /// leaves the builder as it was and gives a warning.
    private static func fold(_ builder: inout HistoryBuilder, changes: [(commit: Int, blob: String?)],
                             blobs: [String: ArraySlice<UInt8>], commits: [HistoryCommit],
                             prefix: String) -> [(commit: Int, warning: Diagnostic)] {
        var warnings: [(commit: Int, warning: Diagnostic)] = []
        let path = prefix + builder.name
        for (commit, blob) in changes {
            guard let blob else {
                builder.delete(at: commit)
                continue
            }
            let (version, problem) = parseVersion(blobs[blob] ?? [], name: builder.name, path: path)
            if let version {
                builder.apply(version, at: commit)
            } else {
                builder.skip(at: commit)
                let id = commits[commit].id
                warnings.append((commit, .warning("history.unparsable-version",
                                                  "\(path) as of commit \(id) does not parse (\(problem ?? "unknown problem")); its history skips this version",
                                                  hint: "nothing to fix at the tip: history compares the next version that parses with the last one that did (`git show \(id.prefix(12)):\(path)` prints this one)")))
            }
        }
        return warnings
    }

    /// The model of `cache`: every image whose file ever gave a tag. Builders already folded
    /// are used as they are; the others are decoded from the cache.
    private static func model(of cache: HistoryCache, folded: [String: HistoryBuilder]) -> History {
        let names = cache.images.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let histories = ParallelMap.map(names, jobs: ProcessInfo.processInfo.activeProcessorCount) { name -> ImageHistory? in
            let builder = folded[name] ?? cache.images[name].flatMap {
                HistoryBuilder(name: name, decoding: $0, commitCount: cache.commits.count)
            }
            guard let builder, builder.hasTags else { return nil }
            return builder.history(commits: cache.commits)
        }
        var images: [String: ImageHistory] = [:]
        for history in histories {
            if let history { images[history.name] = history }
        }
        return History(tip: cache.tip, shallowBoundary: cache.isShallow ? cache.commits.first : nil, images: images)
    }

    /// `2024-05-01`, in UTC.
    static func day(_ time: Int64) -> String {
        // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
        let days = Int(time >= 0 ? time / 86_400 : (time - 86_399) / 86_400) + 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Parses one version in whichever format it is written; nil with the first problem found
    /// when it does not parse.
    static func parseVersion(_ bytes: ArraySlice<UInt8>, name: String, path: String) -> (version: HistoryBuilder.Version?, problem: String?) {
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
            return (nil, "it is not UTF-8 text")
        }
        let (file, diagnostics) = LegacyLibraryFile.looksLegacy(text)
            ? LegacyLibraryFile.parse(text, name: name, path: path)
            : LibraryFile.parse(text, name: name, path: path)
        guard let file else {
            let first = diagnostics.first { $0.severity == .error }
            return (nil, first.map { problem in problem.line.map { "line \($0): \(problem.message)" } ?? problem.message })
        }
        return (HistoryBuilder.Version(file: file), nil)
    }
}
