import Foundation

/// A path a bundle (a zip, a docset, a docset's tarball or feed) is written to, and the rules for
/// putting it there.
///
/// A bundle appears at its path whole or not at all: it is made inside a hidden staging folder
/// beside the output (the same file system, so the last step is a rename) and moved into place
/// only when complete. It replaces only what sitegen could have written there: a zip archive, a
/// docset whose bundle identifier starts with `sitegen.`, a gzip file, a feed as sitegen writes them; never someone's folder,
/// and never a file of another kind that a mistyped `--output` happens to name.
struct BundleDestination: Sendable {
    enum Kind: Sendable {
        case zip
        case docset
        case tarball
        case feed

        var noun: String {
            switch self {
            case .zip: "zip archive"
            case .docset: "docset"
            case .tarball: "gzip-compressed tarball"
            case .feed: "docset feed"
            }
        }
    }

    /// As the user named it (relative paths stay relative), for messages.
    let output: String
    /// Absolute and cleaned.
    let path: String
    let kind: Kind

    init(_ output: String, kind: Kind) {
        self.output = output
        self.kind = kind
        path = URL(fileURLWithPath: output).standardizedFileURL.path
    }

    /// The folder the bundle goes into.
    var parent: String { (path as NSString).deletingLastPathComponent }

    /// The bundle's file or folder name (`site.zip`).
    var name: String { (path as NSString).lastPathComponent }

    /// The name without its extension (`site` for `site.zip`): the zip's top folder, the
    /// docset's and tarball's base name.
    var baseName: String {
        let base = (name as NSString).deletingPathExtension
        return base.isEmpty ? name : base
    }

    /// Refuses a path that is not a name of its own, or that holds something sitegen did not
    /// write. Writes nothing, so it can run before the build.
    func check() throws(Diagnostic) {
        let home = FileManager.default.homeDirectoryForCurrentUser.standardizedFileURL.path
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        if path == "/" || path == home || path == cwd || name.isEmpty || name == "." || name == ".." {
            throw .error("bundle.unsafe-output", file: output, "refusing to write the \(kind.noun) at \(path)",
                         hint: "give --output a path of its own, such as ./site.zip or ./Images.docset")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue && kind != .docset {
            // A zip's name is chosen with --output; a tarball's and a feed's follow the docset's.
            throw .error("bundle.not-ours", file: output, "\(output) is a folder; the \(kind.noun) is one file",
                         hint: kind == .zip ? "name the file to write, such as \(output)/site.zip"
                             : "the \(kind.noun) is named after the docset: move the folder away, or choose another --output for the docset")
        }
        if !isReplaceable(isDirectory: isDirectory.boolValue) {
            throw .error("bundle.not-ours", file: output,
                         "\(output) exists and is not a \(kind.noun) sitegen wrote; it was left alone",
                         hint: "move it away or choose another --output; sitegen only replaces a \(kind.noun) it could have made")
        }
    }

    private func isReplaceable(isDirectory: Bool) -> Bool {
        switch kind {
        case .zip:
            // Local file header, or the end record an empty archive starts with.
            return !isDirectory && (startsWith([0x50, 0x4B, 0x03, 0x04]) || startsWith([0x50, 0x4B, 0x05, 0x06]))
        case .tarball:
            return !isDirectory && startsWith([0x1F, 0x8B])
        case .feed:
            return !isDirectory && startsWith(Array(DocsetFeed.opening.utf8))
        case .docset:
            guard isDirectory,
                  let data = FileManager.default.contents(atPath: path + "/" + Docset.infoPlistPath),
                  let plist = try? PropertyListSerialization.propertyList(from: data, format: nil) as? [String: Any],
                  let identifier = plist["CFBundleIdentifier"] as? String else { return false }
            return identifier.hasPrefix(Docset.identifierPrefix)
        }
    }

    private func startsWith(_ magic: [UInt8]) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: magic.count)) ?? Data()
        return Array(head) == magic
    }

    /// Moves the finished bundle at `staged` to the destination, replacing the previous one in
    /// one step where the system allows it.
    func moveIntoPlace(_ staged: String) throws(Diagnostic) {
        guard kind == .docset, FileManager.default.fileExists(atPath: path) else {
            // A file (or a folder where nothing was): rename replaces it atomically.
            guard rename(staged, path) == 0 else { throw moveFailure(errno) }
            return
        }
        do {
            try FolderSwap.replace(path, with: staged, retiredPath: staged + ".old")
        } catch {
            throw moveFailure(error.code)
        }
    }

    private func moveFailure(_ code: Int32) -> Diagnostic {
        .error("bundle.move-failed", file: output, "cannot move the \(kind.noun) into place: \(String(cString: strerror(code)))",
               hint: "nothing was replaced; check permissions on \(parent)")
    }
}

/// The hidden folder beside the output where bundles are made, removed when done (and, when a
/// run was killed, by the next run).
struct BundleStaging: Sendable {
    let folder: String

    /// Creates `.<name>.sitegen-bundle-<pid>-<random>` beside `destination`, and the folder
    /// that holds both if need be (the random part keeps two bundles made at once by one
    /// process apart).
    static func create(beside destination: BundleDestination) throws(Diagnostic) -> BundleStaging {
        let prefix = "." + destination.name + ".sitegen-bundle-"
        removeLeftovers(in: destination.parent, prefix: prefix)
        let folder = destination.parent + "/" + prefix + "\(getpid())-" + UUID().uuidString.prefix(8)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .error("bundle.unwritable", file: destination.parent,
                         "cannot create a folder next to the output: \(FileProblem.reason(error, path: destination.output))",
                         hint: "sitegen makes the \(destination.kind.noun) beside --output and then moves it in; that folder must be writable")
        }
        return BundleStaging(folder: folder)
    }

    /// `name` inside the staging folder.
    func path(_ name: String) -> String { folder + "/" + name }

    func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Staging folders of processes that are no longer alive.
    private static func removeLeftovers(in parent: String, prefix: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for name in names where name.hasPrefix(prefix) {
            let pid = name.dropFirst(prefix.count).split(separator: "-").first.flatMap { Int32($0) }
            if let pid, kill(pid, 0) == 0 { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + name)
        }
    }
}
