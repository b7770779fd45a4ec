import Foundation

/// Writes a generated README next to its inputs.
public enum ReadmeWriter {
    /// Writes `text` to `path` through a temporary file and a rename, so a reader never sees
    /// half a file; does nothing when the file already holds exactly `text`.
    public static func write(_ text: String, to path: String) throws(Diagnostic) {
        let data = Data(text.utf8)
        if FileManager.default.contents(atPath: path) == data { return }
        let folder = PathParts.folder(of: path).isEmpty ? "." : PathParts.folder(of: path)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .error("output.unwritable", file: folder, "cannot create the folder: \(FileProblem.reason(error, path: folder, folder: true))",
                         hint: "check that the path is a folder you may write to")
        }
        let temporary = path + ".sitegen-tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw .error("output.unwritable", file: path, "cannot write the README",
                         hint: "check that the folder exists and is writable")
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw .error("output.unwritable", file: path, "cannot replace the README: \(reason)",
                         hint: "check that the folder is writable")
        }
    }
}
