import Foundation
import SiteGen

/// What a sync checks of its data file before it sends a request: the file is read once, and
/// a file of another registry or namespace stops the sync unless ``RegistrySync/Options/afresh``
/// says to replace it.
extension RegistrySync {
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
                             afresh: Bool) throws(DiagnosticError) -> Bool {
        guard existing.registry != registry || existing.namespace != namespace else { return true }
        guard afresh else {
            throw DiagnosticError(.error("registry.other-data", file: path,
                                         "the data file holds \(describe(registry: existing.registry, namespace: existing.namespace)); this sync is for \(describe(registry: registry, namespace: namespace))",
                                         hint: "check --registry and --namespace (or `registry: url:` and `registry: namespace:` in sitegen.yml); "
                                            + "give --data another file; or run again with --afresh to replace this file's records with this registry's"))
        }
        return false
    }

    /// `http://127.0.0.1:5000, namespace `demo``, as the messages about the data file name a registry.
    public static func describe(registry: String, namespace: String) -> String {
        namespace.isEmpty ? "\(registry) (no namespace)" : "\(registry), namespace `\(namespace)`"
    }
}
