import Foundation

/// Turns the paragraphs of a library file into ``Entry`` values, checking each field the way
/// bashbrew would refuse it, but reporting every problem instead of stopping at the first.
///
/// Every build parses every library file (thousands of entries), so the common case, a field
/// with nothing to report, is checked on the UTF-8 bytes with no per-entry dictionaries, sets
/// or label strings. When a fast check finds something (or meets a byte it does not
/// handle), the general `Character`-based code runs and words and places the diagnostics: it
/// is the reference, and a fast path only ever answers "nothing to report", or gives the same
/// value, where the general code would.
struct LibraryFileParser {
    typealias Field = LibraryFile.Field

    let name: String
    let path: String
    private(set) var diagnostics: [Diagnostic] = []
    /// How many of `diagnostics` are errors: an entry is kept only when checking it added
    /// none, and counting them in `diagnostics` for every entry was quadratic.
    private var errorCount = 0
    /// What an entry has for a field it does not write: bashbrew's defaults, with the first
    /// paragraph's values over them (less its Tags and SharedTags, which it may not set).
    private var defaults = FieldTable<String?>(nil)
    /// The first paragraph's `ARCH-Field` values, which every entry starts from, as an entry
    /// holds them (directories cleaned).
    private var defaultOverrides: [Architecture: ArchitectureOverride] = [:]
    /// `defaults`' lists, split once per file rather than once per entry.
    private var defaultArchitectures: [Architecture] = []
    private var defaultMaintainers: [String] = []
    /// Architecture lists already made, keyed by the known architectures they hold (bit `i`
    /// for `Self.knownArchitectures[i]`): entries with the same list share one array.
    var architectureLists: [UInt64: [Architecture]] = [:]

    init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    /// What one paragraph wrote itself. (What it inherits is in `defaults`: only an entry
    /// inherits, and inherited values were checked once, with the defaults, so one bad default
    /// gives one error, not one per entry.)
    private struct Values {
        var paragraph: LibraryParagraph
        /// For each field the paragraph wrote, the index of its line in `paragraph.fields`;
        /// one slot per field rather than a dictionary, which allocated for every entry.
        var own = FieldTable<Int?>(nil)
        /// The `ARCH-Field` lines the paragraph wrote, in order: the architecture as written,
        /// the field, and the index of the line in `paragraph.fields`. No two name the same
        /// architecture and field: such keys are equal but for case, and the second is
        /// refused as a duplicate. (A list, not dictionaries by architecture: those
        /// allocated several times per entry.)
        var ownOverrides: [(architecture: String, field: Field, index: Int)] = []
        /// Known fields the paragraph misspelled (already reported), so that their absence is
        /// not reported again.
        var misspelled: [String] = []

        init(paragraph: LibraryParagraph) {
            self.paragraph = paragraph
        }

        /// The architectures of `ownOverrides`, sorted, each with the lines of its fields.
        var ownOverridesByArchitecture: [(architecture: String, sources: [(field: Field, source: LibraryParagraph.Field)])] {
            var result: [(architecture: String, sources: [(field: Field, source: LibraryParagraph.Field)])] = []
            for (architecture, field, index) in ownOverrides {
                let source = (field, paragraph.fields[index])
                if let existing = result.firstIndex(where: { $0.architecture == architecture }) {
                    result[existing].sources.append(source)
                } else {
                    result.append((architecture, [source]))
                }
            }
            return result.sorted { $0.architecture < $1.architecture }
        }

        func isOwn(_ field: Field) -> Bool { own[field] != nil }

        /// The line the paragraph wrote `field` on; nil when it did not write it.
        func ownSource(_ field: Field) -> LibraryParagraph.Field? {
            own[field].map { paragraph.fields[$0] }
        }

        func ownValue(_ field: Field) -> String? {
            own[field].map { paragraph.fields[$0].value }
        }
    }

    /// Who a diagnostic is about. Its text is made only for a diagnostic: making it for every
    /// entry cost more than the checks.
    private enum Label {
        case defaults
        case entry(firstTag: String?, line: Int)

        var text: String {
            switch self {
            case .defaults: "the defaults paragraph"
            case .entry(let firstTag, let line): firstTag.map { "entry `\(TextPosition.short($0))`" } ?? "entry at line \(line)"
            }
        }
    }

