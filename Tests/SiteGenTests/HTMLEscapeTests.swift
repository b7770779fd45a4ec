import Testing
import TestSupport
@testable import SiteGen

/// The word-at-a-time escaping the compiled templates use must write what the byte-by-byte
/// rule writes, wherever in a word the special bytes fall.
@Suite struct HTMLEscapeTests {
    static func reference(_ bytes: [UInt8]) -> [UInt8] {
        bytes.flatMap { byte -> [UInt8] in
            switch byte {
            case 0x26: Array("&amp;".utf8)
            case 0x3C: Array("&lt;".utf8)
            case 0x3E: Array("&gt;".utf8)
            case 0x22: Array("&quot;".utf8)
            case 0x27: Array("&#39;".utf8)
            default: [byte]
            }
        }
    }

    @Test func everyByteAtEveryPlaceOfAWord() {
        for byte in UInt8.min...UInt8.max {
            for position in 0..<8 {
                var word: UInt64 = 0x6161_6161_6161_6161  // "aaaaaaaa"
                word &= ~(UInt64(0xFF) << (8 * position))
                word |= UInt64(byte) << (8 * position)
                let special = [0x26, 0x3C, 0x3E, 0x22, 0x27].contains(byte)
                #expect(HTML.hasSpecialByte(word) == special, "byte \(byte) at \(position)")
            }
        }
    }

    @Test func randomTextsEscapeAsByteByByte() {
        var generator = SplitMix64(seed: 0x5173_0002)
        // Mostly plain bytes, some special, some non-ASCII (valid UTF-8 is not needed by the
        // byte rule, but the strings here are made from scalars so they are).
        let pieces = ["a", "Z", "0", "/", "-", ".", " ", "&", "<", ">", "\"", "'", "é", "🐳", "\u{0}", "\n", "=", "?"]
        for _ in 0..<3000 {
            let length = Int.random(in: 0...70, using: &generator)
            let text = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
            var out: [UInt8] = [1, 2]
            HTML.appendEscaped(text, to: &out)
            #expect(out == [1, 2] + Self.reference(Array(text.utf8)), "\(text.debugDescription)")
            #expect(Array(HTML.escape(text).utf8) == Self.reference(Array(text.utf8)))
        }
    }
}
