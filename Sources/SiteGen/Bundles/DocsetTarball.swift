import Foundation

/// A docset packed as `<Name>.tgz`, the form a Dash docset feed serves.
///
/// Made with the system's GNU tar rather than by hand: tar's format has enough corners (long
/// names, modes) that its own implementation is the safer writer. The flags make the archive
/// reproducible: entries in name order, one modification time, owner and group 0, normalised
/// permissions; gzip reading from a pipe stores no name or time.
struct DocsetTarball: Sendable {
    static let tar = "/usr/bin/tar"

    let modificationDate: Date

    /// Packs `folder` (a name inside `parent`) into a new gzip-compressed tarball at `path`.
    func write(folder: String, in parent: String, to path: String, label: String) throws(Diagnostic) {
        guard FileManager.default.isExecutableFile(atPath: Self.tar) else {
            throw .error("bundle.tar-missing", file: label, "--tgz needs GNU tar at \(Self.tar)",
                         hint: "install it (apt-get install tar), or leave out --tgz and pack the docset yourself")
        }
        let seconds = Int(modificationDate.timeIntervalSince1970.rounded(.down))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.tar)
        process.arguments = ["--sort=name", "--mtime=@\(max(0, seconds))", "--owner=0", "--group=0", "--numeric-owner",
                             "--mode=u+rwX,go+rX,go-w", "-C", parent, "-czf", path, folder]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .error("bundle.tar-failed", file: label, "cannot run \(Self.tar): \(FileProblem.reason(error, path: Self.tar))",
                         hint: "leave out --tgz and pack the docset yourself")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .error("bundle.tar-failed", file: label,
                         "tar failed (status \(process.terminationStatus)): \(message.trimmingCharacters(in: .whitespacesAndNewlines))",
                         hint: "nothing was written at --output; check free space beside it and run again")
        }
    }
}
