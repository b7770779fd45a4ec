import Foundation

/// Turns a request path into a file of the site, and never into anything outside it.
///
/// The path is checked before it touches the file system: encoded slashes and backslashes
/// (`%2f`, `%5c`, `\`) and NUL are refused outright, because they let `..` hide from a check
/// that splits on `/`; after percent-decoding, `.` and `..` segments are refused too. Names
/// starting with a dot are never served (the site's marker and manifest are bookkeeping, not
/// pages). Last, the file is resolved with `realpath` and must still lie under the site root
/// (also resolved), so a symbolic link inside the site that points elsewhere is a miss.
public struct SiteFileResolver: Sendable {
    /// What a request path names.
    public enum Resolution: Sendable, Equatable {
        /// A regular file inside the site: its resolved absolute path.
        case file(String)
        /// A folder named without its trailing slash: where to send the browser instead, so
        /// the page's relative links resolve against the folder.
        case redirect(String)
        /// Nothing (servable) there.
        case notFound
        /// A path no page can have; why, for the response body.
        case badRequest(String)
    }

    /// The site folder, as given; resolved on every request because a rebuild swaps it.
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// Resolves `rawPath`, the request target's path as sent (still percent-encoded, no query).
    public func resolve(_ rawPath: String) -> Resolution {
        let segments: [String]
        switch Self.segments(of: rawPath) {
        case .success(let names): segments = names
        case .failure(let problem): return .badRequest(problem.reason)
        }
        if segments.contains(where: { $0.hasPrefix(".") }) { return .notFound }
        guard let realRoot = Self.realPath(root) else { return .notFound }
        let candidate = ([realRoot] + segments).joined(separator: "/")
        guard let real = Self.realPath(candidate), Self.isInside(real, root: realRoot) else { return .notFound }
        switch Self.kind(of: real) {
        case .folder:
            guard rawPath.hasSuffix("/") else { return .redirect(rawPath + "/") }
            guard let index = Self.realPath(real + "/index.html"), Self.isInside(index, root: realRoot),
                  Self.kind(of: index) == .file else { return .notFound }
            return .file(index)
        case .file:
            return rawPath.hasSuffix("/") ? .notFound : .file(real)
        case .other:
            return .notFound
        }
    }

    /// Why a path was refused before any file was looked at.
    struct Refusal: Error, Equatable {
        let reason: String
    }

    /// The decoded, non-empty segments of a raw path, or why the path is unacceptable.
    static func segments(of rawPath: String) -> Result<[String], Refusal> {
        guard rawPath.hasPrefix("/") else { return .failure(Refusal(reason: "the path must start with /")) }
        let lowered = rawPath.lowercased()
        for (marker, what) in [("%2f", "an encoded slash"), ("%5c", "an encoded backslash"), ("\\", "a backslash"),
                               ("%00", "an encoded NUL"), ("\0", "a NUL")] where lowered.contains(marker) {
            return .failure(Refusal(reason: "the path contains \(what)"))
        }
        guard let decoded = rawPath.removingPercentEncoding else {
            return .failure(Refusal(reason: "the path has invalid percent-encoding"))
        }
        if decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) {
            return .failure(Refusal(reason: "the path contains a control character"))
        }
        let segments = decoded.split(separator: "/").map(String.init)
        if segments.contains(where: { $0 == ".." || $0 == "." }) {
            return .failure(Refusal(reason: "the path contains a . or .. segment"))
        }
        return .success(segments)
    }

    static func isInside(_ path: String, root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    enum Kind { case file, folder, other }

    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        default: return .other
        }
    }

    /// The path with every link and `..` resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
