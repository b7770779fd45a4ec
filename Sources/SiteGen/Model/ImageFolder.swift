/// One image's folder of the docs tree, as read from disk: the texts that describe the image.
public struct ImageFolder: Sendable, Hashable {
    /// The folder's name, which is the image's name (`python`).
    public let name: String
    /// The folder on disk.
    public let path: String
    /// Text files by name (`content.md`, `variant-slim.md`, …). Links were followed.
    public let files: [String: DocFile]
    public let logo: Logo?
    /// `hub.categories` from the folder's `metadata.json`, as written.
    public let categories: [String]
    /// Every name in the folder when it was read, sorted by bytes: what the lints look for
    /// stray logos in, read once with the folder instead of again by each lint.
    public let listing: [String]

    /// `listing` defaults to the names of `files` and of the logo, for folders made in code.
    public init(name: String, path: String, files: [String: DocFile], logo: Logo?, categories: [String],
                listing: [String]? = nil) {
        self.name = name
        self.path = path
        self.files = files
        self.logo = logo
        self.categories = categories
        self.listing = listing ?? (Array(files.keys) + (logo.map { ["logo." + $0.format.rawValue] } ?? []))
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public subscript(file: String) -> DocFile? { files[file] }

    /// The one-line description (`README-short.txt`).
    public var shortDescription: String {
        files["README-short.txt"]?.text.trimmingWhitespace().description ?? ""
    }

    /// The source repository's web address (`github-repo`).
    public var githubRepo: String {
        files["github-repo"]?.text.trimmingWhitespace().description ?? ""
    }

    public var isDeprecated: Bool { files["deprecated.md"] != nil }
}
