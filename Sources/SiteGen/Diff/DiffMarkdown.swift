/// A ``DiffReport`` as a pull-request comment (GitHub-flavoured Markdown): a heading, a
/// summary table per image, and the long parts (tag and build tables, README diffs) folded in
/// `<details>`.
///
/// GitHub refuses comments over 65,536 characters. When the whole is longer than `limit`, the
/// longest folded part is replaced by a line saying what was left out and how to see it, then
/// the next longest, until it fits; if the summaries alone are still too long, whole images
/// are left out from the end, and named. The comment then says that it was shortened. (Counted
/// in UTF-8 bytes, never fewer than characters.)
public struct DiffMarkdown {
    public static let gitHubLimit = 65_536

    public let report: DiffReport
    public let limit: Int

    public init(_ report: DiffReport, limit: Int = DiffMarkdown.gitHubLimit) {
        self.report = report
        self.limit = limit
    }

    /// A piece of the comment: fixed text, or a folded part that may be left out; `image` names
    /// the image it belongs to (nil for the heading, notes and the site's pages).
    private enum Piece {
        case text(String, image: String?)
        case part(summary: String, body: String, image: String?)

        var image: String? {
            switch self {
            case .text(_, let image), .part(_, _, let image): image
            }
        }
    }

    public var text: String {
        var pieces = self.pieces()
        let whole = Self.join(pieces)
        if whole.utf8.count <= limit { return whole }
        let notice = "> [!NOTE]\n> This comment was shortened to stay under GitHub's limit of 65,536 characters: the longest parts are left out, each with the command that shows it (run it with the same options).\n\n"
        // First the folded parts, longest first.
        while Self.join(pieces).utf8.count + notice.utf8.count > limit {
            var longest: Int?
            for (index, piece) in pieces.enumerated() {
                guard case .part(_, let body, _) = piece, !body.hasPrefix(Self.foldedMark) else { continue }
                if let current = longest, case .part(_, let other, _) = pieces[current], other.utf8.count >= body.utf8.count { continue }
                longest = index
            }
            guard let index = longest, case .part(let summary, let body, let image) = pieces[index] else { break }
            let lines = body.split(separator: "\n").count
            pieces[index] = .part(summary: summary, body: Self.foldedMark + " (\(lines) lines). See it with `\(command(images: image.map { [$0] } ?? []))`.\n",
                                  image: image)
        }
        // Then, if the summaries alone are too long (hundreds of images), whole images from the end.
        var leftOut: [String] = []
        while Self.join(pieces).utf8.count + notice.utf8.count + leftOutLine(leftOut).utf8.count > limit,
              let last = pieces.lastIndex(where: { $0.image != nil }), let name = pieces[last].image {
            pieces.removeAll { $0.image == name }
            leftOut.insert(name, at: 0)
        }
        let joined = Self.join(pieces) + leftOutLine(leftOut)
        // The notice goes right after the heading.
        guard let end = joined.range(of: "\n\n") else { return notice + joined }
        return String(joined[..<end.upperBound]) + notice + String(joined[end.upperBound...])
    }

    /// The line that names the images left out whole (at most 20 of them by name).
    private func leftOutLine(_ names: [String]) -> String {
        guard !names.isEmpty else { return "" }
        let shown = names.prefix(20).map(Self.code).joined(separator: ", ") + (names.count > 20 ? " and \(names.count - 20) more" : "")
        return "_\(names.count) more image\(names.count == 1 ? " was" : "s were") left out to stay under the comment size limit: \(shown). "
            + "See them with `\(command(images: Array(names.prefix(20))))`\(names.count > 20 ? " and the rest likewise" : "")._\n"
    }

    private static let foldedMark = "_Left out to stay under the comment size limit_"

    private static func join(_ pieces: [Piece]) -> String {
        pieces.map { piece in
            switch piece {
            case .text(let text, _): text
            case .part(let summary, let body, _): "<details><summary>\(summary)</summary>\n\n\(body)\n</details>\n\n"
            }
        }.joined()
    }

