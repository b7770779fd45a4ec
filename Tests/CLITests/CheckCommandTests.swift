import Foundation
import Testing
import TestSupport

/// `sitegen check` end to end: exit codes, text and JSON output.
@Suite struct CheckCommandTests {
    static func arguments(_ content: URL) -> [String] {
        ["check", "--docs", content.appendingPathComponent("docs").path, "--library", content.appendingPathComponent("library").path]
    }

    /// The last line of a command's standard error: its summary.
    static func summary(of standardError: String) -> String {
        String(standardError.split(separator: "\n").last ?? "")
    }

    /// A command's standard error without its summary line.
    static func withoutSummary(_ standardError: String) -> String {
        var lines = standardError.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        if !lines.isEmpty { lines.removeLast() }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    @Test func demoContentIsClean() throws {
        let run = try ProgramRun.run(ReadmeCommandTests.sitegen, Self.arguments(TestPaths.packageRoot.appendingPathComponent("content")))
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.hasPrefix("checked ") && run.standardError.contains(": 0 errors, 0 warnings in "),
                "\(run.standardError)")
        #expect(run.standardError.split(separator: "\n").count == 1, "one summary line and nothing else")
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

    @Test func markdownLintsCarryLineAndColumnInTextAndJSON() throws {
        let content = try ReadmeCommandTests.writableCopy(of: TestPaths.packageRoot.appendingPathComponent("content"), label: "columns")
        defer { try? FileManager.default.removeItem(at: content.deletingLastPathComponent()) }
        let file = content.appendingPathComponent("docs/lumen/content.md")
        let original = try String(contentsOf: file, encoding: .utf8)
        let line = original.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        try (original + "\nSee [the options](#nowhere) and %%IMAGES%%.\n").write(to: file, atomically: true, encoding: .utf8)

        let text = try ProgramRun.run(ReadmeCommandTests.sitegen, Self.arguments(content))
        #expect(text.status == 0)
        #expect(text.standardError.contains("lumen/content.md:\(line):5: warning: link to `#nowhere`: no heading of the README or of the image's page has that anchor\n  hint: "))
        #expect(text.standardError.contains("lumen/content.md:\(line):33: warning: unknown placeholder %%IMAGES%%"))
        #expect(Self.summary(of: text.standardError).contains(": 0 errors, 2 warnings in "))

        let json = try ProgramRun.run(ReadmeCommandTests.sitegen, Self.arguments(content) + ["--format", "json"])
        let objects = try #require(try JSONSerialization.jsonObject(with: json.standardOutput) as? [[String: Any]])
        let anchor = try #require(objects.first { $0["id"] as? String == "markdown.broken-anchor" })
        #expect(anchor["line"] as? Int == line)
        #expect(anchor["column"] as? Int == 5)
        #expect(anchor["severity"] as? String == "warning")
        #expect((anchor["file"] as? String)?.hasSuffix("lumen/content.md") == true)
        let placeholder = try #require(objects.first { $0["id"] as? String == "readme.unknown-placeholder" })
        #expect(placeholder["column"] as? Int == 33)
    }

    @Test func buildPrintsTheSameLintsAsCheckEveryTime() throws {
        let content = try ReadmeCommandTests.writableCopy(of: TestPaths.packageRoot.appendingPathComponent("content"), label: "build-lints")
        defer { try? FileManager.default.removeItem(at: content.deletingLastPathComponent()) }
        try "## musl\n".write(to: content.appendingPathComponent("docs/lumen/variant-musl.md"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: content.appendingPathComponent("docs/beacon/logo.svg"))
        let check = try ProgramRun.run(ReadmeCommandTests.sitegen, Self.arguments(content))
        #expect(check.status == 0)
        #expect(Self.summary(of: check.standardError).contains(": 0 errors, 2 warnings in "))
        let lints = Self.withoutSummary(check.standardError)
        #expect(lints.contains("lumen/variant-musl.md: warning: variant-musl.md is not used"))
        #expect(lints.contains("docs/beacon: warning: the image has no logo"))

        var arguments = Self.arguments(content)
        arguments[0] = "build"
        arguments += ["--output", content.deletingLastPathComponent().appendingPathComponent("site").path]
        let build = try ProgramRun.run(ReadmeCommandTests.sitegen, arguments)
        #expect(build.status == 0, "\(build.standardError)")
        #expect(Self.withoutSummary(build.standardError) == lints)
        #expect(Self.summary(of: build.standardError).hasPrefix("built "))
        // Nothing changed: the build renders nothing and still reports them.
        let again = try ProgramRun.run(ReadmeCommandTests.sitegen, arguments)
        #expect(again.status == 0)
        #expect(Self.withoutSummary(again.standardError) == lints)
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

extension CheckCommandTests {
    /// `--no-registry-data` turns off the file sitegen.yml names (here a file that is not
    /// there, which is a warning); an empty `--registry-data` is a usage error, not a path.
    @Test func noRegistryDataTurnsOffTheSettingsFile() throws {
        let folder = try TestPaths.temporaryFolder("no-registry-data")
        let content = TestPaths.packageRoot.appendingPathComponent("content")
        try """
        docs: \(content.appendingPathComponent("docs").path)
        library: \(content.appendingPathComponent("library").path)
        registry:
          data: not-synced-yet.json
        """.write(to: folder.appendingPathComponent("sitegen.yml"), atomically: true, encoding: .utf8)
        let configured = try ProgramRun.run(ReadmeCommandTests.sitegen, ["check"], in: folder)
        #expect(configured.standardError.contains("registry data file sitegen.yml names does not exist"), "\(configured.standardError)")
        let off = try ProgramRun.run(ReadmeCommandTests.sitegen, ["check", "--no-registry-data"], in: folder)
        #expect(off.status == 0 && off.standardError.contains(": 0 errors, 0 warnings in "), "\(off.standardError)")
        let empty = try ProgramRun.run(ReadmeCommandTests.sitegen, ["check", "--registry-data", ""], in: folder)
        #expect(empty.status == 64 && empty.standardError.contains("give --no-registry-data"), "\(empty.standardError)")
    }
}
