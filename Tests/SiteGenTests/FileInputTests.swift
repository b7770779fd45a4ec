import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// ``FileInput``: whole files read in one go into memory it does not zero first, whatever the
/// size it was told to expect.
@Suite struct FileInputTests {
    static func file(_ bytes: [UInt8], in folder: URL, named name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test func aFileReadsWholeWhateverSizeWasExpected() throws {
        let folder = try TestPaths.temporaryFolder("file-input")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Past the first read's size and the 64 KB blocks after it, with every byte value.
        let large = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        let path = try Self.file(large, in: folder, named: "large")
        #expect(FileInput.read(path) == large)
        #expect(FileInput.read(path, sizeHint: 3) == large, "a file longer than expected (grown since its stat)")
        #expect(FileInput.read(path, sizeHint: 1_000_000) == large, "a file shorter than expected")
        let empty = try Self.file([], in: folder, named: "empty")
        #expect(FileInput.read(empty) == [])
        #expect(FileInput.read(empty, sizeHint: 10) == [])
        #expect(FileInput.read(folder.appendingPathComponent("missing").path) == nil)
    }

    @Test func aLimitedReadTakesAFileOfTheLimitAndRefusesOneLarger() throws {
        let folder = try TestPaths.temporaryFolder("file-input-limit")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = Array("0123456789".utf8)
        let path = try Self.file(bytes, in: folder, named: "ten")
        guard case .bytes(let read) = FileInput.read(path, limit: 10) else { Issue.record("not read at its limit"); return }
        #expect(read == bytes)
        guard case .tooLarge(let size) = FileInput.read(path, limit: 9) else { Issue.record("not refused past its limit"); return }
        #expect(size == 10)
        #expect(FileInput.head(path, count: 4) == Array("0123".utf8))
        #expect(FileInput.head(path, count: 40) == bytes)
    }
}
