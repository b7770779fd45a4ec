import Foundation

extension DiffReport {
    /// The report as JSON (`docs/diff-schema.md`): keys sorted, two-space indents, a newline at
    /// the end, so the same report is the same bytes.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain value types cannot fail; an empty object stands in if it ever did.
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
