import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// ``RegistryDataRead``: a cold build's change detection and load share one read of the
/// registry data file, and the record made from it is the record a read of its own makes.
@Suite struct RegistryDataReadTests {
    @Test func everyCallerGetsTheOneRead() throws {
        let folder = try TestPaths.temporaryFolder("registry-read")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("registry-data.json").path
        let bytes = RegistryDataTests.demoData().encoded()
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let read = RegistryDataRead(path: path)
        let callers = 8
        let seen = ParallelMap.map(Array(0..<callers), jobs: callers) { _ in read.value().map { ($0.bytes, $0.sections?.images.count) } }
        for value in seen {
            #expect(value?.0 == bytes && value?.1 == RegistryDataTests.demoData().images.count)
        }
        // Read once: the file as it was when first asked, whatever it holds now.
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(read.value()?.bytes == bytes)

        // A file that cannot be read gives nothing, to every caller.
        let missing = RegistryDataRead(path: folder.appendingPathComponent("nothing.json").path)
        #expect(missing.value() == nil && missing.value() == nil)
    }

    @Test func theSharedReadGivesTheRecordAReadOfItsOwnGives() throws {
        let folder = try TestPaths.temporaryFolder("registry-read-record")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("registry-data.json").path
        let data = RegistryDataTests.demoData()
        try Data(data.encoded()).write(to: URL(fileURLWithPath: path))
        let names = data.images.keys.sorted() + ["nothing"]

        let own = RegistryDataLayoutTests.walk(path, names: names)
        let shared = RegistryDataLayoutTests.walk(path, names: names, read: RegistryDataRead(path: path))
        #expect(shared.images == own.images && !shared.images.isEmpty)
        #expect(shared.layout?.images == own.layout?.images && shared.layout?.site == own.layout?.site)
        #expect(shared.walker.next == own.walker.next, "the same stat cache for the build after")
        // And the load decodes the same data from it.
        let read = RegistryDataRead(path: path)
        #expect(try RegistryDataFile.load(path, images: nil, layout: nil, read: read) == RegistryDataFile.load(path))
    }
}
