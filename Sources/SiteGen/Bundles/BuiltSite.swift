import Foundation

/// A site folder `SiteBuilder` wrote, listed for packaging: its folders and files by path
/// relative to the root, each list in byte order so every bundle made from it is laid out the
/// same way.
///
/// Hidden files are left out: they are the build's bookkeeping (the marker that lets a later
/// build replace the folder, the manifest of incremental builds), not pages, and the marker's
/// "sitegen may replace this folder" is not true of an unpacked zip or a docset's Documents.
/// No page has a hidden name (image, variant and category names cannot start with a dot).
/// Anything that is neither a plain file nor a folder (a link) is left out too; SiteWriter
/// writes none.
struct BuiltSite: Sendable {
    let root: String
    let folders: [String]
    let files: [String]

    init(root: String) throws(Diagnostic) {
        self.root = root
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw .error("bundle.site-unreadable", file: root, "cannot list the built site",
                         hint: "the site was built into a temporary folder that is no longer readable; build again")
        }
        var folders: [String] = []
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            let type = (try? FileManager.default.attributesOfItem(atPath: root + "/" + relative))?[.type] as? FileAttributeType
            if type == .typeDirectory {
                folders.append(relative)
            } else if type == .typeRegular {
                files.append(relative)
            }
        }
        let byteOrder = { (a: String, b: String) in a.utf8.lexicographicallyPrecedes(b.utf8) }
        self.folders = folders.sorted(by: byteOrder)
        self.files = files.sorted(by: byteOrder)
    }

    /// The file at `relative`, read whole.
    func contents(of relative: String) throws(Diagnostic) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative))
        } catch {
            throw .error("bundle.site-unreadable", file: root + "/" + relative, "cannot read the built page: \(FileProblem.reason(error, path: root + "/" + relative))",
                         hint: "the site was built into a temporary folder that is no longer readable; build again")
        }
    }
}
