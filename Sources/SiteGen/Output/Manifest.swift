import Foundation

/// What the previous build wrote, kept in the site as `.sitegen-manifest.json`: the record of
/// the inputs it was made from, its diagnostics, and a fingerprint of every file written. The
/// next build redoes only what changed inputs reach (see ``ChangeDetector``), writes only the
/// files whose bytes changed, and writes nothing at all when nothing did.
public struct Manifest: Codable, Sendable, Equatable {
    /// Bumped whenever rendering or the record changes, so an old manifest never vouches for
    /// new output.
    public static let currentVersion = 4
    public static let fileName = ".sitegen-manifest.json"

    public var version: Int
    /// The inputs the site was made from. Nil when they could not be pinned down (they changed
    /// while a cold build read them): the next build then redoes everything.
    public var inputs: ChangeRecord?
    /// Every diagnostic the build reported (loading, modelling and lints), reported again by a
    /// build that finds nothing to redo, as a compiler with cached results repeats its warnings.
    public var diagnostics: [Diagnostic]
    /// Image name → the pages rendered for it.
    public var imageFiles: [String: [String]]
    /// Site path → fingerprint of its bytes, for every file of the site.
    public var files: [String: String]
    /// Where each image's items are in the search index.
    var search: [SearchIndex.Slice]?

    public init(imageFiles: [String: [String]], files: [String: String], inputs: ChangeRecord? = nil,
                diagnostics: [Diagnostic] = []) {
        self.version = Manifest.currentVersion
        self.inputs = inputs
        self.diagnostics = diagnostics
        self.imageFiles = imageFiles
        self.files = files
        self.search = nil
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
            json.key("diagnostics")
            Self.write(diagnostics, to: &json)
            json.key("files")
            json.object(files) { $0.string($1) }
            json.key("imageFiles")
            json.object(imageFiles) { $0.strings($1) }
            if let inputs {
                json.key("inputs")
                json.object { json in
                    if let history = inputs.history {
                        json.member("history", history)
                    }
                    json.key("images")
                    json.object(inputs.images) { json, image in
                        json.object { json in
                            json.member("content", image.content)
                            json.member("files", image.files)
                        }
                    }
                    json.key("site")
                    json.object(inputs.site) { $0.string($1) }
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
            json.member("version", version)
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
