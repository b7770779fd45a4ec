import Foundation
import ZIPFoundation

/// A built site as one zip archive that works where it is unpacked, straight from `file://`.
///
/// Nothing in the site needs a server: links are relative and name `index.html`, and the search
/// index is a script, not JSON a page would have to fetch. So the archive is the site's files as
/// they are, under one top folder (`site/` for `site.zip`) so that unpacking it does not spill
/// files into the current folder.
///
/// The archive is reproducible: the same site gives the same bytes. Entries go in byte order of
/// their paths, every entry carries the same modification time (1980-01-01, the earliest a zip
/// can hold, or `SOURCE_DATE_EPOCH` as the reproducible-builds convention asks) and fixed
/// permissions, and every file is deflated the same way. A release can then be checked by
/// building it again and comparing checksums.
public struct ZipBundle: Sendable {
    /// 1980-01-01 00:00:00 UTC: zip's DOS timestamps start there.
    public static let earliestDate = Date(timeIntervalSince1970: 315_532_800)

    /// The folder every entry is under (`site`).
    public let topFolder: String
    /// The time every entry carries; zip keeps it to 2 seconds, in UTC.
    public let modificationDate: Date

    public init(topFolder: String, modificationDate: Date = ZipBundle.earliestDate) {
        self.topFolder = topFolder
        self.modificationDate = max(modificationDate, Self.earliestDate)
    }

    /// What was packed.
    public struct Summary: Sendable, Hashable {
        public let entries: Int
        public let bytes: Int
    }

    /// Packs the site folder at `site` into a zip at `output`, replacing an earlier zip there;
    /// nothing appears at `output` unless the whole archive was written.
    public func write(site: String, to output: String) throws(Diagnostic) -> Summary {
        let destination = BundleDestination(output, kind: .zip)
        try destination.check()
        let staging = try BundleStaging.create(beside: destination)
        defer { staging.remove() }
        let staged = staging.path(destination.name)
        let entries = try pack(BuiltSite(root: site), into: staged, label: output)
        try destination.moveIntoPlace(staged)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: destination.path))?[.size] as? Int ?? 0
        return Summary(entries: entries, bytes: bytes)
    }

    /// Writes the archive at `path` (which must not exist); returns how many entries it holds.
    func pack(_ site: BuiltSite, into path: String, label: String) throws(Diagnostic) -> Int {
        // Folders and files in one byte-ordered list, each folder a `name/` entry.
        let folders = ([""] + site.folders).map { (entry: topFolder + "/" + ($0.isEmpty ? "" : $0 + "/"), file: nil as String?) }
        let files = site.files.map { (entry: topFolder + "/" + $0, file: Optional($0)) }
        let entries = (folders + files).sorted { $0.entry.utf8.lexicographicallyPrecedes($1.entry.utf8) }
        var current = ""
        do {
            let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
            for entry in entries {
                current = entry.entry
                if let file = entry.file {
                    let data = try site.contents(of: file)
                    let chunk: Provider = { position, size in
                        let start = Int(position)
                        return data.subdata(in: start..<min(start + size, data.count))
                    }
                    try archive.addEntry(with: entry.entry, type: .file, uncompressedSize: Int64(data.count),
                                         modificationDate: modificationDate, permissions: 0o644,
                                         compressionMethod: .deflate, provider: chunk)
                } else {
                    let nothing: Provider = { _, _ in Data() }
                    try archive.addEntry(with: entry.entry, type: .directory, uncompressedSize: Int64(0),
                                         modificationDate: modificationDate, permissions: 0o755, provider: nothing)
                }
            }
        } catch let problem as Diagnostic {
            throw problem
        } catch {
            throw .error("bundle.zip-failed", file: label, "writing \(current) into the zip failed: \(FileProblem.reason(error, path: label))",
                         hint: "nothing was written at \(label); check free space and permissions beside it, then run again")
        }
        return entries.count
    }
}
