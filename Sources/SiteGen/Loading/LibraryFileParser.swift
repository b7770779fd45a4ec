import Foundation

/// Turns the paragraphs of a library file into ``Entry`` values, checking each field the way
/// bashbrew would refuse it, but reporting every problem instead of stopping at the first.
struct LibraryFileParser {
    typealias Field = LibraryFile.Field

    let name: String
    let path: String
    private(set) var diagnostics: [Diagnostic] = []

    init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    /// A paragraph's values with the defaults applied, before they are checked.
    private struct Values {
        var fields: [Field: String] = [.gitFetch: "refs/heads/master", .directory: ".", .file: "Dockerfile"]
        var lines: [Field: Int] = [:]
        var overrides: [String: ArchitectureOverride] = [:]
        var overrideLines: [String: Int] = [:]
    }

    mutating func parse(_ text: String) -> (file: LibraryFile?, diagnostics: [Diagnostic]) {
        let (paragraphs, splitDiagnostics) = LibraryParagraph.split(text, file: path)
        diagnostics = splitDiagnostics

        var global = Values()
        var entryParagraphs = paragraphs[...]
        if let first = paragraphs.first {
            global = apply(first, to: global)
            entryParagraphs = paragraphs.dropFirst()
            for key in [Field.tags, .sharedTags] where global.fields[key] != nil {
                error("library.global-tags", line: global.lines[key],
                      "the first paragraph holds defaults for every entry and cannot have \(key.rawValue)",
                      hint: "start the file with a paragraph of defaults (Maintainers, GitRepo, …), then a blank line, then the entries")
            }
        }
        if global.fields[.architectures] == nil { global.fields[.architectures] = "amd64" }

        var entries: [Entry] = []
        for paragraph in entryParagraphs {
            let values = apply(paragraph, to: global)
            if let entry = makeEntry(values, ownOverrides: overrideKeys(in: paragraph), line: paragraph.line) {
                entries.append(entry)
            }
        }
        checkTagsAreUnique(entries)

        let maintainers = Self.list(global.fields[.maintainers] ?? "")
        for maintainer in maintainers where !Self.isWellFormedMaintainer(maintainer) {
            warning("library.maintainer-format", line: global.lines[.maintainers],
                    "maintainer `\(maintainer)` is not written as `Name <email> (@github-handle)`",
                    hint: "official-images tooling expects each maintainer as `Full Name <address@example.com> (@handle)`")
        }
        let hasErrors = diagnostics.contains { $0.severity == .error }
        let file = hasErrors ? nil : LibraryFile(name: name, path: path, maintainers: maintainers, entries: entries)
        return (file, diagnostics)
    }

    // MARK: Fields

    /// `values` with the fields of `paragraph` laid over them.
    private mutating func apply(_ paragraph: LibraryParagraph, to base: Values) -> Values {
        var values = base
        var seen: Set<String> = []
        for field in paragraph.fields {
            let lowered = field.key.lowercased()
            if !seen.insert(lowered).inserted {
                error("library.duplicate-field", line: field.line, "`\(field.key)` appears twice in one paragraph",
                      hint: "keep one `\(field.key)` line; list values are comma-separated on one field")
                continue
            }
            if let known = Field.byLowercasedName[lowered] {
                values.fields[known] = field.value
                values.lines[known] = field.line
            } else if let (architecture, known) = Self.perArchitectureField(field.key) {
                var override = values.overrides[architecture] ?? ArchitectureOverride()
                switch known {
                case .gitRepo: override.gitRepo = field.value
                case .gitFetch: override.gitFetch = field.value
                case .gitCommit: override.gitCommit = field.value
                case .directory: override.directory = field.value
                default: override.file = field.value
                }
                values.overrides[architecture] = override
                values.overrideLines[architecture] = field.line
            } else {
                warning("library.unknown-field", line: field.line, "unknown field `\(field.key)`",
                        hint: "known fields: \(Field.allCases.map(\.rawValue).joined(separator: ", ")), and ARCH-GitRepo, ARCH-GitFetch, ARCH-GitCommit, ARCH-Directory, ARCH-File")
            }
        }
        return values
    }

    /// `arm64v8-GitCommit` → (`arm64v8`, .gitCommit); the architecture may itself contain
    /// dashes (`windows-amd64-Directory`).
    static func perArchitectureField(_ key: String) -> (String, Field)? {
        guard let dash = key.lastIndex(of: "-") else { return nil }
        let architecture = String(key[..<dash])
        let suffix = key[key.index(after: dash)...].lowercased()
        guard !architecture.isEmpty,
              let field = Field.byLowercasedName[suffix],
              Field.perArchitecture.contains(field) else { return nil }
        return (architecture, field)
    }

