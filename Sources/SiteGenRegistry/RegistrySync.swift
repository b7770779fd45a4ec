import Foundation
import SiteGen

/// `sitegen registry sync`: brings the registry data file up to date with what a registry
/// holds for the tags of a library.
///
/// 1. `GET /v2/`: the registry answers, and takes the credentials (else nothing is written).
/// 2. Per image, the registry's tag list (a repository it does not know is reported and left
///    out, and so are library tags it does not list).
/// 3. Per library tag, a manifest `HEAD`: the digest. Only a digest the data file has no record
///    of is fetched (index, each platform's manifest and configuration); tags naming one digest
///    share its record.
///
/// The file is written atomically: every ``Options/checkpointInterval`` while digests come in,
/// when the sync stops on an error or is interrupted (a sync that is killed or rate-limited
/// resumes from what it kept), and at the end, when records no tag names any more are dropped. A sync that changes
/// nothing leaves the file untouched; a registry that cannot be reached leaves it as it was, and
/// so does a file of another registry or namespace, which stops the sync before any request
/// unless ``Options/afresh`` says to replace it.
public enum RegistrySync {
    public struct Options: Sendable {
        public var registry: String
        /// Read as ``RegistryNamespace`` reads it: slashes at either end dropped, then checked
        /// (an invalid one stops the sync before any request); empty for none.
        public var namespace: String
        public var dataPath: String
        public var concurrency: Int
        public var insecure: Bool
        public var credentials: RegistryCredentials?
        /// A PEM file of CA certificates to trust besides the system's (`SSL_CERT_FILE`).
        public var certificateFile: String?
        public var retry: RegistryClient.RetryPolicy
        public var checkpointInterval: Duration
        /// The time recorded as `firstSeen` of the digests this sync fetches.
        public var now: Date
        /// Whether the images given are the whole library, so that images the data file has
        /// and the library no longer lists are dropped (false with `--images`).
        public var wholeLibrary: Bool
        /// Whether a data file of another registry or namespace is replaced (`--afresh`);
        /// without it, such a file stops the sync before any request and is left as it was.
        public var afresh: Bool
        /// What to tell of the first request the registry leaves unanswered for a while, and of
        /// long waits before a retry (the command prints a line, so that a silent registry or a
        /// rate-limited sync does not look like a hung job).
        public var silenceNotice: RegistryClient.SilenceNotice?
        /// How the hints about the data file's path name the setting that gave it (`--data`,
        /// or the settings file's key).
        public var dataSetting = "--data"

        public init(registry: String, namespace: String, dataPath: String, concurrency: Int = 8, insecure: Bool = false,
                    credentials: RegistryCredentials? = nil, retry: RegistryClient.RetryPolicy = .init(),
                    checkpointInterval: Duration = .seconds(2), now: Date = Date(), wholeLibrary: Bool = true,
                    certificateFile: String? = nil, afresh: Bool = false) {
            self.registry = registry
            self.namespace = namespace
            self.dataPath = dataPath
            self.concurrency = max(1, concurrency)
            self.insecure = insecure
            self.credentials = credentials
            self.retry = retry
            self.checkpointInterval = checkpointInterval
            self.now = now
            self.wholeLibrary = wholeLibrary
            self.certificateFile = certificateFile
            self.afresh = afresh
        }
    }

    /// One image of the library and its tags (`Tags` and `SharedTags`), in file order.
    public struct ImageTags: Sendable {
        public let name: String
        public let tags: [String]

        public init(name: String, tags: [String]) {
            self.name = name
            self.tags = tags
        }
    }

    /// Where a sync stands, for a progress line.
    public struct Progress: Sendable {
        public let tagsDone: Int
        public let tags: Int
        public let newDigests: Int
        /// Requests sent (of which `retries` tried again) and body bytes received so far, and
        /// the time since the sync began.
        public var requests = 0
        public var retries = 0
        public var bytes = 0
        public var elapsed: Duration = .zero
    }

    /// What the registry answered for an image's tag list.
    enum Listing: Sendable, Equatable {
        case tags([String])
        /// 404: the registry has no such repository. Its records are dropped.
        case missing
        /// 401 or 403 with a token the service gave: not visible to these credentials (Docker
        /// Hub answers so for a repository that does not exist, too). Its records are kept.
        case refused

        var tags: [String]? {
            if case .tags(let tags) = self { return tags }
            return nil
        }
    }

