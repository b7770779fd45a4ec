/// A ``DiffReport`` for a terminal or a log: one block per image, then the site's pages.
/// With `colour`, ANSI colours mark what was added (green), removed (red) and moved (yellow),
/// as `git diff` does.
public struct DiffText {
    public let report: DiffReport
    public let colour: Bool

    public init(_ report: DiffReport, colour: Bool) {
        self.report = report
        self.colour = colour
    }

    private func paint(_ code: String, _ text: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[m" : text
    }
    private func green(_ text: String) -> String { paint("32", text) }
    private func red(_ text: String) -> String { paint("31", text) }
    private func yellow(_ text: String) -> String { paint("33", text) }
    private func bold(_ text: String) -> String { paint("1", text) }
    private func cyan(_ text: String) -> String { paint("36", text) }

    public var text: String {
        var out = bold("sitegen diff \(report.from.label) → \(report.to.label)") + "\n"
        for note in report.notes { out += "note: \(note)\n" }
        if !report.hasChanges {
            return out + "no changes\n"
        }
        for image in report.images { out += "\n" + block(image) }
        if !report.sitePages.isEmpty {
            out += "\n" + bold("site pages") + " (\(report.sitePages.count)):\n"
            for page in report.sitePages { out += "  \(page.path) (\(page.status.rawValue))\n" }
        }
        return out
    }

    private func block(_ image: DiffReport.ImageChange) -> String {
        let status: String = switch image.status {
        case .added: green("added")
        case .retired: red("retired")
        case .changed: "changed"
        }
        var out = bold(image.name) + ": " + status + "\n"
        if let errors = image.errors {
            for line in errors.from { out += "  " + red("error (\(report.from.label)): ") + line + "\n" }
            for line in errors.to { out += "  " + red("error (\(report.to.label)): ") + line + "\n" }
        }
        let tags = image.tags
        if !tags.added.isEmpty { out += "  tags added (\(tags.added.count)): " + tags.added.map { green($0.tag) }.joined(separator: ", ") + "\n" }
        if !tags.removed.isEmpty { out += "  tags removed (\(tags.removed.count)): " + tags.removed.map { red($0.tag) }.joined(separator: ", ") + "\n" }
        if !tags.moved.isEmpty {
            out += "  tags moved (\(tags.moved.count)):\n"
            for move in tags.moved {
                out += "    \(yellow(move.tag)): \(Self.short(move.from)) → \(Self.short(move.to))\(Self.only(move))\n"
            }
        }
        let builds = image.builds
        for build in builds.added {
            out += "  build added: " + green(Self.tags(build.tags, build.sharedTags)) + " (" + build.source.architectures.joined(separator: " ") + ")\n"
            if let link = build.source.dockerfile { out += "    " + green("+ " + link) + "\n" }
        }
        for build in builds.removed {
            out += "  build removed: " + red(Self.tags(build.tags, build.sharedTags)) + "\n"
            if let link = build.source.dockerfile { out += "    " + red("- " + link) + "\n" }
        }
        for build in builds.changed {
            out += "  build changed: " + yellow(Self.tags(build.tags, build.sharedTags)) + "\n"
            if build.sourceChanged {
                out += "    " + red("- " + (build.from.dockerfile ?? Self.short(build.from))) + "\n"
                out += "    " + green("+ " + (build.to.dockerfile ?? Self.short(build.to))) + "\n"
            }
            for change in build.architectureSources {
                out += "    \(change.architecture):\n"
                out += "      " + red("- " + (change.from.dockerfile ?? Self.short(change.from))) + "\n"
                out += "      " + green("+ " + (change.to.dockerfile ?? Self.short(change.to))) + "\n"
            }
            if !build.architectures.isEmpty { out += "    architectures: " + list(build.architectures) + "\n" }
        }
        if !image.architectures.isEmpty { out += "  architectures: " + list(image.architectures) + "\n" }
        if !image.variants.isEmpty { out += "  variants: " + list(image.variants) + "\n" }
        if let readme = image.readme {
            out += "  README.md (\(readme.status.rawValue), " + green("+\(readme.linesAdded)") + " " + red("-\(readme.linesRemoved)") + " lines):\n"
            for line in readme.diff.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                let text = "    " + line
                if line.hasPrefix("+++") || line.hasPrefix("---") {
                    out += bold(text) + "\n"
                } else if line.hasPrefix("@@") {
                    out += cyan(text) + "\n"
                } else if line.hasPrefix("+") {
                    out += green(text) + "\n"
                } else if line.hasPrefix("-") {
                    out += red(text) + "\n"
                } else {
                    out += text + "\n"
                }
            }
        }
        if !image.pages.isEmpty {
            out += "  pages (\(image.pages.count)): " + image.pages.map { "\($0.path) (\($0.status.rawValue))" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    private func list(_ change: DiffReport.ListChange) -> String {
        (change.added.map { green("+" + $0) } + change.removed.map { red("-" + $0) }).joined(separator: " ")
    }

    static func tags(_ tags: [String], _ shared: [String]) -> String {
        (tags + shared).joined(separator: ", ")
    }

    /// ` (arm64v8 only)` when the move changed some of the tag's architectures only.
    static func only(_ move: DiffReport.TagMove) -> String {
        guard !move.architectures.isEmpty, move.architectures.count < move.to.architectures.count else { return "" }
        return " (\(move.architectures.joined(separator: ", ")) only)"
    }

    static func short(_ source: DiffReport.ArchitectureSource) -> String {
        short(DiffReport.Source(gitRepo: source.gitRepo, gitCommit: source.gitCommit, directory: source.directory,
                                file: source.file, dockerfile: source.dockerfile, variant: nil, architectures: []))
    }

    /// `directory@commit` (the commit cut to 12 characters), with the variant when it has one.
    static func short(_ source: DiffReport.Source) -> String {
        let path = source.directory == "." ? source.file : source.directory + (source.file == "Dockerfile" ? "" : "/" + source.file)
        return path + "@" + String(source.gitCommit.prefix(12)) + (source.variant.map { " [\($0)]" } ?? "")
    }
}
