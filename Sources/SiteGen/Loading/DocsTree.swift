import Foundation

/// A docs folder laid out like docker-library/docs: one sub-folder per image, shared texts in
/// `.template-helpers/`, the list of categories in the root `metadata.json`.
///
/// Loading reads only; it never renders. Image folders are read on demand (``image(named:)``)
/// so that one broken image does not stop work on the others.
public struct DocsTree: Sendable {
    /// The folder as the user named it.
    public let root: String
    public let helpers: TemplateHelpers
    /// Whether the tree has a `.template-helpers/` folder of its own; when it has none,
    /// sitegen uses the theme's default texts instead.
    public let hasOwnHelpers: Bool
    /// The categories the root `metadata.json` allows (empty when it has none).
    public let categories: [Category]
    /// Names of the image folders (those with a `content.md`), sorted.
    public let imageNames: [String]
    /// Folders without `content.md` (docker-library keeps a few, such as `scratch`).
    public let foldersWithoutContent: [String]

    let reader: SafeFileReader

    /// The files of an image folder that sitegen reads, besides `variant-*.md`.
    static let imageFileNames: Set<String> = [
        "content.md", "README-short.txt", "github-repo", "maintainer.md", "license.md",
        "license-common.md", "metadata.json", "variant.md", "deprecated.md", "compose.yaml",
        "compose.md", "get-help.md", "issues.md",
    ]

    /// Opens the tree at `root`: reads the helpers and the category list and lists the images.
    public static func open(_ root: String) -> (tree: DocsTree?, diagnostics: [Diagnostic]) {
        let reader: SafeFileReader
        do {
            reader = try SafeFileReader(root: root)
        } catch {
            return (nil, [error])
        }
        var diagnostics: [Diagnostic] = []
        let prefix = root.hasSuffix("/") ? root : root + "/"

        var helperFiles: [String: DocFile] = [:]
        for name in reader.contents(of: ".template-helpers") where name.hasSuffix(".md") {
            do {
                if let file = try reader.readText(".template-helpers/" + name, displayPath: prefix + ".template-helpers/" + name) {
                    helperFiles[name] = file
                }
            } catch {
                diagnostics.append(error)
            }
        }

        var categories: [Category] = []
        do {
            if let metadata = try reader.readText("metadata.json", displayPath: prefix + "metadata.json") {
                let (names, problems) = Self.categories(in: metadata)
                categories = names.map(Category.init)
                diagnostics += problems
            }
        } catch {
            diagnostics.append(error)
        }

        let (images, others) = folders(reader, prefix: prefix, &diagnostics)
        let tree = DocsTree(root: root, helpers: TemplateHelpers(path: prefix + ".template-helpers", files: helperFiles),
                            hasOwnHelpers: reader.isDirectory(".template-helpers"),
                            categories: categories, imageNames: images, foldersWithoutContent: others, reader: reader)
        return (tree, diagnostics)
    }

    /// The names of the image folders of the tree at `root`, as ``open(_:)`` lists them,
    /// without reading any file; nil when the tree cannot be opened.
    public static func imageNames(at root: String) -> [String]? {
        guard let reader = try? SafeFileReader(root: root) else { return nil }
        var ignored: [Diagnostic] = []
        return folders(reader, prefix: root.hasSuffix("/") ? root : root + "/", &ignored).images
    }

    /// The folders of the tree: those with a content.md (the images) and the others.
    private static func folders(_ reader: SafeFileReader, prefix: String,
                                _ diagnostics: inout [Diagnostic]) -> (images: [String], others: [String]) {
        var images: [String] = []
        var others: [String] = []
        for name in reader.contents(of: "") where !name.hasPrefix(".") {
            // A folder reached through a link that leaves the tree is reported, not skipped.
            do {
                _ = try reader.resolve(name, displayPath: prefix + name)
            } catch {
                diagnostics.append(error)
                continue
            }
            guard reader.isDirectory(name) else { continue }
            if reader.exists(name + "/content.md") {
                images.append(name)
            } else {
                others.append(name)
            }
        }
        return (images, others)
    }

