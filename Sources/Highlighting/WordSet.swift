extension Highlighter {
    /// A set of words (keywords, instructions, literals) looked up by a byte range of the code
    /// without building a `String` for every word the lexer meets.
    struct WordSet: Sendable {
        private let words: Set<[UInt8]>
        private let caseInsensitive: Bool
        private let longest: Int

        init(_ words: [String], caseInsensitive: Bool) {
            let encoded = words.map { caseInsensitive ? Array($0.lowercased().utf8) : Array($0.utf8) }
            self.words = Set(encoded)
            self.caseInsensitive = caseInsensitive
            self.longest = encoded.map(\.count).max() ?? 0
        }

        func contains(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
            guard !range.isEmpty, range.count <= longest else { return false }
            let word = caseInsensitive ? bytes[range].map(ASCII.lowercased) : Array(bytes[range])
            return words.contains(word)
        }
    }
}
