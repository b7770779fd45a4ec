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
    ])
    func readsWhatItCanAndLeavesTheRestToJSONDecoder(_ json: String, read: Bool) {
        let bytes = ArraySlice(Array(json.utf8))
        let fast = RegistryImageDecoder.decode(bytes)
        #expect((fast != nil) == read, "\(json)")
        if let fast { #expect(fast == Self.reference(bytes), "\(json)") }
    }

    @Test func bytesThatAreNotUTF8AreLeftToJSONDecoder() {
        var bytes = Array(#"{"repository":"demo/x","tags":{},"digests":{}}"#.utf8)
        bytes[16] = 0xFF
        #expect(RegistryImageDecoder.decode(ArraySlice(bytes)) == nil)
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
