import Foundation
import Yams

/// The settings of a project, from `sitegen.yml`: what `build`, `serve`, `bundle`, `check` and
/// `readme` would otherwise take as flags. Flags win over the file; the file wins over the
/// defaults.
///
/// Paths in the file are relative to the file's folder. A key the file does not know, or a
/// value of the wrong type, is an error at its line and column, with the known key it most
/// likely misspells.
public struct SiteConfig: Sendable, Equatable {
    public static let fileName = "sitegen.yml"

    /// One key of the file: its name, the flag that overrides it, what it holds, its default.
    public struct Key: Sendable {
        public enum Kind: Sendable {
            /// A file or folder, relative to the config file.
            case path
            case text
            /// An `http://` or `https://` address.
            case url
            /// A whole number of at least 1.
            case count
            /// `true` or `false`: a flag that takes no value.
            case flag
            /// Names separated by commas, or a YAML list of names.
            case names
        }

        public let name: String
        public let flag: String
        public let kind: Kind
        /// What applies without the key and the flag, in words.
        public let defaultValue: String
        public let summary: String
        /// The largest value a `count` takes (nil: none).
        public var maximum: Int? = nil
    }

    /// Every key, in the order `docs/configuration.md` lists them.
    public static let keys: [Key] = [
        Key(name: "docs", flag: "--docs", kind: .path, defaultValue: "content/docs",
            summary: "The docs tree: one folder per image, plus .template-helpers/."),
        Key(name: "library", flag: "--library", kind: .path, defaultValue: "content/library",
            summary: "The official-images library files, one per image."),
        Key(name: "logo-commits", flag: "--logo-commits", kind: .path, defaultValue: "none: ask git, else `master`",
            summary: "A table of logo commits (image, TAB, logo file, TAB, commit)."),
        Key(name: "buildpack-deps-images", flag: "--buildpack-deps-images", kind: .path, defaultValue: "none",
            summary: "Images built on buildpack-deps, one per line; their README explains buildpack-deps."),
        Key(name: "output", flag: "--output", kind: .path, defaultValue: "site",
            summary: "Where `build` writes the site (`serve` builds into a temporary folder unless given `--output`)."),
        Key(name: "theme", flag: "--theme", kind: .path, defaultValue: "none: the default theme",
            summary: "A folder whose templates/, assets/ or defaults/ files replace the default theme's."),
        Key(name: "title", flag: "--title", kind: .text, defaultValue: "Container images",
            summary: "The site's name in headers and titles (and a docset's name)."),
        Key(name: "base-url", flag: "--base-url", kind: .url, defaultValue: "none: relative links only",
            summary: "The address the site is published at (canonical links, sitemap.xml)."),
        Key(name: "source-url", flag: "--source-url", kind: .url, defaultValue: "none: the footer names no source",
            summary: "The web address of the docs repository, named in every page's footer."),
        Key(name: "jobs", flag: "--jobs", kind: .count, defaultValue: "one per core",
            summary: "How many images are rendered at once."),
        Key(name: "history", flag: "--history", kind: .flag, defaultValue: "false",
            summary: "Read the library folder's git history: history pages, \"Changed\" dates, retired tags and images, Atom feeds."),
        Key(name: "history-rev", flag: "--history-rev", kind: .text, defaultValue: "HEAD",
            summary: "The commit whose first-parent chain is the history (a branch, tag or commit id)."),
        Key(name: "registry.data", flag: "--registry-data", kind: .path, defaultValue: "none: pages show no registry data",
            summary: "The registry data file: `build` shows its sizes, digests and dates; `registry sync` (`--data`, default registry-data.json) writes it."),
        Key(name: "registry.url", flag: "--registry", kind: .url, defaultValue: "https://registry-1.docker.io",
            summary: "The registry `registry sync` reads."),
        Key(name: "registry.namespace", flag: "--namespace", kind: .text, defaultValue: "library",
            summary: "The namespace of the images in the registry (`library/python`)."),
        Key(name: "registry.images", flag: "--images", kind: .names, defaultValue: "every library file",
            summary: "The images `registry sync` syncs."),
        Key(name: "registry.concurrency", flag: "--concurrency", kind: .count, defaultValue: "8",
            summary: "How many requests `registry sync` has in flight at once.", maximum: 64),
        Key(name: "registry.insecure", flag: "--insecure", kind: .flag, defaultValue: "false",
            summary: "Let `registry sync` use plain HTTP, to a registry on a loopback address only."),
        Key(name: "docset.icon", flag: "--icon", kind: .path, defaultValue: "the only image's PNG logo, else sitegen's mark",
            summary: "A PNG the docset's icons (16×16 and 32×32) are scaled from."),
        Key(name: "docset.feed-url", flag: "--feed-url", kind: .url, defaultValue: "none: no feed",
            summary: "The web folder that serves `<Name>.xml` and `<Name>.tgz`: `bundle --format docset` then writes both, the feed naming the tarball there."),
    ]

