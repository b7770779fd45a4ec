/// What a tag was built from at one point of history: the fields whose change counts as a
/// change of the tag.
///
/// Taken from the entry that first lists the tag, for its link architecture (`amd64`, else its
/// first), so repository, commit, directory and file give the Dockerfile link the variant pages
/// show. `architectures` is every architecture of every entry listing the tag (a shared tag
/// covers several), sorted by name: a reordered list is the same definition.
public struct TagDefinition: Sendable, Hashable {
    public let gitRepo: String
    public let gitCommit: String
    /// Cleaned like a path; `.` for the repository root.
    public let directory: String
    public let file: String
    public let architectures: [String]

    public init(gitRepo: String, gitCommit: String, directory: String, file: String, architectures: [String]) {
        self.gitRepo = gitRepo
        self.gitCommit = gitCommit
        self.directory = directory
        self.file = file
        self.architectures = architectures
    }

    /// The Dockerfile's path inside the repository: just the file name at the repository root.
    public var dockerfilePath: String {
        directory == "." || directory.isEmpty ? file : "\(directory)/\(file)"
    }
}
