import Foundation

/// A folder of official-images library files (`library/<image>`), read on demand.
public struct LibraryDirectory: Sendable {
    /// The folder as the user named it.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The names of the library files, sorted.
    public var fileNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") && ImageName.isValid($0) }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Whether there is a library file for `name`.
    public func contains(_ name: String) -> Bool {
        ImageName.isValid(name) && FileManager.default.fileExists(atPath: filePath(name))
    }

    /// Reads and parses `library/<name>`. Nil with diagnostics when it is missing or has errors.
    public func file(named name: String) -> (file: LibraryFile?, diagnostics: [Diagnostic]) {
        let path = filePath(name)
        let missing = Diagnostic.error("library.missing", file: path, "no library file for image `\(name)`",
                                       hint: "add `\(path)` in the official-images format, or point --library at the folder that has it")
        guard ImageName.isValid(name) else { return (nil, [missing]) }
        // Read at most one byte past the limit: a huge file is refused without reading it all.
        let data: [UInt8]
        switch FileInput.read(path, limit: SafeFileReader.maximumFileSize) {
        case .bytes(let bytes):
            data = bytes
        case .missing, .cannotOpen:
            return (nil, [missing])
        case .folder, .unreadable:
            return (nil, [.error("library.unreadable", file: path, "cannot read the library file",
                                 hint: "check that it is a readable file, not a folder")])
        case .tooLarge:
            return (nil, [.error("library.file-too-large", file: path,
                                 "file is larger than \(SafeFileReader.maximumFileSize / 1024 / 1024) MiB",
                                 hint: "library files are short hand-written text; check that this is the right file")])
        }
        if data.withUnsafeBytes({ $0.baseAddress.map { memchr($0, 0, data.count) != nil } ?? false }) {
            return (nil, [.error("library.binary", file: path, "file contains NUL bytes; it is not a text file",
                                 hint: "library files are UTF-8 text in the official-images format; check that this is the right file")])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let position = TextPosition.firstInvalidUTF8(in: data)
            return (nil, [.error("library.invalid-utf8", file: path, line: position?.line, column: position?.column,
                                 "file is not valid UTF-8" + (position.map { String(format: " (byte 0x%02X)", $0.byte) } ?? ""),
                                 hint: "save the file as UTF-8")])
        }
        return LibraryFile.parseEitherFormat(text, name: name, path: path)
    }

    private func filePath(_ name: String) -> String {
        (path.hasSuffix("/") ? path : path + "/") + name
    }
}
