import Foundation
import Synchronization

/// Reads the history of a library folder from git: the first-parent chain with the library
/// files each commit changed (`git log`), and the files' versions (`git cat-file --batch`).
///
/// It returns git's answers as values and turns git's failures into diagnostics; what the
/// versions mean is ``HistoryBuilder``'s business.
struct HistoryReader: Sendable {
    let git: Git
    /// The library folder, as the user named it.
    let folder: String
    /// How many of the newest chain commits a whole read asks of one `git log`, the older ones
    /// going to a second `git log` on another core. git spends most of a cold load's first
    /// step on the chain's diffs, one core at a time; official-images' chain (about 19,600
    /// commits) splits into halves of about equal cost. For a chain this short or shorter
    /// (`tip~N` names nothing) both fail at once, and one `git log` reads the chain; so it does
    /// after any other failure, whose error it then reports.
    var splitDepth = 10_000

    /// What one `git rev-parse` says about the repository and the rev.
    struct Repository: Sendable, Equatable {
        /// The library folder's path inside the repository, with a trailing `/` (empty at the root).
        let prefix: String
        let isShallow: Bool
        /// The commit id the rev resolves to.
        let tip: String
    }

    /// One first-parent commit that changed files directly in the library folder.
    struct ChainCommit: Sendable {
        let commit: HistoryCommit
        /// In path order; `blob` is nil where the commit deleted the file.
        let changes: [(name: String, blob: String?)]
    }

    /// Resolves `rev` to a commit and learns where the library folder sits and whether the clone
    /// is shallow, in one process.
    func repository(rev: String) throws(DiagnosticError) -> Repository {
        let output = try git.run(["rev-parse", "--show-prefix", "--is-shallow-repository", "--verify", "--end-of-options",
                                  rev + "^{commit}"], in: folder)
        guard output.succeeded else { throw try failure(of: output, rev: rev) }
        let lines = output.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 3 else {
            throw DiagnosticError(.error("history.git-failed", "`git rev-parse` printed an unexpected answer: \(output.text)",
                                         hint: "check that `git` works in \(folder)"))
        }
        return Repository(prefix: lines[0], isShallow: lines[1] == "true", tip: lines[2])
    }

    /// Tells a folder outside any repository from an unknown rev (rev-parse fails the same way for both).
    private func failure(of output: Git.Output, rev: String) throws(DiagnosticError) -> DiagnosticError {
        let inside = try git.run(["rev-parse", "--git-dir"], in: folder)
        if !inside.succeeded {
            return DiagnosticError(.error("history.not-a-repository", file: folder,
                                          "the library folder \(folder) is not inside a git repository, so it has no history",
                                          hint: "point --library at a clone of docker-library/official-images (`git clone https://github.com/docker-library/official-images`), or build without --history"))
        }
        return DiagnosticError(.error("history.unknown-rev", "the history rev `\(rev)` names no commit in the repository of \(folder)",
                                      hint: "give --history-rev a branch, tag or commit of that repository (`git -C \(folder) log --oneline` lists them), or leave it out for HEAD"))
    }

    /// Whether `ancestor` is on the first-parent chain of `tip` (so a history read up to
    /// `ancestor` can be continued with the commits after it).
    func isOnFirstParentChain(_ ancestor: String, of tip: String) throws(DiagnosticError) -> Bool {
        let key = Recent.Key(folder: folder, since: ancestor, tip: tip)
        if let known = Self.recent.ancestry(key) { return known }
        let output = try git.run(["rev-list", "--first-parent", "--parents", "\(ancestor)..\(tip)"], in: folder)
        guard output.succeeded else { return false }
        guard let last = output.text.split(separator: "\n").last else { return false }
        let ids = last.split(separator: " ")
        let answer = ids.count >= 2 && ids[1] == ancestor
        Self.recent.keep(key, ancestry: answer)
        return answer
    }

    /// The answers about the last commits asked for, kept for the rest of the process: a
    /// build's change scan asks which files the new commits touched, and its history step then
    /// asks for the same commits. Commit ids name fixed content, so an answer never goes stale.
    private static let recent = Recent()

    private final class Recent: Sendable {
        struct Key: Hashable, Sendable {
            let folder: String
            let since: String
            let tip: String
        }
        private struct State {
            var ancestry: [Key: Bool] = [:]
            var chains: [Key: [ChainCommit]] = [:]
        }
        private let state = Mutex(State())

        func ancestry(_ key: Key) -> Bool? { state.withLock { $0.ancestry[key] } }
        func chain(_ key: Key) -> [ChainCommit]? { state.withLock { $0.chains[key] } }

