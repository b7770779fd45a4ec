import Foundation

/// Reads files of a tree without ever leaving it.
///
/// Links are followed only while they stay inside the root: real symbolic links, and the
/// one-line text files that Git writes in their place where links are not checked out
/// (`maintainer.md` holding `../.common-templates/maintainer-community.md`). docker-library
/// trees share texts between images that way.
struct SafeFileReader: Sendable {
    /// The root with every link in it resolved, so containment is a prefix test.
    let realRoot: String

    /// How many link hops one file may take; a chain longer than this is treated as a loop.
    static let maximumHops = 8
    /// Files this large are no text a person wrote by hand; we refuse rather than exhaust memory
    /// and write pages no browser opens. The longest README of docker-library is under 60 KB and
    /// Docker Hub shows 25,000 characters of one, so 4 MiB leaves room for any real text.
    static let maximumFileSize = 4 * 1024 * 1024

    init(root: String) throws(Diagnostic) {
        guard let resolved = SafeFileReader.realPath(root) else {
            throw .error("docs.root-missing", file: root, "docs folder not found",
                         hint: "pass the folder that holds one sub-folder per image with --docs")
        }
        realRoot = resolved
    }

    /// Whether `path` (relative to the root) names something, after links.
    func exists(_ relativePath: String) -> Bool {
        (try? resolve(relativePath)) != nil
    }

    /// The text of the file at `relativePath`, `displayPath` naming it in diagnostics.
    /// Nil when there is no such file.
    func readText(_ relativePath: String, displayPath: String) throws(Diagnostic) -> DocFile? {
        var current = relativePath
        for _ in 0...SafeFileReader.maximumHops {
            guard let real = try resolve(current, displayPath: displayPath) else { return nil }
            let data = try read(real, displayPath: displayPath)
            if let target = gitLinkTarget(data, from: current) {
                current = target
                continue
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                let position = TextPosition.firstInvalidUTF8(in: data)
                throw .error("docs.invalid-utf8", file: displayPath, line: position?.line, column: position?.column,
                             "file is not valid UTF-8 text" + (position.map { String(format: " (byte 0x%02X)", $0.byte) } ?? ""),
                             hint: "save the file as UTF-8")
            }
            return DocFile(path: displayPath, text: text)
        }
        throw .error("docs.link-loop", file: displayPath, "links lead in a circle (more than \(SafeFileReader.maximumHops) hops)",
                     hint: "point the link at a real file")
    }

    /// The real path of `relativePath`, or nil when nothing is there. Throws when a link
    /// leads outside the root or in a loop.
    func resolve(_ relativePath: String, displayPath: String? = nil) throws(Diagnostic) -> String? {
        let full = realRoot + "/" + relativePath
        var info = stat()
        guard lstat(full, &info) == 0 else { return nil }
        // The common case, a plain file in a plain folder: the path is already real (the root
        // is), and `realpath` would only confirm it with a `readlink` per component.
        if info.st_mode & S_IFMT != S_IFLNK, Self.foldersAreReal(of: relativePath, in: realRoot) {
            return full
        }
        guard let real = SafeFileReader.realPath(full) else {
            if errno == ELOOP {
                throw .error("docs.link-loop", file: displayPath ?? relativePath, "symbolic link loop",
                             hint: "point the link at a real file")
            }
            // A dangling link: nothing there.
            return nil
        }
        guard real == realRoot || real.hasPrefix(realRoot + "/") else {
            throw .error("docs.link-outside-root", file: displayPath ?? relativePath,
                         "link points outside the docs folder, to \(real)",
                         hint: "sitegen reads only files inside the docs folder; copy the file in or link to one inside")
        }
        return real
    }

    /// The folders and files directly inside `relativePath` (no links followed for the listing
    /// itself), sorted by name.
    func contents(of relativePath: String) -> [String] {
        let full = relativePath.isEmpty ? realRoot : realRoot + "/" + relativePath
        return FileInput.entries(of: full).map(\.name).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    func isDirectory(_ relativePath: String) -> Bool {
        guard let real = try? resolve(relativePath) else { return false }
        return FileInput.isFolder(real)
    }

    /// Whether every folder on the way from the root to `relativePath`'s last component is a
    /// real folder (no link, no `.` or `..`, no empty component), each checked with `lstat`.
    private static func foldersAreReal(of relativePath: String, in root: String) -> Bool {
        let components = relativePath.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard !components.isEmpty else { return false }
        for component in components {
            if component.isEmpty || component.elementsEqual(".".utf8) || component.elementsEqual("..".utf8) {
                return false
            }
        }
        var info = stat()
        for component in components.dropLast() {
            let folder = root + "/" + String(relativePath[..<component.endIndex])
            guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return false }
        }
        return true
    }

    private func read(_ realPath: String, displayPath: String) throws(Diagnostic) -> [UInt8] {
        switch FileInput.read(realPath, limit: SafeFileReader.maximumFileSize) {
        case .bytes(let bytes):
            return bytes
        case .folder:
            throw .error("docs.not-a-file", file: displayPath, "expected a file, found a folder",
                         hint: "sitegen reads this name as a text file; move the folder away or replace it with the file")
        case .missing, .cannotOpen:
            throw .error("docs.unreadable", file: displayPath, "cannot open the file", hint: "check its permissions")
        case .unreadable(let code):
            throw .error("docs.unreadable", file: displayPath, "cannot read the file: \(String(cString: strerror(code)))",
                         hint: "check its permissions, and that it is a readable file")
        case .tooLarge(let size):
            throw .error("docs.file-too-large", file: displayPath,
                         "file is \(size / 1024 / 1024) MiB; docs files may be at most \(SafeFileReader.maximumFileSize / 1024 / 1024) MiB",
                         hint: "docs files are hand-written text (Docker Hub shows 25,000 characters of a README); move long or generated text elsewhere and link to it")
        }
    }

    /// If `data` is a Git link stand-in (one line, a relative path, no newline, naming a file
    /// inside the root), the root-relative path it points to.
    private func gitLinkTarget(_ data: [UInt8], from relativePath: String) -> String? {
        guard data.count > 0, data.count < 1024,
              !data.contains(UInt8(ascii: "\n")), !data.contains(0),
              let target = String(validating: data, as: UTF8.self),
              !target.hasPrefix("/"), !target.contains(" "), target.contains("/") || target.hasSuffix(".md") else {
            return nil
        }
        let folder = PathParts.folder(of: relativePath)
        let joined = PathCleaner.clean(folder.isEmpty ? target : folder + "/" + target)
        guard joined != "..", !joined.hasPrefix("../"), joined != "." else { return nil }
        guard let real = try? resolve(joined), !FileInput.isFolder(real) else { return nil }
        return joined
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
