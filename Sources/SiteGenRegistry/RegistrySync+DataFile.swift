import Foundation
import SiteGen

/// What a sync checks of its data file before it sends a request: that it can be written, and
/// what it holds (read once): a file of another registry or namespace stops the sync unless
/// ``RegistrySync/Options/afresh`` says to replace it.
extension RegistrySync {
    /// Checks that the sync will be able to write its data file at `path`, before it sends a
    /// request (each counts against Docker Hub's pull limit, and a sync that cannot save them
    /// would have spent them for nothing): `path` is not a folder, and its folder exists, is a
    /// folder, and may be written to (the file is replaced by renaming a new file beside it);
    /// and a file there is not read-only: one made so was frozen by its owner, and renaming
    /// over it would replace it all the same.
    static func checkDestination(_ path: String, setting: String = "--data") throws(DiagnosticError) {
        guard !path.isEmpty, !path.hasSuffix("/") else {
            throw DiagnosticError(.error("registry.data-path", "\(setting) \(path.isEmpty ? "is empty" : "names a folder (\(path))"): the registry data file needs a file name",
                                         hint: "give \(setting) the path of a file, as \(path)registry-data.json"))
        }
        let folder = SyncState.folder(of: path)
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            throw DiagnosticError(.error("registry.data-path", file: path, "the registry data file is a folder",
                                         hint: "give \(setting) the path of a file, as \((path as NSString).appendingPathComponent("registry-data.json"))"))
        }
        if stat(path, &status) == 0, status.st_mode & 0o222 == 0 || access(path, W_OK) != 0 {
            throw DiagnosticError(.error("registry.data-path", file: path, "the registry data file is read-only",
                                         hint: "make it writable (chmod u+w \(path)) for the sync to update it, or give \(setting) another file"))
        }
        let problem: (what: String, hint: String)? =
            if stat(folder, &status) != 0 {
                ("does not exist", "create the folder (mkdir -p \(folder)), or give \(setting) a path in a folder that exists")
            } else if status.st_mode & S_IFMT != S_IFDIR {
                ("is not a folder", "give \(setting) a path in a folder, not under a file")
            } else if access(folder, W_OK | X_OK) != 0 {
                ("is not writable", "make the folder writable, or give \(setting) a path in a folder you can write to")
            } else {
                nil
            }
        if let problem {
            throw DiagnosticError(.error("registry.data-path", file: path, "the registry data file's folder \(folder) \(problem.what)", hint: problem.hint))
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