    mutating func parse(_ text: String) -> (file: LibraryFile?, diagnostics: [Diagnostic]) {
        let (paragraphs, splitDiagnostics) = LibraryParagraph.split(text, file: path)
        diagnostics = splitDiagnostics
        errorCount = splitDiagnostics.count { $0.severity == .error }
        if paragraphs.isEmpty && diagnostics.isEmpty {
            // Defaults without entries are a real (retired) image; no fields at all is a file lost.
            error("library.empty", line: nil, "the library file has no fields at all",
                  hint: "a library file starts with a paragraph of defaults (Maintainers, GitRepo); restore it, or remove the file and the image's docs folder")
        }

        defaults = FieldTable(nil)
        defaults[.gitFetch] = "refs/heads/master"
        defaults[.directory] = "."
        defaults[.file] = "Dockerfile"
        var global = Values(paragraph: LibraryParagraph())
        var entryParagraphs = paragraphs[...]
        if let first = paragraphs.first {
            global = apply(first)
            entryParagraphs = paragraphs.dropFirst()
            for field in Field.allCases {
                if let value = global.ownValue(field) { defaults[field] = value }
            }
            for key in [Field.tags, .sharedTags] where defaults[key] != nil {
                let source = global.ownSource(key)
                error("library.global-tags", line: source?.line, column: source?.column,
                      "the first paragraph holds defaults for every entry and cannot have \(key.rawValue)",
                      hint: "start the file with a paragraph of defaults (Maintainers, GitRepo, …), then a blank line, then the entries")
                // Reported once here; entries must not inherit them and report again.
                defaults[key] = nil
            }
        }
        let defaultArchitectureList = defaults[.architectures] ?? "amd64"
        defaults[.architectures] = defaultArchitectureList
        let knownDefaultArchitectures = knownArchitectures(in: defaultArchitectureList)
        checkOwnFields(global, label: .defaults, line: 1, architecturesAreKnown: knownDefaultArchitectures != nil)
        defaultArchitectures = knownDefaultArchitectures ?? Self.architectures(in: defaultArchitectureList)
        defaultOverrides = [:]
        Self.addOverrides(of: global, to: &defaultOverrides)
        let maintainers = Self.list(defaults[.maintainers] ?? "")
        defaultMaintainers = maintainers

        var entries: [Entry] = []
        entries.reserveCapacity(entryParagraphs.count)
        // The tag lines each entry wrote itself, for the position of a tag in an error; the
        // positions are worked out only when there is one.
        var tagSources: [TagSources] = []
        tagSources.reserveCapacity(entryParagraphs.count)
        for paragraph in entryParagraphs {
            let values = apply(paragraph)
            if let entry = makeEntry(values, line: paragraph.line) {
                entries.append(entry)
                tagSources.append(TagSources(paragraph: paragraph, sharedTags: values.own[.sharedTags], tags: values.own[.tags]))
            }
        }
        checkTagsAreUnique(entries, sources: tagSources)

        // A list of ASCII bytes splits into the same items on bytes as on `Character`s, and
        // when every item is well-formed there is no need for their positions.
        if let source = global.ownSource(.maintainers),
           !(Self.isASCII(source.value) && maintainers.allSatisfy(Self.isWellFormedMaintainer)) {
            for item in source.items where !Self.isWellFormedMaintainer(item.item) {
                let maintainer = item.item
                warning("library.maintainer-format", line: item.line, column: item.column,
                        "maintainer `\(TextPosition.short(maintainer))` is not written as `Name <email> (@github-handle)`",
                        hint: "official-images tooling expects each maintainer as `Full Name <address@example.com> (@handle)`")
            }
        }
        guard errorCount == 0 else { return (nil, diagnostics) }
        var text = text
        var fingerprint = Fingerprint()
        text.withUTF8 { fingerprint.add(words: UnsafeRawBufferPointer($0)) }
        return (LibraryFile(name: name, path: path, maintainers: maintainers, entries: entries, sourceFingerprint: fingerprint.hex),
                diagnostics)
    }

    // MARK: Fields

