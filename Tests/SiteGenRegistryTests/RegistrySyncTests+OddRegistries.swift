import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SiteGen
import SiteGenRegistry
import Testing
import TestSupport

/// Registries (or proxies and caches in front of them) that answer otherwise than the spec's
/// happy path: the sync records what it can and says what it left out, and never empties or
/// stops on what the next sync would meet again.
extension RegistrySyncTests {
    /// A proxy that refuses manifest HEADs (404, or 405 Method Not Allowed; GETs go through):
    /// the tags the tag list has are asked with a GET, and the file keeps its records, on the
    /// first sync and the next.
    @Test(arguments: [404, 405])
    func manifestHEADsRefusedByAProxyAreAskedAgainWithGET(status: Int) async throws {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "1", platforms: ["linux/amd64"])
        try registry.push("demo/lumen", tag: "2", platforms: ["linux/amd64", "linux/arm64/v8"])
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--head-status", String(status)])
        let library = try Self.library(["lumen": [(["1"], ["amd64"]), (["2"], ["amd64", "arm64v8"])]])
        let data = try Self.dataFile()
        let first = try await Self.sync(proxy.address, library: library, data: data)
        #expect(first.resolved == 2 && first.newDigests == 2 && first.missingTags.isEmpty, "\(first.line)")
        let written = try Data(contentsOf: data)
        let again = try await Self.sync(proxy.address, library: library, data: data, now: "2026-12-02T10:00:00Z")
        #expect(again.resolved == 2 && again.newDigests == 0, "\(again.line)")
        #expect(try Data(contentsOf: data) == written)
        let lumen = try #require(try RegistryDataFile.load(data.path).images["lumen"])
        #expect(lumen.record(ofTag: "2")?.platforms.map(\.architecture) == ["amd64", "arm64"])
    }

    /// An index naming a platform manifest the registry no longer has (deleted, or expired by
    /// a lifecycle rule): its tags are left out with a warning, every other image and tag is
    /// recorded, and the next sync gets as far (it stopped there, on every run, before).
    @Test func anIndexNamingAManifestTheRegistryLacksLeavesOnlyItsTagsOut() async throws {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "1", platforms: ["linux/amd64"])
        try registry.push("demo/lumen", tag: "2", platforms: ["linux/amd64", "linux/arm64/v8"])
        try registry.push("demo/beacon", tag: "1", platforms: ["linux/amd64"])
        let index = try JSONSerialization.jsonObject(with: try registry.raw("demo/lumen", "2")) as? [String: Any]
        let child = try #require((index?["manifests"] as? [[String: Any]])?.last?["digest"] as? String)
        var request = URLRequest(url: try #require(URL(string: "\(registry.address)/v2/demo/lumen/manifests/\(child)")))
        request.httpMethod = "DELETE"
        let (_, answer) = try await URLSession.shared.data(for: request)
        #expect((answer as? HTTPURLResponse)?.statusCode == 202)
        let library = try Self.library(["lumen": [(["1"], ["amd64"]), (["2"], ["amd64", "arm64v8"])], "beacon": [(["1"], ["amd64"])]])
        let data = try Self.dataFile()
        for run in 0..<2 {
            let summary = try await Self.sync(registry.address, library: library, data: data)
            #expect(summary.resolved == 2, "run \(run): \(summary.line)")
            let left = try #require(summary.unusableTags.first)
            #expect(summary.unusableTags.count == 1 && left.tag == "lumen:2", "\(summary.unusableTags)")
            #expect(left.reason == "it names a manifest the registry does not have (404 Not Found): deleted, or expired, after it was pushed")
            let file = try RegistryDataFile.load(data.path)
            #expect(file.images["lumen"]?.record(ofTag: "1") != nil && file.images["lumen"]?.record(ofTag: "2") == nil)
            #expect(file.images["beacon"]?.record(ofTag: "1") != nil)
        }
    }

    /// An index whose entries give no `platform` (optional in OCI): each image's platform is
    /// read from its configuration, as for a tag that names one image (or taken from the
    /// record of another tag naming the same image); an entry without a platform that is no
    /// image (here an index, its media type not said) is left out, not the tag.
    @Test func anIndexEntryWithoutPlatformTakesItFromTheImagesConfiguration() async throws {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "2", platforms: ["linux/amd64", "linux/arm64/v8"])
        let raw = try registry.raw("demo/lumen", "2")
        let index = try #require(try JSONSerialization.jsonObject(with: raw) as? [String: Any])
        let entries = index["manifests"] as? [[String: Any]] ?? []
        func put(_ tag: String, _ manifests: [[String: Any]]) async throws {
            var request = URLRequest(url: try #require(URL(string: "\(registry.address)/v2/demo/lumen/manifests/\(tag)")))
            request.httpMethod = "PUT"
            request.setValue("application/vnd.oci.image.index.v1+json", forHTTPHeaderField: "Content-Type")
            var body = index
            body["manifests"] = manifests
            request.httpBody = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
            let (_, answer) = try await URLSession.shared.data(for: request)
            #expect((answer as? HTTPURLResponse)?.statusCode == 201, "PUT \(tag)")
        }
        try await put("bare", entries.map { $0.filter { $0.key != "platform" } })
        let nested: [String: Any] = ["digest": try Self.digest(raw), "size": raw.count]
        try await put("nested", [entries[0], nested])

        // Alone: the platforms come from the configurations.
        let alone = try Self.dataFile()
        let first = try await Self.sync(registry.address, library: try Self.library(["lumen": [(["bare"], ["amd64", "arm64v8"])]]), data: alone)
        #expect(first.resolved == 1 && first.unusableTags.isEmpty, "\(first.line)")
        let bare = try #require(try RegistryDataFile.load(alone.path).images["lumen"]?.record(ofTag: "bare"))
        #expect(bare.platforms.map { [$0.os, $0.architecture, $0.variant ?? ""] } == [["linux", "amd64", ""], ["linux", "arm64", "v8"]])

        // After `2`, whose images it names: taken from `2`'s record, the same values.
        let after = try Self.dataFile()
        _ = try await Self.sync(registry.address, library: try Self.library(["lumen": [(["2"], ["amd64", "arm64v8"])]]), data: after)
        let both = try await Self.sync(registry.address, library: try Self.library(["lumen": [(["2"], ["amd64", "arm64v8"]), (["bare", "nested"], ["amd64", "arm64v8"])]]),
                                       data: after)
        #expect(both.resolved == 3 && both.unusableTags.isEmpty, "\(both.line)")
        let lumen = try #require(try RegistryDataFile.load(after.path).images["lumen"])
        let stated = try #require(lumen.record(ofTag: "2"))
        #expect(lumen.record(ofTag: "bare")?.platforms == stated.platforms)
        #expect(bare.platforms == stated.platforms, "read from the configurations as the index states them")
        #expect(lumen.record(ofTag: "nested")?.platforms == [stated.platforms[0]], "the nested index is not an image")
    }
}
