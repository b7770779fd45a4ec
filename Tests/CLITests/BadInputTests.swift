import Foundation
import Testing
import TestSupport

/// Bad input, end to end (issue 5, point 2). Each case copies the demo tree, builds a good
/// site, breaks the input one way, then runs the real `sitegen build` (printed and JSON) and
/// `sitegen check`. An input that is an error must give exactly the expected diagnostics
/// (identifier, file, line, message; each with a hint), a non-zero exit, and leave the previous
/// site, and everything else in the case's folder, byte-identical. An input that is allowed
/// but hostile (markup in a description, `javascript:` links) must build, with nothing in any
/// page able to run.
@Suite struct BadInputTests {
    @Test(arguments: BadInputCase.all)
    func badInput(_ badCase: BadInputCase) throws {
        if badCase.unprivileged, SitegenProcess.isRoot, SitegenProcess.setpriv == nil {
            print("\(badCase.name): skipped, running as root without setpriv to drop privileges")
            return
        }
        let scratch = try TestPaths.temporaryFolder("bad-input")
        defer { BadInputCase.remove(scratch) }
        let folder = try CaseFolder(scratch)
        let copy = try ProgramRun.run("cp", ["-R", TestPaths.packageRoot.appendingPathComponent("content").path, folder.root.path + "/content"])
        try #require(copy.status == 0, "cp failed: \(copy.standardError)")

        let good = try SitegenProcess.run(BadInputCase.buildArguments(output: "site"), in: folder.root)
        try #require(good.status == 0, "the good build failed: \(good.standardError)")
        let site = folder.url("site")
        let before = TreeSnapshot.of(site)
        try #require(before.entries["index.html"] != nil)
        let baselineScan = MarkupScan(baseline: Self.pages(in: site).map(\.html))

        try badCase.mutate(folder)
        let afterMutation = TreeSnapshot.of(folder.root)
        let arguments = BadInputCase.buildArguments(output: badCase.output) + badCase.extraArguments
        let printed = try SitegenProcess.run(arguments, in: folder.root, asUnprivileged: badCase.unprivileged,
                                             environment: badCase.environment)
        let json = try SitegenProcess.run(arguments + ["--format", "json"], in: folder.root, asUnprivileged: badCase.unprivileged,
                                          environment: badCase.environment)
        let check = try SitegenProcess.run(["check", "--docs", "content/docs", "--library", "content/library", "--format", "json"],
                                           in: folder.root, asUnprivileged: badCase.unprivileged)
        for (label, run) in [("build", printed), ("build --format json", json), ("check", check)] {
            #expect(!run.timedOut && !run.signaled, "\(label) hung or crashed: \(run.standardError.prefix(2000))")
            let said = run.standardError + String(decoding: run.standardOutput, as: UTF8.self)
            #expect(Self.systemJargon(in: said) == nil, "\(label) printed a raw system error: \(Self.systemJargon(in: said) ?? "")")
            #expect(run.seconds < badCase.timeLimit, "\(label) took \(run.seconds) s")
        }
        let built = try Self.decode(json.standardOutput)
        let checked = try Self.decode(check.standardOutput)
        for diagnostic in built + checked {
            #expect(diagnostic.file?.isEmpty == false, "no file named: \(diagnostic)")
            #expect((diagnostic.hint ?? "").count > 10, "no hint saying what to do: \(diagnostic)")
        }

        switch badCase.outcome {
        case .rejected(let buildErrors, let checkErrors):
            let expectedBuild = buildErrors.map { $0.resolved(in: folder.root.path) }
            let expectedCheck = checkErrors.map { $0.resolved(in: folder.root.path) }
            #expect(printed.status == 1, "build exited \(printed.status): \(printed.standardError.prefix(2000))")
            #expect(json.status == 1)
            #expect(Self.errors(built) == expectedBuild.sorted(), "build --format json said:\n\(built.map(\.description).joined(separator: "\n"))")
            for expected in expectedBuild {
                #expect(Self.printed(expected, in: printed.standardError), "not printed as `file:line: error: message` + hint: \(expected)\n\(printed.standardError.prefix(3000))")
            }
            #expect(printed.standardError.hasSuffix("build failed; \(badCase.output) was left as it was\n"), "\(printed.standardError.suffix(300))")
            #expect(check.status == (expectedCheck.isEmpty ? 0 : 1), "check exited \(check.status)")
            #expect(Self.errors(checked) == expectedCheck.sorted(), "check said:\n\(checked.map(\.description).joined(separator: "\n"))")
            let after = TreeSnapshot.of(site)
            #expect(after == before, "the previous site changed: \(before.differences(from: after))")
            let everything = TreeSnapshot.of(folder.root)
            #expect(everything == afterMutation, "the case folder changed: \(afterMutation.differences(from: everything))")
        case .warned(let warnings, let needles):
            #expect(printed.status == 0, "build failed: \(printed.standardError.prefix(2000))")
            #expect(Self.errors(built).isEmpty)
            for expected in warnings.map({ $0.resolved(in: folder.root.path) }) {
                #expect(built.contains { $0.severity == "warning" && $0.id == expected.id && $0.file == expected.file
                                         && $0.message.hasPrefix(expected.message) },
                        "no warning \(expected) in:\n\(built.map(\.description).joined(separator: "\n"))")
            }
            for needle in needles {
                let html = try String(contentsOf: site.appendingPathComponent(needle.page), encoding: .utf8)
                #expect(html.contains(needle.text), "\(needle.page) does not say \(needle.text)")
            }
        case .neutralised(let needles):
            #expect(printed.status == 0, "build failed: \(printed.standardError.prefix(2000))")
            #expect(json.status == 0)
            #expect(check.status == 0, "check failed: \(check.standardOutput.count) bytes")
            #expect(Self.errors(built).isEmpty && Self.errors(checked).isEmpty)
            let after = TreeSnapshot.of(site)
            #expect(after != before, "the site was not rebuilt")
            let pages = Self.pages(in: site)
            #expect(pages.count > 20)
            for page in pages {
                let problems = baselineScan.problems(in: page.html)
                #expect(problems.isEmpty, "\(page.path): \(problems.joined(separator: "; "))")
            }
            let searchIndex = try String(contentsOf: site.appendingPathComponent("assets/search-index.js"), encoding: .utf8)
            #expect(!searchIndex.contains("<"), "the search index holds a raw `<`")
            for needle in needles {
                let html = try String(contentsOf: site.appendingPathComponent(needle.page), encoding: .utf8)
                #expect(html.contains(needle.text), "\(needle.page) does not show the input as \(needle.text)")
            }
        }
        let leftovers = (try FileManager.default.contentsOfDirectory(atPath: folder.root.path)).filter { $0.contains(".sitegen-") && !$0.hasSuffix(".sitegen-spare") }
        #expect(leftovers.isEmpty, "temporary folders left beside the site: \(leftovers)")
    }

    /// The scan the hostile cases rely on finds what it must and passes what is escaped.
    @Test func markupScanFindsWhatCouldRun() {
        let scan = MarkupScan(baseline: ["<script src=\"assets/site.js\"></script>"])
        let unsafe = [
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=' JaVa&#x09;Script&colon;alert(1)'>x</a>", "<a href=data:text/html,x>x</a>", "<p title=\"x\" onmouseover=\"y\">",
            "<iframe src=\"https://x.example/\"></iframe>", "<script src=\"https://x.example/site.js\"></script>",
        ]
        for html in unsafe {
            #expect(!scan.problems(in: html).isEmpty, "missed: \(html)")
        }
        let safe = [
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<meta content=\"x&quot; onmouseover=&quot;y\">",
            "<a href=\"\">a</a>", "<script src=\"../../assets/site.js\"></script>", "<img src=\"data:image/png;base64,AA==\" alt=\"\">",
            "<a href=\"https://x.example/%22onmouseover=%22alert(9)\">j</a>", "<!-- <script>alert(1)</script> -->",
        ]
        for html in safe {
            #expect(scan.problems(in: html).isEmpty, "flagged: \(html): \(scan.problems(in: html))")
        }
    }

    // MARK: Reading what sitegen said

    struct Reported: Hashable, Comparable, CustomStringConvertible {
        let severity: String
        let id: String
        let file: String?
        let line: Int?
        let message: String
        let hint: String?

        var description: String { "\(severity) \(id) \(file ?? "-"):\(line.map(String.init) ?? "-"): \(message)" }

        static func < (a: Reported, b: Reported) -> Bool { a.description < b.description }
    }

    /// The first error domain, error code or errno number in `text`, which no message may show.
    static func systemJargon(in text: String) -> String? {
        let patterns = [#/NSCocoaErrorDomain/#, #/Error Domain=/#, #/NSPOSIXErrorDomain/#, #/errno/#, #/[Ee]rror \d+/#, #/code \d+/#]
        for pattern in patterns {
            if let match = text.firstMatch(of: pattern) { return String(match.output) }
        }
        return nil
    }

    static func decode(_ data: Data) throws -> [Reported] {
        let objects = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]], "not a JSON list: \(String(decoding: data.prefix(500), as: UTF8.self))")
        return objects.map { object in
            Reported(severity: object["severity"] as? String ?? "", id: object["id"] as? String ?? "",
                     file: object["file"] as? String, line: object["line"] as? Int,
                     message: object["message"] as? String ?? "", hint: object["hint"] as? String)
        }
    }

    /// The errors, as comparable expectations (warnings are allowed alongside).
    static func errors(_ reported: [Reported]) -> [ExpectedDiagnostic] {
        reported.filter { $0.severity == "error" }
            .map { ExpectedDiagnostic(id: $0.id, file: $0.file ?? "", line: $0.line, message: $0.message) }
            .sorted()
    }

    /// Whether `output` has `file:line: error: message` (a column after the line allowed)
    /// followed by a hint line.
    static func printed(_ expected: ExpectedDiagnostic, in output: String) -> Bool {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let location = expected.file + (expected.line.map { ":\($0)" } ?? "")
        for (index, line) in lines.enumerated() where line.hasPrefix(location) {
            var rest = line.dropFirst(location.count)
            if expected.line != nil, rest.hasPrefix(":") {
                let digits = rest.dropFirst().prefix(while: \.isNumber)
                if !digits.isEmpty { rest = rest.dropFirst(1 + digits.count) }
            }
            if rest == ": error: " + expected.message, index + 1 < lines.count,
               lines[index + 1].hasPrefix("  hint: "), lines[index + 1].count > 12 {
                return true
            }
        }
        return false
    }

    static func pages(in site: URL) -> [(path: String, html: String)] {
        let enumerator = FileManager.default.enumerator(atPath: site.path)
        var pages: [(path: String, html: String)] = []
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".html"), let data = FileManager.default.contents(atPath: site.path + "/" + path) else { continue }
            pages.append((path, String(decoding: data, as: UTF8.self)))
        }
        return pages
    }
}

