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

    /// The manifest as written into the site: every object's keys in order, so equal
    /// manifests are equal bytes. Written by hand (``JSONWriter``) and read with
    /// `JSONDecoder`: the keys are the property names the synthesised `Codable` uses, and a
    /// nil optional is left out as `encodeIfPresent` leaves it out.
    public func encoded() -> [UInt8] {
        var json = JSONWriter(capacity: 64 * 1024 + 160 * files.count)
        json.object { json in
            json.key("files")
            json.object(files) { $0.string($1) }
            json.member("global", global)
            json.key("imageFiles")
            json.object(imageFiles) { $0.strings($1) }
            json.key("images")
            json.object(images) { $0.string($1) }
            json.member("inputs", inputs)
            if let lints {
                json.key("lints")
                json.object { json in
                    json.key("diagnostics")
                    Self.write(lints.diagnostics, to: &json)
                    json.member("key", lints.key)
                }
            }
            if let search {
                json.key("search")
                json.array { json in
                    for slice in search {
                        json.object { json in
                            json.member("count", slice.count)
                            json.member("image", slice.image)
                            json.member("start", slice.start)
                        }
                    }
                }
            }
            if let stamps {
                json.key("stamps")
                json.object { json in
                    json.member("global", stamps.global)
                    json.key("images")
                    json.object(stamps.images) { json, stamp in
                        json.object { json in
                            json.member("all", stamp.all)
                            json.member("listing", stamp.listing)
                        }
                    }
                }
            }
            json.member("version", version)
            if let warnings {
                json.key("warnings")
                Self.write(warnings, to: &json)
            }
        }
        return json.bytes + [UInt8(ascii: "\n")]
    }

    private static func write(_ diagnostics: [Diagnostic], to json: inout JSONWriter) {
        json.array { json in
            for diagnostic in diagnostics {
                json.object { json in
                    json.member("column", diagnostic.column)
                    json.member("file", diagnostic.file)
                    json.member("hint", diagnostic.hint)
                    json.member("identifier", diagnostic.identifier)
                    json.member("line", diagnostic.line)
                    json.member("message", diagnostic.message)
                    json.member("severity", diagnostic.severity.rawValue)
                }
            }
        }
    }
}