    private func overrideKeys(in paragraph: LibraryParagraph) -> Set<String> {
        Set(paragraph.fields.compactMap { Self.perArchitectureField($0.key)?.0 })
    }

    // MARK: Entries

    private mutating func makeEntry(_ values: Values, ownOverrides: Set<String>, line: Int) -> Entry? {
        let tags = Self.list(values.fields[.tags] ?? "")
        let sharedTags = Self.list(values.fields[.sharedTags] ?? "")
        let label = tags.first.map { "entry `\($0)`" } ?? "entry at line \(line)"
        let errorsBefore = diagnostics.count { $0.severity == .error }

        if tags.isEmpty {
            error("library.missing-tags", line: line, "\(label) has no Tags",
                  hint: "every paragraph after the first needs a `Tags:` line naming at least one tag")
        }
        for tag in tags + sharedTags where !Self.isValidTag(tag) {
            error("library.invalid-tag", line: values.lines[tags.contains(tag) ? .tags : .sharedTags] ?? line,
                  "`\(tag)` is not a valid tag",
                  hint: "a tag is 1 to 128 letters, digits, `_`, `.` and `-`, and does not start with `.` or `-`")
        }
        for (index, tag) in tags.enumerated() where tags[..<index].contains(tag) {
            error("library.duplicate-tag", line: values.lines[.tags] ?? line, "\(label) lists tag `\(tag)` twice",
                  hint: "remove the repeated tag")
        }

        let architectures = checkedArchitectures(values, label: label, line: line)
        let gitRepo = values.fields[.gitRepo] ?? ""
        let gitCommit = values.fields[.gitCommit] ?? ""
        if gitRepo.isEmpty {
            error("library.missing-gitrepo", line: line, "\(label) has no GitRepo",
                  hint: "add `GitRepo: https://github.com/OWNER/REPO.git` to the entry or to the first paragraph")
        }
        if gitCommit.isEmpty {
            error("library.missing-gitcommit", line: line, "\(label) has no GitCommit",
                  hint: "add `GitCommit:` with the full commit id the image is built from")
        }
        let directory = checkedDirectory(values.fields[.directory] ?? ".", line: values.lines[.directory] ?? line)
        checkBuildFields(gitFetch: values.fields[.gitFetch] ?? "", gitCommit: gitCommit,
                         line: { values.lines[$0] ?? line })

        var overrides: [Architecture: ArchitectureOverride] = [:]
        for (name, var override) in values.overrides.sorted(by: { $0.key < $1.key }) {
            let overrideLine = values.overrideLines[name] ?? line
            if ownOverrides.contains(name), !architectures.contains(Architecture(name)) {
                warning("library.override-unused-architecture", line: overrideLine,
                        "\(label) sets `\(name)-…` fields but does not list `\(name)` in Architectures",
                        hint: "add `\(name)` to Architectures or remove the `\(name)-` fields")
            }
            override.directory = override.directory.map { checkedDirectory($0, line: overrideLine) }
            checkBuildFields(gitFetch: override.gitFetch, gitCommit: override.gitCommit, line: { _ in overrideLine })
            overrides[Architecture(name)] = override
        }

        guard diagnostics.count(where: { $0.severity == .error }) == errorsBefore else { return nil }
        return Entry(tags: tags, sharedTags: sharedTags, architectures: architectures,
                     gitRepo: gitRepo, gitFetch: values.fields[.gitFetch] ?? "", gitCommit: gitCommit,
                     directory: directory, file: values.fields[.file] ?? "Dockerfile",
                     builder: values.fields[.builder] ?? "",
                     constraints: Self.list(values.fields[.constraints] ?? ""),
                     maintainers: Self.list(values.fields[.maintainers] ?? ""),
                     overrides: overrides, line: line)
    }

    private mutating func checkedArchitectures(_ values: Values, label: String, line: Int) -> [Architecture] {
        let names = Self.list(values.fields[.architectures] ?? "amd64")
        for name in names where !LibraryFile.knownArchitectures.contains(name) {
            let known = LibraryFile.knownArchitectures.sorted()
            let guess = known.first { $0.hasPrefix(name.lowercased()) || name.lowercased().hasPrefix($0) }
            let hint = (guess.map { "did you mean `\($0)`? " } ?? "") + "known architectures: \(known.joined(separator: ", "))"
            error("library.unknown-architecture", line: values.lines[.architectures] ?? line,
                  "\(label) lists unknown architecture `\(name)`", hint: hint)
        }
        if names.isEmpty {
            error("library.missing-architectures", line: values.lines[.architectures] ?? line,
                  "\(label) has an empty Architectures list", hint: "list at least one architecture, or drop the field for amd64")
        }
        return Array(Set(names.map(Architecture.init))).sorted()
    }

