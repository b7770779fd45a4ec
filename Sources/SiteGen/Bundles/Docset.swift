import Foundation

/// A built site as a Dash/Zeal docset: an offline documentation bundle those apps search and
/// browse.
///
/// ```
/// <Name>.docset/
///   icon.png, icon@2x.png          16×16 and 32×32 (DocsetIcon)
///   Contents/Info.plist            identity, start page, "dashtoc" (tables of contents on)
///   Contents/Resources/docSet.dsidx  SQLite search index (DocsetIndex)
///   Contents/Resources/Documents/  the site in docset mode: no header, table-of-contents anchors (DashAnchor)
/// <Name>.tgz                       with --tgz: the docset packed for a feed (DocsetTarball)
/// <Name>.xml                       with --feed-url: the docset feed (DocsetFeed)
/// ```
///
/// The pages are the site's, rendered with ``SiteSettings/docset`` on: the reader has its own
/// search, history and theme, so the header's are left out. Their links are relative, and links
/// off the site are absolute `http(s)`, which Dash and Zeal open in the browser.
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

    /// A PNG for the icons (`--icon`); nil for the site's only logo or sitegen's mark.
    public let iconFile: String?
    /// The site's address (`--base-url`): Dash's "open online" goes there.
    public let fallbackURL: String?
    /// Where `<Name>.xml` and `<Name>.tgz` are served (`--feed-url`); a feed is written when given.
    public let feedURL: String?

    public init(title: String, iconFile: String? = nil, fallbackURL: String? = nil, feedURL: String? = nil) {
        self.title = title
        fileName = Self.safeName(title)
        self.iconFile = iconFile
        self.fallbackURL = fallbackURL
        self.feedURL = feedURL
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
        /// Where the icons came from: `--icon`, the only image's logo, or sitegen's mark.
        public let iconSource: String
        /// The docset feed, when one was asked for.
        public let feed: String?
        /// The feed's version: a digest of every file of the docset.
        public let version: String
    }

    /// Where a docset at `output` goes, with its tarball (when `tarball`, or a feed, asks for
    /// one) and its feed beside it, each checked: nothing sitegen did not write is in the way,
    /// and the feed's address is one. Writes nothing, so the bundler calls it before building.
    func destinations(output: String, tarball: Bool) throws(Diagnostic)
        -> (docset: BundleDestination, tarball: BundleDestination?, feed: (destination: BundleDestination, address: String)?) {
        let destination = BundleDestination(output, kind: .docset)
        try destination.check()
        // Beside the docset, named as the user named it (relative stays relative in messages)
        // when the folder typed is the docset's; otherwise (`x.docset/.`) by the cleaned path.
        let typedParent = (output as NSString).deletingLastPathComponent
        let sameFolder = URL(fileURLWithPath: typedParent.isEmpty ? "." : typedParent).standardizedFileURL.path == destination.parent
        let sibling = { (name: String) in
            sameFolder ? (typedParent.isEmpty ? name : typedParent + "/" + name) : destination.parent + "/" + name
        }
        // A feed names the tarball, so there is one whenever there is a feed.
        let tarball = tarball || feedURL != nil ? BundleDestination(sibling(destination.baseName + ".tgz"), kind: .tarball) : nil
        try tarball?.check()
        let feed = try feedURL.map { url throws(Diagnostic) in
            (destination: BundleDestination(sibling(destination.baseName + ".xml"), kind: .feed),
             address: try DocsetFeed.address(of: url, name: destination.baseName))
        }
        try feed?.destination.check()
        return (destination, tarball, feed)
    }

    /// Makes the docset of the site at `site` (built from `model`) at `output`; with `tarball`
    /// (or a ``feedURL``), `<name>.tgz` beside it, its members dated `modificationDate`, and
    /// with a ``feedURL`` also `<name>.xml`. Each is made whole in a staging folder and moved
    /// into place only when all are complete, docset first and feed last: a failure leaves every
    /// path as it was, except that a failing later move (a permission changed meanwhile) leaves
    /// the earlier ones done.
    func write(site: String, model: BundleModel, to output: String, tarball wantsTarball: Bool,
               modificationDate: Date) throws(Diagnostic) -> Summary {
        let (destination, tarball, feed) = try destinations(output: output, tarball: wantsTarball)
        let staging = try BundleStaging.create(beside: destination)
        defer { staging.remove() }
        let bundle = staging.path(destination.name)

        let built = try BuiltSite(root: site)
        var version = Version()
        let copied = try copyDocuments(of: built, into: bundle + "/" + Self.documentsPath, version: &version)
        let index = DocsetIndex(model: model) { try? built.contents(of: $0) }
        try index.write(to: bundle + "/" + Self.indexPath)
        // The index by its rows, not its file: the file's bytes also hold the SQLite library's
        // version, and a system update of it must not offer readers an update of the docs.
        version.add(Self.indexPath, index.rowBytes)
        let icon = try DocsetIcon.make(configured: iconFile, model: model, site: built)
        let plist = try infoPlist(scripted: copied.scripted)
        for (path, data) in [(Self.infoPlistPath, plist), (DocsetIcon.smallName, icon.small), (DocsetIcon.largeName, icon.large)] {
            try write(data, to: bundle + "/" + path)
        }
        version.add(Self.infoPlistPath, plist)
        // The icons by their pixels, for the reason the index goes by its rows.
        version.add(DocsetIcon.smallName, icon.smallPixels)
        version.add(DocsetIcon.largeName, icon.largePixels)
        let versionValue = version.value
        if let tarball {
            try DocsetTarball(modificationDate: modificationDate)
                .write(folder: destination.name, in: staging.folder, to: staging.path(tarball.name), label: tarball.output)
        }
        if let feed {
            try write(DocsetFeed(version: versionValue, tarball: feed.address).xml, to: staging.path(feed.destination.name))
        }

        try destination.moveIntoPlace(bundle)
        if let tarball { try tarball.moveIntoPlace(staging.path(tarball.name)) }
        if let feed { try feed.destination.moveIntoPlace(staging.path(feed.destination.name)) }
        let iconSource = switch icon.source {
        case .file(let path): "from \(path)"
        case .logo(let image): "from the \(image) logo"
        case .mark: "sitegen's mark"
        }
        return Summary(output: output, tarball: tarball?.output, pages: copied.pages, files: built.files.count,
                       indexRows: Dictionary(uniqueKeysWithValues: index.counts.map { ($0.key.rawValue, $0.value) }),
                       iconSource: iconSource, feed: feed?.destination.output, version: versionValue)
    }

    /// The keys Dash and Zeal read. `DashDocSetFamily = dashtoc` turns on the per-page tables
    /// of contents built from the pages' `dashAnchor`s; JavaScript is on only when the pages
    /// load a script (the default theme's tag filters and copy buttons); the fallback URL is
    /// the site's address, which Dash's "open online" appends a page's path to.
    func infoPlist(scripted: Bool) throws(Diagnostic) -> Data {
        var plist: [String: Any] = [
            "CFBundleIdentifier": Self.identifierPrefix + slug,
            "CFBundleName": title,
            "DocSetPlatformFamily": slug,
            "isDashDocset": true,
            "dashIndexFilePath": SitePaths.catalog,
            "isJavaScriptEnabled": scripted,
            "DashDocSetFamily": "dashtoc",
        ]
        if let fallbackURL {
            plist["DashDocSetFallbackURL"] = fallbackURL.hasSuffix("/") ? fallbackURL : fallbackURL + "/"
        }
        do {
            return try PropertyListSerialization.data(fromPropertyList: plist, format: .xml, options: 0)
        } catch {
            throw .error("bundle.docset-plist-failed", file: Self.infoPlistPath, "cannot write Info.plist: the title cannot be written into a property list",
                         hint: "the --title may hold characters a property list cannot; try a plainer one")
        }
    }

    /// The feed's version of a docset: a digest of every file's path and bytes, taken as the
    /// files are written, in byte order of the paths (the index's rows standing for its file,
    /// the icons' pixels for theirs). The same inputs make the same files, so the same version;
    /// any change to a page, the index, the icons or Info.plist makes another. The tarball is
    /// left out: its bytes also hold `SOURCE_DATE_EPOCH`, which is not the docs.
    struct Version: Sendable {
        private var files: [(path: String, digest: UInt64)] = []

        /// `data` is the file at `path`, relative to the `.docset` folder.
        mutating func add(_ path: String, _ data: Data) {
            var fingerprint = Fingerprint()
            fingerprint.add(words: data)
            files.append((path, fingerprint.value))
        }

        /// Sixteen hex digits.
        var value: String {
            var fingerprint = Fingerprint()
            for file in files.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
                fingerprint.add(bytes: file.path.utf8)
                fingerprint.add(bytes: [0])
                fingerprint.add(bytes: withUnsafeBytes(of: file.digest.littleEndian) { Array($0) })
            }
            return fingerprint.hex
        }
    }

    /// Copies the site (built with docset pages) into `documents`: how many pages there were,
    /// and whether any loads a script.
    private func copyDocuments(of site: BuiltSite, into documents: String, version: inout Version) throws(Diagnostic) -> (pages: Int, scripted: Bool) {
        var pages = 0
        var scripted = false
        do {
            try FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
            for folder in site.folders {
                try FileManager.default.createDirectory(atPath: documents + "/" + folder, withIntermediateDirectories: true)
            }
        } catch {
            throw .error("bundle.unwritable", file: documents, "cannot create the docset's folders: \(FileProblem.reason(error, path: documents, folder: true))",
                         hint: "check free space and permissions beside --output")
        }
        let script = Array("<script".utf8)
        for file in site.files {
            let data = try site.contents(of: file)
            if file.hasSuffix(".html") {
                pages += 1
                if !scripted { scripted = data.withUnsafeBytes { ByteSearch.find(script, in: $0.bindMemory(to: UInt8.self), from: 0) != nil } }
            }
            try write(data, to: documents + "/" + file)
            version.add(Self.documentsPath + "/" + file, data)
        }
        return (pages, scripted)
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
