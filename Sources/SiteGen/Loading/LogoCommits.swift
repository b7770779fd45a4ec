import Foundation

/// The commit that a logo's raw-file URL points at.
///
/// docker-library links each logo at the last commit that touched it, so the URL changes when
/// the logo does. We take that commit from a table when one is given (`image<TAB>logo.png<TAB>commit`,
/// `#` comments), else from `git log` when the docs folder is in a Git work tree, else use `master`.
public struct LogoCommits: Sendable {
    private let table: [String: String]
    private let gitRoot: String?
    /// The commit whose history is asked (nil: the work tree's `HEAD`), for a docs tree read as
    /// a commit has it (`sitegen diff`).
    private let rev: String?

    /// The fallback when nothing better is known.
    public static let fallback = "master"

    /// No table, no Git: every logo gets the fallback.
    public init() {
        table = [:]
        gitRoot = nil
        rev = nil
    }

    /// `tableText` in the TSV form above; `docsRoot` is asked through Git when given and
    /// inside a work tree, as of `rev` when given (else `HEAD`).
    public init(tableText: String?, tablePath: String = "", docsRoot: String?, rev: String? = nil) throws(DiagnosticError) {
        var table: [String: String] = [:]
        var problems: [Diagnostic] = []
        // "\r\n" is one Character in Swift, so both line endings are named.
        let lines = (tableText ?? "").split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let columns = trimmed.split(separator: "\t", omittingEmptySubsequences: false).map { String($0.trimmingWhitespace()) }
            guard columns.count == 3, !columns[0].isEmpty, !columns[1].isEmpty, !columns[2].isEmpty else {
                problems.append(.error("logo-commits.syntax", file: tablePath, line: index + 1,
                                       "expected three tab-separated columns: image, logo file name, commit",
                                       hint: "for example: python<TAB>logo.png<TAB>01c12653951b2fe592c1f93a13b4e289ada0e3a1"))
                continue
            }
            table[columns[0] + "/" + columns[1]] = columns[2]
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        self.table = table
        self.gitRoot = docsRoot.flatMap { LogoCommits.isInsideGitWorkTree($0) ? $0 : nil }
        self.rev = rev
    }

    /// The commit for `image`'s logo file `fileName` (`logo.png`).
    public func commit(image: String, fileName: String) -> String {
        if let commit = table[image + "/" + fileName] { return commit }
        if let gitRoot, let commit = LogoCommits.git(["log", "-1", "--format=format:%H"] + (rev.map { [$0] } ?? []) + ["--", image + "/" + fileName], in: gitRoot),
           !commit.isEmpty {
            return commit
        }
        return LogoCommits.fallback
    }

    static func isInsideGitWorkTree(_ folder: String) -> Bool {
        git(["rev-parse", "--is-inside-work-tree"], in: folder) == "true"
    }

    /// The trimmed output of `git -C folder arguments…`, or nil when git fails or is missing.
    private static func git(_ arguments: [String], in folder: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        // (Not `waitUntilExit()`, which polls every 50 ms on Linux: see `Git.stream`.)
        exited.wait()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