    private mutating func checkBuildFields(gitFetch: String?, gitCommit: String?, line: (Field) -> Int) {
        if let gitFetch, !gitFetch.isEmpty, !Self.isValidGitFetch(gitFetch) {
            error("library.invalid-gitfetch", line: line(.gitFetch), "GitFetch `\(gitFetch)` is not a branch or tag ref",
                  hint: "write `refs/heads/BRANCH` or `refs/tags/TAG`")
        }
        if let gitCommit, !gitCommit.isEmpty, !Self.isValidCommit(gitCommit) {
            error("library.invalid-gitcommit", line: line(.gitCommit), "GitCommit `\(gitCommit)` is not a commit id",
                  hint: "use the full lowercase hexadecimal commit id, as `git rev-parse HEAD` prints it")
        }
    }

    /// The directory cleaned like a path; an error when it leaves the repository.
    private mutating func checkedDirectory(_ directory: String, line: Int) -> String {
        let cleaned = PathCleaner.clean(directory)
        if cleaned.hasPrefix("/") || cleaned == ".." || cleaned.hasPrefix("../") {
            error("library.directory-outside-repository", line: line,
                  "Directory `\(directory)` points outside the repository",
                  hint: "Directory is a path inside the Git repository, like `3.13/slim-bookworm`")
        }
        return cleaned
    }

    /// bashbrew refuses a tag that another entry already has, as a simple or a shared tag.
    private mutating func checkTagsAreUnique(_ entries: [Entry]) {
        var simpleOwner: [String: String] = [:]
        for entry in entries {
            for tag in Set(entry.tags) {
                if let owner = simpleOwner[tag] {
                    error("library.tag-in-two-entries", line: entry.line,
                          "tag `\(tag)` belongs to entry `\(owner)` and to entry `\(entry.firstTag)`",
                          hint: "a simple tag names exactly one entry; use SharedTags for a tag that spans several")
                } else {
                    simpleOwner[tag] = entry.firstTag
                }
            }
        }
        for entry in entries {
            for tag in entry.sharedTags {
                if let owner = simpleOwner[tag] {
                    error("library.shared-tag-is-simple", line: entry.line,
                          "shared tag `\(tag)` of entry `\(entry.firstTag)` is also a simple tag of entry `\(owner)`",
                          hint: "a name is either a simple tag of one entry or a shared tag, never both")
                }
            }
        }
    }

    // MARK: Values

    /// A comma-separated list, items trimmed, empty items dropped.
    static func list(_ value: String) -> [String] {
        value.split(separator: ",").map { String($0.trimmingWhitespace()) }.filter { !$0.isEmpty }
    }

    static func isValidTag(_ tag: String) -> Bool {
        guard let first = tag.utf8.first, tag.utf8.count <= 128, first != UInt8(ascii: "."), first != UInt8(ascii: "-") else {
            return false
        }
        return tag.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
    }

    static func isValidCommit(_ commit: String) -> Bool {
        commit.utf8.count <= 64 && commit.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
        }
    }

    static func isValidGitFetch(_ ref: String) -> Bool {
        let prefixes = ["refs/heads/", "refs/tags/"]
        guard let prefix = prefixes.first(where: ref.hasPrefix) else { return false }
        let rest = ref.dropFirst(prefix.count)
        return !rest.isEmpty && !rest.contains(where: { $0 == "*" || $0 == "?" || $0 == ":" || $0 == " " })
    }

    /// `Name <email> (@handle)`, the address being optional, as bashbrew accepts it.
    static func isWellFormedMaintainer(_ maintainer: String) -> Bool {
        guard maintainer.hasSuffix(")"), let open = maintainer.range(of: " (@", options: .backwards) else { return false }
        let handle = maintainer[open.upperBound..<maintainer.index(before: maintainer.endIndex)]
        var name = maintainer[..<open.lowerBound].trimmingWhitespace()
        if name.hasSuffix(">") {
            guard let emailStart = name.lastIndex(of: "<") else { return false }
            let email = name[name.index(after: emailStart)..<name.index(before: name.endIndex)]
            guard !email.isEmpty, !email.contains(where: { $0 == " " || $0 == "<" || $0 == "(" }) else { return false }
            name = name[..<emailStart].trimmingWhitespace()
        }
        let forbidden: (Character) -> Bool = { "<>()".contains($0) }
        return !name.isEmpty && !name.contains(where: forbidden)
            && !handle.isEmpty && !handle.contains(where: { forbidden($0) || $0 == " " || $0 == "@" })
    }

    // MARK: Reporting

    private mutating func error(_ id: String, line: Int?, _ message: String, hint: String) {
        diagnostics.append(.error(id, file: path, line: line, message, hint: hint))
    }

    private mutating func warning(_ id: String, line: Int?, _ message: String, hint: String) {
        diagnostics.append(.warning(id, file: path, line: line, message, hint: hint))
    }
}