    /// What `paragraph` writes.
    private mutating func apply(_ paragraph: LibraryParagraph) -> Values {
        var values = Values(paragraph: paragraph)
        // The keys already seen, lowercased, that are not known fields (a known field seen
        // already has its slot in `values.own`); few paragraphs have any.
        var otherKeys: [String] = []
        for index in paragraph.fields.indices {
            if let known = paragraph.fields[index].knownField, !values.isOwn(known) {
                values.own[known] = index
                continue
            }
            let field = paragraph.fields[index]
            let isDuplicate: Bool
            if field.knownField != nil {
                isDuplicate = true
            } else {
                let lowered = field.key.lowercased()
                isDuplicate = otherKeys.contains(lowered)
                if !isDuplicate { otherKeys.append(lowered) }
            }
            if isDuplicate {
                error("library.duplicate-field", line: field.line, column: field.column, "`\(field.key)` appears twice in one paragraph",
                      hint: "keep one `\(field.key)` line; list values are comma-separated on one field")
            } else if let (architecture, known) = Self.perArchitectureField(field.key) {
                values.ownOverrides.append((architecture, known, index))
            } else if let meant = Self.misspelledField(field.key) {
                values.misspelled.append(meant)
                // A typo of a known field would silently change the entry (`Architecturs:`
                // publishes amd64 only): an error, not a warning.
                error("library.misspelled-field", line: field.line, column: field.column,
                      "unknown field `\(TextPosition.short(field.key))`; did you mean `\(meant)`?",
                      hint: "rename it to `\(meant)`; sitegen and bashbrew ignore fields they do not know")
            } else {
                warning("library.unknown-field", line: field.line, column: field.column, "unknown field `\(TextPosition.short(field.key))`",
                        hint: "known fields: \(Field.allCases.map(\.rawValue).joined(separator: ", ")), and ARCH-GitRepo, ARCH-GitFetch, ARCH-GitCommit, ARCH-Directory, ARCH-File")
            }
        }
        return values
    }

    /// The known field `key` is a likely typo of, per-architecture ones (`arm64v8-GitCommit`)
    /// included.
    static func misspelledField(_ key: String) -> String? {
        if let meant = Suggestion.closest(to: key, among: Field.allCases.map(\.rawValue)) { return meant }
        guard let dash = key.lastIndex(of: "-") else { return nil }
        let architecture = key[..<dash], rest = key[key.index(after: dash)...]
        let perArchitecture = ["GitRepo", "GitFetch", "GitCommit", "Directory", "File"]
        // (`X-GitCommit` with an unknown X is taken as an override, and warned about there.)
        guard LibraryFile.knownArchitectures.contains(String(architecture)),
              let meant = Suggestion.closest(to: String(rest), among: perArchitecture) else { return nil }
        return "\(architecture)-\(meant)"
    }

