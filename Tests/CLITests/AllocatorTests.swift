import Foundation
import Testing
import TestSupport

/// The `sitegen` executable runs on mimalloc on Linux (Package.swift links it, ahead of the C
/// library, so its `malloc` is the one every allocation reaches): a link that lost it would
/// still build and pass every other test, only slower.
@Suite struct AllocatorTests {
    @Test func sitegenAllocatesWithMimalloc() throws {
        #if os(Linux)
        // mimalloc prints its statistics at exit when asked: only if it served the process.
        let run = try ProgramRun.run("env", ["MIMALLOC_SHOW_STATS=1", TestPaths.sitegen, "--help"])
        #expect(run.status == 0)
        #expect(run.standardError.contains("heap stats"), "no mimalloc statistics: \(run.standardError.prefix(300))")
        #endif
    }
}
