import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// ``RegistryImageDecoder``'s contract: whatever value it gives for an image's part is the
/// value `JSONDecoder` gives for the same bytes; it gives nil for what it does not read exactly
/// as `JSONDecoder` does, which then reads the part (and words its errors).
@Suite struct RegistryImageDecoderTests {
    /// The parts of every image of the demo data as the sync writes them.
    static func parts() throws -> [(name: String, bytes: ArraySlice<UInt8>)] {
        let bytes = RegistryDataTests.demoData().encoded()
        let sections = try #require(RegistryDataSections(bytes))
        return sections.images.keys.sorted().compactMap { name in sections.images[name].map { (name, $0) } }
    }

    static func reference(_ part: some Collection<UInt8>) -> RegistryData.Image? {
        try? JSONDecoder().decode(RegistryData.Image.self, from: Data(part))
    }

    @Test func readsEveryPartTheSyncWritesAsJSONDecoderDoes() throws {
        let parts = try Self.parts()
        #expect(parts.count >= 5)
        for (name, part) in parts {
            let fast = RegistryImageDecoder.decode(part)
            #expect(fast != nil, "\(name): a part as the sync writes it is read")
            #expect(fast == Self.reference(part), "\(name)")
        }
        // The whole file through RegistryDataFile equals the model it was written from.
        let data = RegistryDataTests.demoData()
        #expect(try RegistryDataFile.decode(data.encoded(), path: "registry-data.json") == data)
    }

