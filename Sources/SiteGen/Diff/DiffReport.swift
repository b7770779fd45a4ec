/// What a change of the inputs does, image by image: the result of `sitegen diff`, and the
/// shape of its JSON output (documented in `docs/diff-schema.md`; a change here is a change of
/// that schema and of ``schemaVersion``).
///
/// Lists are in a fixed order (images by name, tags in library-file order, architectures and
/// pages by name), so the same two states give the same report.
public struct DiffReport: Sendable, Hashable, Codable {
    /// Bumped when a field is removed or changes meaning; new fields may appear without it.
    public static let schemaVersion = 1

    public var schema: Int = DiffReport.schemaVersion
    public var from: State
    public var to: State
    /// Every image whose inputs differ between the two states (narrowed by `--images`), by name.
    public var images: [ImageChange]
    /// The pages of the whole site (catalog, tag index, listings, search index) whose bytes
    /// differ; empty when the docs tree was not compared.
    public var sitePages: [PageChange]
    /// What was not compared, and why (no docs tree, say).
    public var notes: [String]

    /// One side of the comparison.
    public struct State: Sendable, Hashable, Codable {
        /// What the user named: a rev (`HEAD~1`), `work tree`, or a folder.
        public var label: String
        /// The commit a rev resolved to; nil for a work tree or a folder.
        public var commit: String?
        public var library: String
        /// Nil when no docs tree was compared.
        public var docs: String?
    }

    /// What one image gained, lost or changed.
    public struct ImageChange: Sendable, Hashable, Codable {
        public enum Status: String, Sendable, Hashable, Codable {
            /// It has a library file only in the new state.
            case added
            /// Its library file is gone in the new state.
            case retired
            case changed
        }

        public var name: String
        public var status: Status
        /// A side whose library file (or image folder) does not parse: its problems. The image's
        /// tags, builds, architectures, variants, README and pages are then not compared (all
        /// empty), since one side has nothing to compare with.
        public var errors: SideErrors?
        public var tags: TagChanges
        public var builds: BuildChanges
        /// Architectures of the whole image.
        public var architectures: ListChange
        /// Variant names (`default`, `slim`, …); empty lists when the image has no docs folder.
        public var variants: ListChange
        /// The unified diff of the generated Hub `README.md` (`a/<image>/README.md` to
        /// `b/<image>/README.md`); nil when it does not change or was not made.
        public var readme: ReadmeChange?
        /// The image's own pages whose bytes change.
        public var pages: [PageChange]

        /// Whether anything at all differs.
        public var isEmpty: Bool {
            status == .changed && errors == nil && tags.isEmpty && builds.isEmpty && architectures.isEmpty
                && variants.isEmpty && readme == nil && pages.isEmpty
        }
    }

    public struct SideErrors: Sendable, Hashable, Codable {
        public var from: [String]
        public var to: [String]
    }

    public struct TagChanges: Sendable, Hashable, Codable {
        public var added: [TagRef]
        public var removed: [TagRef]
        /// Tags in both states whose build changed: another commit, directory, file,
        /// repository, or variant.
        public var moved: [TagMove]

        public var isEmpty: Bool { added.isEmpty && removed.isEmpty && moved.isEmpty }
    }

    /// A tag and the build it names in one state.
    public struct TagRef: Sendable, Hashable, Codable {
        public var tag: String
        /// `simple` (from `Tags`) or `shared` (from `SharedTags`).
        public var kind: String
        public var source: Source
    }

    public struct TagMove: Sendable, Hashable, Codable {
        public var tag: String
        public var kind: String
        /// The first entry that lists the tag, for its link architecture, in each state.
        public var from: Source
        public var to: Source
        /// The architectures whose source changed (empty when only the variant did).
        public var architectures: [String]
    }

    /// What a build is made from: for the entry's link architecture (`amd64`, else its first),
    /// as the variant pages show it.
    public struct Source: Sendable, Hashable, Codable {
        public var gitRepo: String
        public var gitCommit: String
        public var directory: String
        public var file: String
        /// The web address of the Dockerfile; nil for a host with no known address form.
        public var dockerfile: String?
        /// The variant the tag (or the build's first tag) belongs to; nil without a docs folder.
        public var variant: String?
        public var architectures: [String]
    }

    public struct BuildChanges: Sendable, Hashable, Codable {
        /// Entries in the new state matched to no old entry: they share no tag with one, or the
        /// old entries they share tags with were matched to others first (matching is greedy,
        /// most shared tags first).
        public var added: [Build]
        public var removed: [Build]
        /// Entries matched across the states (by the tags they share) whose source or
        /// architectures differ.
        public var changed: [BuildChange]

        public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
    }

    public struct Build: Sendable, Hashable, Codable {
        public var tags: [String]
        public var sharedTags: [String]
        public var source: Source
    }

    public struct BuildChange: Sendable, Hashable, Codable {
        /// The tags in the new state.
        public var tags: [String]
        public var sharedTags: [String]
        public var from: Source
        public var to: Source
        /// Whether the repository, commit, directory or file differ (for any architecture).
        public var sourceChanged: Bool
        public var architectures: ListChange
        /// Architectures with an override (`arm64v8-GitCommit: …`) in either state whose own
        /// source changed, each with its Dockerfile links; `from` and `to` show only the link
        /// architecture's.
        public var architectureSources: [ArchitectureSourceChange]
    }

    /// What one architecture of a build is made from.
    public struct ArchitectureSource: Sendable, Hashable, Codable {
        public var gitRepo: String
        public var gitCommit: String
        public var directory: String
        public var file: String
        public var dockerfile: String?
    }

    public struct ArchitectureSourceChange: Sendable, Hashable, Codable {
        public var architecture: String
        public var from: ArchitectureSource
        public var to: ArchitectureSource
    }

    public struct ListChange: Sendable, Hashable, Codable {
        public var added: [String]
        public var removed: [String]

        public static let none = ListChange(added: [], removed: [])
        public var isEmpty: Bool { added.isEmpty && removed.isEmpty }

        /// What `new` has that `old` lacks, and the reverse, each in the order of its list.
        public static func between(_ old: [String], _ new: [String]) -> ListChange {
            let oldSet = Set(old), newSet = Set(new)
            return ListChange(added: new.filter { !oldSet.contains($0) }, removed: old.filter { !newSet.contains($0) })
        }
    }

    public struct ReadmeChange: Sendable, Hashable, Codable {
        public enum Status: String, Sendable, Hashable, Codable { case added, removed, changed }
        public var status: Status
        public var linesAdded: Int
        public var linesRemoved: Int
        public var diff: String
    }

    public struct PageChange: Sendable, Hashable, Codable {
        public enum Status: String, Sendable, Hashable, Codable { case added, removed, changed }
        /// The page's path in the site (`python/index.html`).
        public var path: String
        public var status: Status
    }

    /// Whether the two states differ in anything the report covers.
    public var hasChanges: Bool {
        images.contains { !$0.isEmpty } || !sitePages.isEmpty
    }

    /// Whether a side of some image did not parse.
    public var hasErrors: Bool {
        images.contains { $0.errors != nil }
    }
}