    /// The keys written as a mapping under one name (`registry:` then `url:`, `data:`, …), whose
    /// key names are `section.key`.
    static let sections: Set<String> = ["registry", "docset"]

    /// The file the settings came from, as given.
    public let path: String
    /// Key name → value, paths already resolved against the file's folder.
    public let values: [String: String]
    /// Key name → where its value is written: one place, or one per item of a YAML list. A
    /// value found wrong only later (an image name with no library file) is reported there.
    public let places: [String: [Place]]

    /// Where a value is written in the file.
    public struct Place: Sendable, Equatable {
        public let file: String
        /// 1-based, as Yams counts.
        public let line: Int?
        public let column: Int?

        public init(file: String, line: Int?, column: Int?) {
            self.file = file
            self.line = line
            self.column = column
        }
    }

    public init(path: String, values: [String: String], places: [String: [Place]] = [:]) {
        self.path = path
        self.values = values
        self.places = places
    }

    /// The value of `key`, if the file sets it.
    public subscript(key: String) -> String? { values[key] }

    /// Where the value of `key` is written.
    public func place(of key: String) -> Place? { places[key]?.first }

    /// Each name of the `names` value of `key` → where it is written: its item's place in a
    /// YAML list, else its own place in the comma-separated value (the first, for a name given
    /// twice).
    public func places(ofNames key: String) -> [String: Place] {
        guard let value = values[key], let places = places[key] else { return [:] }
        var found: [String: Place] = [:]
        for (index, name) in Self.names(value).enumerated() where found[name] == nil {
            found[name] = places.indices.contains(index) ? places[index] : places[0]
        }
        return found
    }

    /// The file to read: `explicit` (`--config`), else `sitegen.yml` in the current folder when
    /// there is one, else none.
    public static func locate(explicit: String?) -> String? {
        if let explicit { return explicit }
        return FileManager.default.fileExists(atPath: fileName) ? fileName : nil
    }

    /// Reads and checks the file at `path`.
    public static func load(path: String) throws(DiagnosticError) -> SiteConfig {
        guard let bytes = FileInput.read(path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw DiagnosticError([.error("config.unreadable", file: path, "the configuration file \(reason)",
                                          hint: "check the path given with --config, or create \(fileName)")])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DiagnosticError([.error("config.invalid-utf8", file: path, "the configuration file is not valid UTF-8",
                                          hint: "save it as UTF-8")])
        }
        return try parse(text, path: path)
    }