        /// (Only the latest answer of each kind is kept: a chain can list thousands of commits.)
        func keep(_ key: Key, ancestry: Bool) { state.withLock { $0.ancestry = [key: ancestry] } }
        func keep(_ key: Key, chain: [ChainCommit]) { state.withLock { $0.chains = [key: chain] } }
    }

    /// The first-parent chain of `tip` (after `since` when given), oldest first: each commit
    /// that changed a file directly in the library folder, dated by its committer date.
    func chain(tip: String, since: String? = nil) throws(DiagnosticError) -> [ChainCommit] {
        // Only a continued chain (a few commits) is kept: a whole one is read once per build.
        let key = since.map { Recent.Key(folder: folder, since: $0, tip: tip) }
        if let key, let known = Self.recent.chain(key) { return known }
        let chain = try readChain(tip: tip, since: since)
        if let key { Self.recent.keep(key, chain: chain) }
        return chain
    }

    private func readChain(tip: String, since: String?) throws(DiagnosticError) -> [ChainCommit] {
        if let since { return try log("\(since)..\(tip)").get() }
        let split = "\(tip)~\(splitDepth)"
        let reader = self
        let (newer, older) = ParallelMap.both({ reader.log("\(split)..\(tip)") }, { reader.log(split) })
        if case .success(let newer) = newer, case .success(let older) = older { return older + newer }
        return try log(tip).get()
    }

    /// The chain commits `range` names that changed the library folder, oldest first.
    private func log(_ range: String) -> Result<[ChainCommit], DiagnosticError> {
        // `--relative` limits the diffs to the library folder (and names its files from there)
        // without a pathspec, which would make git compare every commit with its parents
        // twice: once to walk, once to print. The output is parsed as git prints it.
        var parser = LogParser()
        do throws(DiagnosticError) {
            let (status, errors) = try git.stream(["log", "-z", "--first-parent", "--diff-merges=first-parent", "--raw", "--no-abbrev",
                                                   "--no-renames", "--root", "--relative", "--format=%H %ct %s", range], in: folder) {
                parser.feed($0)
            }
            guard status == 0 else { return .failure(corruption(errors, command: "git log")) }
        } catch {
            return .failure(error)
        }
        return .success(parser.finish().reversed())
    }

    /// Parses `git log -z --raw --relative --format='%H %ct %s'` block by block: a header
    /// token per commit, then per changed file a `:modes ids status` token and a path token
    /// (relative to the library folder). Only files directly in the folder are kept.
    struct LogParser {
        private var commits: [ChainCommit] = []
        private var header: HistoryCommit?
        private var changes: [(name: String, blob: String?)] = []
        private var pendingBlob: String??
        /// The start of a token the last block cut.
        private var partial: [UInt8] = []

        mutating func feed(_ block: UnsafeBufferPointer<UInt8>) {
            var start = 0
            while let end = block[start...].firstIndex(of: 0) {
                if partial.isEmpty {
                    token(block[start..<end])
                } else {
                    partial.append(contentsOf: block[start..<end])
                    let whole = partial
                    partial = []
                    token(whole[...])
                }
                start = end + 1
            }
            partial.append(contentsOf: block[start...])
        }

        /// The commits that changed a file, newest first (git's order).
        mutating func finish() -> [ChainCommit] {
            if !partial.isEmpty {
                let rest = partial
                partial = []
                token(rest[...])
            }
            if let header { commits.append(ChainCommit(commit: header, changes: changes)) }
            header = nil
            return commits.filter { !$0.changes.isEmpty }
        }

        private mutating func token<Bytes: Collection<UInt8>>(_ bytes: Bytes) where Bytes.SubSequence == Bytes {
            var token = bytes
            while token.first == UInt8(ascii: "\n") { token = token.dropFirst() }
            if token.isEmpty { return }
            if let blob = pendingBlob {
                pendingBlob = nil
                if token.contains(UInt8(ascii: "/")) { return }
                changes.append((String(decoding: token, as: UTF8.self), blob))
            } else if token.first == UInt8(ascii: ":") {
                // `:100644 100644 <old> <new> M`: the new id, or none for a deletion.
                let fields = token.split(separator: UInt8(ascii: " "))
                guard fields.count >= 5 else { return }
                let isDeletion = fields[4].first == UInt8(ascii: "D")
                let isFile = fields[1].starts(with: Array("100".utf8))
                pendingBlob = .some(isDeletion || !isFile ? nil : String(decoding: fields[3], as: UTF8.self))
            } else {
                if let header { commits.append(ChainCommit(commit: header, changes: changes)) }
                changes = []
                header = parseHeader(Array(token)[...])
            }
        }
    }