    /// The command that shows `images` in full (all of them when empty).
    private func command(images: [String]) -> String {
        let revs = [report.from.commit.map { _ in report.from.label }, report.to.commit.map { _ in report.to.label }].compactMap { $0 }
        return (["sitegen diff"] + revs + (images.isEmpty ? [] : ["--images", images.joined(separator: ",")])).joined(separator: " ")
    }

    private func pieces() -> [Piece] {
        var pieces: [Piece] = [.text("### sitegen diff: \(Self.code(report.from.label)) → \(Self.code(report.to.label))\n\n", image: nil)]
        for note in report.notes { pieces.append(.text("_\(Self.escape(note))_\n\n", image: nil)) }
        guard report.hasChanges else {
            pieces.append(.text("No changes.\n", image: nil))
            return pieces
        }
        let counts = [("added", DiffReport.ImageChange.Status.added), ("retired", .retired), ("changed", .changed)]
            .compactMap { word, status -> String? in
                let count = report.images.filter { $0.status == status }.count
                return count == 0 ? nil : "\(count) \(word)"
            }
        pieces.append(.text("\(report.images.count) image\(report.images.count == 1 ? "" : "s"): \(counts.joined(separator: ", ")).\n\n", image: nil))
        for image in report.images { pieces += self.image(image) }
        if !report.sitePages.isEmpty {
            pieces.append(.part(summary: "Site pages that change (\(report.sitePages.count))",
                                body: report.sitePages.map { "- \(Self.code($0.path)) (\($0.status.rawValue))" }.joined(separator: "\n") + "\n",
                                image: nil))
        }
        return pieces
    }

    private func image(_ image: DiffReport.ImageChange) -> [Piece] {
        var rows: [(String, String)] = []
        if let errors = image.errors {
            for line in errors.from { rows.append(("Error in \(Self.escape(report.from.label))", Self.escape(line))) }
            for line in errors.to { rows.append(("Error in \(Self.escape(report.to.label))", Self.escape(line))) }
        }
        let tags = image.tags
        if !tags.added.isEmpty { rows.append(("Tags added", Self.shortTagList(tags.added.map(\.tag)))) }
        if !tags.removed.isEmpty { rows.append(("Tags removed", Self.shortTagList(tags.removed.map(\.tag)))) }
        if !tags.moved.isEmpty { rows.append(("Tags moved", "\(tags.moved.count)")) }
        let builds = image.builds
        if !builds.added.isEmpty { rows.append(("Builds added", "\(builds.added.count)")) }
        if !builds.removed.isEmpty { rows.append(("Builds removed", "\(builds.removed.count)")) }
        if !builds.changed.isEmpty {
            let sources = builds.changed.filter(\.sourceChanged).count
            rows.append(("Builds changed", "\(builds.changed.count) (\(sources) with a new source)"))
        }
        if !image.architectures.isEmpty { rows.append(("Architectures", Self.listChange(image.architectures))) }
        if !image.variants.isEmpty { rows.append(("Variants", Self.listChange(image.variants))) }
        if let readme = image.readme { rows.append(("README.md", "\(readme.status.rawValue), +\(readme.linesAdded) −\(readme.linesRemoved) lines")) }
        if !image.pages.isEmpty { rows.append(("Pages", "\(image.pages.count)")) }

        var table = "#### \(Self.code(image.name)) (\(image.status.rawValue))\n\n| | |\n|---|---|\n"
        for (name, value) in rows { table += "| \(name) | \(value) |\n" }
        var pieces: [Piece] = [.text(table + "\n", image: image.name)]

        // The summary names a few tags; the whole lists fold, since an image can gain thousands.
        for (title, list) in [("Tags added", tags.added), ("Tags removed", tags.removed)] where list.count > Self.shortListLength {
            pieces.append(.part(summary: "\(title) (\(list.count))", body: Self.tagList(list.map(\.tag)) + "\n", image: image.name))
        }
        if !tags.moved.isEmpty {
            var body = "| Tag | From | To |\n|---|---|---|\n"
            for move in tags.moved {
                body += "| \(Self.code(move.tag))\(Self.escape(DiffText.only(move))) | \(Self.source(move.from)) | \(Self.source(move.to)) |\n"
            }
            pieces.append(.part(summary: "Tags moved (\(tags.moved.count))", body: body, image: image.name))
        }
        if !builds.isEmpty {
            var body = "| Build | Before | After | Architectures |\n|---|---|---|---|\n"
            for build in builds.changed {
                body += "| \(Self.tagList(build.tags + build.sharedTags)) | \(Self.source(build.from)) | \(Self.source(build.to)) | \(Self.listChange(build.architectures)) |\n"
                for change in build.architectureSources {
                    body += "| ↳ \(Self.code(change.architecture)) | \(Self.source(change.from)) | \(Self.source(change.to)) | |\n"
                }
            }
            for build in builds.added {
                body += "| \(Self.tagList(build.tags + build.sharedTags)) | (new) | \(Self.source(build.source)) | \(build.source.architectures.joined(separator: ", ")) |\n"
            }
            for build in builds.removed {
                body += "| \(Self.tagList(build.tags + build.sharedTags)) | \(Self.source(build.source)) | (removed) | |\n"
            }
            let count = builds.added.count + builds.removed.count + builds.changed.count
            pieces.append(.part(summary: "Builds (\(count))", body: body, image: image.name))
        }
        if let readme = image.readme {
            let fence = String(repeating: "`", count: max(3, Self.longestBacktickRun(readme.diff) + 1))
            pieces.append(.part(summary: "README.md (+\(readme.linesAdded) −\(readme.linesRemoved))",
                                body: "\(fence)diff\n\(readme.diff)\(fence)\n", image: image.name))
        }
        if !image.pages.isEmpty {
            pieces.append(.part(summary: "Pages (\(image.pages.count))",
                                body: image.pages.map { "- \(Self.code($0.path)) (\($0.status.rawValue))" }.joined(separator: "\n") + "\n",
                                image: image.name))
        }
        return pieces
    }

