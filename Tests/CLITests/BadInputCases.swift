import Foundation
import Testing
import TestSupport

/// One bad input: how to break the demo tree, and what sitegen must make of it.
struct BadInputCase: Sendable, CustomTestStringConvertible {
    enum Outcome: Sendable {
        /// An error: `build` fails with exactly these errors and keeps the old site; `check`
        /// fails with exactly its list (empty: check passes, as for output problems, which it
        /// does not look at).
        case rejected(build: [ExpectedDiagnostic], check: [ExpectedDiagnostic])
        /// Allowed, but hostile: the build succeeds, no page can run anything from the input,
        /// and each needle (page, text) shows the input escaped or defused.
        case neutralised(needles: [Needle])
        /// Allowed, with a warning: the build succeeds and reports a warning of each identifier
        /// and file (its message starting with the text given), and each needle shows in its page.
        case warned(warnings: [ExpectedDiagnostic], needles: [Needle])
    }

    struct Needle: Sendable {
        let page: String
        let text: String
    }

    let name: String
    var output = "site"
    var extraArguments: [String] = []
    /// Variables set for the sitegen runs of the bad build (`PATH` without git, say).
    var environment: [String: String] = [:]
    /// Run sitegen as an unprivileged user (file modes do not stop root).
    var unprivileged = false
    /// Seconds one run may take.
    var timeLimit: Double = 30
    let mutate: @Sendable (CaseFolder) throws -> Void
    let outcome: Outcome

    var testDescription: String { name }

    init(_ name: String, output: String = "site", extraArguments: [String] = [], environment: [String: String] = [:],
         unprivileged: Bool = false, timeLimit: Double = 30, mutate: @escaping @Sendable (CaseFolder) throws -> Void,
         _ outcome: Outcome) {
        self.name = name
        self.output = output
        self.extraArguments = extraArguments
        self.environment = environment
        self.unprivileged = unprivileged
        self.timeLimit = timeLimit
        self.mutate = mutate
        self.outcome = outcome
    }

    static func buildArguments(output: String) -> [String] {
        ["build", "--docs", "content/docs", "--library", "content/library", "--output", output]
    }

    /// Removes a case folder, giving back write permission first.
    static func remove(_ folder: URL) {
        _ = try? ProgramRun.run("chmod", ["-R", "u+rwX", folder.path])
        try? FileManager.default.removeItem(at: folder)
    }

    /// Both commands report the same errors.
    static func both(_ errors: ExpectedDiagnostic...) -> Outcome { .rejected(build: errors, check: errors) }

    /// Only `build` sees it (the output folder, the theme).
    static func buildOnly(_ errors: ExpectedDiagnostic...) -> Outcome { .rejected(build: errors, check: []) }

    static func error(_ id: String, _ file: String, line: Int? = nil, _ message: String) -> ExpectedDiagnostic {
        ExpectedDiagnostic(id: id, file: file, line: line, message: message)
    }

    /// Markdown that tries every way of running script that a Markdown author has.
    static let hostileMarkdown = """

        ## Links that must not run

        [a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c](&#106;avascript:alert(3)) [d](java&#x09;script:alert(4))
        [e](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==) [f](vbscript:msgbox(6)) [g](  javascript:alert(7) )
        <javascript:alert(8)> [h][ref] ![i](data:image/svg+xml;base64,PHN2Zz4=) [j](https://x.example/"onmouseover="alert(9))
        [k](<javascript:alert(11)>) [l](javascript&colon;alert(12)) ![m](javascript:alert(13))

        [ref]: javascript:alert(10)

        <script>alert(14)</script>

        <img src=x onerror="alert(15)">

        <a href="javascript:alert(16)">raw</a> <svg onload=alert(17)> <iframe src="javascript:alert(18)"></iframe>

        """

    static let all: [BadInputCase] = libraryCases + docsCases + hostileCases + outputCases + historyCases

    // MARK: History