/// One diagnostic a case must produce: identifier, file, line and message, not the printed
/// line as a whole (whose form may grow a column).
struct ExpectedDiagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    let id: String
    /// Relative to the case's folder, or with `{case}` standing for that folder's real path.
    let file: String
    let line: Int?
    let message: String

    init(id: String, file: String, line: Int? = nil, message: String) {
        self.id = id
        self.file = file
        self.line = line
        self.message = message
    }

    var description: String { "\(id) \(file):\(line.map(String.init) ?? "-"): \(message)" }

    static func < (a: ExpectedDiagnostic, b: ExpectedDiagnostic) -> Bool { a.description < b.description }

    func resolved(in folder: String) -> ExpectedDiagnostic {
        ExpectedDiagnostic(id: id, file: file.replacingOccurrences(of: "{case}", with: folder), line: line,
                           message: message.replacingOccurrences(of: "{case}", with: folder))
    }
}

/// The folder a case works in: `content/` (a copy of the demo tree) and `site/`.
struct CaseFolder: Sendable {
    /// With links resolved, as sitegen names absolute paths.
    let root: URL

    init(_ folder: URL) throws {
        root = URL(fileURLWithPath: try #require(realpath(folder.path, nil).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        }))
    }

    func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    func write(_ text: String, to relative: String) throws {
        try Data(text.utf8).write(to: url(relative))
    }

    func write(bytes: [UInt8], to relative: String) throws {
        try Data(bytes).write(to: url(relative))
    }

    func append(_ bytes: [UInt8], to relative: String) throws {
        let handle = try FileHandle(forWritingTo: url(relative))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: bytes)
    }