    @Test(arguments: [
        // Other spacing, an empty object and array, null for the optional members, a minus zero.
        (#"{ "repository" : "demo/x" , "tags" : { } , "digests" : {}, "registryTags": null }"#, true),
        (#"{"repository":"demo/x","tags":{},"digests":{"sha256:a":{"firstSeen":"2026-12-01T00:00:00Z","mediaType":"m","platforms":[]}},"registryTags":[]}"#, true),
        ("{\"digests\":{\"d\":{\"firstSeen\":\"f\",\"mediaType\":\"m\",\"platforms\":[{\"architecture\":\"amd64\",\"created\":null,\n\t\"digest\":\"p\",\"mediaType\":\"m\",\"os\":\"linux\",\"osVersion\":null,\"size\":-0,\"variant\":null}]}},\"repository\":\"r\",\"tags\":{\"t\":\"d\"}}", true),
        // Left to JSONDecoder: escapes, a fraction or exponent, a leading zero, an unknown
        // member, a key twice, a missing member, the wrong kind of value, a bare word.
        (#"{"repository":"demo\/x","tags":{},"digests":{}}"#, false),
        (#"{"repository":"demo/x","tags":{"a\u0062":"d"},"digests":{}}"#, false),
        (#"{"digests":{"d":{"firstSeen":"f","mediaType":"m","platforms":[{"architecture":"a","digest":"p","mediaType":"m","os":"linux","size":1.0}]}},"repository":"r","tags":{}}"#, false),
        (#"{"digests":{"d":{"firstSeen":"f","mediaType":"m","platforms":[{"architecture":"a","digest":"p","mediaType":"m","os":"linux","size":1e3}]}},"repository":"r","tags":{}}"#, false),
        (#"{"digests":{"d":{"firstSeen":"f","mediaType":"m","platforms":[{"architecture":"a","digest":"p","mediaType":"m","os":"linux","size":012}]}},"repository":"r","tags":{}}"#, false),
        (#"{"digests":{"d":{"firstSeen":"f","mediaType":"m","platforms":[{"architecture":"a","digest":"p","mediaType":"m","os":"linux","size":99999999999999999999}]}},"repository":"r","tags":{}}"#, false),
        (#"{"repository":"demo/x","tags":{},"digests":{},"extra":1}"#, false),
        (#"{"repository":"demo/x","repository":"demo/y","tags":{},"digests":{}}"#, false),
        (#"{"repository":"demo/x","tags":{"a":"d","a":"e"},"digests":{}}"#, false),
        (#"{"repository":"demo/x","digests":{}}"#, false),
        (#"{"repository":7,"tags":{},"digests":{}}"#, false),
        (#"{"repository":"demo/x","tags":{},"digests":{},"registryTags":[nul]}"#, false),
        (#"{"repository":"demo/x","tags":{},"digests":{}} x"#, false),
        // Values that recur from record to record, and others of the same length between them.
        (#"{"digests":{"d":{"firstSeen":"2026-12-01T00:00:00Z","mediaType":"m1","platforms":[{"architecture":"a","created":"2026-01-01T00:00:00Z","digest":"p","mediaType":"m1","os":"linux","size":1},{"architecture":"b","created":"2026-01-02T00:00:00Z","digest":"q","mediaType":"m2","os":"linux","size":2},{"architecture":"c","created":"2026-01-01T00:00:00Z","digest":"r","mediaType":"m1","os":"linux","size":3}]},"e":{"firstSeen":"2026-12-02T00:00:00Z","mediaType":"m2","platforms":[]}},"repository":"r","tags":{}}"#, true),
    ])
    func readsWhatItCanAndLeavesTheRestToJSONDecoder(_ json: String, read: Bool) {
        let bytes = ArraySlice(Array(json.utf8))
        let fast = RegistryImageDecoder.decode(bytes)
        #expect((fast != nil) == read, "\(json)")
        if let fast { #expect(fast == Self.reference(bytes), "\(json)") }
    }

    /// The file's other members, as `JSONDecoder` reads them into the head the loader wants.
    struct Head: Decodable, Equatable {
        let schemaVersion: Int?
        let registry: String?
        let namespace: String?
    }

    @Test(arguments: [
        ([#""namespace": "demo""#, #""registry": "https://r.example""#, #""schemaVersion": 1"#], true),
        ([#""schemaVersion":1"#, #""registry" : "http://127.0.0.1:5000" "#, #""namespace":"""#], true),
        // Left to JSONDecoder: an escape, a fraction, null, a member missing, one twice, an
        // unknown one, a value of another kind, something after the value.
        ([#""namespace": "demo""#, #""registry": "https:\/\/r.example""#, #""schemaVersion": 1"#], false),
        ([#""namespace": "demo""#, #""registry": "https://r.example""#, #""schemaVersion": 1.0"#], false),
        ([#""namespace": null"#, #""registry": "https://r.example""#, #""schemaVersion": 1"#], false),
        ([#""registry": "https://r.example""#, #""schemaVersion": 1"#], false),
        ([#""namespace": "a""#, #""namespace": "b""#, #""registry": "https://r.example""#, #""schemaVersion": 1"#], false),
        ([#""namespace": "demo""#, #""other": 1"#, #""registry": "https://r.example""#, #""schemaVersion": 1"#], false),
        ([#""namespace": 5"#, #""registry": "https://r.example""#, #""schemaVersion": 1"#], false),
        ([#""namespace": "demo" x"#, #""registry": "https://r.example""#, #""schemaVersion": 1"#], false),
    ])
    func readsTheHeadAsJSONDecoderDoesOrLeavesItToIt(_ members: [String], read: Bool) throws {
        let head = RegistryImageDecoder.head(members.map { ArraySlice(Array($0.utf8)) })
        #expect((head != nil) == read, "\(members)")
        let reference = try? JSONDecoder().decode(Head.self, from: Data(("{" + members.joined(separator: ",") + "}").utf8))
        if let head {
            #expect(Head(schemaVersion: head.schemaVersion, registry: head.registry, namespace: head.namespace) == reference)
        }
        // Whichever reads it, the file's head is what JSONDecoder makes of it; but a member given
        // twice, which JSONDecoder reads as the first and other readers as the last, is refused.
        let text = "{\n  \"images\": {},\n  " + members.joined(separator: ",\n  ") + "\n}\n"
        let names = members.map { $0.split(separator: ":", maxSplits: 1)[0].trimmingCharacters(in: .whitespaces) }
        if let reference, let registry = reference.registry, let namespace = reference.namespace, reference.schemaVersion == 1,
           Set(names).count == names.count {
            let decoded = try RegistryDataFile.decode(Array(text.utf8), path: "registry-data.json")
            #expect(decoded.registry == registry && decoded.namespace == namespace, "\(members)")
        } else {
            #expect(throws: DiagnosticError.self) { try RegistryDataFile.decode(Array(text.utf8), path: "registry-data.json") }
        }
    }

    @Test func bytesThatAreNotUTF8AreLeftToJSONDecoder() {
        var bytes = Array(#"{"repository":"demo/x","tags":{},"digests":{}}"#.utf8)
        bytes[16] = 0xFF
        #expect(RegistryImageDecoder.decode(ArraySlice(bytes)) == nil)
    }

    /// Strings are read eight bytes at a time up to the first byte that may end them: a
    /// quote, an escape, a control character, or bytes beyond ASCII, at every place in and
    /// around those eight bytes, are read as `JSONDecoder` reads them or left to it.
    @Test func stringsAreReadAsJSONDecoderReadsThemWhereverTheirBytesFall() {
        let specials: [(bytes: [UInt8], read: Bool)] = [
            (Array("é".utf8), true), (Array("日本".utf8), true), ([0x7F], true),
            (Array(#"""#.utf8), false), (Array(#"\"#.utf8), false), ([0x09], false), ([0x1F], false),
            ([0xFF], false), ([0xC3], false), ([0xE6, 0x97], false),
        ]
        for (special, read) in specials {
            for before in 0..<18 {
                for after in [0, 1, 7, 8, 9] {
                    let text = Array(repeating: UInt8(ascii: "a"), count: before) + special + Array(repeating: UInt8(ascii: "b"), count: after)
                    // In a value (the repository) and in a key (a tag), behind any indentation.
                    for (head, tail) in [(#"{"repository":""#, #"","tags":{},"digests":{}}"#), (#"{"repository":"r","tags":{""#, #"":"d"},"digests":{}}"#)] {
                        let bytes = ArraySlice(Array(head.utf8) + text + Array(tail.utf8))
                        let fast = RegistryImageDecoder.decode(bytes)
                        #expect((fast != nil) == read, "\(special) after \(before) bytes")
                        if let fast { #expect(fast == Self.reference(bytes), "\(special) after \(before) bytes") }
                    }
                }
            }
        }
    }

    /// Random damage to real parts: a byte replaced by one JSON cares about, a byte dropped, a
    /// run repeated. Whatever the decoder still reads must be what JSONDecoder reads.
    @Test func damagedPartsAreReadAsJSONDecoderReadsThemOrNotAtAll() throws {
        let parts = try Self.parts().map { Array($0.bytes) }.filter { $0.count < 20_000 }
        let significant = Array(#"{}[],:"\ 0129-.eanul"#.utf8) + [0x0A, 0x09, 0x00, 0xC3]
        var random = SplitMix64(seed: 20)
        var read = 0
        for round in 0..<3000 {
            var bytes = parts[round % parts.count]
            for _ in 0...(round % 3) {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[at] = significant[Int(random.next() % UInt64(significant.count))]
                case 1: bytes.remove(at: at)
                default:
                    let end = min(bytes.count, at + 1 + Int(random.next() % 40))
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                }
            }
            guard let fast = RegistryImageDecoder.decode(ArraySlice(bytes)) else { continue }
            read += 1
            let reference = Self.reference(bytes)
            #expect(reference != nil && fast == reference, "round \(round): \(String(decoding: bytes, as: UTF8.self).prefix(300))")
        }
        // Some damage leaves JSON of the same shape (a digit for a digit, a letter in a string).
        #expect(read > 100, "\(read) damaged parts still read")
    }
}
