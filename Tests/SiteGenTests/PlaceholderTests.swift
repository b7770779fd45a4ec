import Testing
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

    @Test("token is %%NAME%%")
    func token() {
        #expect(Placeholder("GITHUB-REPO", "x").token == "%%GITHUB-REPO%%")
    }
}
