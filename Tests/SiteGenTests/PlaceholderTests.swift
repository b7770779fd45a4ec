import Testing
import TestSupport
@testable import SiteGen

/// Compares the UTF-8 bytes, not `Character`s: `==` on `String` treats canonically
/// equivalent texts as equal, and the placeholder rules are byte rules.
private func expectSameBytes(_ actual: String, _ expected: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(Array(actual.utf8) == Array(expected.utf8), "\(String(reflecting: actual)) != \(String(reflecting: expected))",
            sourceLocation: sourceLocation)
}

@Suite("Placeholder")
struct PlaceholderTests {
    @Test("a placeholder inside an inserted value is filled only when its field comes later")
    func orderMatters() {
        let later = Placeholder.substitute([Placeholder("A", "a(%%B%%)"), Placeholder("B", "b")], in: "%%A%% %%B%%")
        expectSameBytes(later, "a(b) b")

        let earlier = Placeholder.substitute([Placeholder("A", "a"), Placeholder("B", "b(%%A%%)")], in: "%%A%% %%B%%")
        expectSameBytes(earlier, "a b(%%A%%)")

        // A value that brings its own token back is not filled again by the same field.
        let itself = Placeholder.substitute([Placeholder("A", "[%%A%%]")], in: "%%A%%")
        expectSameBytes(itself, "[%%A%%]")
    }

    @Test("values are inserted literally: backslashes, `\\n`, `&`, `/` and newlines survive")
    func valuesAreLiteral() {
        let value = #"\1 \n & / \\ \& $1 $& ${x}"# + "\nsecond line\n"
        let output = Placeholder.substitute([Placeholder("X", value)], in: "<%%X%%>")
        expectSameBytes(output, "<" + value + ">")
        // `\n` stays two characters.
        #expect(output.utf8.contains(UInt8(ascii: "\\")))
        #expect(output.split(separator: "\n", omittingEmptySubsequences: false).count == 3)
    }

    @Test("eatsSurroundingBlanks eats spaces and tabs on both sides of the token on its line")
    func eatsBlanksOnTheSameLine() {
        let logo = Placeholder("LOGO", "L", eatsSurroundingBlanks: true)
        expectSameBytes(Placeholder.substitute([logo], in: "a \t %%LOGO%% \t b"), "aLb")
        expectSameBytes(Placeholder.substitute([logo], in: "a%%LOGO%%b"), "aLb")
    }

    @Test("eatsSurroundingBlanks never eats a newline")
    func eatsNoNewline() {
        let logo = Placeholder("LOGO", "L", eatsSurroundingBlanks: true)
        expectSameBytes(Placeholder.substitute([logo], in: "a\n  %%LOGO%%  \nb"), "a\nL\nb")
        expectSameBytes(Placeholder.substitute([logo], in: "a \n\n%%LOGO%%\n\n b"), "a \n\nL\n\n b")
        // Blanks on the neighbouring lines stay.
        expectSameBytes(Placeholder.substitute([logo], in: "x  \n\t%%LOGO%%\t\n  y"), "x  \nL\n  y")
        // An empty value leaves the line empty, not joined to its neighbours.
        let empty = Placeholder("LOGO", "", eatsSurroundingBlanks: true)
        expectSameBytes(Placeholder.substitute([empty], in: "# Title\n\n %%LOGO%% \n\nText\n"), "# Title\n\n\n\nText\n")
    }

    @Test("without eatsSurroundingBlanks the blanks around a token stay")
    func keepsBlanksByDefault() {
        expectSameBytes(Placeholder.substitute([Placeholder("X", "v")], in: " \t%%X%%\t "), " \tv\t ")
    }

    @Test("every occurrence is replaced")
    func multipleOccurrences() {
        expectSameBytes(Placeholder.substitute([Placeholder("X", "v")], in: "%%X%%-%%X%%%%X%%\n%%X%%"), "v-vv\nv")
        let logo = Placeholder("LOGO", "L", eatsSurroundingBlanks: true)
        expectSameBytes(Placeholder.substitute([logo], in: "%%LOGO%% %%LOGO%%\n %%LOGO%%"), "LL\nL")
    }

