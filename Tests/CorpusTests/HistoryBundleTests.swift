import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// Where the history bundle is; the suite skips when it is absent.
enum HistoryBundle {
    static let path = TestPaths.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/history/official-images-library.bundle")
    static let exists = FileManager.default.fileExists(atPath: path.path)
    static let missingMessage = "history bundle not found at ../shared/history/official-images-library.bundle; history corpus tests skipped"

    /// One clone of the bundle for every suite that reads it (made when first asked for).
    static let cloned: Result<URL, CloneError> = {
        do {
            let clone = try TestPaths.temporaryFolder("history-bundle").appendingPathComponent("official-images")
            let run = try ProgramRun.run("git", ["clone", "-q", path.path, clone.path])
            guard run.status == 0 else { return .failure(CloneError(message: "git clone failed: \(run.standardError)")) }
            return .success(clone)
        } catch {
            return .failure(CloneError(message: "\(error)"))
        }
    }()

    struct CloneError: Error {
        let message: String
    }

    static func clone() throws -> URL {
        try cloned.get()
    }
}

/// History on real data: a clone of the official-images `library/` history bundle, read once.
@Suite(.enabled(if: HistoryBundle.exists, "\(HistoryBundle.missingMessage)"))
struct HistoryBundleTests {
    static let bundle = HistoryBundle.path

    /// The clone and its history, made once for the suite.
    struct Loaded: Sendable {
        let clone: URL
        let history: History
        let warnings: [Diagnostic]
    }

    static let loaded: Result<Loaded, DiagnosticErrorOrOther> = {
        do {
            let clone = try HistoryBundle.clone()
            let result = try HistoryLoader.load(libraryPath: clone.appendingPathComponent("library").path, rev: "HEAD", cache: nil)
            return .success(Loaded(clone: clone, history: result.history, warnings: result.warnings))
        } catch {
            return .failure(.other("\(error)"))
        }
    }()

    enum DiagnosticErrorOrOther: Error {
        case other(String)
    }

    static func load() throws -> Loaded {
        try loaded.get()
    }

    static func git(_ arguments: [String], in clone: URL, input: Data? = nil) throws -> ProgramRun {
        let run = try ProgramRun.run("git", arguments, input: input, in: clone)
        #expect(run.status == 0, "git \(arguments.joined(separator: " ")): \(run.standardError)")
        return run
    }