    /// Reads the folder of image `name`. Nil (with a diagnostic) when there is no such image
    /// or a file in it cannot be read safely.
    public func image(named name: String) -> (image: ImageFolder?, diagnostics: [Diagnostic]) {
        let folderPath = (root.hasSuffix("/") ? root : root + "/") + name
        guard ImageName.isValid(name) else {
            return (nil, [.error("docs.invalid-image-name", file: folderPath,
                                 "`\(name)` is not a valid image name",
                                 hint: "image names are lowercase letters, digits and single `.`, `_` or `-` between them")])
        }
        guard imageNames.contains(name) else {
            let hint = foldersWithoutContent.contains(name)
                ? "the folder has no content.md; add one to make it an image"
                : "images in this docs folder: \(imageNames.prefix(12).joined(separator: ", "))\(imageNames.count > 12 ? ", …" : "")"
            return (nil, [.error("docs.unknown-image", file: folderPath, "no image `\(name)` in the docs folder", hint: hint)])
        }
        var diagnostics: [Diagnostic] = []
        var files: [String: DocFile] = [:]
        let listing = reader.contents(of: name)
        for fileName in listing
        where Self.imageFileNames.contains(fileName) || (fileName.hasPrefix("variant-") && fileName.hasSuffix(".md")) {
            do {
                if let file = try reader.readText(name + "/" + fileName, displayPath: folderPath + "/" + fileName) {
                    files[fileName] = file
                }
            } catch {
                diagnostics.append(error)
            }
        }
        var logo: Logo?
        for format in Logo.Format.allCases {
            let fileName = "logo.\(format.rawValue)"
            do {
                if let real = try reader.resolve(name + "/" + fileName, displayPath: folderPath + "/" + fileName) {
                    logo = Logo(format: format, path: real)
                    break
                }
            } catch {
                diagnostics.append(error)
            }
        }
        if let repo = files["github-repo"], let problem = Self.githubRepoProblem(repo) {
            diagnostics.append(problem)
        }
        var categories: [String] = []
        if let metadata = files["metadata.json"] {
            let (names, problems) = Self.categories(in: metadata)
            diagnostics += problems
            categories = names.filter { name in
                checkCategory(name, file: metadata, diagnostics: &diagnostics)
            }
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }
        return (ImageFolder(name: name, path: folderPath, files: files, logo: logo, categories: categories, listing: listing),
                diagnostics)
    }

