import CSupport
import Foundation

/// Writes a whole site so that the folder is always either the old site or the new one.
///
/// Files go into a hidden sibling folder first; only when every file is written is it swapped
/// with the output folder, in one atomic exchange where the system offers it (Linux
/// `renameat2`), else by two renames. A build that fails or is killed leaves the old site as
/// it was; the next build removes what a killed one left behind.
public struct SiteWriter: Sendable {
    /// The output folder, as the user named it.
    public let output: String

    public init(output: String) {
        self.output = output
    }

    /// A file to write: bytes, or a file to copy (logos).
    public enum Content: Sendable {
        case bytes([UInt8])
        case copy(from: String)
    }

    /// What a write did.
    public struct Summary: Sendable, Hashable {
        public let files: Int
        public let bytes: Int
    }

    /// Prefix of the temporary folders, so leftovers can be found and removed.
    var temporaryPrefix: String { "." + (output as NSString).lastPathComponent + ".sitegen-" }

    /// Writes `files` (site-relative path → content) as the new site.
    public func write(_ files: [(path: String, content: Content)]) throws(Diagnostic) -> Summary {
        let parent = Self.parentFolder(of: output)
        try prepare(parent: parent)
        removeLeftovers(in: parent)

        let staging = parent + "/" + temporaryPrefix + "new-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw .error("output.unwritable", file: parent, "cannot create a folder next to the output: \(error.localizedDescription)",
                         hint: "sitegen builds the new site beside the old one and then swaps them; the folder holding --output must be writable")
        }
        var bytes = 0
        do {
            var folders: Set<String> = [""]
            for file in files.sorted(by: { $0.path < $1.path }) {
                let folder = (file.path as NSString).deletingLastPathComponent
                if folders.insert(folder).inserted {
                    try FileManager.default.createDirectory(atPath: staging + "/" + folder, withIntermediateDirectories: true)
                }
                let data: Data
                switch file.content {
                case .bytes(let content): data = Data(content)
                case .copy(let source): data = try Data(contentsOf: URL(fileURLWithPath: source))
                }
                bytes += data.count
                try data.write(to: URL(fileURLWithPath: staging + "/" + file.path))
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw .error("output.write-failed", file: output, "writing the site failed: \(error.localizedDescription)",
                         hint: "the previous site is untouched; check free space and permissions, then build again")
        }
        try swap(staging, into: parent)
        return Summary(files: files.count, bytes: bytes)
    }

    /// Checks the output path and creates its parent folder.
    private func prepare(parent: String) throws(Diagnostic) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw .error("output.not-a-folder", file: output, "the output path is a file, not a folder",
                         hint: "pass a folder with --output (it is created if missing); sitegen will not replace a file")
        }
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .error("output.unwritable", file: parent, "cannot create the folder: \(error.localizedDescription)",
                         hint: "check the --output path")
        }
    }

    /// Removes staging and retired folders that a killed build left beside the output.
    func removeLeftovers(in parent: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for name in names where name.hasPrefix(temporaryPrefix) {
            try? FileManager.default.removeItem(atPath: parent + "/" + name)
        }
    }

    private func swap(_ staging: String, into parent: String) throws(Diagnostic) {
        guard FileManager.default.fileExists(atPath: output) else {
            guard rename(staging, output) == 0 else { throw renameFailure(staging) }
            return
        }
        if sitegen_exchange_paths(staging, output) == 0 {
            // `staging` now holds the old site.
            try? FileManager.default.removeItem(atPath: staging)
            return
        }
        // No atomic exchange here: move the old site aside, the new one in, then drop the old.
        let retired = parent + "/" + temporaryPrefix + "old-\(getpid())"
        guard rename(output, retired) == 0 else { throw renameFailure(output) }
        guard rename(staging, output) == 0 else {
            _ = rename(retired, output)
            throw renameFailure(staging)
        }
        try? FileManager.default.removeItem(atPath: retired)
    }

    private func renameFailure(_ path: String) -> Diagnostic {
        let reason = String(cString: strerror(errno))
        return .error("output.swap-failed", file: output, "cannot move the new site into place: \(reason)",
                      hint: "the previous site is untouched; check permissions on the output folder and its parent")
    }

    static func parentFolder(of path: String) -> String {
        let parent = ((path as NSString).standardizingPath as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }
}