    @Test("a text without the token comes back identical")
    func noOccurrence() {
        let texts = ["", "plain text\n", "%%x%% is lowercase", "%%X% and %X%% are partial", "e\u{301}\r\n%%Y%%"]
        for text in texts {
            let output = Placeholder.substitute([Placeholder("X", "v"), Placeholder("LOGO", "L", eatsSurroundingBlanks: true)], in: text)
            expectSameBytes(output, text)
        }
        expectSameBytes(Placeholder.substitute([], in: "%%X%%"), "%%X%%")
    }

    @Test("a token next to a combining character is still replaced (bytes, not Characters)")
    func combiningCharacter() {
        expectSameBytes(Placeholder.substitute([Placeholder("X", "v")], in: "%%X%%\u{0301}"), "v\u{0301}")
        expectSameBytes(Placeholder.substitute([Placeholder("X", "v")], in: "e%%X%%\u{0301}e\u{0301}"), "ev\u{0301}e\u{0301}")
        let logo = Placeholder("LOGO", "L", eatsSurroundingBlanks: true)
        expectSameBytes(Placeholder.substitute([logo], in: " %%LOGO%%\u{0301} "), "L\u{0301} ")
    }

    /// `fill` as first written: the output grown match by match.
    private static func referenceFill(_ placeholder: Placeholder, _ bytes: [UInt8]) -> [UInt8] {
        let token = Array(placeholder.token.utf8)
        let value = Array(placeholder.value.utf8)
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0x0D }
        func find(from start: Int) -> Int? {
            guard start <= bytes.count - token.count else { return nil }
            return (start...(bytes.count - token.count)).first { Array(bytes[$0..<($0 + token.count)]) == token }
        }
        var output: [UInt8] = []
        var cursor = 0
        var searchFrom = 0
        while let start = find(from: searchFrom) {
            var matchStart = start
            var matchEnd = start + token.count
            if placeholder.eatsSurroundingBlanks {
                while matchStart > cursor, isBlank(bytes[matchStart - 1]) { matchStart -= 1 }
                while matchEnd < bytes.count, isBlank(bytes[matchEnd]) { matchEnd += 1 }
            }
            output += bytes[cursor..<matchStart] + value
            cursor = matchEnd
            searchFrom = matchEnd
        }
        guard cursor > 0 else { return bytes }
        return output + bytes[cursor...]
    }

    @Test("fill, made at its final size, gives what growing the output match by match gave")
    func fillMatchesTheReference() {
        // Texts from a small alphabet, so tokens, near-tokens, blanks and tokens that only
        // form once a value is in are all common.
        var generator = SplitMix64(seed: 0x5173_0005)
        let pieces = ["%%", "%", "X", "LOGO", "%%X%%", "%%LOGO%%", " ", "\t", "\n", "\r", "é", "e\u{301}", "a"]
        let placeholders = [Placeholder("X", ""), Placeholder("X", "%%"), Placeholder("X", "LOGO%%"), Placeholder("X", "v\u{301} "),
                            Placeholder("LOGO", "", eatsSurroundingBlanks: true), Placeholder("LOGO", " L\t", eatsSurroundingBlanks: true),
                            Placeholder("LOGO", "%%X%%", eatsSurroundingBlanks: true)]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            for placeholder in placeholders {
                let bytes = Array(text.utf8)
                #expect(placeholder.fill(bytes) == Self.referenceFill(placeholder, bytes), "\(placeholder) \(text.debugDescription)")
            }
            let sequence = placeholders.shuffled(using: &generator)
            let reference = sequence.reduce(Array(text.utf8)) { Self.referenceFill($1, $0) }
            let substituted = Placeholder.substitute(sequence, in: text)
            #expect(Array(substituted.utf8) == reference, "\(text.debugDescription)")
        }
    }

    @Test("token is %%NAME%%")
    func token() {
        #expect(Placeholder("GITHUB-REPO", "x").token == "%%GITHUB-REPO%%")
    }
}
