import Foundation

/// A built site as a Dash/Zeal docset: an offline documentation bundle those apps search and
/// browse.
///
/// ```
/// <Name>.docset/
///   icon.png                       the first PNG logo of the images, if any
///   Contents/Info.plist            identity, start page, "dashtoc" (tables of contents on)
///   Contents/Resources/docSet.dsidx  SQLite search index (DocsetIndex)
///   Contents/Resources/Documents/  the site, each page with table-of-contents anchors (DocsetAnchors)
/// ```
///
/// The site is used as built: its links are relative and its search runs from `file://`, which
/// is how Dash shows pages. The icon is the logo file's bytes, not resized (Dash scales any PNG;
/// resizing would need an image library for little gain), so there is no `icon@2x.png`.
public struct Docset: Sendable {
    static let infoPlistPath = "Contents/Info.plist"
    static let indexPath = "Contents/Resources/docSet.dsidx"
    static let documentsPath = "Contents/Resources/Documents"
    /// Every docset sitegen makes has a bundle identifier starting so; a folder with another is
    /// not replaced.
    static let identifierPrefix = "sitegen."

    /// The name Dash shows (`--title`).
    public let title: String
    /// The title as a file name: letters, digits, `.`, `_` and `-` only (`Container-images`).
    public let fileName: String
    /// The title as Dash's search keyword and platform family (`container-images`).
    public var slug: String { fileName.lowercased() }

    public init(title: String) {
        self.title = title
        fileName = Self.safeName(title)
    }

    /// `<fileName>.docset`, where `--output` points by default.
    public var defaultOutput: String { fileName + ".docset" }

    /// What was written.
    public struct Summary: Sendable {
        /// The docset folder, as given.
        public let output: String
        /// The feed tarball beside it, when one was asked for.
        public let tarball: String?
        public let pages: Int
        public let files: Int
        /// Search index rows by Dash entry type (`Tag`: 9,500, …).
        public let indexRows: [String: Int]
        public let hasIcon: Bool
    }

    /// Makes the docset of the site at `site` (built from `model`) at `output`, and with a
    /// `tarballDate`, `<name>.tgz` beside it for a docset feed. Nothing appears at either path
    /// unless everything was written.
    func write(site: String, model: BundleModel, to output: String, tarballDate: Date?) throws(Diagnostic) -> Summary {
        let destination = BundleDestination(output, kind: .docset)
        try destination.check()
        let tarball = tarballDate.map { _ in BundleDestination(destination.parent + "/" + destination.baseName + ".tgz", kind: .tarball) }
        try tarball?.check()
        let staging = try BundleStaging.create(beside: destination)
        defer { staging.remove() }
        let bundle = staging.path(destination.name)

        let built = try BuiltSite(root: site)
        let pages = try copyDocuments(of: built, into: bundle + "/" + Self.documentsPath)
        let index = DocsetIndex(model: model)
        try index.write(to: bundle + "/" + Self.indexPath)
        try write(infoPlist(), to: bundle + "/" + Self.infoPlistPath)
        let icon = Self.icon(of: model, in: built)
        if let icon { try write(icon, to: bundle + "/icon.png") }
        if let tarball, let tarballDate {
            try DocsetTarball(modificationDate: tarballDate)
                .write(folder: destination.name, in: staging.folder, to: staging.path(tarball.name), label: tarball.output)
        }

        try destination.moveIntoPlace(bundle)
        if let tarball { try tarball.moveIntoPlace(staging.path(tarball.name)) }
        return Summary(output: output, tarball: tarball?.output, pages: pages, files: built.files.count,
                       indexRows: Dictionary(uniqueKeysWithValues: index.counts.map { ($0.key.rawValue, $0.value) }),
                       hasIcon: icon != nil)
    }

    /// The keys Dash reads. `DashDocSetFamily = dashtoc` turns on the per-page tables of
    /// contents built from the pages' `dashAnchor`s.
    func infoPlist() throws(Diagnostic) -> Data {
        let plist: [String: Any] = [
            "CFBundleIdentifier": Self.identifierPrefix + slug,
            "CFBundleName": title,
            "DocSetPlatformFamily": slug,
            "isDashDocset": true,
            "dashIndexFilePath": SitePaths.catalog,
            "isJavaScriptEnabled": true,
            "DashDocSetFamily": "dashtoc",
        ]
        do {
            return try PropertyListSerialization.data(fromPropertyList: plist, format: .xml, options: 0)
        } catch {
            throw .error("bundle.docset-plist-failed", file: Self.infoPlistPath, "cannot write Info.plist: the title cannot be written into a property list",
                         hint: "the --title may hold characters a property list cannot; try a plainer one")
        }
    }

    /// Copies the site (built with docset pages) into `documents`; returns how many pages there were.
    private func copyDocuments(of site: BuiltSite, into documents: String) throws(Diagnostic) -> Int {
        var pages = 0
        do {
            try FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
            for folder in site.folders {
                try FileManager.default.createDirectory(atPath: documents + "/" + folder, withIntermediateDirectories: true)
            }
        } catch {
            throw .error("bundle.unwritable", file: documents, "cannot create the docset's folders: \(FileProblem.reason(error, path: documents, folder: true))",
                         hint: "check free space and permissions beside --output")
        }
        for file in site.files {
            let data = try site.contents(of: file)
            if file.hasSuffix(".html") { pages += 1 }
            try write(data, to: documents + "/" + file)
        }
        return pages
    }

    /// The first image's PNG logo (images in name order), as it is in the site. A `logo.png`
    /// that does not start with PNG's signature is passed over: Dash would show a broken icon.
    static func icon(of model: BundleModel, in site: BuiltSite) -> Data? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        for item in model.sites {
            guard let logo = item.image.folder.logo, logo.format == .png,
                  let data = try? site.contents(of: SitePaths.logo(item.name, logo)),
                  Array(data.prefix(signature.count)) == signature else { continue }
            return data
        }
        return nil
    }

    private func write(_ data: Data, to path: String) throws(Diagnostic) {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw .error("bundle.unwritable", file: path, "cannot write the docset: \(FileProblem.reason(error, path: path))",
                         hint: "nothing was written at --output; check free space and permissions beside it, then run again")
        }
    }

    /// `title` with every run of other characters than ASCII letters, digits, `.` and `_` made
    /// one `-`, and no `-` or `.` at the ends (so no hidden file, no `..`); `docs` if nothing is
    /// left.
    static func safeName(_ title: String) -> String {
        var name = ""
        var pendingDash = false
        for scalar in title.unicodeScalars {
            let keep = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_")
            if keep {
                if pendingDash && !name.isEmpty { name += "-" }
                name.unicodeScalars.append(scalar)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        while let last = name.last, last == "." || last == "-" { name.removeLast() }
        while let first = name.first, first == "." || first == "-" { name.removeFirst() }
        return name.isEmpty ? "docs" : name
    }
}
