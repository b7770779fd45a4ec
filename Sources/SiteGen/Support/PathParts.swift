/// The folder and the name of a `/`-separated path, computed on the string alone.
///
/// swift-corelibs-foundation's `NSString.deletingLastPathComponent` crashes on some inputs on
/// Linux (a name without a slash, "."), so sitegen splits paths itself.
enum PathParts {
    /// Everything before the last `/` ("" for a bare name, "/" for a file at the root).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Everything after the last `/`.
    static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
