import Foundation
import Testing
@testable import SiteGen

/// The strict JSON check: what RFC 8259 allows passes, and each fault is found where it is,
/// including those Foundation's readers let through.
@Suite struct JSONSyntaxTests {
    func fault(_ text: String) -> JSONSyntax.Fault? {
        JSONSyntax.firstFault(in: Array(text.utf8))
    }

    @Test func jsonPasses() throws {
        let texts = [
            #"{}"#, #"[]"#, #" {"a": [1, -0.5, 2e10, 3E-2, 0, true, false, null, "x"]} "#,
            #"{"s": "\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00", "é": "日本", "emoji": "😀"}"#,
            "\n\t{\r\n\"a\" : { \"b\" : [ [ ] , { } ] } }\n", #""just a string""#, "12", "-0",
            String(repeating: "[", count: JSONSyntax.maximumDepth) + String(repeating: "]", count: JSONSyntax.maximumDepth),
        ]
        for text in texts {
            #expect(fault(text) == nil, "\(text)")
            // Everything it passes, Foundation reads too.
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) != nil, "\(text)")
        }
    }

    @Test func eachFaultIsFoundWhereItIs() {
        let cases: [(String, Int, String)] = [
            (#"{"a": 1,}"#, 7, "a comma before the object's closing `}`, which JSON does not allow"),
            ("[1, 2 ,\n ]", 6, "a comma before the array's closing `]`, which JSON does not allow"),
            (#"{"a": 01}"#, 6, "a number with a leading zero, which JSON does not allow"),
            (#"{"a": 1.}"#, 6, "a number with no digit after its `.`"),
            (#"{"a": 1e+}"#, 6, "a number with no digit in its exponent"),
            (#"{"a": -}"#, 6, "a `-` that starts no number"),
            (#"{"a": +1}"#, 6, "expected a value, found `+`"),
            (#"{"a": .5}"#, 6, "expected a value, found `.`"),
            (#"{"a": 'x'}"#, 6, "a string in single quotes: JSON's strings are in double quotes"),
            (#"{a: 1}"#, 1, "expected a member's name in double quotes, found `a`"),
            (#"{"a" 1}"#, 5, "expected `:` after the member's name, found `1`"),
            (#"{"a": 1 "b": 2}"#, 8, "expected `,` or `}` after the member's value, found `\"`"),
            (#"[1 2]"#, 3, "expected `,` or `]` after the array's item, found `2`"),
            (#"{"a": "x\qy"}"#, 8, "an escape JSON does not have: `\\q`"),
            (#"{"a": "\u12G4"}"#, 7, "`\\u` must be followed by four hexadecimal digits"),
            ("{\"a\": \"x\ty\"}", 8, "a control character inside a string (byte 0x09); write it escaped, as `\\n` or `\\u00XX`"),
            (#"{"a": tru}"#, 6, "expected a value, found `t`"),
            (#"{"a": 1} x"#, 9, "text after the end of the JSON value"),
            (#"{"a": [1, 2"#, 11, "it ends early: an array is not closed with `]`"),
            (#"{"a": "xy"#, 6, "it ends early: a string is not closed with `\"`"),
            (#"{"a":"#, 5, "it ends early: a value is missing"),
            ("", 0, "it ends early: a value is missing"),
        ]
        for (text, offset, message) in cases {
            #expect(fault(text) == JSONSyntax.Fault(offset: offset, message: message), "\(text)")
        }
        // Bytes that are not UTF-8 inside a string: an overlong form, a lone continuation byte,
        // a surrogate.
        for bytes: [UInt8] in [[0xC0, 0xAF], [0x80], [0xED, 0xA0, 0x80]] {
            let text = Array(#"{"a": "x"#.utf8) + bytes + Array(#""}"#.utf8)
            #expect(JSONSyntax.firstFault(in: text)?.offset == 8)
            #expect(JSONSyntax.firstFault(in: text)?.message.hasPrefix("a byte that is not UTF-8") == true)
        }
        let deep = String(repeating: "[", count: JSONSyntax.maximumDepth + 1) + String(repeating: "]", count: JSONSyntax.maximumDepth + 1)
        #expect(fault(deep)?.offset == JSONSyntax.maximumDepth)
    }

    /// A name given to two members of one object: JSON by the grammar, read differently by
    /// different readers (JSONDecoder keeps the first, JSONSerialization the last), so refused
    /// at the second; escapes are read before names are compared.
    @Test func aNameGivenTwiceInOneObjectIsRefusedAtTheSecond() {
        let repeated = "a second member named `a` in one object; JSON readers differ on which of the two they keep, so keep one"
        #expect(fault(#"{"a": 1, "b": {"a": 2}, "a": 3}"#) == JSONSyntax.Fault(offset: 24, message: repeated, isRepeatedName: true))
        #expect(fault(#"{"a": 1, "\u0061": 2}"#) == JSONSyntax.Fault(offset: 9, message: repeated, isRepeatedName: true))
        #expect(fault(#"[{"a": 1}, {"a": 2}]"#) == nil, "the same name in two objects")
        #expect(fault(#"{"\uD83D\uDE00": 1, "😀": 2}"#)?.isRepeatedName == true, "a surrogate pair is the character it encodes")
        #expect(fault(#"{"\uD83D": 1, "\uDE00": 2, "é": 3, "e\u0301": 4}"#) == nil,
                "lone surrogates, and names equal only under Unicode's canonical equivalence, are other names")
        let text = #"{"m": {"x": 1}, "m": {"x": 2}}"#
        #expect((try? JSONDecoder().decode([String: [String: Int]].self, from: Data(text.utf8)))?["m"]?["x"] == 1)
        #expect(((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: [String: Int]])?["m"]?["x"] == 2)
    }

    /// Offsets of a slice index the whole text, as the registry data file's parts are checked.
    @Test func aSliceIsCheckedInPlace() {
        let text = Array(#"{"x": [1,], "y": 2}"#.utf8)
        #expect(JSONSyntax.firstFault(in: text[6..<10]) == JSONSyntax.Fault(offset: 8, message: "a comma before the array's closing `]`, which JSON does not allow"))
    }

    /// Foundation reads the commas JSON refuses: the reason this check exists.
    @Test func foundationReadsWhatJSONRefuses() {
        #expect((try? JSONSerialization.jsonObject(with: Data(#"{"a": [1,],}"#.utf8))) != nil)
        #expect(fault(#"{"a": [1,],}"#)?.offset == 8)
    }
}
