import Foundation
import SiteGen

/// What a sync checks of its data file before it sends a request: that it can be written, and
/// what it holds (read once): a file of another registry or namespace stops the sync unless
/// ``RegistrySync/Options/afresh`` says to replace it.
extension RegistrySync {
    /// Checks that the sync will be able to write its data file at `path` (`given`, the path
    /// as given, with the links at it followed: ``target(of:setting:)``), before it sends a
    /// request (each counts against Docker Hub's pull limit, and a sync that cannot save them
    /// would have spent them for nothing): `given` names a file, `path` is not a folder, its
    /// folder exists, is a folder, and may be written to (the file is replaced by renaming a
    /// new file beside it); and a file there is not read-only (no write permission for anyone):
    /// one made so was frozen by its owner, and renaming over it would replace it all the same.
    /// `setting`: how the hints name the setting that gave the path.
    static func checkDestination(_ path: String, given: String, setting: String = "--data") throws(DiagnosticError) {
        var status = stat()
        guard !given.isEmpty, !given.hasSuffix("/") else {
            // `file.json/` for an existing file is most often a slash too many.
            let trimmed = String(given.reversed().drop { $0 == "/" }.reversed())
            let file = !trimmed.isEmpty && stat(trimmed, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
            throw DiagnosticError(.error("registry.data-path", "\(setting) \(given.isEmpty ? "is empty" : "names a folder (\(given))"): the registry data file needs a file name",
                                         hint: file ? "give \(setting) \(trimmed), without the slash" : "give \(setting) the path of a file, as \(given)registry-data.json"))
        }
        // Said of the path as given, and where its links lead when they do.
        let linked = path == given ? "" : "\(given) links to \(path); "
        func problem(_ message: String, hint: String) -> DiagnosticError {
            DiagnosticError(.error("registry.data-path", file: given, linked + message, hint: hint))
        }
        guard !path.hasSuffix("/") else {
            throw problem("a folder's path: the registry data file needs a file name", hint: "point the link at a file, or give \(setting) the file itself")
        }
        let folder = SyncState.folder(of: path)
        if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            throw problem("the registry data file is a folder",
                          hint: "give \(setting) the path of a file, as \((given as NSString).appendingPathComponent("registry-data.json"))")
        }
        if stat(path, &status) == 0, status.st_mode & 0o222 == 0 {
            throw problem("the registry data file is read-only",
                          hint: "make it writable (chmod u+w \(path)) for the sync to update it, or give \(setting) another file")
        }
        let found: (what: String, hint: String)? =
            if stat(folder, &status) != 0 {
                ("does not exist", "create the folder (mkdir -p \(folder)), or give \(setting) a path in a folder that exists")
            } else if status.st_mode & S_IFMT != S_IFDIR {
                ("is not a folder", "give \(setting) a path in a folder, not under a file")
            } else if access(folder, W_OK | X_OK) != 0 {
                ("is not writable", "make the folder writable, or give \(setting) a path in a folder you can write to")
            } else {
                nil
            }
        if let found { throw problem("the registry data file's folder \(folder) \(found.what)", hint: found.hint) }
    }

    /// The file a sync of `path` reads and replaces: `path`, or where the symbolic links at it
    /// lead (a relative link from the link's folder), whether or not that file exists yet. A
    /// link kept in place of the file (`registry-data.json` → a CI cache) stays a link, and
    /// the file it names is the one updated: renaming over the link would replace it with a
    /// file and leave the cache as it was.
    static func target(of path: String, setting: String = "--data") throws(DiagnosticError) -> String {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
            let count = readlink(current, &buffer, buffer.count)
            guard count > 0 else { break }
            let link = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : SyncState.folder(of: current) + "/" + link
        }
        throw DiagnosticError(.error("registry.data-path", file: path, "the registry data file's symbolic link cannot be followed (a loop of links, or one that cannot be read)",
                                     hint: "point the link at a file, or give \(setting) the file itself"))
    }

    /// Removes the temporary files that syncs of `path` killed while saving left beside it
    /// (`<name>.sitegen-<process id>`); called with the sync's lock held, when no other sync
    /// of the file is saving. A file whose process still runs here (this user's or another's)
    /// is left: a sync of an older sitegen, which takes no lock, may be saving it.
    static func removeAbandoned(beside path: String) {
        let folder = SyncState.folder(of: path)
        let prefix = (path as NSString).lastPathComponent + ".sitegen-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            let digits = name.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }), let pid = Int32(digits), pid > 0 else { continue }
            if pid != getpid(), SyncLock.isRunning(pid) { continue }
            unlink(folder + "/" + name)
        }
    }

    /// The data file at `path` as it is (nil: there is none yet), with its bytes, so that a
    /// sync that changes nothing does not rewrite it.
    static func readExisting(_ path: String) throws(DiagnosticError) -> (data: RegistryData, bytes: [UInt8])? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let bytes = FileManager.default.contents(atPath: path).map(Array.init) else {
            return (try RegistryDataFile.load(path), [])  // says why it cannot be read
        }
        return (try RegistryDataFile.decode(bytes, path: path), bytes)
    }

    /// Whether the sync starts from `existing`'s records: yes when it holds `registry` and
    /// `namespace`; no when it holds another and `afresh` allows replacing it; otherwise an
    /// error. A file of another registry is most often a mistyped `--namespace`, or a bare
    /// `sitegen registry sync` (Docker Hub) beside a file of another registry: replacing it
    /// would throw away every record and `firstSeen` date, and a CI job that commits the file
    /// after a sync would commit the loss.
    static func keepsRecords(of existing: RegistryData, path: String, registry: String, namespace: String,
                             afresh: Bool, setting: String = "--data") throws(DiagnosticError) -> Bool {
        guard existing.registry != registry || existing.namespace != namespace else { return true }
        guard afresh else {
            throw DiagnosticError(.error("registry.other-data", file: path,
                                         "the data file holds \(describe(registry: existing.registry, namespace: existing.namespace)); this sync is for \(describe(registry: registry, namespace: namespace))",
                                         hint: "check --registry and --namespace (or `registry: url:` and `registry: namespace:` in sitegen.yml); "
                                            + "give \(setting) another file; or run again with --afresh to replace this file's records with this registry's"))
        }
        return false
    }

    /// `http://127.0.0.1:5000, namespace `demo``, as the messages about the data file name a registry.
    public static func describe(registry: String, namespace: String) -> String {
        namespace.isEmpty ? "\(registry) (no namespace)" : "\(registry), namespace `\(namespace)`"
    }
}
