import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// ``RegistryDataRead``: a cold build's change detection and load share one read of the
/// registry data file, and the record made from it describes the bytes the load decoded.
@Suite struct RegistryDataReadTests {
    static func file(_ name: String, _ bytes: [UInt8]) throws -> (folder: URL, path: String) {
        let folder = try TestPaths.temporaryFolder(name)
        let path = folder.appendingPathComponent("registry-data.json").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (folder, path)
    }

    @Test func theTwoReadersShareOneReadAndLetItGo() throws {
        let bytes = RegistryDataTests.demoData().encoded()
        let (folder, path) = try Self.file("registry-read", bytes)
        defer { try? FileManager.default.removeItem(at: folder) }

        // The second reader gets the bytes the first read, whatever the file holds by then.
        let read = RegistryDataRead(path: path)
        #expect(read.value()?.bytes == bytes)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        let second = read.value()
        #expect(second?.bytes == bytes && second?.sections?.images.count == RegistryDataTests.demoData().images.count)
        // Then it is let go: a later caller reads the file as it is.
        #expect(read.value()?.bytes == Array("{}".utf8))

        // Two readers at once: one read, the same bytes for both.
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for _ in 0..<20 {
            let shared = RegistryDataRead(path: path)
            let seen = ParallelMap.map([0, 1], jobs: 2) { _ in shared.value()?.bytes }
            #expect(seen[0] == bytes && seen[1] == bytes)
        }

        // A file that cannot be read gives nothing; a read nobody asks for is dropped quietly.
        let missing = RegistryDataRead(path: folder.appendingPathComponent("nothing.json").path)
        #expect(missing.value() == nil && missing.value() == nil)
        _ = RegistryDataRead(path: path)
    }

    @Test func theSharedReadGivesTheRecordAReadOfItsOwnGives() throws {
        let data = RegistryDataTests.demoData()
        let (folder, path) = try Self.file("registry-read-record", data.encoded())
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = data.images.keys.sorted() + ["nothing"]

        let own = RegistryDataLayoutTests.walk(path, names: names)
        let shared = RegistryDataLayoutTests.walk(path, names: names, read: RegistryDataRead(path: path))
        #expect(shared.images == own.images && !shared.images.isEmpty)
        #expect(shared.layout?.images == own.layout?.images && shared.layout?.site == own.layout?.site)
        #expect(shared.walker.next == own.walker.next, "the same stat cache for the build after")
        // And the load decodes the same data from it.
        #expect(try RegistryDataFile.load(path, images: nil, layout: nil, read: RegistryDataRead(path: path)) == RegistryDataFile.load(path))
    }

    /// The file changes after the load read it and before the scan looks: the scan records the
    /// bytes the load read, under the status they had, and the end-of-build check then finds the
    /// file changed, so the record is not kept.
    @Test func aFileChangedBetweenTheLoadsReadAndTheScanIsNotVouchedFor() throws {
        let data = RegistryDataTests.demoData()
        let (folder, path) = try Self.file("registry-read-race", data.encoded())
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = data.images.keys.sorted()
        let before = RegistryDataLayoutTests.walk(path, names: names)

        let read = RegistryDataRead(path: path)
        let loaded = try #require(read.value())
        var changed = data
        changed.images[names[0]]?.registryTags = ["moved"]
        try Data(changed.encoded()).write(to: URL(fileURLWithPath: path))
        var status = stat()
        #expect(stat(path, &status) == 0)
        #expect(!InputStatCache.Entry(status, fingerprint: 0).matches(InputStatCache.Entry(loaded.status, fingerprint: 0)))

        var walker = InputWalker(previous: InputStatCache(), started: Int64(Date().timeIntervalSince1970 + 10) * 1_000_000_000,
                                 observing: true)
        let (_, images, _) = walker.addRegistryData(path, images: names, read: read)
        #expect(images == before.images, "the bytes the load read")
        let observed = try #require(walker.observed[path])
        #expect(observed.matches(InputStatCache.Entry(loaded.status, fingerprint: 0)), "under their status")
        #expect(!observed.matches(InputStatCache.Entry(status, fingerprint: 0)), "which the end-of-build check no longer finds")
    }
}