    /// Makes the case's `content` folder a git repository with one commit, at fixed dates so
    /// that the commit ids are the same on every run.
    static func commitContent(_ folder: CaseFolder, message: String = "the demo") throws {
        let dated = ["GIT_AUTHOR_DATE=2026-01-02T03:04:05Z", "GIT_COMMITTER_DATE=2026-01-02T03:04:05Z",
                     "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org"]
        if !FileManager.default.fileExists(atPath: folder.url("content/.git").path) {
            try folder.shell("git", ["-C", "content", "init", "-q", "-b", "main"])
        }
        try folder.shell("env", dated + ["git", "-C", "content", "add", "-A"])
        try folder.shell("env", dated + ["git", "-C", "content", "commit", "-q", "--allow-empty", "-m", message])
    }

    /// The id git gives the demo's `library/lumen` as a blob: the object the corrupt-clone
    /// case removes.
    static let lumenBlob: String = {
        let run = try? ProgramRun.run("git", ["hash-object", TestPaths.packageRoot.appendingPathComponent("content/library/lumen").path])
        return run.map { $0.output.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    }()

    /// `--history` and its git: each failure is an error naming what to fix, with the previous
    /// site untouched; a shallow clone is a warning, and its pages say where history starts.
    static let historyCases: [BadInputCase] = [
        BadInputCase("history of a library folder in no git repository", extraArguments: ["--history"], mutate: { _ in },
                     buildOnly(error("history.not-a-repository", "content/library",
                                     "the library folder content/library is not inside a git repository, so it has no history"))),

        BadInputCase("history without git installed", extraArguments: ["--history"], environment: ["PATH": "/nonexistent"],
                     mutate: { folder in try commitContent(folder) },
                     buildOnly(error("history.git-missing", "content/library", "history needs `git`, which is not installed (not found on PATH)"))),

        BadInputCase("history of an unknown rev", extraArguments: ["--history-rev", "no-such-branch"], mutate: { folder in
            try commitContent(folder)
        }, buildOnly(error("history.unknown-rev", "content/library",
                           "the history rev `no-such-branch` names no commit in the repository of content/library"))),

        BadInputCase("history with a corrupt object", extraArguments: ["--history"], mutate: { folder in
            try commitContent(folder)
            // The loose object of library/lumen's only version, gone.
            try folder.remove("content/.git/objects/\(lumenBlob.prefix(2))/\(lumenBlob.dropFirst(2))")
        }, buildOnly(error("history.corrupt-object", "content/library",
                           "git object \(lumenBlob) is missing or corrupt, so its history cannot be read"))),

        BadInputCase("history of a shallow clone", extraArguments: ["--history", "--base-url", "https://docs.example.org/"], mutate: { folder in
            try commitContent(folder, message: "first")
            try folder.append("\nTags: 9.9-old\nArchitectures: amd64\nGitCommit: 2fb933c466fc2722307c045e6f31c9c22ddcd52e\nDirectory: 1.4/trixie/\n",
                              to: "content/library/lumen")
            try commitContent(folder, message: "second")
            try folder.shell("mv", ["content", "origin"])
            try folder.shell("git", ["clone", "-q", "--depth", "1", "file://" + folder.url("origin").path, "content"])
        }, .warned(warnings: [error("history.shallow", "content/library",
                                    "the repository of content/library is a shallow clone: its history starts at 2026-01-02")],
                   needles: [Needle(page: "lumen/history/index.html", text: "This clone is shallow: its history starts on 2026-01-02")])),
    ]

    // MARK: Typos

    /// A misspelled name that would change the output without a failure is an error that
    /// names the right one.
    static let typoCases: [BadInputCase] = [
        BadInputCase("library field typo Architecturs", mutate: { folder in
            try folder.replace("Architectures: amd64, arm32v7, arm64v8, i386, ppc64le\n", with: "Architecturs: amd64, arm32v7, arm64v8, i386, ppc64le\n",
                               in: "content/library/lumen")
        }, .rejected(build: Demo.lines(exactly: "Architectures: amd64, arm32v7, arm64v8, i386, ppc64le", in: "library/lumen").map { line in
            error("library.misspelled-field", "content/library/lumen", line: line, "unknown field `Architecturs`; did you mean `Architectures`?")
        }, check: Demo.lines(exactly: "Architectures: amd64, arm32v7, arm64v8, i386, ppc64le", in: "library/lumen").map { line in
            error("library.misspelled-field", "content/library/lumen", line: line, "unknown field `Architecturs`; did you mean `Architectures`?")
        })),

        BadInputCase("library field typo Tgas", mutate: { folder in
            try folder.replace("Tags: 1.4.2-bookworm,", with: "Tgas: 1.4.2-bookworm,", in: "content/library/lumen")
        }, both(error("library.misspelled-field", "content/library/lumen", line: Demo.line(startingWith: "Tags: 1.4.2-bookworm,", in: "library/lumen"),
                      "unknown field `Tgas`; did you mean `Tags`?"))),

        BadInputCase("library field typo GitComit", mutate: { folder in
            try folder.replace("Tags: 1.4.2-bookworm, 1.4-bookworm, 1-bookworm, bookworm\nArchitectures: amd64, arm32v7, arm64v8, i386, ppc64le\nGitCommit:",
                               with: "Tags: 1.4.2-bookworm, 1.4-bookworm, 1-bookworm, bookworm\nArchitectures: amd64, arm32v7, arm64v8, i386, ppc64le\nGitComit:",
                               in: "content/library/lumen")
        }, both(error("library.misspelled-field", "content/library/lumen", line: Demo.line(startingWith: "Tags: 1.4.2-bookworm,", in: "library/lumen") + 2,
                      "unknown field `GitComit`; did you mean `GitCommit`?"))),

        BadInputCase("library field typo Direcotry", mutate: { folder in
            try folder.replace("Directory: 1.4/bookworm/", with: "Direcotry: 1.4/bookworm/", in: "content/library/lumen")
        }, both(error("library.misspelled-field", "content/library/lumen", line: Demo.line(startingWith: "Directory: 1.4/bookworm/", in: "library/lumen"),
                      "unknown field `Direcotry`; did you mean `Directory`?"))),

        BadInputCase("library architecture typo arm46v8", mutate: { folder in
            try folder.replace("Tags: 1.4.2-bookworm, 1.4-bookworm, 1-bookworm, bookworm\nArchitectures: amd64, arm32v7, arm64v8,",
                               with: "Tags: 1.4.2-bookworm, 1.4-bookworm, 1-bookworm, bookworm\nArchitectures: amd64, arm32v7, arm46v8,",
                               in: "content/library/lumen")
        }, both(error("library.unknown-architecture", "content/library/lumen",
                      line: Demo.line(startingWith: "Tags: 1.4.2-bookworm,", in: "library/lumen") + 1,
                      "entry `1.4.2-bookworm` lists unknown architecture `arm46v8`; did you mean `arm64v8`?"))),

        BadInputCase("metadata.json key typo", mutate: { folder in
            try folder.replace("\"categories\"", with: "\"categries\"", in: "content/docs/lumen/metadata.json")
        }, both(error("metadata.misspelled-key", "content/docs/lumen/metadata.json", line: 3,
                      "unknown key `hub.categries`; did you mean `hub.categories`?"))),

        BadInputCase("sitegen.yml key typo", mutate: { folder in
            try folder.write("title: Demo images\ntilte: Demo images\n", to: "sitegen.yml")
        }, both(error("config.unknown-key", "sitegen.yml", line: 2, "unknown key `tilte`; did you mean `title`?"))),

        BadInputCase("sitegen.yml value of the wrong type", mutate: { folder in
            try folder.write("jobs: [1, 2]\n", to: "sitegen.yml")
        }, both(error("config.wrong-type", "sitegen.yml", line: 1, "`jobs` must be a number"))),

        BadInputCase("category typo", mutate: { folder in
            try folder.replace("\"web-servers\"", with: "\"web-severs\"", in: "content/docs/lumen/metadata.json")
        }, both(error("metadata.unknown-category", "content/docs/lumen/metadata.json", line: 5,
                      "category `web-severs` is not in the root metadata.json; did you mean `web-servers`?"))),
    ]

    // MARK: Library files

    static let libraryCases: [BadInputCase] = typoCases + [
        BadInputCase("library file truncated in the middle of a line", mutate: { folder in
            let text = try folder.read("content/library/lumen")
            let cut = try #require(text.range(of: "Directory: 1.4/bookworm/"))
            try folder.write(String(text[..<cut.lowerBound]) + "Direc", to: "content/library/lumen")
        }, both(error("library.syntax", "content/library/lumen", line: Demo.line(startingWith: "Directory: 1.4/bookworm/", in: "library/lumen"),
                      "expected `Key: value`, found `Direc`"))),

        BadInputCase("library file that is binary (a PNG)", mutate: { folder in
            try FileManager.default.removeItem(at: folder.url("content/library/lumen"))
            try FileManager.default.copyItem(at: folder.url("content/docs/quarry/logo.png"), to: folder.url("content/library/lumen"))
        }, both(error("library.binary", "content/library/lumen", "file contains NUL bytes; it is not a text file"))),

        BadInputCase("library file with invalid UTF-8", mutate: { folder in
            try folder.append(Array("# caf".utf8) + [0xE9] + Array("\n".utf8), to: "content/library/lumen")
        }, both(error("library.invalid-utf8", "content/library/lumen", line: Demo.lineAfterEnd(of: "library/lumen"),
                      "file is not valid UTF-8 (byte 0xE9)"))),

        BadInputCase("library line of 1 MB", mutate: { folder in
            try folder.replace("Tags: 1.3.9-bookworm, 1.3-bookworm", with: "Tags: 1.3.9-bookworm, " + String(repeating: "a", count: 1 << 20),
                               in: "content/library/lumen")
        }, both(error("library.invalid-tag", "content/library/lumen", line: Demo.line(startingWith: "Tags: 1.3.9-bookworm", in: "library/lumen"),
                      "`\(String(repeating: "a", count: 200))… (1048576 characters)` is not a valid tag"))),

        BadInputCase("library file emptied", mutate: { folder in
            try folder.write("", to: "content/library/lumen")
        }, both(error("library.empty", "content/library/lumen", "the library file has no fields at all"))),

        BadInputCase("library Directory: ../../etc", mutate: { folder in
            try folder.replace("Directory: 1.4/bookworm/", with: "Directory: ../../etc", in: "content/library/lumen")
        }, both(error("library.directory-outside-repository", "content/library/lumen",
                      line: Demo.line(startingWith: "Directory: 1.4/bookworm/", in: "library/lumen"),
                      "Directory `../../etc` points outside the repository"))),

        BadInputCase("library file missing", mutate: { folder in
            try folder.remove("content/library/beacon")
        }, both(error("library.missing", "content/library/beacon", "no library file for image `beacon`"))),

        BadInputCase("library tags with <script> and \"onmouseover=", mutate: { folder in
            try folder.replace("Tags: 1.3.9-bookworm, 1.3-bookworm", with: "Tags: 1.3.9-bookworm, <script>alert(1)</script>, \"onmouseover=alert(1)",
                               in: "content/library/lumen")
        }, both(error("library.invalid-tag", "content/library/lumen", line: Demo.line(startingWith: "Tags: 1.3.9-bookworm", in: "library/lumen"),
                      "`<script>alert(1)</script>` is not a valid tag"),
                error("library.invalid-tag", "content/library/lumen", line: Demo.line(startingWith: "Tags: 1.3.9-bookworm", in: "library/lumen"),
                      "`\"onmouseover=alert(1)` is not a valid tag"))),

        BadInputCase("library folder missing", mutate: { folder in
            try FileManager.default.moveItem(at: folder.url("content/library"), to: folder.url("content/library-moved"))
        }, both(error("library.folder-missing", "content/library", "library folder not found"))),
    ]

    // MARK: The docs tree

    static let docsCases: [BadInputCase] = [
        BadInputCase("Markdown with invalid UTF-8", mutate: { folder in
            try folder.append(Array("caf".utf8) + [0xE9] + Array("\n".utf8), to: "content/docs/lumen/content.md")
        }, both(error("docs.invalid-utf8", "content/docs/lumen/content.md", line: Demo.lineAfterEnd(of: "docs/lumen/content.md"),
                      "file is not valid UTF-8 text (byte 0xE9)"))),

        BadInputCase("metadata.json with invalid UTF-8", mutate: { folder in
            try folder.write(bytes: Array("{\"hub\": {\"categories\": [\"caf".utf8) + [0xE9] + Array("\"]}}\n".utf8),
                             to: "content/docs/lumen/metadata.json")
        }, both(error("docs.invalid-utf8", "content/docs/lumen/metadata.json", line: 1, "file is not valid UTF-8 text (byte 0xE9)"))),

        // 50 MiB of Markdown is no hand-written page: Docker Hub shows 25,000 characters of a
        // README, and the page would be some 150 MB. Refused at once, without reading it all.
        BadInputCase("content.md of 50 MB", timeLimit: 10, mutate: { folder in
            let paragraph = "Lumen serves files. It also proxies requests, with `code` and [links](https://lumen.example/).\n\n"
            var text = try folder.read("content/docs/lumen/content.md")
            text += String(repeating: paragraph, count: (50 << 20 - text.utf8.count) / paragraph.utf8.count + 1)
            try folder.write(String(text.utf8.prefix(50 << 20))!, to: "content/docs/lumen/content.md")
        }, both(error("docs.file-too-large", "content/docs/lumen/content.md", "file is 50 MiB; docs files may be at most 4 MiB"))),

        BadInputCase("content.md missing", mutate: { folder in
            try folder.remove("content/docs/lumen/content.md")
        }, both(error("docs.missing-content", "content/docs/lumen/content.md",
                      "the image folder has no content.md, but the library has a file for `lumen`"))),

        BadInputCase("content.md is a folder", mutate: { folder in
            try folder.remove("content/docs/lumen/content.md")
            try folder.makeFolder("content/docs/lumen/content.md")
        }, both(error("docs.not-a-file", "content/docs/lumen/content.md", "expected a file, found a folder"))),

        BadInputCase("image folder with spaces", mutate: { folder in
            try folder.copyFiles(of: "content/docs/beacon", to: "content/docs/my image")
        }, both(error("docs.invalid-image-name", "content/docs/my image", "`my image` is not a valid image name"))),

        BadInputCase("image folder named a..b", mutate: { folder in
            try folder.copyFiles(of: "content/docs/beacon", to: "content/docs/a..b")
        }, both(error("docs.invalid-image-name", "content/docs/a..b", "`a..b` is not a valid image name"))),

        // A folder name cannot hold a slash; the way an image folder reaches `../x` is a link.
        BadInputCase("image folder x linked to ../x", mutate: { folder in
            try folder.copyFiles(of: "content/docs/beacon", to: "content/x", followingLinks: true)
            try folder.copyFiles(of: "content/library/beacon", to: "content/library/x")
            try folder.symlink("content/docs/x", to: "../x")
        }, both(error("docs.link-outside-root", "content/docs/x", "link points outside the docs folder, to {case}/content/x"))),

        BadInputCase("symlink in the docs tree to /etc/passwd", mutate: { folder in
            try folder.symlink("content/docs/lumen/license.md", to: "/etc/passwd")
        }, both(error("docs.link-outside-root", "content/docs/lumen/license.md", "link points outside the docs folder, to /etc/passwd"))),

        BadInputCase("maintainer.md a symlink loop", mutate: { folder in
            try folder.symlink("content/docs/quarry/maintainer.md", to: "maintainer-b.md")
            try folder.symlink("content/docs/quarry/maintainer-b.md", to: "maintainer.md")
        }, both(error("docs.link-loop", "content/docs/quarry/maintainer.md", "symbolic link loop"))),

        BadInputCase("maintainer.md a Git link stand-in naming itself", mutate: { folder in
            try folder.remove("content/docs/quarry/maintainer.md")
            try folder.write("maintainer.md", to: "content/docs/quarry/maintainer.md")
        }, both(error("docs.link-loop", "content/docs/quarry/maintainer.md", "links lead in a circle (more than 8 hops)"))),

        BadInputCase("metadata.json that is not JSON", mutate: { folder in
            try folder.write("{\"hub\": {\"categories\": [\"networking\",\n  \"web-servers\"\n}\n", to: "content/docs/lumen/metadata.json")
        }, both(error("metadata.invalid-json", "content/docs/lumen/metadata.json", line: 3,
                      "not valid JSON: unexpected text on this line (a missing comma, quote or bracket?)"))),

        BadInputCase("metadata.json with a comma JSON does not allow", mutate: { folder in
            try folder.write("{\"hub\": {\"categories\": [\n  \"networking\",\n]}}\n", to: "content/docs/lumen/metadata.json")
        }, both(error("metadata.invalid-json", "content/docs/lumen/metadata.json", line: 2,
                      "not valid JSON: a comma before the array's closing `]`, which JSON does not allow"))),

        BadInputCase("root metadata.json cut short", mutate: { folder in
            try folder.write("{\"hub\": {\"categories\": [\n  \"networking\",\n", to: "content/docs/metadata.json")
        }, both(error("metadata.invalid-json", "content/docs/metadata.json", line: 2,
                      "not valid JSON: the text ends before the JSON value does (a missing `}` or `]`?)"))),

        BadInputCase("metadata.json categories not a list", mutate: { folder in
            try folder.write("{\"hub\": {\"categories\": \"networking\"}}\n", to: "content/docs/lumen/metadata.json")
        }, both(error("metadata.invalid-shape", "content/docs/lumen/metadata.json", "`hub.categories` must be a list of strings"))),

        BadInputCase("category not in the list", mutate: { folder in
            try folder.write("{\n  \"hub\": {\n    \"categories\": [\n      \"networking\",\n      \"web-serverz\"\n    ]\n  }\n}\n",
                             to: "content/docs/lumen/metadata.json")
        }, both(error("metadata.unknown-category", "content/docs/lumen/metadata.json", line: 5,
                      "category `web-serverz` is not in the root metadata.json; did you mean `web-servers`?"))),

        BadInputCase("category that is not a slug", mutate: { folder in
            try folder.write("{\"hub\": {\"categories\": [\"Web Servers\"]}}\n", to: "content/docs/lumen/metadata.json")
        }, both(error("metadata.invalid-category", "content/docs/lumen/metadata.json", line: 1, "category `Web Servers` is not a slug"))),

        BadInputCase("github-repo javascript:", mutate: { folder in
            try folder.write("javascript:alert(1)\n", to: "content/docs/lumen/github-repo")
        }, both(error("docs.invalid-github-repo", "content/docs/lumen/github-repo", line: 1,
                      "github-repo must hold one http(s) address, found `javascript:alert(1)`"))),

        BadInputCase("github-repo breaking out of its attribute", mutate: { folder in
            try folder.write("https://github.com/sitegen-demo/lumen\" onmouseover=\"alert(1)\n", to: "content/docs/lumen/github-repo")
        }, both(error("docs.invalid-github-repo", "content/docs/lumen/github-repo", line: 1,
                      "github-repo must hold one http(s) address, found `https://github.com/sitegen-demo/lumen\" onmouseover=\"alert(1)`"))),

        BadInputCase("docs folder missing", mutate: { folder in
            try FileManager.default.moveItem(at: folder.url("content/docs"), to: folder.url("content/docs-moved"))
        }, both(error("docs.root-missing", "content/docs", "docs folder not found"))),

        BadInputCase("content.md unreadable", unprivileged: true, mutate: { folder in
            try folder.shell("chmod", ["000", "content/docs/lumen/content.md"])
        }, both(error("docs.unreadable", "content/docs/lumen/content.md", "cannot open the file"))),
    ]

    // MARK: Hostile text that is allowed

    static let hostileCases: [BadInputCase] = [
        BadInputCase("<script> in README-short.txt", mutate: { folder in
            try folder.write("<script>alert(1)</script> Lumen\n", to: "content/docs/lumen/README-short.txt")
        }, .neutralised(needles: [Needle(page: "lumen/index.html", text: "&lt;script&gt;alert(1)&lt;/script&gt; Lumen"),
                                  Needle(page: "index.html", text: "&lt;script&gt;alert(1)&lt;/script&gt; Lumen")])),

        BadInputCase("\"onmouseover= in README-short.txt", mutate: { folder in
            try folder.write("Lumen\" onmouseover=\"alert(1)\" x='y' <b onclick=alert(2)>\n", to: "content/docs/lumen/README-short.txt")
        }, .neutralised(needles: [Needle(page: "lumen/index.html", text: "Lumen&quot; onmouseover=&quot;alert(1)&quot; x=&#39;y&#39; &lt;b onclick=alert(2)&gt;")])),

        BadInputCase("javascript: and data: links in content.md", mutate: { folder in
            try folder.append(hostileMarkdown, to: "content/docs/lumen/content.md")
        }, .neutralised(needles: [Needle(page: "lumen/index.html", text: "<a href=\"\">a</a> <a href=\"\">b</a> <a href=\"\">c</a>"),
                                  Needle(page: "lumen/index.html", text: "<a href=\"\">e</a> <a href=\"\">f</a>"),
                                  Needle(page: "lumen/index.html", text: "<!-- raw HTML omitted -->")])),

        BadInputCase("javascript: links and raw HTML in every other Markdown file", mutate: { folder in
            for file in ["quarry/maintainer.md", "lumen/get-help.md", "lumen/license.md", "quarry/issues.md", "oldcache/deprecated.md",
                         "kestrel-lang/variant-sdk.md", "tidewater/compose.md", "tidewater/variant-management.md"] {
                try folder.append(hostileMarkdown, to: "content/docs/" + file)
            }
        }, .neutralised(needles: [Needle(page: "kestrel-lang/sdk/index.html", text: "<!-- raw HTML omitted -->"),
                                  Needle(page: "oldcache/index.html", text: "<!-- raw HTML omitted -->"),
                                  Needle(page: "quarry/index.html", text: "<a href=\"\">a</a>")])),
    ]

    // MARK: The output folder and the theme

    static let outputCases: [BadInputCase] = [
        BadInputCase("output folder inside the docs tree", output: "content/docs/site", mutate: { _ in },
                     buildOnly(error("output.inside-inputs", "content/docs/site", "the output folder overlaps the --docs folder content/docs"))),

        BadInputCase("output folder holding the inputs", output: "content", mutate: { _ in },
                     buildOnly(error("output.inside-inputs", "content", "the output folder overlaps the --docs folder content/docs"))),

        BadInputCase("output path that is a file", output: "notes.txt", mutate: { folder in
            try folder.write("my notes\n", to: "notes.txt")
        }, buildOnly(error("output.not-a-folder", "notes.txt", "the output path is a file, not a folder"))),

        BadInputCase("output path inside a file", output: "notes.txt/site", mutate: { folder in
            try folder.write("my notes\n", to: "notes.txt")
        }, buildOnly(error("output.unwritable", "{case}/notes.txt", "cannot create the folder: `{case}/notes.txt` is a file, not a folder"))),

        BadInputCase("output folder of someone else's files", output: "documents", mutate: { folder in
            try folder.makeFolder("documents")
            try folder.write("keep me\n", to: "documents/thesis.txt")
        }, buildOnly(error("output.not-a-site", "documents", "the output folder holds files sitegen did not write (no .sitegen-site in it)"))),

        // Root ignores file modes, so these run sitegen as `nobody`.
        BadInputCase("read-only output folder", unprivileged: true, mutate: { folder in
            try folder.giveToUnprivilegedUser(".", recursive: false)
            try folder.giveToUnprivilegedUser("site", recursive: true)
            try folder.shell("chmod", ["-R", "a-w", "site"])
            try folder.append("\nOne more line.\n", to: "content/docs/lumen/content.md")
        }, buildOnly(error("output.read-only", "site", "the output folder is read-only for you"))),

        BadInputCase("output in a folder that is not writable", unprivileged: true, mutate: { folder in
            try folder.giveToUnprivilegedUser("site", recursive: true)
            if !SitegenProcess.isRoot { try folder.shell("chmod", ["a-w", "."]) }
            try folder.append("\nOne more line.\n", to: "content/docs/lumen/content.md")
        }, buildOnly(error("output.unwritable", "{case}", "cannot create the new site's folder beside the output: Permission denied"))),

        BadInputCase("theme template with a syntax error", extraArguments: ["--theme", "theme"], mutate: { folder in
            try folder.makeFolder("theme/templates")
            try folder.write("<li>{{#frame}}<p>{{title}</p>{{/frame}}</li>\n", to: "theme/templates/card.mustache")
        }, buildOnly(error("theme.template-syntax", "theme/templates/card.mustache", line: 1,
                           "template does not parse: a {{ tag is not closed with }}"))),

        BadInputCase("theme template with an unclosed section", extraArguments: ["--theme", "theme"], mutate: { folder in
            try folder.makeFolder("theme/templates")
            try folder.write("<li>\n{{#frame}}\n<p>{{title}}</p>\n</li>\n", to: "theme/templates/card.mustache")
        }, buildOnly(error("theme.template-syntax", "theme/templates/card.mustache", line: 5,
                           "template does not parse: a section opened with {{#…}} or {{^…}} is never closed"))),
    ]
}
