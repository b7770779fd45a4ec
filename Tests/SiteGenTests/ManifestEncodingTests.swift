import Foundation
import Testing
@testable import SiteGen

/// The manifest is written by hand (``JSONWriter``) and read by `JSONDecoder`: what is written
/// must read back as the same manifest, whatever the strings hold.
@Suite struct ManifestEncodingTests {
    /// Every field set, with strings that need escaping: quotes, backslashes, control
    /// characters, slashes, non-ASCII text, keys that sort differently by bytes and by locale.
    static let tricky = #"""
    {"version": 3, "global": "g\"1", "inputs": "i\\2",
     "images": {"nginx": "a", "Nginx-x10": "b", "nginx-x2": "c", "é": "d"},
     "imageFiles": {"nginx": ["nginx/index.html", "nginx/tags/index.html"], "empty": []},
     "files": {"a/b.html": "f1", "a\u0001b": "tab\there", "z": "line\nbreak\r", "ü/ß": "ünï\u2028cødé 🐳"},
     "warnings": [
       {"severity": "warning", "identifier": "docs.x", "file": "nginx/content.md", "line": 3, "column": 7,
        "message": "a \"quoted\" <b>word</b> \\ and /slash/", "hint": "do\tthis\u001f"},
       {"severity": "error", "identifier": "run", "message": "whole run"}
     ],
     "stamps": {"global": "s", "images": {"nginx": {"all": "1", "listing": "2"}, "alpine": {"all": "3", "listing": "4"}}},
     "search": [{"image": "nginx", "start": 0, "count": 12}, {"image": "alpine", "start": 12, "count": 0}],
     "lints": {"key": "k", "diagnostics": [{"severity": "warning", "identifier": "lint.y", "file": "f", "message": "m"}]}}
    """#

    @Test func whatIsWrittenReadsBackAsTheSameManifest() throws {
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(Self.tricky.utf8))
        #expect(manifest.warnings?.count == 2 && manifest.stamps != nil && manifest.search?.count == 2 && manifest.lints != nil)
        let bytes = manifest.encoded()
        #expect(bytes.last == UInt8(ascii: "\n"))
        let decoded = try JSONDecoder().decode(Manifest.self, from: Data(bytes))
        #expect(decoded == manifest)
        // The same JSON value as JSONEncoder writes (key order aside).
        let reference = try JSONEncoder().encode(manifest)
        let ours = try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: reference) as? NSDictionary
        #expect(ours != nil && ours == theirs)
    }

    @Test func equalManifestsAreEqualBytesWithKeysInByteOrder() throws {
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(Self.tricky.utf8))
        let bytes = manifest.encoded()
        // Dictionaries come out of a decoder in a different order each process; the bytes do not.
        var rebuilt = manifest
        rebuilt.files = Dictionary(uniqueKeysWithValues: manifest.files.shuffled().map { ($0.key, $0.value) })
        #expect(rebuilt.encoded() == bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"files":{"a\u0001b":"tab\there","a/b.html":"f1","z":"line\nbreak\r","ü/ß":"#))
        #expect(text.contains(#""images":{"Nginx-x10":"b","nginx":"a","nginx-x2":"c","é":"d"}"#))
        #expect(text.contains(#"{"column":7,"file":"nginx/content.md","hint":"do\tthis\u001f","identifier":"docs.x","line":3,"#))
        #expect(text.contains(#""search":[{"count":12,"image":"nginx","start":0},{"count":0,"image":"alpine","start":12}]"#))
        #expect(text.contains(#"{"identifier":"run","message":"whole run","severity":"error"}]}"#))
    }

    @Test func emptyManifestHasOnlyItsRequiredKeys() throws {
        let manifest = Manifest(global: "g", images: [:], imageFiles: [:], files: [:])
        #expect(String(decoding: manifest.encoded(), as: UTF8.self)
            == #"{"files":{},"global":"g","imageFiles":{},"images":{},"version":3}"# + "\n")
        #expect(try JSONDecoder().decode(Manifest.self, from: Data(manifest.encoded())) == manifest)
    }
}
