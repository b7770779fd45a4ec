import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// The README length check counts characters without grapheme rules for ASCII text; it must
/// agree with `String.count` everywhere, CR LF pairs and non-ASCII text included.
@Suite struct CharacterCountTests {
    @Test func agreesWithStringCount() {
        let pieces = ["a", " ", "\r", "\n", "\r\n", "\t", "é", "e\u{301}", "🇫🇷", "\u{600}", "x\r", "\n\r"]
        var generator = SplitMix64(seed: 0x5173_0001)
        var cases = ["", "\r\n", "\r\r\n\n", "abc\r\ndef"]
        for _ in 0..<3_000 {
            cases.append((0..<Int.random(in: 0...20, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined())
        }
        for text in cases {
            #expect(ReadmeLint.characterCount(text) == text.count, "\(text.debugDescription)")
        }
    }
}