    /// Syncs `images` (each with the tags to resolve) into the data file. Throws, after saving
    /// what was fetched, when the registry cannot be used (unreachable, refusing the
    /// credentials, rate-limiting past the retries); the message says how far it got. A
    /// cancelled task (SIGINT, SIGTERM or SIGHUP, in the command) stops it too: no request is sent
    /// after, what was fetched is saved, and the error (``interruptedIdentifier``) says so.
    /// Another sync of the same data file running (``SyncLock``) is `registry.busy`, before
    /// any request.
    public static func run(_ images: [ImageTags], options: Options,
                           progress: (@Sendable (Progress) -> Void)? = nil) async throws(DiagnosticError) -> Summary {
        let start = ContinuousClock.now
        // No image is no library: a sync of nothing would drop every record of the file.
        guard !images.isEmpty else {
            throw DiagnosticError(.error("registry.no-images", "there is no image to sync",
                                         hint: "give --library the folder of library files, or name images with --images"))
        }
        let registry = try RegistryAddress(options.registry).text
        let namespace = try RegistryNamespace(options.namespace).text
        // The file itself, where a link at the path leads: the one read, locked and replaced.
        let path = try target(of: options.dataPath, setting: options.dataSetting)
        try checkDestination(path, given: options.dataPath, setting: options.dataSetting)
        let lock = try SyncLock.take(path, setting: options.dataSetting)
        defer { lock.release() }
        removeAbandoned(beside: path)
        let existing = try readExisting(path)
        var keeps = true
        if let existing {
            keeps = try keepsRecords(of: existing.data, path: options.dataPath, registry: registry, namespace: namespace,
                                     afresh: options.afresh, setting: options.dataSetting)
        }
        let startData = existing.flatMap { keeps ? $0.data : nil } ?? RegistryData(registry: registry, namespace: namespace)
        let client = try RegistryClient(registry: registry, credentials: options.credentials, insecure: options.insecure,
                                        retry: options.retry, connections: options.concurrency, certificateFile: options.certificateFile,
                                        silenceNotice: options.silenceNotice)
        let tags = images.reduce(0) { $0 + $1.tags.count }
        // Made before the first request, stopped on every way out of here (on success before
        // the summary's time is taken).
        let reporter = progress.map { ProgressReporter(tags: tags, client: client, start: start, progress: $0) }
        defer { reporter?.stop() }
        var reporting: (@Sendable (Progress) -> Void)?
        if let reporter { reporting = { @Sendable step in reporter.step(step) } }
        let state = SyncState(data: startData, path: path, existingBytes: existing?.bytes,
                              interval: options.checkpointInterval, firstSeen: Self.timestamp(options.now),
                              tags: tags, progress: reporting)
        do {
            try await client.ping()
            let listed = try await listTags(images, namespace: namespace, client: client, concurrency: options.concurrency)
            // Every repository refused is the credentials (or their absence), not the repositories.
            if listed.values.allSatisfy({ $0 == .refused }) {
                throw RegistryError.denied(address: "\(registry)/v2/", status: 403,
                                           detail: "every repository asked for was refused", hasCredentials: options.credentials != nil)
            }
            // No repository found at all is the address or the namespace, not the repositories:
            // dropping the records of each, as of a repository gone from the registry, would
            // empty the file.
            if !listed.values.contains(where: { $0.tags != nil }) {
                throw RegistryError.noRepository(registry: registry, namespace: namespace)
            }
            try await resolveTags(images, listed: listed, namespace: namespace, client: client, state: state,
                                  concurrency: options.concurrency)
            // Stopped between requests: the tags not resolved are not gone from the registry.
            if Task.isCancelled { throw RegistryError.interrupted }
            let wrote = try await state.finish(images: images, listed: listed, pruneOthers: options.wholeLibrary)
            await client.shutdown()
            reporter?.stop()
            return await state.summary(images: images, listed: listed, counts: client.counts, elapsed: ContinuousClock.now - start,
                                       wrote: wrote, afresh: !keeps)
        } catch where Task.isCancelled {
            // Whatever a request threw once the sync was told to stop, it stopped for that.
            throw await interrupted(state: state, client: client, path: options.dataPath, elapsed: ContinuousClock.now - start,
                                    afresh: !keeps)
        } catch let error as RegistryError {
            _ = try? await state.checkpoint(force: false)
            let counts = client.counts
            await client.shutdown()
            let (done, total, fetched, written, saved) = await state.position
            let kept = !written ? (existing == nil ? "; nothing was written" : "; \(options.dataPath) was not changed")
                : (saved ? "; \(digestsKept(fetched)) in \(options.dataPath)" : "") + (keeps ? "" : Self.replaced)
            throw DiagnosticError(.error("registry.sync", "\(error) (stopped after \(done) of \(Counted.text(total, "tag")), "
                                            + "\(Self.spent(counts, elapsed: ContinuousClock.now - start))\(kept))",
                                         hint: error.hint))
        } catch let error as DiagnosticError {
            await client.shutdown()
            throw error
        } catch {
            await client.shutdown()
            throw DiagnosticError(.error("registry.sync", "the sync stopped: \(error)", hint: "run it again to resume"))
        }
    }

