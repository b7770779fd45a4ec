import Foundation
import Testing
@testable import SiteGen

/// The manifest is written by hand (``JSONWriter``) and read by `JSONDecoder`: what is written
/// must read back as the same manifest, whatever the strings hold.
@Suite struct ManifestEncodingTests {
    /// Every field set, with strings that need escaping: quotes, backslashes, control
    /// characters, slashes, non-ASCII text, keys that sort differently by bytes and by locale.
    static let tricky = #"""
    {"version": 4,
     "inputs": {"site": {"option title": "g\"1", "docs/.template-helpers": "i\\2"}, "history": "0123abcd",
                "images": {"nginx": {"content": "a", "files": "1"}, "Nginx-x10": {"content": "b", "files": "2"},
                           "nginx-x2": {"content": "c", "files": "3"}, "é": {"content": "d", "files": "4"}}},
     "imageFiles": {"nginx": ["nginx/index.html", "nginx/tags/index.html"], "empty": []},
     "files": {"a/b.html": "f1", "a\u0001b": "tab\there", "z": "line\nbreak\r", "ü/ß": "ünï\u2028cødé 🐳"},
     "diagnostics": [
       {"severity": "warning", "identifier": "docs.x", "file": "nginx/content.md", "line": 3, "column": 7,
        "message": "a \"quoted\" <b>word</b> \\ and /slash/", "hint": "do\tthis\u001f"},
       {"severity": "error", "identifier": "run", "message": "whole run"}
     ],
     "search": [{"image": "nginx", "start": 0, "count": 12}, {"image": "alpine", "start": 12, "count": 0}]}
    """#

    @Test func whatIsWrittenReadsBackAsTheSameManifest() throws {
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(Self.tricky.utf8))
        #expect(manifest.diagnostics.count == 2 && manifest.inputs?.images.count == 4 && manifest.search?.count == 2)
        #expect(manifest.inputs?.history == "0123abcd")
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
        #expect(text.hasPrefix(#"{"diagnostics":[{"column":7,"file":"nginx/content.md","hint":"do\tthis\u001f","identifier":"docs.x","line":3,"#))
        #expect(text.contains(#""files":{"a\u0001b":"tab\there","a/b.html":"f1","z":"line\nbreak\r","ü/ß":"#))
        #expect(text.contains(#""images":{"Nginx-x10":{"content":"b","files":"2"},"nginx":{"content":"a","files":"1"},"nginx-x2":{"content":"c","files":"3"},"é":{"content":"d","files":"4"}}"#))
        #expect(text.contains(#""site":{"docs/.template-helpers":"i\\2","option title":"g\"1"}"#))
        #expect(text.contains(#""search":[{"count":12,"image":"nginx","start":0},{"count":0,"image":"alpine","start":12}]"#))
        #expect(text.contains(#"{"identifier":"run","message":"whole run","severity":"error"}],"files""#))
    }

    @Test func emptyManifestHasOnlyItsRequiredKeys() throws {
        let manifest = Manifest(imageFiles: [:], files: [:])
        #expect(String(decoding: manifest.encoded(), as: UTF8.self)
            == #"{"diagnostics":[],"files":{},"imageFiles":{},"version":4}"# + "\n")
        #expect(try JSONDecoder().decode(Manifest.self, from: Data(manifest.encoded())) == manifest)
    }
}