    private static func parseHeader(_ token: ArraySlice<UInt8>) -> HistoryCommit? {
        let parts = token.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let time = Int64(String(decoding: parts[1], as: UTF8.self)) else { return nil }
        return HistoryCommit(id: String(decoding: parts[0], as: UTF8.self), time: time,
                             subject: parts.count > 2 ? String(decoding: parts[2], as: UTF8.self) : "")
    }

    /// The commit `id` with its committer date and subject.
    func commit(_ id: String) throws(DiagnosticError) -> HistoryCommit {
        let output = try git.run(["log", "-1", "--format=%H %ct %s", id, "--"], in: folder)
        guard output.succeeded, let commit = Self.parseHeader(output.text.utf8[...].map { $0 }[...]) else {
            throw corruption(output.standardError, command: "git log")
        }
        return commit
    }

    /// Hands the contents of the blobs `ids` (in that order; an id may come twice) to
    /// `receive` with their place in `ids`, each as soon as git has printed it, so the caller
    /// works on the first while git reads the next. Throws when one is missing or corrupt.
    func streamBlobs(_ ids: [String], _ receive: (Int, UnsafeBufferPointer<UInt8>) -> Void) throws(DiagnosticError) {
        if ids.isEmpty { return }
        let input = Data(ids.joined(separator: "\n").utf8 + [UInt8(ascii: "\n")])
        var splitter = BatchSplitter()
        var failure: DiagnosticError?
        let (status, errors) = try git.stream(["cat-file", "--batch"], in: folder, input: input) { block in
            guard failure == nil else { return }
            failure = splitter.feed(block, receive)
        }
        guard status == 0 else { throw corruption(errors, command: "git cat-file") }
        if let failure { throw failure }
        guard splitter.count == ids.count else { throw Self.corruptObject(ids[min(splitter.count, ids.count - 1)]) }
    }

    /// Splits `git cat-file --batch` as it comes: per object `<id> <type> <size>\n<contents>\n`,
    /// or `<id> missing\n` for an object the repository lacks.
    struct BatchSplitter {
        /// What has come and is not yet handed over: the start of an object.
        private var pending: [UInt8] = []
        /// How many objects were handed over.
        private(set) var count = 0

        /// Hands over each object `block` completes; the error of the first that cannot be read.
        mutating func feed(_ block: UnsafeBufferPointer<UInt8>, _ receive: (Int, UnsafeBufferPointer<UInt8>) -> Void) -> DiagnosticError? {
            pending.append(contentsOf: block)
            var failure: DiagnosticError?
            var consumed = 0
            var handed = count
            pending.withUnsafeBufferPointer { bytes in
                while consumed < bytes.count {
                    guard let newline = bytes[consumed...].firstIndex(of: UInt8(ascii: "\n")) else { return }
                    let fields = bytes[consumed..<newline].split(separator: UInt8(ascii: " "))
                    let id = fields.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
                    guard fields.count == 3, let size = Int(String(decoding: fields[2], as: UTF8.self)) else {
                        failure = HistoryReader.corruptObject(id)
                        return
                    }
                    // The contents and the newline after them.
                    guard newline + 1 + size + 1 <= bytes.count else { return }
                    receive(handed, UnsafeBufferPointer(rebasing: bytes[(newline + 1)..<(newline + 1 + size)]))
                    handed += 1
                    consumed = newline + 1 + size + 1
                }
            }
            count = handed
            pending.removeFirst(consumed)
            return failure
        }
    }

    static func corruptObject(_ id: String) -> DiagnosticError {
        DiagnosticError(.error("history.corrupt-object", "git object \(id) is missing or corrupt, so its history cannot be read",
                               hint: "repair the clone (`git fsck` names the damage; `git fetch` or a fresh clone restores it); the previous site is left as it was"))
    }

    /// A failure of git while reading history: a damaged repository names its object.
    private func corruption(_ message: String, command: String) -> DiagnosticError {
        let words = message.split(whereSeparator: { !$0.isHexDigit })
        if let id = words.first(where: { $0.count == 40 || $0.count == 64 }) {
            return Self.corruptObject(String(id))
        }
        let firstLine = message.split(separator: "\n").first.map(String.init) ?? "no message"
        return DiagnosticError(.error("history.git-failed", "`\(command)` failed in \(folder): \(firstLine)",
                                      hint: "run `git fsck` in that repository; the previous site is left as it was"))
    }
}
