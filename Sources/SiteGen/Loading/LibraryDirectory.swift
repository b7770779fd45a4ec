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
        guard ImageName.isValid(name), let data = FileManager.default.contents(atPath: path) else {
            return (nil, [.error("library.missing", file: path, "no library file for image `\(name)`",
                                 hint: "add `\(path)` in the official-images format, or point --library at the folder that has it")])
        }
        return LibraryFile.parse(data: data, name: name, path: path)
    }

    private func filePath(_ name: String) -> String {
        (path.hasSuffix("/") ? path : path + "/") + name
    }
}