    /// Checks `text` as the contents of the file at `path`.
    public static func parse(_ text: String, path: String) throws(DiagnosticError) -> SiteConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw DiagnosticError([syntaxProblem(error, path: path, text: text)])
        } catch {
            throw DiagnosticError([.error("config.syntax", file: path, "not valid YAML",
                                          hint: "write one `key: value` per line, as in the README's example")])
        }
        guard let root else { return SiteConfig(path: path, values: [:]) }
        guard let mapping = root.mapping else {
            throw DiagnosticError([.error("config.not-a-mapping", file: path, line: root.mark?.line, column: root.mark?.column,
                                          "the file must be a mapping of keys to values",
                                          hint: "write one `key: value` per line, as in the README's example")])
        }
        var values: [String: String] = [:]
        var places: [String: [Place]] = [:]
        var problems: [Diagnostic] = []
        func record(_ key: Key, _ node: Node) {
            switch value(node, of: key, path: path) {
            case .success(let value):
                values[key.name] = value
                places[key.name] = Self.places(of: node, kind: key.kind, path: path)
            case .failure(let problem):
                problems.append(problem)
            }
        }
        for (keyNode, valueNode) in mapping {
            let name = keyNode.string ?? ""
            if sections.contains(name) {
                guard let section = valueNode.mapping else {
                    let members = keys.filter { $0.name.hasPrefix(name + ".") }.map { String($0.name.dropFirst(name.count + 1)) }
                    problems.append(.error("config.wrong-type", file: path, line: valueNode.mark?.line, column: valueNode.mark?.column,
                                           "`\(name)` must be a mapping of \(members.joined(separator: ", "))",
                                           hint: "write `\(name):` and, indented below it, `\(members.first ?? "key"): value`"))
                    continue
                }
                for (memberNode, memberValue) in section {
                    let member = "\(name).\(memberNode.string ?? "")"
                    guard let key = keys.first(where: { $0.name == member }) else {
                        problems.append(unknownKey(member, at: memberNode.mark, path: path, section: name))
                        continue
                    }
                    record(key, memberValue)
                }
                continue
            }
            guard let key = keys.first(where: { $0.name == name && !$0.name.contains(".") }) else {
                problems.append(unknownKey(name, at: keyNode.mark, path: path))
                continue
            }
            record(key, valueNode)
        }
        guard problems.isEmpty else { throw DiagnosticError(problems) }
        return SiteConfig(path: path, values: values, places: places)
    }

    /// The section's key (`registry.namespace`) a top-level `name` most likely stands for: one
    /// named by its short name (`namespace`), or by its whole name however joined
    /// (`registry_data`, `registry-data`, `registry.data`), misspelt or not.
    private static func sectionMember(meant name: String) -> String? {
        let members = keys.map(\.name).filter { $0.contains(".") }
        if let member = members.first(where: { $0.split(separator: ".").last.map(String.init) == name }) { return member }
        return Suggestion.closest(to: String(name.map { $0 == "_" || $0 == "-" ? "." : $0 }), among: members)
    }

    /// Where `node`'s value is: each item's place for a list; for names separated by commas in
    /// a plain scalar on one line, each name's own column (in bytes, as diagnostics count);
    /// else the value's.
    private static func places(of node: Node, kind: Key.Kind, path: String) -> [Place] {
        if let list = node.sequence {
            return list.map { Place(file: path, line: $0.mark?.line, column: $0.mark?.column) }
        }
        let place = Place(file: path, line: node.mark?.line, column: node.mark?.column)
        guard kind == .names, let scalar = node.scalar, scalar.style == .plain, !scalar.string.contains("\n"),
              let column = node.mark?.column else { return [place] }
        var places: [Place] = []
        var offset = 0
        for part in scalar.string.split(separator: ",", omittingEmptySubsequences: false) {
            let leading = part.utf8.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
            if !part.trimmingCharacters(in: .whitespaces).isEmpty {
                places.append(Place(file: path, line: node.mark?.line, column: column + offset + leading))
            }
            offset += part.utf8.count + 1
        }
        return places.isEmpty ? [place] : places
    }

    /// `section`: the mapping the key was found in; its keys are suggested, by their short names.
    private static func unknownKey(_ name: String, at mark: Mark?, path: String, section: String? = nil) -> Diagnostic {
        let candidates: [String]
        if let section {
            candidates = keys.map(\.name).filter { $0.hasPrefix(section + ".") }.map { String($0.dropFirst(section.count + 1)) }
        } else {
            candidates = keys.map(\.name).filter { !$0.contains(".") } + sections.sorted()
        }
        let shown = section.map { String(name.dropFirst($0.count + 1)) } ?? name
        var guess = Suggestion.closest(to: shown, among: candidates).map { "; did you mean `\($0)`?" } ?? ""
        if section == nil, guess.isEmpty, let member = sectionMember(meant: name) {
            // A section's key written at the top level (`namespace:`, `registry_data:`).
            let parts = member.split(separator: ".", maxSplits: 1)
            guess = "; did you mean `\(parts[1])` under `\(parts[0]):`? (`\(parts[0]):` on a line of its own, then `\(parts[1]): …` indented below it)"
        }
        let place = section.map { " under `\($0):`" } ?? ""
        return .error("config.unknown-key", file: path, line: mark?.line, column: mark?.column,
                      "unknown key `\(TextPosition.short(shown))`\(place)\(guess)",
                      hint: "the keys\(place) are \(candidates.joined(separator: ", ")) (docs/configuration.md)")
    }

    /// The value of `key` in `node`, checked for its kind; paths resolved against the file's folder.
    private static func value(_ node: Node, of key: Key, path: String) -> Result<String, Diagnostic> {
        func wrong(_ expected: String) -> Result<String, Diagnostic> {
            .failure(.error("config.wrong-type", file: path, line: node.mark?.line, column: node.mark?.column,
                            "`\(key.name)` must be \(expected)", hint: "\(key.name): \(key.summary)"))
        }
        if key.kind == .names, let list = node.sequence {
            // Trimmed as ``names(_:)`` reads them: a blank item would shift the places of the
            // names after it.
            let names = list.map { ($0.scalar?.string ?? "").trimmingCharacters(in: .whitespaces) }
            guard !names.isEmpty else { return wrong("at least one image name (leave the key out for every library file)") }
            guard names.allSatisfy({ !$0.isEmpty && !$0.contains(",") }) else { return wrong("image names") }
            return .success(names.joined(separator: ","))
        }
        guard let scalar = node.scalar else {
            return wrong(key.kind == .count ? "a number" : key.kind == .flag ? "true or false" : "a single value, not a list or mapping")
        }
        if node.null != nil, scalar.style == .plain { return wrong("given a value") }
        let text = scalar.string
        switch key.kind {
        case .path:
            guard !text.isEmpty else { return wrong("a path") }
            return .success(resolve(text, against: path))
        case .text:
            return .success(text)
        case .names:
            let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else { return wrong("image names separated by commas, or a list") }
            return .success(names.joined(separator: ","))
        case .url:
            guard isWebAddress(text) else { return wrong("an address starting with https:// or http://") }
            return .success(text)
        case .count:
            guard let count = Int(text), count >= 1, count <= key.maximum ?? .max else {
                return wrong(key.maximum.map { "a whole number from 1 to \($0)" } ?? "a whole number of at least 1")
            }
            return .success(String(count))
        case .flag:
            switch text {
            case "true", "yes", "on": return .success("true")
            case "false", "no", "off": return .success("false")
            default: return wrong("true or false")
            }
        }
    }

    /// Whether `text` is an `http://` or `https://` address, as `base-url` and `source-url` must be.
    /// The names of a `names` value (`registry.images`, `--images`): separated by commas, each
    /// trimmed, empty ones left out. The one reading of such a list, for the settings file and
    /// the flags alike.
    public static func names(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public static func isWebAddress(_ text: String) -> Bool {
        text.hasPrefix("https://") || text.hasPrefix("http://")
    }

    /// `relative` as seen from the current folder, given relative to the file at `configPath`.
    static func resolve(_ relative: String, against configPath: String) -> String {
        guard !relative.hasPrefix("/") else { return relative }
        let folder = (configPath as NSString).deletingLastPathComponent
        return folder.isEmpty || folder == "." ? relative : folder + "/" + relative
    }

    /// The line (1-based) of the next copy of the block mapping key `name` whose first copy
    /// Yams placed at `line` and `column` (1-based): a later line at the same column with the
    /// key, bare or quoted, before the mapping ends (a line indented less, or an item of a list
    /// at that column). Nil when there is none to be sure of (a flow mapping, a key written
    /// another way).
    static func secondCopy(of name: String, line firstLine: Int, column firstColumn: Int, in text: String) -> Int? {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let column = firstColumn - 1
        guard firstLine >= 1, firstLine <= lines.count, column >= 0 else { return nil }
        for index in firstLine..<lines.count {
            let line = lines[index]
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            if rest.isEmpty || rest.hasPrefix("#") { continue }
            if indent < column || (indent == column && rest.hasPrefix("-")) { return nil }
            guard indent == column else { continue }
            for key in [name, "\"\(name)\"", "'\(name)'"] where rest.hasPrefix(key) {
                if rest.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(":") { return index + 1 }
            }
        }
        return nil
    }

    private static func syntaxProblem(_ error: YamlError, path: String, text: String) -> Diagnostic {
        switch error {
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams places the first copy of a key; the message points at the next, not at the
            // whole file quoted as Yams words it.
            let name = duplicates.first ?? ""
            let others = duplicates.dropFirst().map { "`\($0)`" }.joined(separator: ", ")
            let next = secondCopy(of: name, line: context.mark.line, column: context.mark.column, in: text)
            return .error("config.syntax", file: path, line: next ?? context.mark.line, column: context.mark.column,
                          "`\(name)` is given more than once in one mapping\(next.map { _ in " (first at line \(context.mark.line))" } ?? "")"
                            + (others.isEmpty ? "" : "; so is \(others)"),
                          hint: "YAML allows a key once per mapping: keep one")
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return .error("config.syntax", file: path, line: mark.line, column: mark.column, "not valid YAML: \(problem)",
                          hint: "write one `key: value` per line, as in the README's example")
        default:
            return .error("config.syntax", file: path, "not valid YAML: \(error)",
                          hint: "write one `key: value` per line, as in the README's example")
        }
    }
}
