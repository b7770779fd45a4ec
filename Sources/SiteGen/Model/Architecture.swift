/// A platform an image is built for, by its official-images name (`amd64`, `arm64v8`,
/// `windows-amd64`, …).
///
/// Architectures sort by name in byte order: docker-library sorts them that way, so "the
/// first architecture" of an entry, and every list of architectures we show, uses that order.
public struct Architecture: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    /// The Docker Hub namespace that holds this architecture's per-architecture repositories
    /// (`https://hub.docker.com/r/<namespace>/<image>/`). It is the architecture's own name,
    /// except for Windows, whose namespace drops the dash.
    public var hubNamespace: String {
        name == "windows-amd64" ? "winamd64" : name
    }

    /// The architecture bashbrew assumes when none is given.
    public static let amd64 = Architecture("amd64")

    public var description: String { name }

    public static func < (lhs: Architecture, rhs: Architecture) -> Bool {
        lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
    }
}