    static func day(_ time: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time)))
    }

    @Test func python27IsRetiredWithDateAndLastDefinition() throws {
        let python = try #require(try Self.load().history.images["python"])
        let tag = try #require(python.tag(named: "2.7"))
        let retired = try #require(tag.retired)
        #expect(retired.time > tag.firstSeen.time)
        #expect(!tag.lastDefinition.gitRepo.isEmpty && !tag.lastDefinition.gitCommit.isEmpty)
        #expect(python.retiredTags.contains { $0.name == "2.7" })
        #expect(python.deleted == nil)
    }

    @Test func python2718FirstSeenAndRetiredOnTheReadmeDates() throws {
        let python = try #require(try Self.load().history.images["python"])
        let tag = try #require(python.tag(named: "2.7.18"))
        #expect(Self.day(tag.firstSeen.time) == "2020-04-20")
        #expect(tag.retired.map { Self.day($0.time) } == "2020-04-21")
        #expect(tag.lastDefinition.directory == "2.7/buster")
        #expect(tag.lastDefinition.gitCommit.hasPrefix("f1e613f4"))
        let landing = try #require(python.landings.first { $0.commit == tag.retired })
        #expect(landing.retired.contains("2.7.18"))
    }

    /// Counted with git alone: names of files directly in `library/` that some first-parent
    /// commit touched, less those at HEAD, less names that are not image names (`MAINTAINERS`).
    @Test func retiredImagesAreTheLibraryFilesGoneAtHead() throws {
        let loaded = try Self.load()
        let touched = try Self.git(["log", "--first-parent", "--diff-merges=first-parent", "--name-only", "--format=",
                                    "HEAD", "--", "library/"], in: loaded.clone).output
        let atHead = try Self.git(["ls-tree", "--name-only", "HEAD", "library/"], in: loaded.clone).output
        let imageName = try Regex("^library/[a-z0-9][a-z0-9._-]*$")
        let ever = Set(touched.split(separator: "\n").filter { $0.wholeMatch(of: imageName) != nil })
        let gone = ever.subtracting(atHead.split(separator: "\n")).map { String($0.dropFirst("library/".count)) }.sorted()
        #expect(loaded.history.retiredImageNames == gone)
        #expect(gone.contains("centos") && gone.contains("java"))
        #expect(loaded.history.images["MAINTAINERS"] == nil)
    }

    /// The date of the last first-parent commit that changed what `python:3.14` is built from,
    /// found by reading every version of library/python with a paragraph scan of the test's own.
    @Test func python314LastChangedIsTheLastLandingThatChangedIt() throws {
        let loaded = try Self.load()
        let expected = try Self.lastChange(of: "3.14", image: "python", in: loaded.clone)
        let tag = try #require(loaded.history.images["python"]?.tag(named: "3.14"))
        #expect(tag.retired == nil)
        #expect(tag.lastChanged.id == expected.id)
        #expect(tag.lastChanged.time == expected.time)
    }

    /// The last first-parent commit of `clone` that changed `tag`'s definition in
    /// `library/<image>` (as ``signature(of:in:)`` sees it), from git alone: every version of
    /// the file, newest first, until one differs from the version before it.
    static func lastChange(of tag: String, image: String, in clone: URL) throws -> (id: String, time: Int64) {
        let log = try git(["log", "--first-parent", "--diff-merges=first-parent", "--raw", "--no-abbrev",
                           "--format=C %H %ct", "HEAD", "--", "library/\(image)"], in: clone).output
        var versions: [(commit: String, time: Int64, blob: String)] = []
        for line in log.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.first == "C" {
                versions.append((String(words[1]), Int64(words[2]) ?? 0, ""))
            } else if line.hasPrefix(":"), !versions.isEmpty {
                versions[versions.count - 1].blob = String(words[3])
            }
        }
        let input = Data(versions.map(\.blob).joined(separator: "\n").utf8 + [10])
        let batch = try git(["cat-file", "--batch"], in: clone, input: input).standardOutput
        let signatures = splitBatch([UInt8](batch)).map { signature(of: tag, in: $0) }
        #expect(signatures.count == versions.count)
        // Newest first: the first version whose next older one differs is the last change.
        let index = try #require(signatures.indices.first { $0 + 1 < signatures.count && signatures[$0] != signatures[$0 + 1] })
        return (versions[index].commit, versions[index].time)
    }

    static func splitBatch(_ bytes: [UInt8]) -> [String] {
        var texts: [String] = []
        var index = 0
        while index < bytes.count, let end = bytes[index...].firstIndex(of: 10) {
            let size = Int(String(decoding: bytes[index..<end], as: UTF8.self).split(separator: " ").last ?? "") ?? 0
            texts.append(String(decoding: bytes[(end + 1)..<(end + 1 + size)], as: UTF8.self))
            index = end + 1 + size + 1
        }
        return texts
    }

    /// The commit and directory of the first paragraph listing `tag`, and the architectures of
    /// all of them; nil when no paragraph lists it.
    static func signature(of tag: String, in text: String) -> String? {
        let paragraphs = text.components(separatedBy: "\n\n").map { paragraph in
            var fields: [String: String] = [:]
            for line in paragraph.split(separator: "\n") where !line.hasPrefix("#") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2 { fields[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
            return fields
        }
        let listing = paragraphs.filter { fields in
            let tags = (fields["tags"] ?? "") + "," + (fields["sharedtags"] ?? "")
            return tags.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == tag }
        }
        guard let first = listing.first else { return nil }
        let defaults = paragraphs.first ?? [:]
        let architectures = Set(listing.flatMap { ($0["architectures"] ?? defaults["architectures"] ?? "amd64").split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }).sorted()
        return [first["gitcommit"] ?? defaults["gitcommit"] ?? "", first["directory"] ?? defaults["directory"] ?? "",
                first["file"] ?? defaults["file"] ?? "Dockerfile", architectures.joined(separator: ",")].joined(separator: "|")
    }

    /// The scanner history reads versions with gives, for every library-file version of the
    /// bundle it vouches for, what the full parser gives; and it vouches for nearly all of them.
    @Test func theVersionScannerAgreesWithTheParserOnEveryVersion() throws {
        let loaded = try Self.load()
        let objects = try Self.git(["cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)"], in: loaded.clone).output
        let blobs = objects.split(separator: "\n").filter { $0.hasSuffix(" blob") }.map { $0.prefix(while: { $0 != " " }) }
        let input = Data(blobs.joined(separator: "\n").utf8 + [10])
        let texts = Self.splitBatch([UInt8](try Self.git(["cat-file", "--batch"], in: loaded.clone, input: input).standardOutput))
        #expect(texts.count == blobs.count)
        var scanned = 0, rfc = 0
        for (blob, text) in zip(blobs, texts) {
            if !LegacyLibraryFile.looksLegacy(text) { rfc += 1 }
            let bytes = Array(text.utf8)
            guard let fast = bytes.withUnsafeBufferPointer(HistoryVersionScanner.version(of:)) else { continue }
            scanned += 1
            let full = LibraryFile.parse(text, name: "image", path: "library/image").file.map(HistoryBuilder.Version.init(file:))
            #expect(full.map { Self.describe($0) } == Self.describe(fast), "blob \(blob)")
        }
        // The line-based versions are the legacy parser's.
        #expect(scanned * 100 >= rfc * 99, "the scanner read \(scanned) of \(rfc) versions in the RFC 2822 format")
    }

    /// Every tag with its definition, and the architectures, as comparable text.
    static func describe(_ version: HistoryBuilder.Version) -> [String] {
        version.tags.map { tag in
            let definition = tag.definition
            return [tag.name, definition.gitRepo, definition.gitCommit, definition.directory, definition.file,
                    definition.architectures.joined(separator: ",")].joined(separator: "|")
        } + [version.architectures.joined(separator: ",")]
    }

    @Test func everyVersionOfTheBundleParses() throws {
        let loaded = try Self.load()
        let unparsable = loaded.warnings.filter { $0.identifier == "history.unparsable-version" }
        #expect(unparsable.count <= 30, "\(unparsable.map(\.message).joined(separator: "\n"))")
        #expect(loaded.history.shallowBoundary == nil)
    }
}
