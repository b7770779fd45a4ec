/// One paragraph of an official-images library file after the global defaults were applied:
/// one image build, reachable by several tags, for one or more architectures.
public struct Entry: Sendable, Hashable {
    /// The fields, compared and hashed as a whole.
    private struct Fields: Sendable, Hashable {
        let tags: [String]
        let sharedTags: [String]
        let architectures: [Architecture]
        let gitRepo: String
        let gitFetch: String
        let gitCommit: String
        let directory: String
        let file: String
        let builder: String
        let constraints: [String]
        let maintainers: [String]
        let overrides: [Architecture: ArchitectureOverride]
        let line: Int
        let sharedTagsLine: Int?
    }

    /// The fields live in one immutable object: an entry is copied into every variant, tag row
    /// and page model, and copying a struct of thirteen fields costs a retain and a release per
    /// reference-counted field each time, where copying a reference to this object costs one
    /// of each.
    private final class Storage: Sendable {
        let fields: Fields

        init(_ fields: Fields) {
            self.fields = fields
        }
    }

    private let storage: Storage

    /// Simple tags, in file order; the first is the entry's name in lists and anchors.
    public var tags: [String] { storage.fields.tags }
    public var sharedTags: [String] { storage.fields.sharedTags }
    /// De-duplicated and sorted (see ``Architecture``).
    public var architectures: [Architecture] { storage.fields.architectures }
    public var gitRepo: String { storage.fields.gitRepo }
    public var gitFetch: String { storage.fields.gitFetch }
    public var gitCommit: String { storage.fields.gitCommit }
    /// Cleaned like a path: no trailing slash, no `./`; `.` for the repository root.
    public var directory: String { storage.fields.directory }
    public var file: String { storage.fields.file }
    public var builder: String { storage.fields.builder }
    public var constraints: [String] { storage.fields.constraints }
    public var maintainers: [String] { storage.fields.maintainers }
    /// Per-architecture fields, keyed by architecture.
    public var overrides: [Architecture: ArchitectureOverride] { storage.fields.overrides }
    /// Where the paragraph starts in its library file (1-based).
    public var line: Int { storage.fields.line }
    /// Where the paragraph's own `SharedTags:` line is (1-based): what a warning about its
    /// shared tags points at. Nil when the paragraph has none.
    public var sharedTagsLine: Int? { storage.fields.sharedTagsLine }

    public init(tags: [String], sharedTags: [String], architectures: [Architecture],
                gitRepo: String, gitFetch: String, gitCommit: String, directory: String,
                file: String, builder: String = "", constraints: [String] = [],
                maintainers: [String] = [], overrides: [Architecture: ArchitectureOverride] = [:],
                line: Int, sharedTagsLine: Int? = nil) {
        storage = Storage(Fields(tags: tags, sharedTags: sharedTags, architectures: architectures, gitRepo: gitRepo,
                                 gitFetch: gitFetch, gitCommit: gitCommit, directory: directory, file: file,
                                 builder: builder, constraints: constraints, maintainers: maintainers,
                                 overrides: overrides, line: line, sharedTagsLine: sharedTagsLine))
    }

    /// Value equality, with a shortcut for the common case of two copies of one entry.
    public static func == (lhs: Entry, rhs: Entry) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.fields)
    }

    /// The entry's name: its first simple tag.
    public var firstTag: String { tags.first ?? "" }

    /// Every tag of the entry, simple ones first.
    public var allTags: [Tag] {
        tags.map { Tag($0, kind: .simple) } + sharedTags.map { Tag($0, kind: .shared) }
    }

    public func hasArchitecture(_ architecture: Architecture) -> Bool {
        architectures.contains(architecture)
    }

    /// The architecture whose source links stand for the whole entry: `amd64` when the entry
    /// has it, else its first architecture (so `windows-amd64` for Windows-only entries).
    public var linkArchitecture: Architecture {
        hasArchitecture(.amd64) ? .amd64 : (architectures.first ?? .amd64)
    }

    public func gitRepo(for architecture: Architecture) -> String {
        overrides[architecture]?.gitRepo ?? gitRepo
    }

    public func gitFetch(for architecture: Architecture) -> String {
        overrides[architecture]?.gitFetch ?? gitFetch
    }

    public func gitCommit(for architecture: Architecture) -> String {
        overrides[architecture]?.gitCommit ?? gitCommit
    }

    public func directory(for architecture: Architecture) -> String {
        overrides[architecture]?.directory ?? directory
    }

    public func file(for architecture: Architecture) -> String {
        overrides[architecture]?.file ?? file
    }

    /// The Dockerfile's path inside the repository for `architecture`: just the file name
    /// when the directory is the repository root.
    public func dockerfilePath(for architecture: Architecture) -> String {
        let directory = directory(for: architecture)
        let file = file(for: architecture)
        return directory == "." ? file : "\(directory)/\(file)"
    }
}
