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
        let tree = DocsTree(root: root, helpers: TemplateHelpers(path: prefix + ".template-helpers", files: helperFiles),
                            hasOwnHelpers: reader.isDirectory(".template-helpers"),
                            categories: categories, imageNames: images, foldersWithoutContent: others, reader: reader)
        return (tree, diagnostics)
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
        for fileName in reader.contents(of: name)
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
        var categories: [String] = []
        if let metadata = files["metadata.json"] {
            let (names, problems) = Self.categories(in: metadata)
            diagnostics += problems
            categories = names.filter { name in
                checkCategory(name, file: metadata.path, diagnostics: &diagnostics)
            }
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }
        return (ImageFolder(name: name, path: folderPath, files: files, logo: logo, categories: categories), diagnostics)
    }

    /// Whether `name` may be used as a category: a slug (it becomes a folder of the site), and
    /// one the root metadata.json lists when it lists any (else a warning).
    private func checkCategory(_ name: String, file: String, diagnostics: inout [Diagnostic]) -> Bool {
        let isSlug = !name.isEmpty && name.utf8.count <= 64
            && name.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { part in
                !part.isEmpty && part.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) }
            }
        guard isSlug else {
            diagnostics.append(.error("metadata.invalid-category", file: file,
                                      "category `\(name)` is not a slug",
                                      hint: "categories are lowercase words joined by dashes, like `databases-and-storage`"))
            return false
        }
        if !categories.isEmpty, !categories.contains(Category(name)) {
            diagnostics.append(.warning("metadata.unknown-category", file: file,
                                        "category `\(name)` is not in the root metadata.json",
                                        hint: "known categories: \(categories.map(\.name).joined(separator: ", "))"))
        }
        return true
    }

    /// `hub.categories` of a metadata.json file.
    static func categories(in file: DocFile) -> ([String], [Diagnostic]) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(file.text.utf8))
        } catch {
            return ([], [.error("metadata.invalid-json", file: file.path, "not valid JSON",
                                hint: "metadata.json looks like {\"hub\": {\"categories\": [\"databases-and-storage\"]}}")])
        }
        guard let top = object as? [String: Any] else {
            return ([], [.error("metadata.invalid-shape", file: file.path, "expected a JSON object at the top",
                                hint: "metadata.json looks like {\"hub\": {\"categories\": [\"databases-and-storage\"]}}")])
        }
        guard let hub = top["hub"] else { return ([], []) }
        guard let hubObject = hub as? [String: Any], let list = (hubObject["categories"] ?? [String]()) as? [String] else {
            return ([], [.error("metadata.invalid-shape", file: file.path, "`hub.categories` must be a list of strings",
                                hint: "metadata.json looks like {\"hub\": {\"categories\": [\"databases-and-storage\"]}}")])
        }
        return (list, [])
    }
}
