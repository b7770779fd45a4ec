/// A `%%NAME%%` field of the docs texts and the value it stands for.
///
/// One engine fills placeholders for both the Docker Hub README and the site's pages, so the
/// two always agree. It follows docker-library's semantics exactly:
/// - values are inserted as they are (no escapes are interpreted);
/// - fields are filled one at a time, each over the whole text, in the order given, so a
///   placeholder that arrives inside an inserted value is filled only if its field comes later;
/// - a field marked ``eatsSurroundingBlanks`` (the logo) also removes the spaces and tabs
///   around it, but never a line break.
public struct Placeholder: Sendable, Hashable {
    public let name: String
    public let value: String
    public let eatsSurroundingBlanks: Bool

    public init(_ name: String, _ value: String, eatsSurroundingBlanks: Bool = false) {
        self.name = name
        self.value = value
        self.eatsSurroundingBlanks = eatsSurroundingBlanks
    }

    /// `%%NAME%%`.
    public var token: String { "%%\(name)%%" }

    /// `text` with every placeholder filled, in order.
    public static func substitute(_ placeholders: [Placeholder], in text: String) -> String {
        // Most texts a page shows hold no token at all: no copy for them.
        guard ByteSearch.contains(text, "%%") else { return text }
        var bytes = Array(text.utf8)
        for placeholder in placeholders {
            bytes = placeholder.fill(bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Works on bytes: Swift compares `Character`s, and a token followed by a combining mark
    /// would not match as a `Character` sequence although the shell rule replaces it.
    func fill(_ bytes: [UInt8]) -> [UInt8] {
        let token = Array(token.utf8)
        let value = Array(value.utf8)
        guard Self.firstIndex(of: token, in: bytes, from: 0) != nil else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var cursor = 0
        var searchFrom = 0
        while let start = Self.firstIndex(of: token, in: bytes, from: searchFrom) {
            var matchStart = start
            var matchEnd = start + token.count
            if eatsSurroundingBlanks {
                while matchStart > cursor, Self.isBlank(bytes[matchStart - 1]) { matchStart -= 1 }
                while matchEnd < bytes.count, Self.isBlank(bytes[matchEnd]) { matchEnd += 1 }
            }
            output.append(contentsOf: bytes[cursor..<matchStart])
            output.append(contentsOf: value)
            cursor = matchEnd
            searchFrom = matchEnd
        }
        guard cursor > 0 || searchFrom > 0 else { return bytes }
        output.append(contentsOf: bytes[cursor...])
        return output
    }

    /// Whitespace within a line (sed's `\s` minus the newline it never sees).
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0x0D
    }

    /// Where `needle` first occurs in `haystack` at or after `start`.
    static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0 else { return nil }
        return haystack.withUnsafeBufferPointer { ByteSearch.find(needle, in: $0, from: start) }
    }
}
