import Foundation
import Testing
import TestSupport
@testable import Markdown

@Suite struct SluggerTests {
    /// The ASCII shortcut keeps exactly what the general rule keeps: every ASCII byte alone,
    /// and random ASCII texts.
    @Test func asciiShortcutAgreesWithTheGeneralRule() {
        for byte in UInt8(0)..<0x80 {
            let text = "A" + String(decoding: [byte], as: UTF8.self) + "z"
            #expect(Slugger.asciiSlug(text) == Slugger.unicodeSlug(text), "byte \(byte)")
        }
        var generator = SplitMix64(seed: 0x5173_0006)
        for _ in 0..<500 {
            let text = String(decoding: (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0..<0x80, using: &generator) },
                              as: UTF8.self)
            #expect(Slugger.asciiSlug(text) == Slugger.unicodeSlug(text), "\(text.debugDescription)")
        }
        #expect(Slugger.asciiSlug("Café") == nil)
        #expect(Slugger.baseSlug("Café Ñu") == "café-ñu")
    }

    @Test func lowercasesAndDropsPunctuation() {
        #expect(Slugger.baseSlug("How to use this image") == "how-to-use-this-image")
        #expect(Slugger.baseSlug("`%%IMAGE%%:<version>-alpine`") == "imageversion-alpine")
        #expect(Slugger.baseSlug("snake_case and-dash") == "snake_case-and-dash")
    }

    @Test func keepsLettersOfEveryScript() {
        #expect(Slugger.baseSlug("Über Größe") == "über-größe")
        #expect(Slugger.baseSlug("日本語 ドキュメント") == "日本語-ドキュメント")
    }

    @Test func numbersRepeatsAndSkipsTakenSuffixes() {
        var slugger = Slugger()
        #expect(slugger.slug(for: "Usage") == "usage")
        #expect(slugger.slug(for: "Usage-1") == "usage-1")
        #expect(slugger.slug(for: "Usage") == "usage-2")
        #expect(slugger.slug(for: "Usage") == "usage-3")
    }
}