    /// Whether `name` may be used as a category: a slug (it becomes a folder of the site), and
    /// one the root metadata.json lists when it lists any.
    private func checkCategory(_ name: String, file metadata: DocFile, diagnostics: inout [Diagnostic]) -> Bool {
        let file = metadata.path
        // The line that names it (as a JSON string), for the editor to jump to.
        let line = metadata.text.utf8.firstRange(of: Array("\"\(name)\"".utf8))
            .map { TextPosition.line(ofByte: metadata.text.utf8.distance(from: metadata.text.utf8.startIndex, to: $0.lowerBound), in: metadata.text.utf8) }
        let isSlug = !name.isEmpty && name.utf8.count <= 64
            && name.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { part in
                !part.isEmpty && part.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) }
            }
        guard isSlug else {
            diagnostics.append(.error("metadata.invalid-category", file: file, line: line,
                                      "category `\(name)` is not a slug",
                                      hint: "categories are lowercase words joined by dashes, like `databases-and-storage`"))
            return false
        }
        // docker-library's CI refuses a category its list lacks, and a typo would make a page of its own.
        if !categories.isEmpty, !categories.contains(Category(name)) {
            let guess = Suggestion.closest(to: name, among: categories.map(\.name)).map { "; did you mean `\($0)`?" } ?? ""
            diagnostics.append(.error("metadata.unknown-category", file: file, line: line,
                                      "category `\(name)` is not in the root metadata.json\(guess)",
                                      hint: "use one of \(categories.map(\.name).joined(separator: ", ")); or add it to \(root.hasSuffix("/") ? root : root + "/")metadata.json first"))
            return false
        }
        return true
    }

    /// `github-repo` becomes a link on the image page and in the README: one http(s) address,
    /// nothing a page could run or an attribute could be broken out of.
    static func githubRepoProblem(_ file: DocFile) -> Diagnostic? {
        let value = file.text.trimmingWhitespace()
        let lowered = value.lowercased()
        let scheme = lowered.hasPrefix("https://") ? "https://" : lowered.hasPrefix("http://") ? "http://" : nil
        let forbidden: (Unicode.Scalar) -> Bool = { scalar in
            scalar.value <= 0x20 || scalar.value == 0x7F || "\"'<>`\\".unicodeScalars.contains(scalar)
        }
        guard !value.isEmpty else { return nil }
        if let scheme, value.count > scheme.count, !value.unicodeScalars.contains(where: forbidden) { return nil }
        return .error("docs.invalid-github-repo", file: file.path, line: 1,
                      "github-repo must hold one http(s) address, found `\(TextPosition.short(value))`",
                      hint: "write the web address of the image's source repository on one line, like https://github.com/docker-library/python")
    }

    /// `hub.categories` of a metadata.json file.
    static func categories(in file: DocFile) -> ([String], [Diagnostic]) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(file.text.utf8))
        } catch {
            let (line, reason) = Self.jsonProblem(error, text: file.text)
            return ([], [.error("metadata.invalid-json", file: file.path, line: line, "not valid JSON: \(reason)",
                                hint: "metadata.json looks like {\"hub\": {\"categories\": [\"databases-and-storage\"]}}")])
        }
        // JSONSerialization reads what JSON does not allow (a comma before a closing bracket),
        // and docker-library's scripts read this file with jq, which refuses it; a name given
        // twice in one object is refused too, as readers differ on it. (Both read a byte order
        // mark, so it is passed over.)
        let bytes = Array(file.text.utf8)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if let fault = JSONSyntax.firstFault(in: bytes.starts(with: bom) ? bytes[3...] : bytes[...]) {
            let place = JSONPathLocator.position(of: fault.offset, in: bytes)
            return ([], [.error("metadata.invalid-json", file: file.path, line: place.line, column: place.column,
                                fault.isRepeatedName ? fault.message : "not valid JSON: \(fault.message)",
                                hint: "metadata.json looks like {\"hub\": {\"categories\": [\"databases-and-storage\"]}}")])
        }
        guard let top = object as? [String: Any] else {
            return ([], [.error("metadata.invalid-shape", file: file.path, "expected a JSON object at the top",
                                hint: "metadata.json looks like {\"hub\": {\"categories\": [\"databases-and-storage\"]}}")])
        }
        var problems = unknownKeys(top.keys, known: ["hub"], in: file)
        guard let hub = top["hub"] else { return ([], problems) }
        guard let hubObject = hub as? [String: Any], let list = (hubObject["categories"] ?? [String]()) as? [String] else {
            return ([], problems + [.error("metadata.invalid-shape", file: file.path, "`hub.categories` must be a list of strings",
                                           hint: "metadata.json looks like {\"hub\": {\"categories\": [\"databases-and-storage\"]}}")])
        }
        problems += unknownKeys(hubObject.keys, known: ["categories"], in: file, under: "hub.")
        return (list, problems)
    }

    /// Keys of a metadata.json object that sitegen does not read: an error when one is a likely
    /// typo of a known key (its value would be silently ignored), else a warning.
    private static func unknownKeys(_ keys: some Collection<String>, known: [String], in file: DocFile,
                                    under prefix: String = "") -> [Diagnostic] {
        keys.filter { !known.contains($0) }.sorted().map { key in
            let line = file.text.utf8.firstRange(of: Array("\"\(key)\"".utf8)).map {
                TextPosition.line(ofByte: file.text.utf8.distance(from: file.text.utf8.startIndex, to: $0.lowerBound), in: file.text.utf8)
            }
            if let meant = Suggestion.closest(to: key, among: known) {
                return .error("metadata.misspelled-key", file: file.path, line: line,
                              "unknown key `\(prefix)\(TextPosition.short(key))`; did you mean `\(prefix)\(meant)`?",
                              hint: "rename it to `\(meant)`; a key sitegen does not know is ignored")
            }
            return .warning("metadata.unknown-key", file: file.path, line: line, "unknown key `\(prefix)\(TextPosition.short(key))`",
                            hint: "sitegen reads only `hub.categories`; remove the key, or ignore this warning")
        }
    }

    /// The line Foundation's JSON parser stopped at (it tells a byte offset, "around character
    /// 54", or that the text ended early) and the problem in words.
    private static func jsonProblem(_ error: Error, text: String) -> (line: Int?, reason: String) {
        let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
        if detail.lowercased().contains("end of file") || text.trimmingWhitespace().isEmpty {
            let lines = text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            return (text.hasSuffix("\n") ? lines - 1 : lines, "the text ends before the JSON value does (a missing `}` or `]`?)")
        }
        if let range = detail.range(of: "around character "),
           let offset = Int(detail[range.upperBound...].prefix(while: \.isNumber)) {
            return (TextPosition.line(ofByte: offset, in: text.utf8), "unexpected text on this line (a missing comma, quote or bracket?)")
        }
        return (nil, "the JSON parser refused it")
    }
}