    /// `arm64v8-GitCommit` → (`arm64v8`, .gitCommit); the architecture may itself contain
    /// dashes (`windows-amd64-Directory`).
    static func perArchitectureField(_ key: String) -> (String, Field)? {
        var key = key
        // A paragraph's keys are ASCII: for them, bytes are `Character`s, and matching the
        // suffix on its bytes spares lowercasing it.
        if let answer = key.withUTF8({ bytes -> (String, Field)?? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return .none }
            guard let dash = bytes.lastIndex(of: UInt8(ascii: "-")), dash > 0,
                  let field = Field(caseInsensitiveName: UnsafeBufferPointer(rebasing: bytes[(dash + 1)...])),
                  Field.perArchitecture.contains(field) else { return .some(nil) }
            return (String(decoding: UnsafeBufferPointer(rebasing: bytes[..<dash]), as: UTF8.self), field)
        }) {
            return answer
        }
        guard let dash = key.lastIndex(of: "-") else { return nil }
        let architecture = String(key[..<dash])
        let suffix = key[key.index(after: dash)...].lowercased()
        guard !architecture.isEmpty,
              let field = Field.byLowercasedName[suffix],
              Field.perArchitecture.contains(field) else { return nil }
        return (architecture, field)
    }

    /// Lays the `ARCH-Field` values `values` wrote over `overrides`, directories cleaned.
    private static func addOverrides(of values: Values, to overrides: inout [Architecture: ArchitectureOverride]) {
        for (architecture, field, index) in values.ownOverrides {
            let value = values.paragraph.fields[index].value
            let key = Architecture(architecture)
            var override = overrides[key] ?? ArchitectureOverride()
            switch field {
            case .gitRepo: override.gitRepo = value
            case .gitFetch: override.gitFetch = value
            case .gitCommit: override.gitCommit = value
            case .directory: override.directory = PathCleaner.clean(value)
            default: override.file = value
            }
            overrides[key] = override
        }
    }

    // MARK: Entries

    /// The entry's value for `field`: its own, else the default.
    private func value(_ field: Field, _ values: Values) -> String? {
        values.ownValue(field) ?? defaults[field]
    }

    private mutating func makeEntry(_ values: Values, line: Int) -> Entry? {
        let (tags, tagsAreFine) = Self.tags(in: value(.tags, values) ?? "")
        let (sharedTags, sharedTagsAreFine) = Self.tags(in: value(.sharedTags, values) ?? "")
        let label = Label.entry(firstTag: tags.first, line: line)
        let errorsBefore = errorCount

        if tags.isEmpty, !values.misspelled.contains(Field.tags.rawValue) {
            error("library.missing-tags", line: line, "\(label.text) has no Tags",
                  hint: "every paragraph after the first needs a `Tags:` line naming at least one tag")
        }
        if !(tagsAreFine && sharedTagsAreFine) {
            for tag in tags + sharedTags where !Self.isValidTag(tag) {
                let at = Self.position(of: tag, in: tags.contains(tag) ? .tags : .sharedTags, values, fallback: line)
                error("library.invalid-tag", line: at.line, column: at.column,
                      "`\(TextPosition.short(tag))` is not a valid tag",
                      hint: "a tag is 1 to 128 letters, digits, `_`, `.` and `-`, and does not start with `.` or `-`")
            }
            for (index, tag) in tags.enumerated() where tags[..<index].contains(tag) {
                let at = Self.position(of: tag, in: .tags, values, occurrence: tags[..<index].count { $0 == tag }, fallback: line)
                error("library.duplicate-tag", line: at.line, column: at.column, "\(label.text) lists tag `\(TextPosition.short(tag))` twice",
                      hint: "remove the repeated tag")
            }
            for (index, tag) in sharedTags.enumerated() where sharedTags[..<index].contains(tag) {
                let at = Self.position(of: tag, in: .sharedTags, values, occurrence: sharedTags[..<index].count { $0 == tag }, fallback: line)
                error("library.duplicate-tag", line: at.line, column: at.column, "\(label.text) lists shared tag `\(TextPosition.short(tag))` twice",
                      hint: "remove the repeated tag")
            }
        }
        let gitRepo = value(.gitRepo, values) ?? ""
        if gitRepo.isEmpty, !values.misspelled.contains(Field.gitRepo.rawValue) {
            error("library.missing-gitrepo", line: line, "\(label.text) has no GitRepo",
                  hint: "add `GitRepo: https://github.com/OWNER/REPO.git` to the entry or to the first paragraph")
        }
        let gitCommit = value(.gitCommit, values) ?? ""
        if gitCommit.isEmpty, !values.misspelled.contains(Field.gitCommit.rawValue) {
            error("library.missing-gitcommit", line: line, "\(label.text) has no GitCommit",
                  hint: "add `GitCommit:` with the full commit id the image is built from")
        }
        let ownArchitectureList = values.ownValue(.architectures)
        let knownOwnArchitectures = ownArchitectureList.flatMap { knownArchitectures(in: $0) }
        checkOwnFields(values, label: label, line: line, architecturesAreKnown: knownOwnArchitectures != nil)
        let architectures = knownOwnArchitectures ?? ownArchitectureList.map(Self.architectures(in:)) ?? defaultArchitectures
        if !values.ownOverrides.isEmpty {
            for (name, sources) in values.ownOverridesByArchitecture where !architectures.contains(Architecture(name)) {
                let first = sources.map(\.source).min { $0.line < $1.line }
                warning("library.override-unused-architecture", line: first?.line, column: first?.column,
                        "\(label.text) sets `\(name)-…` fields but does not list `\(name)` in Architectures",
                        hint: "add `\(name)` to Architectures or remove the `\(name)-` fields")
            }
        }

        guard errorCount == errorsBefore else { return nil }
        var overrides = defaultOverrides
        Self.addOverrides(of: values, to: &overrides)
        return Entry(tags: tags, sharedTags: sharedTags, architectures: architectures,
                     gitRepo: gitRepo, gitFetch: value(.gitFetch, values) ?? "", gitCommit: gitCommit,
                     directory: PathCleaner.clean(value(.directory, values) ?? "."),
                     file: value(.file, values) ?? "Dockerfile",
                     builder: value(.builder, values) ?? "",
                     constraints: Self.list(value(.constraints, values) ?? ""),
                     maintainers: values.ownValue(.maintainers).map(Self.list) ?? defaultMaintainers,
                     overrides: overrides, line: line, sharedTagsLine: values.ownSource(.sharedTags)?.line)
    }

    /// Checks the values a paragraph wrote itself (inherited ones were checked with the
    /// defaults, so one bad default gives one error, not one per entry).
    /// `architecturesAreKnown`: the paragraph's own Architectures were found to list known
    /// architectures only, so there is nothing to report about them.
    private mutating func checkOwnFields(_ values: Values, label: Label, line: Int, architecturesAreKnown: Bool) {
        let valueAt: (LibraryParagraph.Field?) -> (line: Int, column: Int?) = { source in
            source.map { ($0.valuePosition.line, $0.valuePosition.column) } ?? (line, nil)
        }
        if values.isOwn(.architectures) && !architecturesAreKnown {
            let source = values.ownSource(.architectures)
            checkArchitectures(source, label: label, at: valueAt(source))
        }
        if let source = values.ownSource(.gitFetch) {
            checkGitFetch(source.value, at: valueAt(source))
        }
        if let source = values.ownSource(.gitCommit) {
            checkGitCommit(source.value, at: valueAt(source))
        }
        if let source = values.ownSource(.directory) {
            checkDirectory(source.value, at: valueAt(source))
        }
        guard !values.ownOverrides.isEmpty else { return }
        for (_, sources) in values.ownOverridesByArchitecture {
            let source: (Field) -> LibraryParagraph.Field? = { field in sources.first { $0.field == field }?.source }
            if let gitFetch = source(.gitFetch) { checkGitFetch(gitFetch.value, at: valueAt(gitFetch)) }
            if let gitCommit = source(.gitCommit) { checkGitCommit(gitCommit.value, at: valueAt(gitCommit)) }
            if let directory = source(.directory) { checkDirectory(directory.value, at: valueAt(directory)) }
        }
    }

    private mutating func checkArchitectures(_ source: LibraryParagraph.Field?, label: Label, at value: (line: Int, column: Int?)) {
        let items = source?.items ?? []
        for (name, line, column) in items where !LibraryFile.knownArchitectures.contains(name) {
            let known = LibraryFile.knownArchitectures.sorted()
            let guess = known.first { $0.hasPrefix(name.lowercased()) || name.lowercased().hasPrefix($0) }
                ?? Suggestion.closest(to: name, among: known)
            let guessText = guess.map { "; did you mean `\($0)`?" } ?? ""
            error("library.unknown-architecture", line: line, column: column,
                  "\(label.text) lists unknown architecture `\(TextPosition.short(name))`\(guessText)",
                  hint: "known architectures: \(known.joined(separator: ", "))")
        }
        if items.isEmpty {
            error("library.missing-architectures", line: value.line, column: value.column, "\(label.text) has an empty Architectures list",
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
        // A clean relative path with no `..` part cannot leave: skip cleaning and comparing.
        if PathCleaner.isClean(directory) { return }
        let cleaned = PathCleaner.clean(directory)
        if cleaned.hasPrefix("/") || cleaned == ".." || cleaned.hasPrefix("../") {
            error("library.directory-outside-repository", line: value.line, column: value.column,
                  "Directory `\(TextPosition.short(directory))` points outside the repository",
                  hint: "Directory is a path inside the Git repository, like `3.13/slim-bookworm`")
        }
    }

    // MARK: Reporting

    /// Where the `occurrence`-th `item` of the list `field` stands; the entry's line when the
    /// paragraph did not write the field itself.
    private static func position(of item: String, in field: Field, _ values: Values, occurrence: Int = 0,
                                 fallback line: Int) -> (line: Int, column: Int?) {
        guard let source = values.ownSource(field) else { return (line, nil) }
        let matches = source.items.filter { $0.item == item }
        guard occurrence < matches.count else { return (source.line, nil) }
        return (matches[occurrence].line, matches[occurrence].column)
    }

    mutating func error(_ id: String, line: Int?, column: Int? = nil, _ message: String, hint: String) {
        errorCount += 1
        diagnostics.append(.error(id, file: path, line: line, column: column, message, hint: hint))
    }

    mutating func warning(_ id: String, line: Int?, column: Int? = nil, _ message: String, hint: String) {
        diagnostics.append(.warning(id, file: path, line: line, column: column, message, hint: hint))
    }
}
