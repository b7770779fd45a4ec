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
        /// The field lines each value came from, for positions.
        var sources: [Field: LibraryParagraph.Field] = [:]
        var overrides: [String: ArchitectureOverride] = [:]
        /// The field line of each `ARCH-Field`, keyed `arch` then field.
        var overrideSources: [String: [Field: LibraryParagraph.Field]] = [:]
        /// What the paragraph itself wrote, as opposed to what it inherited from the defaults;
        /// inherited values were checked once, with the defaults.
        var ownFields: Set<Field> = []
        var ownOverrides: [String: Set<Field>] = [:]
    }

    mutating func parse(_ text: String) -> (file: LibraryFile?, diagnostics: [Diagnostic]) {
        let (paragraphs, splitDiagnostics) = LibraryParagraph.split(text, file: path)
        diagnostics = splitDiagnostics
        if paragraphs.isEmpty && diagnostics.isEmpty {
            // Defaults without entries are a real (retired) image; no fields at all is a file lost.
            error("library.empty", line: nil, "the library file has no fields at all",
                  hint: "a library file starts with a paragraph of defaults (Maintainers, GitRepo); restore it, or remove the file and the image's docs folder")
        }

        var global = Values()
        var entryParagraphs = paragraphs[...]
        if let first = paragraphs.first {
            global = apply(first, to: global)
            entryParagraphs = paragraphs.dropFirst()
            for key in [Field.tags, .sharedTags] where global.fields[key] != nil {
                error("library.global-tags", line: global.sources[key]?.line, column: global.sources[key]?.column,
                      "the first paragraph holds defaults for every entry and cannot have \(key.rawValue)",
                      hint: "start the file with a paragraph of defaults (Maintainers, GitRepo, …), then a blank line, then the entries")
                // Reported once here; entries must not inherit them and report again.
                global.fields[key] = nil
            }
        }
        if global.fields[.architectures] == nil { global.fields[.architectures] = "amd64" }
        checkOwnFields(global, label: "the defaults paragraph", line: 1)

        var entries: [Entry] = []
        // The tag lines each entry wrote itself, for the position of a tag in an error; the
        // positions are worked out only when there is one.
        var tagSources: [[LibraryParagraph.Field]] = []
        for paragraph in entryParagraphs {
            let values = apply(paragraph, to: global)
            if let entry = makeEntry(values, line: paragraph.line) {
                entries.append(entry)
                tagSources.append([Field.sharedTags, .tags].compactMap { field in
                    values.ownFields.contains(field) ? values.sources[field] : nil
                })
            }
        }
        checkTagsAreUnique(entries, sources: tagSources)

        let maintainers = Self.list(global.fields[.maintainers] ?? "")
        for item in global.sources[.maintainers]?.items ?? [] where !Self.isWellFormedMaintainer(item.item) {
            let maintainer = item.item
            warning("library.maintainer-format", line: item.line, column: item.column,
                    "maintainer `\(TextPosition.short(maintainer))` is not written as `Name <email> (@github-handle)`",
                    hint: "official-images tooling expects each maintainer as `Full Name <address@example.com> (@handle)`")
        }
        let hasErrors = diagnostics.contains { $0.severity == .error }
        let file = hasErrors ? nil : LibraryFile(name: name, path: path, maintainers: maintainers, entries: entries,
                                                  sourceFingerprint: Fingerprint.of(text.utf8).hex)
        return (file, diagnostics)
    }

    // MARK: Fields

    /// `values` with the fields of `paragraph` laid over them.
    private mutating func apply(_ paragraph: LibraryParagraph, to base: Values) -> Values {
        var values = base
        values.ownFields = []
        values.ownOverrides = [:]
        var seen: Set<String> = []
        for field in paragraph.fields {
            let lowered = field.key.lowercased()
            if !seen.insert(lowered).inserted {
                error("library.duplicate-field", line: field.line, column: field.column, "`\(field.key)` appears twice in one paragraph",
                      hint: "keep one `\(field.key)` line; list values are comma-separated on one field")
                continue
            }
            if let known = Field.byLowercasedName[lowered] {
                values.fields[known] = field.value
                values.sources[known] = field
                values.ownFields.insert(known)
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
                values.overrideSources[architecture, default: [:]][known] = field
                values.ownOverrides[architecture, default: []].insert(known)
            } else {
                warning("library.unknown-field", line: field.line, column: field.column, "unknown field `\(TextPosition.short(field.key))`",
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

    // MARK: Entries

    private mutating func makeEntry(_ values: Values, line: Int) -> Entry? {
        let tags = Self.list(values.fields[.tags] ?? "")
        let sharedTags = Self.list(values.fields[.sharedTags] ?? "")
        let label = tags.first.map { "entry `\(TextPosition.short($0))`" } ?? "entry at line \(line)"
        let errorsBefore = diagnostics.count { $0.severity == .error }

        if tags.isEmpty {
            error("library.missing-tags", line: line, "\(label) has no Tags",
                  hint: "every paragraph after the first needs a `Tags:` line naming at least one tag")
        }
        for tag in tags + sharedTags where !Self.isValidTag(tag) {
            let at = Self.position(of: tag, in: tags.contains(tag) ? .tags : .sharedTags, values, fallback: line)
            error("library.invalid-tag", line: at.line, column: at.column,
                  "`\(TextPosition.short(tag))` is not a valid tag",
                  hint: "a tag is 1 to 128 letters, digits, `_`, `.` and `-`, and does not start with `.` or `-`")
        }
        for (index, tag) in tags.enumerated() where tags[..<index].contains(tag) {
            let at = Self.position(of: tag, in: .tags, values, occurrence: tags[..<index].count { $0 == tag }, fallback: line)
            error("library.duplicate-tag", line: at.line, column: at.column, "\(label) lists tag `\(TextPosition.short(tag))` twice",
                  hint: "remove the repeated tag")
        }
        for (index, tag) in sharedTags.enumerated() where sharedTags[..<index].contains(tag) {
            let at = Self.position(of: tag, in: .sharedTags, values, occurrence: sharedTags[..<index].count { $0 == tag }, fallback: line)
            error("library.duplicate-tag", line: at.line, column: at.column, "\(label) lists shared tag `\(TextPosition.short(tag))` twice",
                  hint: "remove the repeated tag")
        }
        if (values.fields[.gitRepo] ?? "").isEmpty {
            error("library.missing-gitrepo", line: line, "\(label) has no GitRepo",
                  hint: "add `GitRepo: https://github.com/OWNER/REPO.git` to the entry or to the first paragraph")
        }
        if (values.fields[.gitCommit] ?? "").isEmpty {
            error("library.missing-gitcommit", line: line, "\(label) has no GitCommit",
                  hint: "add `GitCommit:` with the full commit id the image is built from")
        }
        checkOwnFields(values, label: label, line: line)
        let architectures = Self.architectures(values)
        for (name, fields) in values.ownOverrides.sorted(by: { $0.key < $1.key })
        where !architectures.contains(Architecture(name)) {
            let first = fields.compactMap { values.overrideSources[name]?[$0] }.min { $0.line < $1.line }
            warning("library.override-unused-architecture", line: first?.line, column: first?.column,
                    "\(label) sets `\(name)-…` fields but does not list `\(name)` in Architectures",
                    hint: "add `\(name)` to Architectures or remove the `\(name)-` fields")
        }

        guard diagnostics.count(where: { $0.severity == .error }) == errorsBefore else { return nil }
        var overrides: [Architecture: ArchitectureOverride] = [:]
        for (name, var override) in values.overrides {
            override.directory = override.directory.map(PathCleaner.clean)
            overrides[Architecture(name)] = override
        }
        return Entry(tags: tags, sharedTags: sharedTags, architectures: architectures,
                     gitRepo: values.fields[.gitRepo] ?? "", gitFetch: values.fields[.gitFetch] ?? "",
                     gitCommit: values.fields[.gitCommit] ?? "",
                     directory: PathCleaner.clean(values.fields[.directory] ?? "."),
                     file: values.fields[.file] ?? "Dockerfile",
                     builder: values.fields[.builder] ?? "",
                     constraints: Self.list(values.fields[.constraints] ?? ""),
                     maintainers: Self.list(values.fields[.maintainers] ?? ""),
                     overrides: overrides, line: line)
    }

    /// Checks the values a paragraph wrote itself (inherited ones were checked with the
    /// defaults, so one bad default gives one error, not one per entry).
    private mutating func checkOwnFields(_ values: Values, label: String, line: Int) {
        let valueAt: (LibraryParagraph.Field?) -> (line: Int, column: Int?) = { source in
            source.map { ($0.valuePosition.line, $0.valuePosition.column) } ?? (line, nil)
        }
        if values.ownFields.contains(.architectures) {
            checkArchitectures(values.sources[.architectures], label: label, at: valueAt(values.sources[.architectures]))
        }
        if values.ownFields.contains(.gitFetch) {
            checkGitFetch(values.fields[.gitFetch] ?? "", at: valueAt(values.sources[.gitFetch]))
        }
        if values.ownFields.contains(.gitCommit) {
            checkGitCommit(values.fields[.gitCommit] ?? "", at: valueAt(values.sources[.gitCommit]))
        }
        if values.ownFields.contains(.directory) {
            checkDirectory(values.fields[.directory] ?? ".", at: valueAt(values.sources[.directory]))
        }
        for (name, fields) in values.ownOverrides.sorted(by: { $0.key < $1.key }) {
            guard let override = values.overrides[name] else { continue }
            let at: (Field) -> (line: Int, column: Int?) = { valueAt(values.overrideSources[name]?[$0]) }
            if fields.contains(.gitFetch), let value = override.gitFetch { checkGitFetch(value, at: at(.gitFetch)) }
            if fields.contains(.gitCommit), let value = override.gitCommit { checkGitCommit(value, at: at(.gitCommit)) }
            if fields.contains(.directory), let value = override.directory { checkDirectory(value, at: at(.directory)) }
        }
    }

    /// The paragraph's architectures, de-duplicated and sorted.
    private static func architectures(_ values: Values) -> [Architecture] {
        Array(Set(list(values.fields[.architectures] ?? "amd64").map(Architecture.init))).sorted()
    }

    private mutating func checkArchitectures(_ source: LibraryParagraph.Field?, label: String, at value: (line: Int, column: Int?)) {
        let items = source?.items ?? []
        for (name, line, column) in items where !LibraryFile.knownArchitectures.contains(name) {
            let known = LibraryFile.knownArchitectures.sorted()
            let guess = known.first { $0.hasPrefix(name.lowercased()) || name.lowercased().hasPrefix($0) }
            let hint = (guess.map { "did you mean `\($0)`? " } ?? "") + "known architectures: \(known.joined(separator: ", "))"
            error("library.unknown-architecture", line: line, column: column, "\(label) lists unknown architecture `\(TextPosition.short(name))`", hint: hint)
        }
        if items.isEmpty {
            error("library.missing-architectures", line: value.line, column: value.column, "\(label) has an empty Architectures list",
                  hint: "list at least one architecture, or drop the field for amd64")
        }
    }

    private mutating func checkGitFetch(_ gitFetch: String, at value: (line: Int, column: Int?)) {
        if !Self.isValidGitFetch(gitFetch) {
            error("library.invalid-gitfetch", line: value.line, column: value.column, "GitFetch `\(TextPosition.short(gitFetch))` is not a branch or tag ref",
                  hint: "write `refs/heads/BRANCH` or `refs/tags/TAG`")
        }
    }

    private mutating func checkGitCommit(_ gitCommit: String, at value: (line: Int, column: Int?)) {
        if !gitCommit.isEmpty, !Self.isValidCommit(gitCommit) {
            error("library.invalid-gitcommit", line: value.line, column: value.column, "GitCommit `\(TextPosition.short(gitCommit))` is not a commit id",
                  hint: "use the full lowercase hexadecimal commit id, as `git rev-parse HEAD` prints it")
        }
    }

    /// An error when the directory, cleaned like a path, leaves the repository.
    private mutating func checkDirectory(_ directory: String, at value: (line: Int, column: Int?)) {
        let cleaned = PathCleaner.clean(directory)
        if cleaned.hasPrefix("/") || cleaned == ".." || cleaned.hasPrefix("../") {
            error("library.directory-outside-repository", line: value.line, column: value.column,
                  "Directory `\(TextPosition.short(directory))` points outside the repository",
                  hint: "Directory is a path inside the Git repository, like `3.13/slim-bookworm`")
        }
    }

    /// bashbrew refuses a tag that another entry already has, as a simple or a shared tag.
    private mutating func checkTagsAreUnique(_ entries: [Entry], sources: [[LibraryParagraph.Field]]) {
        // Where the entry wrote `tag` (its last mention, Tags after SharedTags).
        func position(_ tag: String, _ index: Int) -> (line: Int, column: Int?)? {
            var found: (line: Int, column: Int?)?
            for source in sources[index] {
                for item in source.items where item.item == tag { found = (item.line, item.column) }
            }
            return found
        }
        var simpleOwner: [String: String] = [:]
        for (index, entry) in entries.enumerated() {
            for tag in Set(entry.tags) {
                if let owner = simpleOwner[tag] {
                    let at = position(tag, index) ?? (entry.line, nil)
                    error("library.tag-in-two-entries", line: at.line, column: at.column,
                          "tag `\(tag)` belongs to entry `\(owner)` and to entry `\(entry.firstTag)`",
                          hint: "a simple tag names exactly one entry; use SharedTags for a tag that spans several")
                } else {
                    simpleOwner[tag] = entry.firstTag
                }
            }
        }
        for (index, entry) in entries.enumerated() {
            for tag in entry.sharedTags {
                if let owner = simpleOwner[tag] {
                    let at = position(tag, index) ?? (entry.line, nil)
                    error("library.shared-tag-is-simple", line: at.line, column: at.column,
                          "shared tag `\(tag)` of entry `\(entry.firstTag)` is also a simple tag of entry `\(owner)`",
                          hint: "a name is either a simple tag of one entry or a shared tag, never both")
                }
            }
        }
    }

    // MARK: Values

    /// A comma-separated list, items trimmed, empty items dropped.
    static func list(_ value: String) -> [String] {
        // On the UTF-8 bytes, like LibraryParagraph.split: this runs for every field of every entry.
        Array(value.utf8).split(separator: UInt8(ascii: ",")).compactMap { item in
            let trimmed = LibraryParagraph.trimmingWhitespace(item)
            return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
        }
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

    /// Where the `occurrence`-th `item` of the list `field` stands; the entry's line when the
    /// paragraph did not write the field itself.
    private static func position(of item: String, in field: Field, _ values: Values, occurrence: Int = 0,
                                 fallback line: Int) -> (line: Int, column: Int?) {
        guard values.ownFields.contains(field), let source = values.sources[field] else { return (line, nil) }
        let matches = source.items.filter { $0.item == item }
        guard occurrence < matches.count else { return (source.line, nil) }
        return (matches[occurrence].line, matches[occurrence].column)
    }

    private mutating func error(_ id: String, line: Int?, column: Int? = nil, _ message: String, hint: String) {
        diagnostics.append(.error(id, file: path, line: line, column: column, message, hint: hint))
    }

    private mutating func warning(_ id: String, line: Int?, column: Int? = nil, _ message: String, hint: String) {
        diagnostics.append(.warning(id, file: path, line: line, column: column, message, hint: hint))
    }
}
