import Foundation
import Testing
import TestSupport

/// `sitegen diff` as a reviewer's script runs it: exit statuses, formats and colour.
struct DiffCommandTests {
    /// A repository with one library file, committed, and no docs tree.
    static func repository(_ label: String) throws -> URL {
        let root = try TestPaths.temporaryFolder("diff-cli-\(label)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("library"), withIntermediateDirectories: true)
        try write(root, """
            Maintainers: Test <test@example.com> (@test)
            GitRepo: https://github.com/example/image.git

            Tags: 1.0, 1, latest
            Architectures: amd64, arm64v8
            GitCommit: \(String(repeating: "a", count: 40))
            Directory: 1

            """)
        for arguments in [["init", "-q", "-b", "main"], ["add", "-A"],
                          ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false",
                           "commit", "-q", "-m", "first"]] {
            let run = try ProgramRun.run("git", arguments, in: root)
            #expect(run.status == 0, "git \(arguments): \(run.standardError)")
        }
        return root
    }

    static func write(_ root: URL, _ text: String) throws {
        try text.write(to: root.appendingPathComponent("library/image"), atomically: true, encoding: .utf8)
    }

    static func sitegen(_ arguments: [String], in root: URL) throws -> ProgramRun {
        try ProgramRun.run(TestPaths.sitegen, ["diff", "--library", "library"] + arguments, in: root)
    }

    @Test func exitCodeIsZeroWithoutChangesAndOneWithThem() throws {
        let root = try Self.repository("exit")
        let clean = try Self.sitegen(["--exit-code"], in: root)
        #expect(clean.status == 0)
        #expect(clean.output.contains("no changes"))

        try Self.write(root, try String(contentsOf: root.appendingPathComponent("library/image"), encoding: .utf8)
            .replacingOccurrences(of: "arm64v8", with: "arm64v8, riscv64"))
        #expect(try Self.sitegen([], in: root).status == 0, "changes alone do not fail without --exit-code")
        let changed = try Self.sitegen(["--exit-code"], in: root)
        #expect(changed.status == 1)
        #expect(changed.output.contains("architectures: +riscv64"))
    }

    @Test func formatsAndColour() throws {
        let root = try Self.repository("formats")
        try Self.write(root, try String(contentsOf: root.appendingPathComponent("library/image"), encoding: .utf8)
            .replacingOccurrences(of: "Tags: 1.0, 1, latest", with: "Tags: 1.1, 1, latest"))
        let json = try Self.sitegen(["--format", "json"], in: root)
        #expect(json.status == 0)
        #expect(try DiffSchema.problems([json.output]) == [])
        let object = try JSONSerialization.jsonObject(with: json.standardOutput) as? [String: Any]
        #expect(object?["schema"] as? Int == 1)

        let markdown = try Self.sitegen(["--format", "markdown"], in: root)
        #expect(markdown.output.hasPrefix("### sitegen diff: `HEAD` → `work tree`"))
        #expect(markdown.output.contains("| Tags added | `1.1` |"))

        #expect(!(try Self.sitegen([], in: root)).output.contains("\u{1B}["), "no colour into a pipe")
        #expect(try Self.sitegen(["--color", "always"], in: root).output.contains("\u{1B}[32m1.1\u{1B}[m"))
    }

    @Test func anUnknownRevExitsTwoWithTheReason() throws {
        let root = try Self.repository("unknown")
        let run = try Self.sitegen(["no-such-rev", "HEAD"], in: root)
        #expect(run.status == 2)
        #expect(run.standardError.contains("`no-such-rev` names no commit"))
        #expect(run.output.isEmpty)
    }

    @Test func aFolderOutsideGitExitsTwoAndSaysHowToCompareFolders() throws {
        let root = try TestPaths.temporaryFolder("diff-cli-nogit")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("library"), withIntermediateDirectories: true)
        let run = try Self.sitegen([], in: root)
        #expect(run.status == 2)
        #expect(run.standardError.contains("is not inside a git repository"))
        #expect(run.standardError.contains("--library-to"))
    }

    @Test func aFileThatDoesNotParseExitsTwoAfterShowingTheRest() throws {
        let root = try Self.repository("broken")
        try Self.write(root, "Maintainers: Test <test@example.com> (@test)\nGitRepo https://github.com/example/image.git\n")
        let run = try Self.sitegen([], in: root)
        #expect(run.status == 2)
        #expect(run.output.contains("error (work tree): library/image:2"))
        #expect(run.standardError.contains("library/image:2"))
    }
}
