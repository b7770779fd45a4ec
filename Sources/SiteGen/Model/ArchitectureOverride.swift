/// The build fields one architecture of an entry sets for itself (`arm64v8-GitCommit: …`).
/// A nil field means "use the entry's own value".
public struct ArchitectureOverride: Sendable, Hashable {
    public var gitRepo: String?
    public var gitFetch: String?
    public var gitCommit: String?
    public var directory: String?
    public var file: String?

    public init(gitRepo: String? = nil, gitFetch: String? = nil, gitCommit: String? = nil,
                directory: String? = nil, file: String? = nil) {
        self.gitRepo = gitRepo
        self.gitFetch = gitFetch
        self.gitCommit = gitCommit
        self.directory = directory
        self.file = file
    }

    public var isEmpty: Bool {
        gitRepo == nil && gitFetch == nil && gitCommit == nil && directory == nil && file == nil
    }
}
