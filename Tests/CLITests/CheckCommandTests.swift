import Foundation
import Testing
import TestSupport

/// `sitegen check` end to end: exit codes, text and JSON output.
@Suite struct CheckCommandTests {
    static func arguments(_ content: URL) -> [String] {
        ["check", "--docs", content.appendingPathComponent("docs").path, "--library", content.appendingPathComponent("library").path]
    }

    @Test func demoContentIsClean() throws {
        let run = try ProgramRun.run(ReadmeCommandTests.sitegen, Self.arguments(TestPaths.packageRoot.appendingPathComponent("content")))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError == "0 errors, 0 warnings\n")
    }

    @Test func problemsAreReportedAsJSONWithExitStatus() throws {
        let content = try ReadmeCommandTests.writableCopy(of: TestPaths.packageRoot.appendingPathComponent("content"), label: "check")
        defer { try? FileManager.default.removeItem(at: content.deletingLastPathComponent()) }
        let docs = content.appendingPathComponent("docs")
        try (String(repeating: "A very long description. ", count: 6) + "\n").write(to: docs.appendingPathComponent("beacon/README-short.txt"), atomically: true, encoding: .utf8)
        try "{\"hub\": {\"categories\": [\"web-servers\", \"networking\"]}}\n".write(to: docs.appendingPathComponent("lumen/metadata.json"), atomically: true, encoding: .utf8)

        let run = try ProgramRun.run(ReadmeCommandTests.sitegen, Self.arguments(content) + ["--format", "json"])
        #expect(run.status == 1)
        let objects = try #require(try JSONSerialization.jsonObject(with: run.standardOutput) as? [[String: Any]])
        let ids = objects.compactMap { $0["id"] as? String }
        #expect(ids.contains("docs.short-description-too-long"))
        #expect(ids.contains("metadata.categories-unsorted"))
        let long = try #require(objects.first { $0["id"] as? String == "docs.short-description-too-long" })
        #expect(long["severity"] as? String == "error")
        #expect((long["file"] as? String)?.hasSuffix("beacon/README-short.txt") == true)
        #expect(long["line"] as? Int == 1)
        #expect(long["hint"] != nil)
    }

    @Test func warningsFailOnlyWithStrict() throws {
        let content = try ReadmeCommandTests.writableCopy(of: TestPaths.packageRoot.appendingPathComponent("content"), label: "strict")
        defer { try? FileManager.default.removeItem(at: content.deletingLastPathComponent()) }
        try "{\"hub\": {\"categories\": [\"web-servers\", \"networking\"]}}\n".write(to: content.appendingPathComponent("docs/lumen/metadata.json"), atomically: true, encoding: .utf8)
        let lenient = try ProgramRun.run(ReadmeCommandTests.sitegen, Self.arguments(content))
        #expect(lenient.status == 0)
        #expect(lenient.standardError.contains("lumen/metadata.json: warning: categories are not sorted"))
        let strict = try ProgramRun.run(ReadmeCommandTests.sitegen, Self.arguments(content) + ["--strict"])
        #expect(strict.status == 1)
    }
}
