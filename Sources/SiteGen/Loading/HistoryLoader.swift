import Foundation
import Synchronization

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
    /// for a shallow clone), the cache to keep, and the files whose history differs from the
    /// cache's (nil when everything was read: there was no usable cache). Throws when git is missing, the folder is
    /// in no repository, `rev` names no commit, or an object cannot be read.
    /// `resolved`: the repository as this build's change scan found it (`rev` resolved a
    /// moment ago), so that git is not asked again.
    /// `wanted`: the files whose history the caller shows (nil: all of them). A file outside
    /// it is folded only when it is deleted at the tip (a retired image); the others are only
    /// named in the cache as skipped. A load continues a cache only when that gives what a
    /// whole read would: a cache that skipped a file now wanted or deleted, or folded one now
    /// neither, is read again whole. (A library file with no image folder has no page, and
    /// such files are half of the official images' versions.)
    static func load(libraryPath: String, rev: String, cache: HistoryCache?, wanted: Set<String>? = nil,
                     resolved: HistoryReader.Repository? = nil) throws(DiagnosticError) -> Loaded {
        try load(libraryPath: libraryPath, rev: rev, cache: cache, wanted: wanted, git: Git.locate(), resolved: resolved)
    }

    /// Where the library folder sits and the commit `rev` names (one `git rev-parse`).
    static func repository(libraryPath: String, rev: String) throws(DiagnosticError) -> HistoryReader.Repository {
        try HistoryReader(git: Git.locate(), folder: libraryPath).repository(rev: rev)
    }

    /// The commit id `rev` resolves to in the repository holding `libraryPath` (one
    /// `git rev-parse`): the change record's fingerprint of history.
    static func resolve(libraryPath: String, rev: String) throws(DiagnosticError) -> String {
        try HistoryReader(git: Git.locate(), folder: libraryPath).repository(rev: rev).tip
    }

    static func load(libraryPath: String, rev: String, cache: HistoryCache?, wanted: Set<String>? = nil,
                     git: Git, resolved: HistoryReader.Repository? = nil) throws(DiagnosticError) -> Loaded {
        let reader = HistoryReader(git: git, folder: libraryPath)
        let repository: HistoryReader.Repository
        if let resolved { repository = resolved } else { repository = try reader.repository(rev: rev) }
        var usable = cache.flatMap { cache in
            cache.prefix == repository.prefix && cache.isShallow == repository.isShallow
                && (wanted.map { $0.isDisjoint(with: cache.skipped) } ?? cache.skipped.isEmpty) ? cache : nil
        }
        // The commits after the cache's tip, unless one of them deletes a file the cache
        // skipped: that file is now a retired image, whose history the cache lacks.
        var continued: [HistoryReader.ChainCommit]?
        var deletions: [String: Bool] = [:]
        if let cache = usable, cache.tip.id != repository.tip, try reader.isOnFirstParentChain(cache.tip.id, of: repository.tip) {
            let chain = try reader.chain(tip: repository.tip, since: cache.tip.id)
            deletions = Self.deletions(in: chain)
            if !cache.skipped.contains(where: { deletions[$0] == true }) { continued = chain }
        }
        // A cache must hold what a whole read would: a file it folded that is neither wanted
        // nor deleted at the tip (its image folder was removed, or a retired file came back)
        // would keep its history and warnings, which a whole read leaves out.
        if let cache = usable, Self.holdsUnwantedFile(cache, deletions: deletions, wanted: wanted) {
            usable = nil
            continued = nil
        }
        let next: HistoryCache
        var folded: [String: HistoryBuilder] = [:]
        var changed: Set<String>?
        var retiredTagsChanged = true
        if let usable, usable.tip.id == repository.tip {
            next = usable
            changed = []
            retiredTagsChanged = false
        } else if let usable, let chain = continued {
            (next, folded) = try update(usable, with: chain, tip: tip(of: repository, chain: chain, reader: reader),
                                        wanted: wanted, reader: reader)
            changed = Set(folded.keys)
            retiredTagsChanged = folded.keys.contains { name in
                let before = usable.summaries[name].flatMap(HistoryStore.retiredPart(of:))
                let after = next.summaries[name].flatMap(HistoryStore.retiredPart(of:))
                return before == nil || after == nil || !(before ?? []).elementsEqual(after ?? [])
            }
        } else {
            let chain = try reader.chain(tip: repository.tip)
            let empty = HistoryCache(prefix: repository.prefix, tip: try tip(of: repository, chain: chain, reader: reader),
                                     isShallow: repository.isShallow, commits: [], warnings: [], images: [:], summaries: [:],
                                     latest: [])
            (next, folded) = try update(empty, with: chain, tip: empty.tip, wanted: wanted, reader: reader)
        }
        let history = model(of: next, folded: folded)
        var warnings = next.warnings
        if let boundary = history.shallowBoundary {
            warnings.append(.warning("history.shallow",
                                     "the repository of \(libraryPath) is a shallow clone: its history starts at \(Self.day(boundary.time)) (commit \(boundary.id.prefix(12))), so tags listed then show as first seen before that date",
                                     hint: "fetch the whole history (`git -C \(libraryPath) fetch --unshallow`) for complete dates"))
        }
        return Loaded(history: history, warnings: warnings, cache: next, changed: changed, retiredTagsChanged: retiredTagsChanged)
    }

    /// What ``load(libraryPath:rev:cache:wanted:resolved:)`` gives.
    struct Loaded {
        let history: History
        let warnings: [Diagnostic]
        let cache: HistoryCache
        /// The files whose history differs from the cache's; nil when there was no cache to go on.
        let changed: Set<String>?
        /// Whether some file's retired tags differ from the cache's (true without a cache).
        let retiredTagsChanged: Bool
    }

    /// Per file `chain` changes, whether its last change deletes it.
    private static func deletions(in chain: [HistoryReader.ChainCommit]) -> [String: Bool] {
        var deletions: [String: Bool] = [:]
        for entry in chain {
            for change in entry.changes { deletions[change.name] = change.blob == nil }
        }
        return deletions
    }

    /// Whether `cache`, continued with a chain that left the files `deletions` names deleted
    /// or not, holds the history of a file outside `wanted` that is not deleted at the end.
    private static func holdsUnwantedFile(_ cache: HistoryCache, deletions: [String: Bool], wanted: Set<String>?) -> Bool {
        guard let wanted else { return false }
        return cache.images.keys.contains { name in
            !wanted.contains(name) && !(deletions[name] ?? isDeletedAtTip(name, in: cache))
        }
    }

    /// Whether the file `name` of `cache` is deleted at its tip: read from the start of its
    /// summary (``HistoryBuilder/encodedSummary()``), or from its builder when it has none (a
    /// file that never gave a tag).
    private static func isDeletedAtTip(_ name: String, in cache: HistoryCache) -> Bool {
        if let summary = cache.summaries[name], !summary.isEmpty {
            var reader = ByteReader(summary)
            _ = reader.count()
            return (reader.count() ?? 0) != 0
        }
        guard let bytes = cache.images[name] else { return false }
        return HistoryBuilder(name: name, decoding: bytes, commitCount: cache.commits.count)?.deleted != nil
    }

    /// The tip as a commit with its date: the chain's newest when it is the tip, else asked of git.
    private static func tip(of repository: HistoryReader.Repository, chain: [HistoryReader.ChainCommit],
                            reader: HistoryReader) throws(DiagnosticError) -> HistoryCommit {
        if let last = chain.last, last.commit.id == repository.tip { return last.commit }
        return try reader.commit(repository.tip)
    }

    /// `cache` with `chain` (the commits after its tip, oldest first) folded in: only the
    /// files the chain touches are decoded, re-folded and re-encoded, and of those only the
    /// ones `wanted` names or the chain leaves deleted (the others join the skipped; the
    /// caller has made sure the cache holds none of them). Returns the builders it folded,
    /// which the model needs not decode again.
    ///
    /// git prints the versions file by file while the files already printed are folded, each
    /// on a core of its own.
    private static func update(_ cache: HistoryCache, with chain: [HistoryReader.ChainCommit], tip: HistoryCommit,
                               wanted: Set<String>?, reader: HistoryReader) throws(DiagnosticError) -> (HistoryCache, [String: HistoryBuilder]) {
        let base = cache.commits.count
        let commits = cache.commits + chain.map(\.commit)
        var changes: [String: [(commit: Int, blob: String?)]] = [:]
        for (offset, entry) in chain.enumerated() {
            for change in entry.changes where ImageName.isValid(change.name) {
                changes[change.name, default: []].append((base + offset, change.blob))
            }
        }
        var skipped = cache.skipped
        for (name, fileChanges) in changes {
            let isDeleted = fileChanges.last.map { $0.blob == nil } ?? false
            guard wanted.map({ !$0.contains(name) }) ?? false, !isDeleted else { continue }
            skipped.insert(name)
            changes[name] = nil
        }
        // The longest histories first, so that no core is left with one at the end.
        let fileChanges = changes
        let names = fileChanges.keys.sorted { (fileChanges[$0]?.count ?? 0, $1) > (fileChanges[$1]?.count ?? 0, $0) }
        let versions = names.map { name in
            var seen: Set<String> = []
            return (fileChanges[name] ?? []).compactMap { $0.blob }.filter { seen.insert($0).inserted }
        }
        let mailbox = VersionMailbox(count: names.count)
        let (streamFailure, results) = ParallelMap.both({ () -> DiagnosticError? in
            defer { mailbox.close() }
            return streamVersions(versions, reader: reader, into: mailbox)
        }, {
            ParallelMap.map(Array(names.indices), jobs: ProcessInfo.processInfo.activeProcessorCount) { index -> FoldedFile? in
                let name = names[index]
                guard let blobs = mailbox.take(index) else { return nil }
                var builder = cache.images[name].flatMap { HistoryBuilder(name: name, decoding: $0, commitCount: base) }
                    ?? HistoryBuilder(name: name)
                let warnings = fold(&builder, changes: fileChanges[name] ?? [], blobs: blobs, commits: commits, prefix: cache.prefix)
                // The two encodings of a large history (python's) side by side: after one
                // new commit, this file is all the load has to do.
                let folded = builder
                let (encoded, summary) = ParallelMap.both({ folded.encoded() }, { folded.encodedSummary() })
                return (builder, warnings, encoded, summary)
            }
        })
        if let streamFailure { throw streamFailure }
        var images = cache.images, summaries = cache.summaries
        var folded: [String: HistoryBuilder] = [:]
        var newWarnings: [(commit: Int, name: String, warning: Diagnostic)] = []
        for (name, result) in zip(names, results) {
            guard let (builder, warnings, encoded, summary) = result else { continue }
            images[name] = encoded[...]
            summaries[name] = summary[...]
            folded[name] = builder
            newWarnings += warnings.map { ($0.commit, name, $0.warning) }
        }
        newWarnings.sort { ($0.commit, $0.name) < ($1.commit, $1.name) }
        let next = HistoryCache(prefix: cache.prefix, tip: tip, isShallow: cache.isShallow, commits: commits,
                                warnings: cache.warnings + newWarnings.map(\.warning), images: images, summaries: summaries,
                                latest: latest(cache.latest, folded: folded, since: base, commits: commits), skipped: skipped)
        return (next, folded)
    }

    /// The newest landings once the builders `folded` have folded the commits from `base` on:
    /// those of `old` (the cache's) and the new landings of `folded`, by ``History/newerFirst``.
    /// Only the landings kept get their tag names looked up.
    private static func latest(_ old: [HistoryCache.LatestLanding], folded: [String: HistoryBuilder], since base: Int,
                               commits: [HistoryCommit]) -> [HistoryCache.LatestLanding] {
        enum Candidate {
            case kept(HistoryCache.LatestLanding)
            case new(image: String, index: Int)
        }
        var candidates = old.map { (image: $0.image, commit: $0.commit, candidate: Candidate.kept($0)) }
        for (name, builder) in folded {
            for index in builder.landings.indices.reversed() {
                guard builder.landings[index].commit >= base else { break }
                candidates.append((name, builder.landings[index].commit, .new(image: name, index: index)))
            }
        }
        // ``History/newerFirst(_:_:)``'s order, on the commits alone.
        candidates.sort { a, b in
            let x = commits[a.commit], y = commits[b.commit]
            return History.newerFirst(image: a.image, a: x, image: b.image, b: y)
        }
        return candidates.prefix(History.latestLandingLimit).compactMap { item in
            switch item.candidate {
            case .kept(let landing): return landing
            case .new(let image, let index):
                guard let builder = folded[image] else { return nil }
                let landing = builder.landings[index]
                return HistoryCache.LatestLanding(image: image, commit: landing.commit, added: landing.added.map { builder.tags[$0].name },
                                                  updated: landing.updated.map { builder.tags[$0].name },
                                                  retired: landing.retired.map { builder.tags[$0].name },
                                                  architecturesAdded: landing.architecturesAdded,
                                                  architecturesRemoved: landing.architecturesRemoved)
            }
        }
    }

    private typealias FoldedFile = (builder: HistoryBuilder, warnings: [(commit: Int, warning: Diagnostic)], encoded: [UInt8],
                                    summary: [UInt8])

    /// Reads the versions `versions` (per file, its distinct blob ids) from git in that order, and posts
    /// each file's as soon as the last of them has come. Nil, or what went wrong.
    private static func streamVersions(_ versions: [[String]], reader: HistoryReader, into mailbox: VersionMailbox) -> DiagnosticError? {
        var file = 0
        var current: [String: [UInt8]] = [:]
        func postCompleted() {
            while file < versions.count && current.count == versions[file].count {
                mailbox.post(file, current)
                current = [:]
                file += 1
            }
        }
        let ids = versions.flatMap { $0 }
        postCompleted()
        do throws(DiagnosticError) {
            try reader.streamBlobs(ids) { index, bytes in
                current[ids[index]] = Array(bytes)
                postCompleted()
            }
        } catch {
            return error
        }
        return nil
    }

    /// Folds one file's changes into `builder`, oldest first; a version that does not parse
    /// leaves the builder as it was and gives a warning.
    private static func fold(_ builder: inout HistoryBuilder, changes: [(commit: Int, blob: String?)],
                             blobs: [String: [UInt8]], commits: [HistoryCommit],
                             prefix: String) -> [(commit: Int, warning: Diagnostic)] {
        var warnings: [(commit: Int, warning: Diagnostic)] = []
        let path = prefix + builder.name
        for (commit, blob) in changes {
            guard let blob else {
                builder.delete(at: commit)
                continue
            }
            let (version, problem) = parseVersion(blobs[blob]?[...] ?? [], name: builder.name, path: path)
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

    /// The model of `cache`: every image whose file ever gave a tag, each decoded when first
    /// asked for (``HistoryStore``). Builders this load folded are used as they are.
    private static func model(of cache: HistoryCache, folded: [String: HistoryBuilder]) -> History {
        let store = HistoryStore(commits: cache.commits, encoded: cache.images, folded: folded, summaries: cache.summaries)
        return History(tip: cache.tip, shallowBoundary: cache.isShallow ? cache.commits.first : nil,
                       imageNames: store.imageNames, latestLandings: cache.latest.map { ($0.image, $0.landing(commits: cache.commits)) },
                       source: store)
    }

    /// `2024-05-01`, in UTC.
    static func day(_ time: Int64) -> String {
        String(AtomFeed.timestamp(time).prefix(10))
    }

    /// Parses one version in whichever format it is written; nil with the first problem found
    /// when it does not parse.
    static func parseVersion(_ bytes: ArraySlice<UInt8>, name: String, path: String) -> (version: HistoryBuilder.Version?, problem: String?) {
        if let version = bytes.withUnsafeBufferPointer(HistoryVersionScanner.version(of:)) { return (version, nil) }
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
            return (nil, "it is not UTF-8 text")
        }
        let (file, diagnostics) = LibraryFile.parseEitherFormat(text, name: name, path: path)
        guard let file else {
            let first = diagnostics.first { $0.severity == .error }
            return (nil, first.map { problem in problem.line.map { "line \($0): \(problem.message)" } ?? problem.message })
        }
        return (HistoryBuilder.Version(file: file), nil)
    }
}

