/// An image's logo file (`logo.png` wins over `logo.svg`, as docker-library decides).
public struct Logo: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case png
        case svg
    }

    public let format: Format
    /// The file on disk, for copying into the site.
    public let path: String

    /// `logo.png` or `logo.svg`.
    public var fileName: String { "logo.\(format.rawValue)" }

    public init(format: Format, path: String) {
        self.format = format
        self.path = path
    }
}