    private static func source(_ source: DiffReport.ArchitectureSource) -> String {
        link(code(DiffText.short(source)), source.dockerfile)
    }

    /// `dir@commit` linked to the Dockerfile where its address is known.
    private static func source(_ source: DiffReport.Source) -> String {
        link(code(DiffText.short(source)), source.dockerfile)
    }

    private static func link(_ text: String, _ address: String?) -> String {
        guard let link = address else { return text }
        return "[\(text)](<\(link.replacingOccurrences(of: ">", with: "%3E").replacingOccurrences(of: "|", with: "%7C"))>)"
    }

    /// How many tags a summary cell names before it says how many more there are.
    static let shortListLength = 12

    private static func shortTagList(_ tags: [String]) -> String {
        guard tags.count > shortListLength else { return tagList(tags) }
        return tagList(Array(tags.prefix(shortListLength))) + " and \(tags.count - shortListLength) more"
    }

    private static func tagList(_ tags: [String]) -> String {
        tags.map(code).joined(separator: ", ")
    }

    private static func listChange(_ change: DiffReport.ListChange) -> String {
        (change.added.map { "+" + code($0) } + change.removed.map { "−" + code($0) }).joined(separator: " ")
    }

    /// A code span that holds `text` whatever backticks it has; a `|` is escaped, as a table
    /// cell needs even inside code.
    static func code(_ text: String) -> String {
        let fence = String(repeating: "`", count: longestBacktickRun(text) + 1)
        let padded = text.hasPrefix("`") || text.hasSuffix("`") ? " \(text) " : text
        return fence + padded.replacingOccurrences(of: "|", with: "\\|") + fence
    }

    /// Text with the characters that Markdown or a table would read as syntax escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>|#!".contains(character) { out.append("\\") }
            out.append(character == "\n" ? " " : character)
        }
        return out
    }

    static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0, run = 0
        for byte in text.utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
