/// A text file read from the docs tree.
public struct DocFile: Sendable, Hashable {
    /// Where it was read from, for diagnostics (relative to the current directory when the
    /// tree was named relatively). For a followed link, the link's own path.
    public let path: String
    /// The contents, exactly as stored (valid UTF-8, line endings untouched).
    public let text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// The contents as shell command substitution yields them, trailing newlines removed;
    /// the README rules insert every file that way.
    public var trimmedText: String { text.droppingTrailingNewlines() }
}

extension String {
    /// Without the newline characters at its end (only `\n`, as a shell's `$(…)` strips).
    public func droppingTrailingNewlines() -> String {
        var bytes = utf8[...]
        while bytes.last == UInt8(ascii: "\n") { bytes = bytes.dropLast() }
        if bytes.count == utf8.count { return self }
        return String(decoding: bytes, as: UTF8.self)
    }
}
