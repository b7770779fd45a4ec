import Foundation
import Testing
import TestSupport
@testable import SiteGen

@Suite struct ByteSearchTests {
    @Test func replacesEveryOccurrenceWithoutOverlaps() {
        #expect(ByteSearch.replacingAll("git://", with: "https://", in: "git://a/git://b") == "https://a/https://b")
        #expect(ByteSearch.replacingAll("aa", with: "b", in: "aaa") == "ba")
        #expect(ByteSearch.replacingAll("x", with: "y", in: "") == "")
        #expect(ByteSearch.replacingAll("é", with: "e", in: "café é") == "cafe e")
    }

    @Test func containsComparesBytes() {
        #expect(ByteSearch.contains("-bookworm-slim-", "-bookworm-"))
        #expect(!ByteSearch.contains("-bookworm-", "-bullseye-"))
        #expect(ByteSearch.contains("abc", ""))
        // Decomposed and precomposed é are different bytes, as docker-library's tools see them.
        #expect(!ByteSearch.contains("cafe\u{301}", "café"))
    }

    @Test func findsTheFirstOccurrenceAtOrAfterTheStart() {
        func find(_ needle: String, _ haystack: String, from start: Int = 0) -> Int? {
            Array(haystack.utf8).withUnsafeBufferPointer { ByteSearch.find(Array(needle.utf8), in: $0, from: start) }
        }
        #expect(find("ab", "xxab") == 2)
        #expect(find("ab", "ab") == 0)
        #expect(find("ab", "aab") == 1)
        // First bytes that start no match are passed over; the match at the very end is found.
        #expect(find("-slim-", "-s-sl-slim-") == 5)
        #expect(find("%%", "a%b%%") == 3)
        #expect(find("ab", "ab ab", from: 1) == 3)
        #expect(find("ab", "ab", from: 1) == nil)
        #expect(find("abc", "ab") == nil)
        #expect(find("x", "") == nil)
        #expect(find("", "abc", from: 2) == 2)
        #expect(find("a", "abc", from: 4) == nil)
        #expect(find("a", "abc", from: -1) == nil)
        // Long texts take the other path.
        let long = String(repeating: "-a", count: 300)
        #expect(find("-bookworm-", long + "-bookworm-") == 600)
        #expect(find("-bookworm-", long + "-bookworm", from: 1) == nil)
        #expect(find("-a-", long, from: 401) == 402)
    }

    @Test func precedesIsUTF8ByteOrder() {
        let names = ["", "a", "A", "ab", "a-b", "a.b", "b", "é", "e\u{301}", "z", "3.14-slim", "3.14", "3.14.8", "latest",
                     String(repeating: "x", count: 15), String(repeating: "x", count: 16), String(repeating: "x", count: 40) + "y",
                     String(repeating: "x", count: 40) + "z", "Z🐳", "Zz"]
        for a in names {
            for b in names {
                #expect(ByteSearch.precedes(a, b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a) < \(b)")
            }
        }
        // A bridged or lazily made string without contiguous bytes takes the slow path, same answer.
        let substring = String("prefix-3.14"[...].dropFirst(7))
        #expect(ByteSearch.precedes(substring, "3.15") && !ByteSearch.precedes("3.15", substring))
    }
}
