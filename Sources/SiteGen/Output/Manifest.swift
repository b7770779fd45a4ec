import Foundation

/// What the previous build wrote, kept in the site as `.sitegen-manifest.json`: a fingerprint
/// of each image's inputs and of every file written. The next build renders only the images
/// whose inputs changed, writes only the files whose bytes changed, and writes nothing at all
/// when nothing did.
public struct Manifest: Codable, Sendable, Equatable {
    /// Bumped whenever rendering changes, so an old manifest never vouches for new output.
    public static let currentVersion = 3
    public static let fileName = ".sitegen-manifest.json"

    public var version: Int
    /// Everything every page depends on: theme, settings, shared texts, the list of images.
    public var global: String
    /// Image name → fingerprint of its own inputs (folder texts, logo, library file).
    public var images: [String: String]
    /// Image name → the pages rendered for it.
    public var imageFiles: [String: [String]]
    /// Site path → fingerprint of its bytes, for every file of the site.
    public var files: [String: String]
    /// The ``InputStamp`` of the inputs this site was built from (nil after `--clean`-less
    /// builds that did not take one).
    public var inputs: String?
    /// The warnings the build printed, printed again by a build that finds nothing changed.
    public var warnings: [Diagnostic]?
    /// The ``InputStamp`` in parts, to tell which images changed.
    var stamps: Stamps?
    /// Where each image's items are in the search index.
    var search: [SearchIndex.Slice]?

    struct Stamps: Codable, Sendable, Equatable {
        let global: String
        let images: [String: InputStamp.ImageStamp]

        init(_ stamp: InputStamp) {
            global = stamp.global
            images = stamp.images
        }
    }
    /// The lints of the build that wrote the site, so a build with nothing to do reports them too.
    public var lints: LintRecord?

    public init(global: String, images: [String: String], imageFiles: [String: [String]], files: [String: String],
                lints: LintRecord? = nil) {
        self.version = Manifest.currentVersion
        self.global = global
        self.images = images
        self.imageFiles = imageFiles
        self.files = files
        self.inputs = nil
        self.warnings = nil
        self.stamps = nil
        self.search = nil
        self.lints = lints
    }

    /// The manifest of the site at `folder`, if it has a readable one of this version.
    public static func load(from folder: String) -> Manifest? {
        guard let bytes = FileInput.read(folder + "/" + fileName),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: Data(bytes)),
              manifest.version == currentVersion else { return nil }
        return manifest
    }

    /// The manifest as written into the site: sorted keys, so equal manifests are equal bytes.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        // Not pretty-printed: it is read and written by every build, and whitespace made it half
        // again as long.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data()) + [UInt8(ascii: "\n")]
    }
}
