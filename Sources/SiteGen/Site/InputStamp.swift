import DefaultTheme
import Foundation

/// Fingerprints of every byte a build reads, taken before anything is parsed: one for what the
/// whole site depends on (the docs tree outside image folders, library files of no image, the
/// option files, the theme, the settings, the sitegen binary and, when logo commits come from
/// Git, the commit checked out), and two per image folder (with its library file): one of all
/// of it, and one of all but `content.md`.
///
/// Against the stamps the previous build stored in its manifest they decide how much work a
/// build has left: none when every stamp matches (a no-op build reads the inputs once and
/// parses nothing); only the changed images' own pages when nothing but some `content.md`
/// files changed (the text no listing page shows); else a full build. They over-approximate on
/// purpose: every file in those folders counts, even one sitegen ignores, so a change can only
/// cause more work, never hide some.
struct InputStamp: Sendable, Equatable {
    /// Stamps of one image folder and its library file.
    struct ImageStamp: Codable, Sendable, Equatable {
        /// Everything the image's own pages are made from.
        let all: String
        /// The same without `content.md`'s text (its presence still counts): what the listing
        /// pages and the other images' pages may read.
        let listing: String
    }

    let global: String
    let images: [String: ImageStamp]
    /// Whether the stamps can be trusted: not when the docs tree holds a link to a folder,
    /// whose files would be read through the link but not stamped under it.
    let complete: Bool

    /// All of it in one value: equal exactly when nothing read has changed.
    var hex: String {
        var combined = Fingerprint()
        combined.add(global)
        for (name, stamp) in images.sorted(by: { $0.key < $1.key }) {
            combined.add(name)
            combined.add(stamp.all)
        }
        return combined.hex
    }

    init(options: SiteBuilder.Options) {
        var walker = Walker()
        var global = Fingerprint()
        global.add("input-stamp 2")
        global.add(BuildFingerprints.executableStamp)
        let settings = options.settings
        global.add(settings.title)
        global.add(settings.baseURL ?? "\u{0}none")
        global.add(settings.sourceLabel)
        let loader = options.loader
        // The default theme's files sit beside the binary and can change without it.
        walker.add(DefaultTheme.folder.path, to: &global)
        for path in [loader.logoCommitsPath, loader.buildpackDepsImagesPath, options.theme] {
            guard let path else {
                global.add("\u{0}none")
                continue
            }
            walker.add(path, to: &global)
        }
        if loader.logoCommitsPath == nil {
            // Logo URLs then name the last commit that touched each logo: a new HEAD may change them.
            global.add(Self.gitHead(near: loader.docsPath) ?? "\u{0}no-git")
        }

        // Image folders: the docs root's visible folders. Everything else there is shared.
        let docs = loader.docsPath
        var imageStamps: [String: (all: Fingerprint, listing: Fingerprint)] = [:]
        global.add("docs " + docs)
        for name in Self.sortedContents(of: docs) {
            let path = docs + "/" + name
            if !name.hasPrefix("."), Walker.isFolder(path) {
                var all = Fingerprint()
                var listing = Fingerprint()
                walker.addImageFolder(path, all: &all, listing: &listing)
                imageStamps[name] = (all, listing)
            } else {
                global.add(name)
                walker.add(path, to: &global)
            }
        }
        let library = loader.libraryPath
        global.add("library " + library)
        for name in Self.sortedContents(of: library) {
            let path = library + "/" + name
            if var stamps = imageStamps[name] {
                walker.add(path, to: &stamps.all)
                walker.add(path, to: &stamps.listing)
                imageStamps[name] = stamps
            } else {
                global.add(name)
                walker.add(path, to: &global)
            }
        }
        // An image folder whose library file is missing or was removed differs from one with it.
        self.global = global.hex
        images = imageStamps.mapValues { ImageStamp(all: $0.all.hex, listing: $0.listing.hex) }
        complete = walker.complete
    }

    private static func sortedContents(of folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// Adds files to fingerprints, noting links to folders.
    private struct Walker {
        var complete = true

        static func isFolder(_ path: String) -> Bool {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }

        /// `path` (a file, or a folder's files in sorted order, with their relative paths).
        /// `.git` folders are skipped; a missing or unreadable entry counts as a marker.
        mutating func add(_ path: String, to stamp: inout Fingerprint) {
            stamp.add("path " + path)
            var status = stat()
            guard lstat(path, &status) == 0 else {
                stamp.add("\u{0}missing")
                return
            }
            if status.st_mode & S_IFMT == S_IFLNK, Self.isFolder(path) {
                complete = false
                return
            }
            guard Self.isFolder(path) else {
                Self.addFile(path, to: &stamp)
                return
            }
            for name in InputStamp.sortedContents(of: path) where name != ".git" {
                add(path + "/" + name, to: &stamp)
            }
        }

        /// An image folder: `content.md` only into `all`, everything else into both.
        mutating func addImageFolder(_ path: String, all: inout Fingerprint, listing: inout Fingerprint) {
            for name in InputStamp.sortedContents(of: path) where name != ".git" {
                let entry = path + "/" + name
                if name == "content.md" {
                    listing.add("content.md present")
                    add(entry, to: &all)
                } else {
                    add(entry, to: &all)
                    add(entry, to: &listing)
                }
            }
        }

        private static func addFile(_ path: String, to stamp: inout Fingerprint) {
            guard let data = FileManager.default.contents(atPath: path) else {
                stamp.add("\u{0}unreadable")
                return
            }
            stamp.add(words: data)
        }
    }

    /// The commit checked out in the Git work tree holding `folder`, read from `.git` without
    /// running git (a process per build would cost more than the whole no-op check); nil
    /// outside a work tree.
    static func gitHead(near folder: String) -> String? {
        var current = URL(fileURLWithPath: folder).standardizedFileURL.path
        while true {
            if let gitDir = gitDirectory(in: current) {
                return head(gitDir: gitDir)
            }
            let parent = PathParts.folder(of: current)
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }

    /// `.git` itself, or for a linked work tree or submodule the folder its `gitdir:` line names.
    private static func gitDirectory(in folder: String) -> String? {
        let git = folder + "/.git"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: git, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return git }
        guard let text = read(git), text.hasPrefix("gitdir: ") else { return nil }
        let target = String(text.dropFirst("gitdir: ".count))
        return target.hasPrefix("/") ? target : folder + "/" + target
    }

    private static func head(gitDir: String) -> String? {
        guard let head = read(gitDir + "/HEAD") else { return nil }
        guard head.hasPrefix("ref: ") else { return head }
        let ref = String(head.dropFirst("ref: ".count))
        // Branches live in the common folder, which a linked work tree names in `commondir`.
        let common = read(gitDir + "/commondir").map { $0.hasPrefix("/") ? $0 : gitDir + "/" + $0 } ?? gitDir
        for candidate in [gitDir, common] {
            if let commit = read(candidate + "/" + ref) { return commit }
        }
        // A packed ref: the packed-refs file as a whole stands for it.
        let packed = FileManager.default.contents(atPath: common + "/packed-refs") ?? Data()
        return ref + " " + Fingerprint.of(packed).hex
    }

    private static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(String(decoding: $0, as: UTF8.self).trimmingWhitespace()) }
    }
}
