/// The shared texts of a docs tree (`.template-helpers/`): the README template and the
/// defaults an image folder can override (`get-help.md`, `variant-alpine.md`, …).
public struct TemplateHelpers: Sendable, Hashable {
    /// The folder they were read from.
    public let path: String
    /// Files by name.
    public let files: [String: DocFile]

    public init(path: String, files: [String: DocFile]) {
        self.path = path
        self.files = files
    }

    public subscript(file: String) -> DocFile? { files[file] }
}