    func append(_ text: String, to relative: String) throws {
        try append(Array(text.utf8), to: relative)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: url(relative), encoding: .utf8)
    }

    /// Replaces `old` (which must be there) with `new` in a file.
    func replace(_ old: String, with new: String, in relative: String) throws {
        let text = try read(relative)
        try #require(text.contains(old), "`\(old)` is not in \(relative)")
        try write(text.replacingOccurrences(of: old, with: new), to: relative)
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(at: url(relative))
    }

    func symlink(_ relative: String, to destination: String) throws {
        try? FileManager.default.removeItem(at: url(relative))
        try FileManager.default.createSymbolicLink(atPath: url(relative).path, withDestinationPath: destination)
    }

    func makeFolder(_ relative: String) throws {
        try FileManager.default.createDirectory(at: url(relative), withIntermediateDirectories: true)
    }

    func copyFiles(of source: String, to destination: String, followingLinks: Bool = false) throws {
        let run = try ProgramRun.run("cp", [followingLinks ? "-RL" : "-R", url(source).path, url(destination).path])
        try #require(run.status == 0, "cp failed: \(run.standardError)")
    }

    /// chmod/chown through the tools, recursively when asked.
    func shell(_ tool: String, _ arguments: [String]) throws {
        let run = try ProgramRun.run(tool, arguments, in: root)
        try #require(run.status == 0, "\(tool) \(arguments) failed: \(run.standardError)")
    }

    /// Gives `relative` to the unprivileged user (a no-op when we are not root: then we are that user).
    func giveToUnprivilegedUser(_ relative: String, recursive: Bool) throws {
        guard SitegenProcess.isRoot else { return }
        let id = SitegenProcess.unprivilegedID
        try shell("chown", (recursive ? ["-R"] : []) + ["\(id):\(id)", relative])
    }
}

/// Lines of the demo tree, so expectations follow its text.
enum Demo {
    static func text(_ relative: String) -> String {
        (try? String(contentsOf: TestPaths.packageRoot.appendingPathComponent("content/" + relative), encoding: .utf8)) ?? ""
    }

    /// The 1-based line that starts with `prefix`.
    static func line(startingWith prefix: String, in relative: String) -> Int {
        let lines = text(relative).split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.hasPrefix(prefix) } ?? -2) + 1
    }

    /// Every line that is exactly `whole`.
    static func lines(exactly whole: String, in relative: String) -> [Int] {
        text(relative).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element == whole }.map { $0.offset + 1 }
    }

    /// The line a text appended to the file starts on (the demo files end with a newline).
    static func lineAfterEnd(of relative: String) -> Int {
        text(relative).utf8.count { $0 == UInt8(ascii: "\n") } + 1
    }
}
