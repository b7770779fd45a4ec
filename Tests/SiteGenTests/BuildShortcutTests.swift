import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// The pieces the speed work rests on: each must give exactly what the slow way gave.
@Suite struct BuildShortcutTests {
    @Test func fingerprintOfPiecesEqualsFingerprintOfTheJoinedBytes() {
        var generator = SplitMix64(seed: 0x5173_0004)
        for _ in 0..<200 {
            let count = Int.random(in: 0...6, using: &generator)
            let pieces = (0..<count).map { _ in
                (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            }
            #expect(Fingerprint.ofContents(pieces: pieces) == Fingerprint.ofContents(pieces.flatMap { $0 }))
        }
        #expect(Fingerprint.ofContents(pieces: []) == Fingerprint.ofContents([]))
        // Pieces that end inside and across 32-byte blocks, many blocks long.
        for _ in 0..<200 {
            let pieces = (0..<Int.random(in: 1...5, using: &generator)).map { _ in
                (0..<Int.random(in: 0...150, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            }
            #expect(Fingerprint.ofContents(pieces: pieces) == Fingerprint.ofContents(pieces.flatMap { $0 }))
        }
    }

    /// Every byte counts, in its place: a fingerprint changes when any one byte of a long text
    /// does, or when two words trade places.
    @Test func fingerprintSeesEveryByte() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        let original = Fingerprint.ofContents(bytes)
        for index in bytes.indices {
            var changed = bytes
            changed[index] ^= 1
            #expect(Fingerprint.ofContents(changed) != original, "byte \(index)")
        }
        var swapped = bytes
        swapped.swapAt(0, 8)
        #expect(Fingerprint.ofContents(swapped) != original)
        #expect(Fingerprint.ofContents(Array(bytes.dropLast())) != original)
    }

    @Test func byteSearchFindsWhatAScanFinds() {
        let text = Array("<h2>a</h2>\n<h3 id=x>é<h4".utf8)
        text.withUnsafeBufferPointer { bytes in
            #expect(ByteSearch.find(Array("<h".utf8), in: bytes, from: 0) == 0)
            #expect(ByteSearch.find(Array("<h".utf8), in: bytes, from: 1) == 11)
            #expect(ByteSearch.find(Array("<h4".utf8), in: bytes, from: 0) == text.count - 3)
            #expect(ByteSearch.find(Array("</h5>".utf8), in: bytes, from: 0) == nil)
            #expect(ByteSearch.find(Array("<h".utf8), in: bytes, from: text.count) == nil)
            #expect(ByteSearch.find(Array("<h".utf8), in: bytes, from: text.count + 1) == nil)
        }
        #expect(ByteSearch.contains("a%%B%%c", "%%"))
        #expect(!ByteSearch.contains("a%B%c", "%%"))
    }

    @Test func onlyPlainRelativePathsSkipTheCleaner() {
        for path in ["index.html", "a/b/index.html", "a.b/.c/..d/x", "...", "a/.../b"] {
            #expect(SiteWriter.isPlainRelativePath(path), "\(path)")
            #expect(PathCleaner.clean(path) == path, "\(path)")
        }
        for path in ["", ".", "..", "/a", "a/", "a//b", "./a", "a/./b", "a/../b", "../a", "a/..", "a/."] {
            #expect(!SiteWriter.isPlainRelativePath(path), "\(path)")
        }
    }

    @Test func statCacheRoundTripsAndTrustsOnlySettledFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stat-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("content.md").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: file))
        var status = stat()
        #expect(lstat(file, &status) == 0)
        let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)

        var cache = InputStatCache()
        // Changed just now: not trusted, so not kept.
        cache.record(path: file, status: status, fingerprint: 42, before: modified + 1_000_000)
        #expect(cache.fingerprint(path: file, status: status) == nil)
        // Changed well before the stamp: kept, and found again after a write and a read.
        cache.record(path: file, status: status, fingerprint: 42, before: modified + InputStatCache.settledMargin + 1_000_000_000)
        cache.record(path: "/before/1970", status: status, fingerprint: UInt64.max, before: Int64.max)
        let parsed = try #require(InputStatCache.parse(cache.encoded()))
        #expect(parsed == cache.entries)
        #expect(cache.fingerprint(path: file, status: status) == 42)

        // Any change of size or times makes the entry useless.
        var changed = status
        changed.st_size += 1
        #expect(cache.fingerprint(path: file, status: changed) == nil)
        changed = status
        changed.st_ctim.tv_nsec = (changed.st_ctim.tv_nsec + 1) % 1_000_000_000
        #expect(cache.fingerprint(path: file, status: changed) == nil)

        // A damaged file is no cache at all, never a crash.
        #expect(InputStatCache.parse(Array("sitegen-inputs 4\n1 2 3".utf8)) == nil)
        #expect(InputStatCache.parse(Array("sitegen-inputs 4\n1 -9223372036854775808 3 4 5 p\n".utf8)) != nil)
        #expect(InputStatCache.parse(Array("sitegen-inputs 2 x\n".utf8)) == nil, "an older cache is no cache")
        #expect(InputStatCache.parse(Array("nonsense".utf8)) == nil)
    }

    /// A cold build scans its inputs while it reads them. The record may vouch for the site
    /// only if nothing the scan looked at changed while the build ran, nor in the seconds
    /// before (whose times might not move on a second change).
    @Test func scanMadeAlongsideTheBuildHoldsOnlyWhileTheInputsStayPut() async throws {
        let edited = try IncrementalBuildTests.copyOfContent()
        let added = try IncrementalBuildTests.copyOfContent()
        defer {
            try? FileManager.default.removeItem(at: edited)
            try? FileManager.default.removeItem(at: added)
        }
        let fresh = ChangeDetector(options: IncrementalBuildTests.options(edited, into: "site"), observing: true)
        #expect(!fresh.unchangedSinceScanned(jobs: 2), "files copied a moment ago vouch for nothing")
        #expect(!ChangeDetector(options: IncrementalBuildTests.options(edited, into: "site")).unchangedSinceScanned(jobs: 2),
                "a scan that did not observe cannot tell")

        try await Task.sleep(for: .milliseconds(Int(InputStatCache.settledMargin / 1_000_000) + 300))
        let editedStamp = ChangeDetector(options: IncrementalBuildTests.options(edited, into: "site"), observing: true)
        let addedStamp = ChangeDetector(options: IncrementalBuildTests.options(added, into: "site"), observing: true)
        #expect(editedStamp.unchangedSinceScanned(jobs: 2))
        #expect(addedStamp.unchangedSinceScanned(jobs: 2))
        let plain = ChangeDetector(options: IncrementalBuildTests.options(edited, into: "site"))
        #expect(editedStamp.record == plain.record, "observing changes no record")

        // The same length, so only the file's times tell.
        let content = edited.appendingPathComponent("content/docs/lumen/content.md")
        var bytes = try Data(contentsOf: content)
        bytes[0] = bytes[0] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        try bytes.write(to: content)
        #expect(!editedStamp.unchangedSinceScanned(jobs: 2), "an edited file")

        try "new\n".write(to: added.appendingPathComponent("content/docs/lumen/variant-new.md"), atomically: false, encoding: .utf8)
        #expect(!addedStamp.unchangedSinceScanned(jobs: 2), "a file added to an image folder")
    }
}
