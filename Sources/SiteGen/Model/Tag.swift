/// One name an image can be pulled by (`3.13-slim`), and how it was declared.
public struct Tag: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// From an entry's `Tags`: names exactly one image (one entry).
        case simple
        /// From `SharedTags`: a manifest list over several entries (Linux and Windows, say).
        case shared
    }

    public let name: String
    public let kind: Kind

    public init(_ name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}
