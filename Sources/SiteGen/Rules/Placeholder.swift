import Foundation

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
        // A token begins with `%%`, so a field whose token starts at none of the `%%` of the
        // text has nothing to fill: checked at those few places instead of a search through the
        // whole text per field (a README has fourteen fields and a handful of tokens). The
        // places are found again only after a fill changed the text.
        var marks = Self.percentPairs(in: bytes)
        for placeholder in placeholders where placeholder.occurs(in: bytes, at: marks) {
            bytes = placeholder.fill(bytes, at: marks)
            marks = Self.percentPairs(in: bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Where `%%` starts in `bytes`.
    static func percentPairs(in bytes: [UInt8]) -> [Int] {
        var marks: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 1 else { return }
            var index = 0
            while index < buffer.count - 1 {
                guard let found = memchr(base + index, 0x25, buffer.count - 1 - index) else { break }
                let position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if buffer[position + 1] == 0x25 { marks.append(position) }
                index = position + 1
            }
        }
        return marks
    }

    /// Whether this field's token starts at one of `marks` (the `%%` of `bytes`).
    func occurs(in bytes: [UInt8], at marks: [Int]) -> Bool {
        let token = tokenBytes
        return bytes.withUnsafeBufferPointer { buffer in marks.contains { Self.starts(token, at: $0, in: buffer) } }
    }

    /// `%%NAME%%` as bytes, without making the string first.
    private var tokenBytes: [UInt8] {
        var token: [UInt8] = [0x25, 0x25]
        token.reserveCapacity(name.utf8.count + 4)
        token.append(contentsOf: name.utf8)
        token += [0x25, 0x25]
        return token
    }

    private static func starts(_ token: [UInt8], at start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        start + token.count <= buffer.count && buffer[start..<(start + token.count)].elementsEqual(token)
    }

    /// Works on bytes: Swift compares `Character`s, and a token followed by a combining mark
    /// would not match as a `Character` sequence although the shell rule replaces it.
    ///
    /// `marks`: where `%%` starts in `bytes` (``percentPairs(in:)``), if known. Every token
    /// starts at one of them, so the matches are found there, left to right, rather than by
    /// searching the whole text again for each field (a README's tags section is most of its
    /// bytes, and a README is filled with fourteen fields).
    func fill(_ bytes: [UInt8], at marks: [Int]? = nil) -> [UInt8] {
        let marks = marks ?? Self.percentPairs(in: bytes)
        let token = tokenBytes
        // Where the token is replaced, and how far a match reaches with the blanks it eats,
        // found first: the output is then made at its exact size in one go (a README is
        // filled fourteen times, and growing it step by step would copy it over and over).
        var matches: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { buffer in
            var cursor = 0
            for start in marks where start >= cursor && Self.starts(token, at: start, in: buffer) {
                var matchStart = start
                var matchEnd = start + token.count
                if eatsSurroundingBlanks {
                    while matchStart > cursor, Self.isBlank(buffer[matchStart - 1]) { matchStart -= 1 }
                    while matchEnd < buffer.count, Self.isBlank(buffer[matchEnd]) { matchEnd += 1 }
                }
                matches.append(matchStart..<matchEnd)
                cursor = matchEnd
            }
        }
        guard !matches.isEmpty else { return bytes }
        var value = value
        return value.withUTF8 { value in
            let removed = matches.reduce(0) { $0 + $1.count }
            let count = bytes.count - removed + matches.count * value.count
            return [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
                bytes.withUnsafeBufferPointer { input in
                    var cursor = 0
                    var written = 0
                    func copy(_ part: UnsafeBufferPointer<UInt8>) {
                        guard let source = part.baseAddress, let target = output.baseAddress, !part.isEmpty else { return }
                        (target + written).initialize(from: source, count: part.count)
                        written += part.count
                    }
                    for match in matches {
                        copy(UnsafeBufferPointer(rebasing: input[cursor..<match.lowerBound]))
                        copy(value)
                        cursor = match.upperBound
                    }
                    copy(UnsafeBufferPointer(rebasing: input[cursor...]))
                    initialized = written
                }
            }
        }
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
