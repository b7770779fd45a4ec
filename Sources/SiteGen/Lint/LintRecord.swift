import Foundation

/// The lints of a build, kept in the site's manifest with the key of what they were worked out
/// from, so a build that finds nothing to render still reports them (as a compiler with
/// cached results repeats its warnings) without working them out again.
public struct LintRecord: Codable, Sendable, Equatable {
    /// A fingerprint of every input the lints read (see ``key(catalog:fingerprints:libraryPath:)``).
    public var key: String
    public var diagnostics: [Diagnostic]

    public init(key: String, diagnostics: [Diagnostic]) {
        self.key = key
        self.diagnostics = diagnostics
    }

    /// What the lints read beyond the build's own fingerprints: the names in the docs root
    /// and the library folder (image links, library files without an image), the `logo.*`
    /// names of each image folder, and the paths the diagnostics are reported under.
    static func key(catalog: Catalog, fingerprints: BuildFingerprints, libraryPath: String) -> String {
        var key = Fingerprint()
        key.add("lints 1")
        key.add(fingerprints.global)
        for (name, image) in fingerprints.images.sorted(by: { $0.key < $1.key }) {
            key.add(name)
            key.add(image)
        }
        key.add(catalog.docs.root)
        key.add(libraryPath)
        key.add(FileManager.default.currentDirectoryPath)
        key.add(catalog.docs.imageNames.joined(separator: ","))
        key.add(catalog.docs.foldersWithoutContent.joined(separator: ","))
        key.add(LibraryDirectory(path: libraryPath).fileNames.joined(separator: ","))
        for image in catalog.images {
            key.add(image.folder.listing.filter { $0.lowercased().hasPrefix("logo.") }.joined(separator: ","))
        }
        return key.hex
    }
}
