import Foundation
import SiteGen

/// The registry data a sync is building, shared by its concurrent requests: records as they
/// come, one fetch per digest however many tags name it, and the checkpoints that save them.
///
/// Every state it writes is valid and true: a tag is pointed at a new digest only once that
/// digest's record is in, so a sync that stops anywhere leaves a file the build can read.
actor SyncState {
    private var data: RegistryData
    private let path: String
    private var fileBytes: [UInt8]?
    private let interval: Duration
    private var lastWrite = ContinuousClock.now
    private var dirty = false
    nonisolated let firstSeen: String
    private let progress: (@Sendable (RegistrySync.Progress) -> Void)?
    private let totalTags: Int
    private var tagsDone = 0
    private var fetched = 0
    /// `image@digest` of every record the file had when the sync began.
    private let initialDigests: Set<String>
    private var reused: Set<String> = []
    private let records = FetchOnce<RegistryData.Record>()
    /// Per image, tag → digest as this sync resolved it (nil: the registry has no such tag).
    private var resolved: [String: [String: String?]] = [:]

    init(data: RegistryData, path: String, existingBytes: [UInt8]?, interval: Duration, firstSeen: String, tags: Int,
         progress: (@Sendable (RegistrySync.Progress) -> Void)?) {
        self.data = data
        initialDigests = Set(data.images.flatMap { name, image in image.digests.keys.map { "\(name)@\($0)" } })
        self.path = path
        fileBytes = existingBytes
        self.interval = interval
        self.firstSeen = firstSeen
        totalTags = tags
        self.progress = progress
    }

    /// Tags done, tags in all, digests fetched, whether the file was written, and whether it
    /// holds everything fetched.
    var position: (done: Int, total: Int, fetched: Int, written: Bool, saved: Bool) {
        (tagsDone, totalTags, fetched, writes > 0, !dirty)
    }
    private var writes = 0

    /// Whether the data has a record of `digest` for `image` (whose repository is `repository`).
    func hasRecord(image: String, repository: String, digest: String) -> Bool {
        if data.images[image]?.repository != repository {
            data.images[image] = RegistryData.Image(repository: repository)
            platformsByImage[image] = nil
        }
        let known = data.images[image]?.digests[digest] != nil
        if known, initialDigests.contains("\(image)@\(digest)") { reused.insert("\(image)@\(digest)") }
        return known
    }

    /// Every platform image the data has for `image`, by manifest digest: gathered once per
    /// image, then kept up to date as records come in (a job that fetches asks for it each time).
    func knownPlatforms(image: String) -> [String: RegistryData.Platform] {
        if let known = platformsByImage[image] { return known }
        var known: [String: RegistryData.Platform] = [:]
        for record in data.images[image]?.digests.values ?? [:].values {
            for platform in record.platforms { known[platform.digest] = platform }
        }
        platformsByImage[image] = known
        return known
    }
    private var platformsByImage: [String: [String: RegistryData.Platform]] = [:]

    /// The record of `digest`, fetched by `body` once however many tags ask at the same time.
    func fetch(image: String, digest: String,
               _ body: @escaping @Sendable () async throws -> RegistryData.Record) async throws -> RegistryData.Record {
        if let record = data.images[image]?.digests[digest] { return record }
        // A sync that stops cancels its requests, and once all that wait for it are, the fetch.
        let record = try await records.value("\(image)@\(digest)", body)
        if data.images[image]?.digests[digest] == nil {
            data.images[image]?.digests[digest] = record
            for platform in record.platforms where platformsByImage[image] != nil {
                platformsByImage[image]?[platform.digest] = platform
            }
            fetched += 1
            dirty = true
        }
        return record
    }

    /// The manifest `digest` of `repository` as `body` reads it, and the configuration blob
    /// `digest` likewise: each is asked of the registry once per sync, however many records
    /// name it and however many of those are fetched at the same time (an entry's index and a
    /// shared tag's index name the same platform manifests; Docker Hub counts each manifest
    /// `GET` as a pull). What was read stays for the rest of the sync, as does a failure:
    /// other records get the same error without asking again. A fetch cancelled (when every
    /// request waiting for it was) is not kept: a later ask fetches again (``FetchOnce``).
    func manifest(repository: String, digest: String,
                  _ body: @escaping @Sendable () async throws -> (ImageManifest.Summary?, String)) async throws -> (ImageManifest.Summary?, String) {
        try await manifests.value("\(repository)@\(digest)", body)
    }

    func configuration(repository: String, digest: String,
                       _ body: @escaping @Sendable () async throws -> ImageManifest.Configuration?) async throws -> ImageManifest.Configuration? {
        try await configurations.value("\(repository)@\(digest)", body)
    }
    private let manifests = FetchOnce<(ImageManifest.Summary?, String)>()
    private let configurations = FetchOnce<ImageManifest.Configuration?>()

    /// `tag` of `image` resolved to `digest` (nil: the registry has no such tag). Saves the
    /// data when the last save is ``interval`` old: after a tag is pointed at its record, so that
    /// a checkpoint rarely holds a record no tag names yet.
    func tagDone(image: String, tag: String, digest: String?) throws {
        resolved[image, default: [:]][tag] = .some(digest)
        if let digest, data.images[image]?.tags[tag] != digest, data.images[image]?.digests[digest] != nil {
            data.images[image]?.tags[tag] = digest
            dirty = true
        }
        step(1)
        try checkpointIfDue()
    }

    /// `tag` of `image` names a manifest the sync cannot read (``RegistryError/unusable``):
    /// it is left out of the data, as a tag the registry does not have is, and reported. A
    /// record it named before goes from it at once: checkpoints hold only true tags.
    func tagUnusable(image: String, tag: String, reason: String) throws {
        unusable["\(image):\(tag)"] = reason
        if data.images[image]?.tags[tag] != nil {
            data.images[image]?.tags[tag] = nil
            dirty = true
        }
        step(1)
        try checkpointIfDue()
    }
    /// `image:tag` → why its manifest could not be read.
    private var unusable: [String: String] = [:]

    /// `count` tags that need no request (their repository or the tag is not in the registry).
    func skip(_ count: Int) {
        step(count)
    }

    private func step(_ count: Int) {
        tagsDone += count
        progress?(RegistrySync.Progress(tagsDone: tagsDone, tags: totalTags, newDigests: fetched))
    }

    private func checkpointIfDue() throws {
        guard dirty, ContinuousClock.now - lastWrite >= interval else { return }
        try checkpoint(force: true)
    }

    /// Writes the data as it stands if anything changed since the file was read or last
    /// written. Returns whether it wrote.
    @discardableResult
    func checkpoint(force: Bool) throws -> Bool {
        guard dirty || force else { return false }
        let written = try write(data.encoded())
        dirty = false
        lastWrite = .now
        return written
    }

    /// The end of a sync that went through: each synced image keeps the library tags the
    /// registry resolved and the records they name, and its registry tag list; an image whose
    /// repository the registry does not know is dropped. Writes the file if its bytes change.
    /// `pruneOthers`: drop images that are not in `images` (the whole library was synced).
    func finish(images: [RegistrySync.ImageTags], listed: [String: RegistrySync.Listing], pruneOthers: Bool) throws -> Bool {
        if pruneOthers {
            let names = Set(images.map(\.name))
            dropped = data.images.keys.filter { !names.contains($0) }.sorted()
            data.images = data.images.filter { names.contains($0.key) }
        }
        for image in images {
            guard let registryTags = listed[image.name]?.tags else {
                // Gone from the registry: its records go. Refused: they stay as they were.
                if listed[image.name] == .missing { data.images[image.name] = nil }
                continue
            }
            guard var entry = data.images[image.name] else {
                data.images[image.name] = RegistryData.Image(repository: RegistrySync.repository(data.namespace, image.name),
                                                             registryTags: registryTags)
                continue
            }
            var tags: [String: String] = [:]
            for tag in image.tags {
                if case .some(.some(let digest)) = resolved[image.name]?[tag], entry.digests[digest] != nil { tags[tag] = digest }
            }
            entry.tags = tags
            let named = Set(tags.values)
            entry.digests = entry.digests.filter { named.contains($0.key) }
            entry.registryTags = registryTags
            data.images[image.name] = entry
        }
        return try write(data.encoded())
    }

    /// The images whose records ``finish(images:listed:pruneOthers:)`` dropped because no
    /// library file lists them any more.
    private var dropped: [String] = []

    func summary(images: [RegistrySync.ImageTags], listed: [String: RegistrySync.Listing], counts: RegistryClient.Counts,
                 elapsed: Duration, wrote: Bool, afresh: Bool) -> RegistrySync.Summary {
        var missingTags: [String] = []
        var missingRepositories: [String] = []
        var refusedRepositories: [String] = []
        var resolvedCount = 0
        for image in images {
            switch listed[image.name] {
            case .tags:
                for tag in image.tags {
                    if case .some(.some) = resolved[image.name]?[tag] {
                        resolvedCount += 1
                    } else if unusable["\(image.name):\(tag)"] == nil {
                        missingTags.append("\(image.name):\(tag)")
                    }
                }
            case .refused:
                refusedRepositories.append(image.name)
            case .missing, nil:
                missingRepositories.append(image.name)
                missingTags += image.tags.map { "\(image.name):\($0)" }
            }
        }
        return RegistrySync.Summary(images: images.count, tags: totalTags, resolved: resolvedCount, missingTags: missingTags,
                                    missingRepositories: missingRepositories, refusedRepositories: refusedRepositories,
                                    unusableTags: unusable.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                    newDigests: fetched, knownDigests: reused.count,
                                    droppedImages: dropped, counts: counts, elapsed: elapsed, wrote: wrote, startedAfresh: afresh)
    }

    /// Replaces the file with `bytes` (a temporary file renamed over it) unless it already
    /// holds them. Returns whether it wrote.
    private func write(_ bytes: [UInt8]) throws -> Bool {
        guard bytes != fileBytes else { return false }
        do {
            try Self.replace(path, with: bytes)
        } catch {
            throw DiagnosticError(.error("registry.write", file: path, "cannot write the registry data file: \(Self.writeFailure(error, path: path))",
                                         hint: "check that its folder exists, is writable and has room, then run the sync again (it resumes from the last save)"))
        }
        fileBytes = bytes
        writes += 1
        return true
    }

    /// Writes `bytes` to a new file beside `path` and renames it over `path`: readers see the old
    /// file or the new one, never part of one. The path goes to the system as given, so that
    /// `cache/../registry-data.json` is the file a build reads (`URL` would cancel `cache/..`
    /// as text, and write beside a `cache` that is missing or a link elsewhere).
    static func replace(_ path: String, with bytes: [UInt8]) throws {
        let temporary = path + ".sitegen-\(getpid())"
        func failure() -> NSError { NSError(domain: NSPOSIXErrorDomain, code: Int(errno)) }
        // A new file of its own (one a killed sync left is removed first, and a link there is
        // not followed), on disk before it takes the name: a power cut leaves the old file or
        // the new one, not an empty one.
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failure() }
        // The file keeps its owner and group where the system lets the sync give them (the
        // group alone, for a user in it), and its permissions: a file kept private (0600) does
        // not become readable by everyone at the first sync, nor one shared with a group
        // (0660) closed to it. Not setuid and setgid, which mean nothing for a JSON file.
        var old = stat()
        if stat(path, &old) == 0 {
            if fchown(descriptor, old.st_uid, old.st_gid) != 0 { _ = fchown(descriptor, uid_t.max, old.st_gid) }
            _ = fchmod(descriptor, old.st_mode & 0o777)
        }
        do {
            try FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).write(contentsOf: bytes)
            guard fsync(descriptor) == 0 else { throw failure() }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0, rename(temporary, path) == 0 else {
            let error = failure()
            unlink(temporary)
            throw error
        }
    }

    /// The folder of `path` as written (`cache/..` for `cache/../registry-data.json`): what the
    /// system resolves, where `URL` would cancel the `..` as text.
    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// Why writing the file at `path` failed, in plain words: from the system's error number
    /// where Foundation's error carries one (Foundation's own text is often only "The operation
    /// could not be completed").
    static func writeFailure(_ error: any Error, path: String) -> String {
        let folder = folder(of: path)
        let nsError = error as NSError
        // (On Linux the underlying error is not always stored as an NSError.)
        let underlying = (nsError.userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        var number = nsError.domain == NSPOSIXErrorDomain ? nsError.code
            : underlying?.domain == NSPOSIXErrorDomain ? underlying?.code : nil
        if number == nil, let cocoa = error as? CocoaError {
            number = switch cocoa.code {
            case .fileNoSuchFile: Int(ENOENT)
            case .fileWriteNoPermission: Int(EACCES)
            case .fileWriteVolumeReadOnly: Int(EROFS)
            case .fileWriteOutOfSpace: Int(ENOSPC)
            default: nil
            }
        }
        switch number.map(Int32.init) {
        case ENOENT?: return "its folder \(folder) does not exist"
        case ENOTDIR?: return "a part of the path to \(folder) is not a folder"
        case EACCES?, EPERM?: return "permission denied: \(folder) may not be written to"
        case EROFS?: return "\(folder) is on a read-only file system"
        case ENOSPC?: return "the disk is full"
        case EDQUOT?: return "the disk quota is used up"
        case EISDIR?: return "the path is a folder"
        case let number?: return String(cString: strerror(number))
        case nil: return error.localizedDescription
        }
    }
}