/// Each file's versions, posted by the thread that reads them from git and taken by the one
/// that folds the file: `take` waits until the file's are in, or the reading has ended
/// without them (nil).
private final class VersionMailbox: Sendable {
    private struct State {
        var versions: [[String: [UInt8]]?]
        var posted: [Bool]
    }

    private let state: Mutex<State>
    private let arrivals: [DispatchSemaphore]

    init(count: Int) {
        state = Mutex(State(versions: Array(repeating: nil, count: count), posted: Array(repeating: false, count: count)))
        arrivals = (0..<count).map { _ in DispatchSemaphore(value: 0) }
    }

    func post(_ file: Int, _ versions: [String: [UInt8]]) {
        state.withLock {
            $0.versions[file] = versions
            $0.posted[file] = true
        }
        arrivals[file].signal()
    }

    /// Wakes every file still waiting: its versions will not come.
    func close() {
        let missing = state.withLock { state in
            let missing = state.posted.indices.filter { !state.posted[$0] }
            for file in missing { state.posted[file] = true }
            return missing
        }
        for file in missing { arrivals[file].signal() }
    }

    func take(_ file: Int) -> [String: [UInt8]]? {
        arrivals[file].wait()
        return state.withLock { state in
            defer { state.versions[file] = nil }
            return state.versions[file]
        }
    }
}

