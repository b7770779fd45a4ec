/// One paragraph of an official-images library file after the global defaults were applied:
/// one image build, reachable by several tags, for one or more architectures.
public struct Entry: Sendable, Hashable {
    /// Simple tags, in file order; the first is the entry's name in lists and anchors.
    public let tags: [String]
    public let sharedTags: [String]
    /// De-duplicated and sorted (see ``Architecture``).
    public let architectures: [Architecture]
    public let gitRepo: String
    public let gitFetch: String
    public let gitCommit: String
    /// Cleaned like a path: no trailing slash, no `./`; `.` for the repository root.
    public let directory: String
    public let file: String
    public let builder: String
    public let constraints: [String]
    public let maintainers: [String]
    /// Per-architecture fields, keyed by architecture.
    public let overrides: [Architecture: ArchitectureOverride]
    /// Where the paragraph starts in its library file (1-based).
    public let line: Int

    public init(tags: [String], sharedTags: [String], architectures: [Architecture],
                gitRepo: String, gitFetch: String, gitCommit: String, directory: String,
                file: String, builder: String = "", constraints: [String] = [],
                maintainers: [String] = [], overrides: [Architecture: ArchitectureOverride] = [:],
                line: Int) {
        self.tags = tags
        self.sharedTags = sharedTags
        self.architectures = architectures
        self.gitRepo = gitRepo
        self.gitFetch = gitFetch
        self.gitCommit = gitCommit
        self.directory = directory
        self.file = file
        self.builder = builder
        self.constraints = constraints
        self.maintainers = maintainers
        self.overrides = overrides
        self.line = line
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
