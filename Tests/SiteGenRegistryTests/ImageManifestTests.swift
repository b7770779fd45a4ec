import Foundation
import SiteGen
import Testing
@testable import SiteGenRegistry

/// Sizes come from the network: a manifest whose sizes are negative, or add up past what an
/// `Int` holds, leaves its tag out (``RegistryError/unusable(address:reason:)``) rather than
/// stopping the process on an overflow.
@Suite struct ImageManifestTests {
    static let address = "https://registry.example.org/v2/library/lumen/manifests/sha256:1"

    /// An OCI image manifest with a configuration of `config` bytes and layers of `layers`.
    static func manifest(config: Int, layers: [Int]) throws -> (ImageManifest.Descriptor, ImageManifest.Summary) {
        let digest = "sha256:" + String(repeating: "a", count: 64)
        let layerList = layers.map { #"{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"\#(digest)","size":\#($0)}"# }
        let json = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","#
            + #""config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(digest)","size":\#(config)},"#
            + #""layers":[\#(layerList.joined(separator: ","))]}"#
        let document = try #require(ImageManifest.decode(ImageManifest.Document.self, Array(json.utf8)), "\(json)")
        let summary = ImageManifest.Summary(document)
        return (try #require(summary.config), summary)
    }

    static func size(config: Int, layers: [Int]) throws -> Result<Int, RegistryError> {
        let (descriptor, summary) = try manifest(config: config, layers: layers)
        return Result(catching: { () throws(RegistryError) -> Int in try RegistrySync.size(descriptor, summary, address: address) })
    }

    @Test func layerSizesThatAddUpPast64BitsMakeTheManifestUnusable() throws {
        let (_, summary) = try Self.manifest(config: 100, layers: [Int.max, 1])
        #expect(summary.layersSize == .failure(.overflow))
        #expect(try Self.size(config: 100, layers: [Int.max, 1])
                    == .failure(.unusable(address: Self.address, reason: "sizes that add up past 64 bits")))
        #expect(try Self.size(config: 100, layers: [Int.max - 50, 1])
                    == .failure(.unusable(address: Self.address, reason: "sizes that add up past 64 bits")),
                "the layers fit; with the configuration they do not")
        #expect(try Self.size(config: Int.max, layers: []) == .success(Int.max))
    }

    @Test func aNegativeSizeMakesTheManifestUnusable() throws {
        #expect(try Self.size(config: -1, layers: [10]) == .failure(.unusable(address: Self.address, reason: "a negative size")))
        #expect(try Self.size(config: 10, layers: [5, -5]) == .failure(.unusable(address: Self.address, reason: "a negative size")))
    }

    @Test func sizesAreTheConfigurationAndLayersAddedUp() throws {
        #expect(try Self.size(config: 1_200, layers: [30_000_000, 4_500]) == .success(30_005_700))
        #expect(try Self.size(config: 7, layers: []) == .success(7))
    }
}
