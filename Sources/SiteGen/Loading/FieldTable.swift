/// One value per field of a paragraph, in stored properties: a fixed-size table that copies
/// without allocating, where a dictionary keyed by field allocated on every copy.
struct FieldTable<Value> {
    private var maintainers, tags, sharedTags, architectures, gitRepo, gitFetch, gitCommit, directory, file, builder,
                constraints: Value

    /// Every field set to `value`.
    init(_ value: Value) {
        (maintainers, tags, sharedTags, architectures, gitRepo, gitFetch) = (value, value, value, value, value, value)
        (gitCommit, directory, file, builder, constraints) = (value, value, value, value, value)
    }

    subscript(field: LibraryFile.Field) -> Value {
        get {
            switch field {
            case .maintainers: maintainers
            case .tags: tags
            case .sharedTags: sharedTags
            case .architectures: architectures
            case .gitRepo: gitRepo
            case .gitFetch: gitFetch
            case .gitCommit: gitCommit
            case .directory: directory
            case .file: file
            case .builder: builder
            case .constraints: constraints
            }
        }
        set {
            switch field {
            case .maintainers: maintainers = newValue
            case .tags: tags = newValue
            case .sharedTags: sharedTags = newValue
            case .architectures: architectures = newValue
            case .gitRepo: gitRepo = newValue
            case .gitFetch: gitFetch = newValue
            case .gitCommit: gitCommit = newValue
            case .directory: directory = newValue
            case .file: file = newValue
            case .builder: builder = newValue
            case .constraints: constraints = newValue
            }
        }
    }
}