    /// The end of a sync told to stop: what it fetched is saved, as a checkpoint saves it, and
    /// the error says how far it got (``interruptedIdentifier``).
    /// `afresh`: the file held another registry's or namespace's records, which a save replaces.
    private static func interrupted(state: SyncState, client: RegistryClient, path: String, elapsed: Duration,
                                    afresh: Bool) async -> DiagnosticError {
        var saved = true
        do {
            try await state.checkpoint(force: false)
        } catch {
            saved = false
        }
        let counts = client.counts
        await client.shutdown()
        let (done, total, fetched, written, _) = await state.position
        let kept = fetched == 0 ? "no digest was fetched"
            : saved ? "\(digestsKept(fetched)) in \(path)" : "the \(Counted.text(fetched, "digest")) fetched could not be saved to \(path)"
        return DiagnosticError(.error(interruptedIdentifier, "interrupted after \(done) of \(Counted.text(total, "tag")) (\(spent(counts, elapsed: elapsed))); "
                                      + "\(kept)\(afresh && written ? replaced : ""); run it again to resume"))
    }

    /// What a sync that stopped spent, as its summary line says it: "41 requests, 12 kB, 3.2 s".
    private static func spent(_ counts: RegistryClient.Counts, elapsed: Duration) -> String {
        "\(Counted.text(counts.requests, "request")), \(ByteSize.text(counts.bytes)), \(Summary.seconds(elapsed))"
    }

    /// The identifier of the error ``run(_:options:progress:)`` throws when its task is
    /// cancelled (the CLI cancels it on SIGINT, SIGTERM and SIGHUP).
    public static let interruptedIdentifier = "registry.interrupted"

    /// Said of a save by a sync with `--afresh` over another registry's or namespace's file.
    static let replaced = "; as --afresh asked, the file's records of another registry or namespace were replaced"

    /// "the 3 digests fetched are kept", "the 1 digest fetched is kept".
    private static func digestsKept(_ fetched: Int) -> String {
        "the \(Counted.text(fetched, "digest")) fetched \(fetched == 1 ? "is" : "are") kept"
    }

    /// `date` as the file writes dates: ISO 8601 UTC to the second.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .current))
    }

    /// The repository `image` is in, as the sync asks for it (`library/python`).
    public static func repositoryName(_ options: Options, _ image: String) -> String {
        repository((try? RegistryNamespace(options.namespace).text) ?? options.namespace, image)
    }

    static func repository(_ namespace: String, _ image: String) -> String {
        namespace.isEmpty ? image : "\(namespace)/\(image)"
    }

    /// `body` for each of `items`, at most `limit` at a time (the sync's `--concurrency`); the
    /// results in the order they finish. The first error cancels the rest and is thrown.
    private static func bounded<Item: Sendable, Output: Sendable>(
        _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async throws -> Output
    ) async throws -> [Output] {
        try await withThrowingTaskGroup(of: Output.self) { group in
            var outputs: [Output] = []
            var next = items.makeIterator()
            var running = 0
            func addNext() {
                // A sync told to stop starts no new request.
                guard !Task.isCancelled, let item = next.next() else { return }
                running += 1
                group.addTask { try await body(item) }
            }
            for _ in 0..<max(1, limit) { addNext() }
            while running > 0, let output = try await group.next() {
                running -= 1
                outputs.append(output)
                addNext()
            }
            return outputs
        }
    }

    /// Each image's tag list, or why there is none.
    private static func listTags(_ images: [ImageTags], namespace: String, client: RegistryClient,
                                 concurrency: Int) async throws -> [String: Listing] {
        let listed = try await bounded(images, limit: concurrency) { image -> (String, Listing) in
            do {
                let tags = try await client.tags(of: repository(namespace, image.name))
                return (image.name, tags.map { .tags($0) } ?? .missing)
            } catch RegistryError.denied {
                return (image.name, .refused)
            }
        }
        return Dictionary(listed, uniquingKeysWith: { first, _ in first })
    }

    /// Resolves every listed tag and fetches the digests the state has no record of.
    private static func resolveTags(_ images: [ImageTags], listed: [String: Listing], namespace: String,
                                    client: RegistryClient, state: SyncState, concurrency: Int) async throws {
        var jobs: [(image: String, tag: String)] = []
        for image in images {
            guard let tags = listed[image.name]?.tags else {
                await state.skip(image.tags.count)
                continue
            }
            let known = Set(tags)
            for tag in image.tags {
                if known.contains(tag) { jobs.append((image.name, tag)) } else { await state.skip(1) }
            }
        }
        _ = try await bounded(jobs, limit: concurrency) { job in
            let repository = repository(namespace, job.image)
            guard let (digest, mediaType, manifest) = try await client.resolve(repository, tag: job.tag) else {
                try await state.tagDone(image: job.image, tag: job.tag, digest: nil)
                return
            }
            // Known from the HEAD alone: no GET (a pull, on Docker Hub) for what cannot be recorded.
            if RegistryClient.isSchema1(mediaType) {
                try await state.tagUnusable(image: job.image, tag: job.tag, reason: RegistryClient.schema1Reason)
                return
            }
            if await !state.hasRecord(image: job.image, repository: repository, digest: digest) {
                let firstSeen = state.firstSeen
                let known = await state.knownPlatforms(image: job.image)
                do {
                    _ = try await state.fetch(image: job.image, digest: digest) {
                        try await fetchRecord(repository, digest: digest, client: client, state: state, firstSeen: firstSeen,
                                              known: known, fetched: manifest.map { ($0, mediaType) })
                    }
                } catch RegistryError.unusable(_, let reason) {
                    // One image the sync cannot read leaves that tag out, not the whole sync.
                    // (The failed fetch stays in the state's `records`: other tags naming the
                    // digest get the same error without asking the registry again.)
                    try await state.tagUnusable(image: job.image, tag: job.tag, reason: reason)
                    return
                }
            }
            try await state.tagDone(image: job.image, tag: job.tag, digest: digest)
        }
    }

    /// Every tag (`Tags` and `SharedTags`) of each library file, or of the files `only` names
    /// (which must name one at least, and only library files: `--images`, or the settings
    /// file's `registry: images:` where `places` says where it names each).
    public static func libraryTags(_ folder: String, only: [String]?,
                                   places: [String: SiteConfig.Place] = [:]) throws(DiagnosticError) -> ([RegistrySync.ImageTags], [Diagnostic]) {
        let library = LibraryDirectory(path: folder)
        guard library.exists else {
            throw DiagnosticError(.error("library.missing", file: folder, "the library folder does not exist",
                                         hint: "give the folder of library files with --library"))
        }
        if let only, only.isEmpty {
            throw DiagnosticError(.error("registry.images", "--images names no image",
                                         hint: "give image names separated by commas, as --images python,node, or leave --images out to sync every library file"))
        }
        let unknown = ImageNamesLint.check(only ?? [], library: library, places: places,
                                           setting: "registry: images:", flag: "--images", severity: .error)
        guard unknown.isEmpty else { throw DiagnosticError(unknown) }
        var images: [RegistrySync.ImageTags] = []
        var problems: [Diagnostic] = []
        var named: Set<String> = []
        for name in only ?? library.fileNames where named.insert(name).inserted {
            let (file, diagnostics) = library.file(named: name)
            problems += diagnostics
            guard let file else { continue }
            var seen: Set<String> = []
            var tags: [String] = []
            for entry in file.entries {
                for tag in entry.tags + entry.sharedTags where seen.insert(tag).inserted { tags.append(tag) }
            }
            images.append(RegistrySync.ImageTags(name: name, tags: tags))
        }
        if problems.contains(where: { $0.severity == .error }) { throw DiagnosticError(problems) }
        return (images, problems)
    }
}