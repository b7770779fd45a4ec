import Foundation
import Testing
import TestSupport
@testable import SiteGen

/// The registry data file (its bytes, its checks, its parts) and what the pages, the lints
/// and the README make of it. The sync that writes it is tested against a real registry in
/// SiteGenRegistryTests; here the file is made by the model from the demo library.
@Suite struct RegistryDataTests {
    /// A digest made from `text` (not the digest of anything: a stand-in for these tests).
    static func digest(_ text: String) -> String {
        "sha256:" + (0..<4).map { Fingerprint.of(Array("\(text)/\($0)".utf8)).hex.padding(toLength: 16, withPad: "0", startingAt: 0) }.joined()
    }

    /// Registry data for every tag of the demo library, as a sync of a registry holding each
    /// entry's images would write it: one record per entry (its images, one per architecture)
    /// and one per shared tag (the images of every entry sharing it).
    static func demoData(registry: String = "https://registry.example.org", namespace: String = "demo") -> RegistryData {
        let library = LibraryDirectory(path: SiteBuildTests.content.appendingPathComponent("library").path)
        var data = RegistryData(registry: registry, namespace: namespace)
        for name in library.fileNames {
            guard let file = library.file(named: name).file else { continue }
            var image = RegistryData.Image(repository: "\(namespace)/\(name)")
            var shared: [String: [RegistryData.Platform]] = [:]
            // A shared tag's index is the one of every shared tag covering the same entries.
            var covering: [String: [String]] = [:]
            for (number, entry) in file.entries.enumerated() {
                let platforms = entry.architectures.compactMap { architecture -> RegistryData.Platform? in
                    guard let platform = RegistryPlatforms.platform(of: architecture) else { return nil }
                    return RegistryData.Platform(
                        os: platform.os, architecture: platform.architecture, variant: platform.variant,
                        osVersion: platform.os == "windows" ? "10.0.20348.4052" : nil,
                        digest: digest("\(name)/\(entry.firstTag)/\(architecture.name)"),
                        mediaType: "application/vnd.oci.image.manifest.v1+json",
                        size: 1_000_000 * (number + 1) + 1234 * architecture.name.count,
                        created: "2026-11-\(String(format: "%02d", 1 + number % 28))T08:00:00Z")
                }
                let record = digest("\(name)/\(entry.firstTag)")
                image.digests[record] = RegistryData.Record(mediaType: "application/vnd.oci.image.index.v1+json",
                                                            firstSeen: "2026-12-01T10:00:00Z", platforms: platforms)
                for tag in entry.tags { image.tags[tag] = record }
                for tag in entry.sharedTags {
                    shared[tag, default: []] += platforms
                    covering[tag, default: []].append(entry.firstTag)
                }
            }
            for (tag, platforms) in shared {
                let record = digest("\(name)/shared/\(covering[tag, default: []].joined(separator: ","))")
                image.digests[record] = RegistryData.Record(mediaType: "application/vnd.oci.image.index.v1+json",
                                                            firstSeen: "2026-12-01T10:00:00Z", platforms: platforms)
                image.tags[tag] = record
            }
            image.registryTags = image.tags.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            data.images[name] = image
        }
        return data
    }

    // MARK: The file

    /// The repository-name grammar, read by hand, agrees with the distribution spec's
    /// expression on every short string of the characters that matter.
    @Test func repositoryComponentsFollowTheSpecsGrammar() {
        let grammar = #/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*/#
        for text in ["a", "demo", "some-one", "a--b", "a__b", "a.b", "a_b.c-d"] { #expect(RegistryPlatforms.isRepositoryComponent(text[...]), "\(text)") }
        for text in ["", "A", "-a", "a-", "a___b", "a..b", "a._b", "a/b", "é"] { #expect(!RegistryPlatforms.isRepositoryComponent(text[...]), "\(text)") }
        var random = SplitMix64(seed: 20)
        let alphabet = Array("a0.-_A/")
        for _ in 0..<20_000 {
            let text = String((0..<Int.random(in: 0...7, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? "a" })
            #expect(RegistryPlatforms.isRepositoryComponent(text[...]) == (text.wholeMatch(of: grammar) != nil), "\(text)")
        }
    }

    @Test func theFileIsIndentedJSONInKeyOrderAndReadsBackEqual() throws {
        var data = Self.demoData()
        // Registry tags are the registry's: any text, escaped as JSON needs and no more.
        data.images["lumen"]?.registryTags? += ["a<b-é", "quote\"back\\slash\ttab\u{1}"]
        let bytes = data.encoded()
        #expect(bytes.last == UInt8(ascii: "\n"))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"images\": {\n    \"beacon\": {\n      \"digests\": {\n"))
        #expect(text.hasSuffix("  \"namespace\": \"demo\",\n  \"registry\": \"https://registry.example.org\",\n  \"schemaVersion\": 1\n}\n"))
        #expect(try RegistryDataFile.decode(bytes, path: "r.json") == data)
        // Keys in UTF-8 byte order everywhere: Python's sort_keys agrees.
        let python = try ProgramRun.run("python3", ["-c", "import json,sys; d=json.load(sys.stdin); sys.stdout.write(json.dumps(d, indent=2, sort_keys=True, ensure_ascii=False) + '\\n')"],
                                        input: Data(bytes))
        #expect(python.status == 0)
        #expect(python.output == text, "Python's json.dumps(sort_keys=True, indent=2) writes the same bytes")
        #expect(data.encoded() == bytes, "equal data, equal bytes")
    }

    /// The schema docs/registry-data.md publishes holds for what the model writes and for the
    /// document's own example, and refuses what the loader refuses.
    @Test func theDocumentedSchemaHoldsForTheFileAndItsExample() throws {
        let example = try DiffSchema.codeBlock("json", in: DiffSchema.registryData.document)
        #expect(try RegistryDataFile.decode(Array(example.utf8), path: "example").images["lumen"]?.tags.count == 1)
        let negative = String(decoding: Self.demoData().encoded(), as: UTF8.self).replacingOccurrences(of: "\"size\": 1", with: "\"size\": -1")
        let problems = try DiffSchema.problems([String(decoding: Self.demoData().encoded(), as: UTF8.self), example, negative],
                                               schema: DiffSchema.registryData)
        #expect(!problems.isEmpty && problems.allSatisfy { $0.hasPrefix("output-2.json: ") }, "\(problems)")
    }

    @Test func aFileThatDoesNotHoldTrueValuesIsAnErrorAtItsLine() throws {
        let good = String(decoding: Self.demoData().encoded(), as: UTF8.self)
        func problems(_ text: String) -> [Diagnostic] {
            do {
                _ = try RegistryDataFile.decode(Array(text.utf8), path: "registry-data.json")
                return []
            } catch {
                return error.diagnostics
            }
        }
        let syntax = problems("{\n  \"images\": {,\n}\n")
        #expect(syntax.map(\.identifier) == ["registry-data.syntax"])
        #expect(syntax.first.map { "\($0.line ?? 0):\($0.column ?? 0)" } == "2:14", "at the comma")
        #expect(problems(good.replacingOccurrences(of: "\"schemaVersion\": 1", with: "\"schemaVersion\": 2")).first?.message
                    == "the registry data file has schema version 2; this sitegen reads version 1")
        // A newer sitegen's file is not to be written afresh (its `firstSeen` dates would go);
        // an older one's can only be.
        #expect(problems(good.replacingOccurrences(of: "\"schemaVersion\": 1", with: "\"schemaVersion\": 2")).first?.hint
                    == "a newer sitegen wrote it: use that version or a later one (this one's builds and syncs refuse the file alike)")
        #expect(problems(good.replacingOccurrences(of: "\"schemaVersion\": 1", with: "\"schemaVersion\": 0")).first?.hint?
                    .hasPrefix("move the file aside and run this sitegen's `sitegen registry sync`") == true)
        // A tag naming a digest with no record: the error is at the tag's line.
        let lumenTrixie = try #require(Self.demoData().images["lumen"]?.tags["trixie"])
        var orphan = Self.demoData()
        orphan.images["lumen"]?.tags["trixie"] = Self.digest("nowhere")
        let orphanText = String(decoding: orphan.encoded(), as: UTF8.self)
        let found = problems(orphanText)
        #expect(found.map(\.message) == ["lumen:trixie names \(Self.digest("nowhere")), which has no record under `digests`"])
        let line = orphanText.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(Self.digest("nowhere")) }
        #expect(found.first?.line == line.map { $0 + 1 })
        #expect(found.first?.hint?.contains("sitegen registry sync") == true)
        #expect(problems(good.replacingOccurrences(of: lumenTrixie, with: "sha256:XYZ")).first?.message.contains("not a sha256 digest") == true)
        #expect(problems(good.replacingOccurrences(of: "\"size\": 1", with: "\"size\": -1")).contains { $0.message.contains("negative") })
        #expect(problems(good.replacingOccurrences(of: "2026-12-01T10:00:00Z", with: "yesterday")).contains { $0.message.contains("ISO 8601") })
        #expect(problems(good.replacingOccurrences(of: "\"repository\": \"demo/lumen\",", with: "")).first?.message
                    == "`images.lumen` has no `repository`")

        // A name given twice, which JSONDecoder (the first) and jq (the last) read apart: an
        // image's part, the file's registry, a member of a record. (Found by the fuzz target.)
        let twice = "a second member named `lumen` in one object; JSON readers differ on which of the two they keep, so keep one"
        let lumenPart = try #require(good.range(of: "    \"lumen\": {"))
        let repeatedImage = problems(good.replacingCharacters(in: lumenPart, with: "    \"lumen\": {},\n    \"lumen\": {"))
        #expect(repeatedImage.map(\.message) == ["the registry data file has \(twice)"])
        let imageLine = good[..<lumenPart.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).count + 1
        #expect(repeatedImage.first.map { "\($0.identifier) \($0.line ?? 0):\($0.column ?? 0)" } == "registry-data.syntax \(imageLine):5")
        #expect(problems(good.replacingOccurrences(of: "\"registry\": ", with: "\"registry\": \"https://other.example\", \"registry\": ")).map(\.message)
                    == ["the registry data file has \(twice.replacingOccurrences(of: "`lumen`", with: "`registry`"))"])
        let platform = problems(good.replacingOccurrences(of: "\"size\": 1", with: "\"size\": 1, \"size\": 2"))
        #expect(!platform.isEmpty && platform.allSatisfy { $0.message.hasPrefix("the registry data file has a second member named `size`") })
    }

    /// A value of the wrong kind is an error at the value's own line, not at the first line with
    /// its key, worded in JSON's terms; and no hint sends the user to a sync that would refuse
    /// the same file.
    @Test func aValueOfTheWrongKindIsAnErrorAtItsOwnLine() throws {
        let good = String(decoding: Self.demoData().encoded(), as: UTF8.self)
        func problem(_ text: String) -> Diagnostic? {
            do {
                _ = try RegistryDataFile.decode(Array(text.utf8), path: "registry-data.json")
                return nil
            } catch {
                return error.diagnostics.first
            }
        }
        let lines = good.split(separator: "\n", omittingEmptySubsequences: false)
        // The last platform's size of lumen's last record: far from the first `"size"` of the file.
        let lumen = try #require(lines.firstIndex { $0.contains("\"repository\": \"demo/lumen\"") })
        let size = try #require(lines[..<lumen].lastIndex { $0.contains("\"size\": ") })
        #expect(size > (lines.firstIndex { $0.contains("\"size\": ") } ?? 0) + 50, "the test needs a size far from the first")
        func replaced(_ line: Int, _ text: String) -> String {
            var copy = lines
            copy[line] = Substring(text)
            return copy.joined(separator: "\n")
        }
        let indent = String(lines[size].prefix { $0 == " " })
        // The platform's last member: no comma after it (JSON allows none before the `}`).
        let comma = lines[size].hasSuffix(",") ? "," : ""
        let asString = try #require(problem(replaced(size, indent + "\"size\": \"62279\"" + comma)))
        #expect(asString.line == size + 1 && asString.column == indent.count + 9)
        #expect(asString.message.hasPrefix("`images.lumen.digests.sha256:") && asString.message.hasSuffix(".size` is a string; it should be a whole number"),
                "\(asString.message)")
        #expect(asString.message.contains(".platforms[") && asString.hint?.contains("move the file aside") == true)
        let fraction = try #require(problem(replaced(size, indent + "\"size\": 1.5" + comma)))
        #expect(fraction.line == size + 1 && fraction.message == "a number here is 1.5; sizes and the schema version are whole numbers (of at most 64 bits)")
        // A platform without `os`: at the platform's line.
        let os = try #require(lines[..<lumen].lastIndex { $0.contains("\"os\": ") })
        let missing = try #require(problem(lines.enumerated().filter { $0.offset != os }.map(\.element).joined(separator: "\n")))
        #expect(missing.message.hasSuffix("]` has no `os`") && (missing.line ?? 0) < os + 1 && (missing.line ?? 0) > os - 12, "\(missing)")
        // The whole file, or a member of the top level, of the wrong kind.
        #expect(problem("[1, 2, 3]\n")?.message == "the registry data file is an array; it should be an object")
        let images = try #require(problem(#"{"images": "lumen", "namespace": "demo", "registry": "https://r.example", "schemaVersion": 1}"#))
        #expect(images.message == "`images` is a string; it should be an object" && images.line == 1 && images.column == 12)
        #expect(problem(good.replacingOccurrences(of: "\"schemaVersion\": 1", with: "\"schemaVersion\": \"1\""))?.message
                    == "`schemaVersion` is a string; it should be a whole number")
        // Text that is not JSON: where it stops, or the byte order mark, or nothing at all.
        let half = String(good.prefix(good.utf8.count / 2))
        let truncated = try #require(problem(half))
        let lastLine = half.reversed().drop { $0 == " " || $0 == "\n" }.count { $0 == "\n" } + 1
        #expect(truncated.message == "the registry data file is not valid JSON: it ends early" && truncated.line == lastLine, "\(truncated)")
        #expect(problem("\u{FEFF}" + good)?.message == "the registry data file starts with a byte order mark, which JSON does not allow")
        // A comma before a closing bracket, which Foundation reads and JSON does not: at the
        // top level, and inside an image's part (decoded by JSONDecoder, not the fast reader).
        let schemaLine = try #require(lines.firstIndex { $0.contains("\"schemaVersion\": 1") })
        let trailing = try #require(problem(replaced(schemaLine, String(lines[schemaLine]) + ",")))
        #expect(trailing.identifier == "registry-data.syntax" && trailing.line == schemaLine + 1 && trailing.column == lines[schemaLine].count + 1,
                "\(trailing)")
        #expect(trailing.message == "the registry data file is not valid JSON: a comma before the object's closing `}`, which JSON does not allow")
        // lumen's `registryTags` close right before its `repository`: their last item.
        let tagsEnd = try #require(lines[..<lumen].lastIndex { $0.trimmingCharacters(in: .whitespaces) == "]," }) - 1
        let inPart = try #require(problem(replaced(tagsEnd, String(lines[tagsEnd]) + ",")))
        #expect(inPart.line == tagsEnd + 1 && inPart.message.hasSuffix("a comma before the array's closing `]`, which JSON does not allow"), "\(inPart)")
        #expect(problem("  \n")?.message == "the registry data file is empty")
        #expect(problem(good.replacingOccurrences(of: "\"https://registry.example.org\"", with: "\"https://me:secret@registry.example.org\""))?.message
                    == "the registry address holds credentials")
        #expect(problem(good.replacingOccurrences(of: "\"https://registry.example.org\"", with: "\"https://me:s3#cr3t@registry.example.org\""))?.message
                    == "the registry address holds credentials", "a password that ends the host part early is not echoed either")
        // An address with more than a host, which the pages' pull references would cut off.
        let registryLine = try #require(lines.firstIndex { $0.contains("\"registry\": ") })
        for address in ["https://registry.example.org/v2/", "registry.example.org", "https://", "ftp://registry.example.org"] {
            let wrong = try #require(problem(good.replacingOccurrences(of: "\"https://registry.example.org\"", with: "\"\(address)\"")))
            #expect(wrong.message == "`registry` is `\(address)`; it should be a scheme and a host, as `https://registry-1.docker.io`, with nothing after the host"
                    && wrong.line == registryLine + 1, "\(wrong)")
        }
        #expect(problem(good.replacingOccurrences(of: "\"https://registry.example.org\"", with: "\"http://127.0.0.1:5000\"")) == nil)
        // A namespace a sync would not write, which would make pins no registry takes.
        let namespaceLine = try #require(lines.firstIndex { $0.contains("\"namespace\": \"demo\"") })
        for namespace in ["Demo", "demo//team", "demo/Team/"] {
            let wrong = try #require(problem(good.replacingOccurrences(of: "\"namespace\": \"demo\"", with: "\"namespace\": \"\(namespace)\"")))
            let read = namespace.hasSuffix("/") ? String(namespace.dropLast()) : namespace
            #expect(wrong.message.hasPrefix("`namespace` is `\(read)`; it should be empty or lowercase parts") && wrong.line == namespaceLine + 1, "\(wrong)")
        }
        // Slashes at either end, as syncs before the namespace was normalised wrote it: read without.
        for namespace in ["", "library", "some-one/team_a", "demo/", "/demo"] {
            #expect(problem(good.replacingOccurrences(of: "\"namespace\": \"demo\"", with: "\"namespace\": \"\(namespace)\"")) == nil, "\(namespace)")
        }
        // A tag that is a number is a member's name, not an array's index.
        let tagLine = try #require(lines.firstIndex { $0.contains("\"1.4\": ") })
        let numeric = try #require(problem(replaced(tagLine, String(lines[tagLine].prefix { $0 == " " }) + "\"22\": 5,")))
        #expect(numeric.message == "`images.lumen.tags.22` is 5; it should be a string" && numeric.line == tagLine + 1, "\(numeric)")
        // A fraction in a member the schema does not name, before the one at fault: not it.
        let firstImage = try #require(lines.firstIndex { $0.hasSuffix(": {") && $0.hasPrefix("    \"") })
        let ignored = replaced(firstImage, String(lines[firstImage]) + " \"note\": {\"ratio\": 0.5},")
        let ignoredLines = ignored.split(separator: "\n", omittingEmptySubsequences: false)
        let realSize = try #require(ignoredLines.indices.last { ignoredLines[$0].contains("\"size\": ") && $0 < lumen })
        let realComma = ignoredLines[realSize].hasSuffix(",") ? "," : ""
        let fractionAfter = try #require(problem(ignoredLines.enumerated().map { $0.offset == realSize ? Substring(indent + "\"size\": 1.5" + realComma) : $0.element }
            .joined(separator: "\n")))
        #expect(fractionAfter.line == realSize + 1 && fractionAfter.message.contains("1.5"), "\(fractionAfter)")
    }

    /// A value the checks refuse (a negative size) is placed at its own record, though the
    /// platform's digest, which an index shares with a shared tag's index, comes earlier.
    @Test func aCheckedValueIsPlacedAtItsOwnRecord() throws {
        var data = Self.demoData()
        let shared = try #require(data.images["lumen"]?.tags["1.3"])
        let entry = try #require(data.images["lumen"]?.tags["1.3-bookworm"])
        let platform = try #require(data.images["lumen"]?.digests[entry]?.platforms.first?.digest)
        #expect(data.images["lumen"]?.digests[shared]?.platforms.contains { $0.digest == platform } == true)
        // The later of the two records in the file gets the negative size.
        let later = max(shared, entry)
        let index = try #require(data.images["lumen"]?.digests[later]?.platforms.firstIndex { $0.digest == platform })
        data.images["lumen"]?.digests[later]?.platforms[index].size = -5
        let text = String(decoding: data.encoded(), as: UTF8.self)
        var found: [Diagnostic] = []
        do {
            _ = try RegistryDataFile.decode(Array(text.utf8), path: "registry-data.json")
        } catch {
            found = error.diagnostics
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let size = try #require(lines.firstIndex { $0.contains("\"size\": -5") })
        #expect(found.map(\.message) == ["the size of \(platform) is negative"])
        #expect(found.first?.line == size + 1 && (lines.firstIndex { $0.contains(platform) } ?? 0) < size - 8, "\(found)")
    }

    /// An image's problems come in one order, whatever order its maps iterate in: the tags'
    /// by tag, then the records' by digest, each record's in the order of its platforms.
    @Test func anImagesProblemsComeTagsFirstThenRecordsInOrder() throws {
        var data = Self.demoData()
        for tag in ["zz", "aa", "mm"] { data.images["lumen"]?.tags[tag] = Self.digest("nowhere-\(tag)") }
        let text = String(decoding: data.encoded(), as: UTF8.self).replacingOccurrences(of: "\"size\": ", with: "\"size\": -")
        var found: [Diagnostic] = []
        do {
            _ = try RegistryDataFile.decode(Array(text.utf8), path: "registry-data.json", images: ["lumen"])
        } catch {
            found = error.diagnostics
        }
        let lumen = try #require(data.images["lumen"])
        let tagMessages = ["aa", "mm", "zz"].map { "lumen:\($0) names \(Self.digest("nowhere-\($0)")), which has no record under `digests`" }
        #expect(Array(found.prefix(3).map(\.message)) == tagMessages)
        // Every platform of every record once, records in digest order, platforms as listed.
        let expected = lumen.digests.sorted { $0.key < $1.key }.flatMap { $0.value.platforms.map { "the size of \($0.digest) is negative" } }
        #expect(found.dropFirst(3).map(\.message) == expected)
        #expect(expected.count > 3)
    }

    @Test func datesWithFractionsOfAnyLengthRead() {
        #expect(RegistryDataFile.parseDate("2026-11-02T03:04:05Z") != nil)
        #expect(RegistryDataFile.parseDate("2026-11-02T03:04:05.123456789Z") == RegistryDataFile.parseDate("2026-11-02T03:04:05Z"))
        #expect(RegistryDataFile.parseDate("2026-11-02T03:04:05.5+02:00") != nil)
        #expect(RegistryDataFile.parseDate("2026-11-02") == nil)
        #expect(RegistryDataFile.parseDate("2026-11-02T03:04:05.Z") == nil)
    }

    @Test func theChangeRecordFingerprintsEachImagesPartApart() throws {
        let data = Self.demoData()
        let bytes = data.encoded()
        let sections = try #require(RegistryDataSections(bytes))
        #expect(sections.images.keys.sorted() == data.images.keys.sorted())
        for (name, image) in data.images {
            let part = try #require(sections.images[name])
            let decoded = try JSONDecoder().decode(RegistryData.Image.self, from: Data(part))
            #expect(decoded == image)
        }
        #expect(sections.site.count == 3, "namespace, registry, schemaVersion")
        var changed = data
        changed.images["lumen"]?.registryTags?.append("zzz")
        let after = try #require(RegistryDataSections(changed.encoded()))
        #expect(after.images.filter { sections.images[$0.key] != $0.value }.keys.sorted() == ["lumen"])
        #expect(after.site == sections.site)
        #expect(RegistryDataSections(Array("[1, 2]".utf8)) == nil)
        #expect(RegistryDataSections(Array("{\"images\": {\"a\": {\"x\": \"}\"}}, \"b\": [1, {\"c\": null}]}".utf8))?.images.keys.sorted() == ["a"])
        #expect(RegistryDataSections(Array("{\"images\": {\"a\": {}".utf8)) == nil)
        // Quotes escaped inside strings, after an escaped backslash or not, end nothing.
        let escaped = try #require(RegistryDataSections(Array(#"{"images": {"a": {"x": "q\"}\\"}, "b": {"y": "\\\"]"}}, "n": "\\"}"#.utf8)))
        #expect(escaped.images.keys.sorted() == ["a", "b"] && escaped.site.count == 1)
        #expect(escaped.images["a"].map { String(decoding: $0, as: UTF8.self) } == #"{"x": "q\"}\\"}"#)
        #expect(RegistryDataSections(Array(#"{"images": {"a": "open\"}}"#.utf8)) == nil)
    }

    @Test func platformsMatchDockerLibrarysArchitectures() {
        func platform(_ os: String, _ architecture: String, _ variant: String? = nil) -> RegistryData.Platform {
            RegistryData.Platform(os: os, architecture: architecture, variant: variant, digest: Self.digest("p"),
                                  mediaType: "m", size: 1, created: nil)
        }
        #expect(RegistryPlatforms.matches(platform("linux", "arm64", "v8"), Architecture("arm64v8")))
        #expect(RegistryPlatforms.matches(platform("linux", "arm64"), Architecture("arm64v8")), "arm64's variant is often left out")
        #expect(RegistryPlatforms.matches(platform("linux", "arm"), Architecture("arm32v7")), "containerd's default: v7")
        #expect(!RegistryPlatforms.matches(platform("linux", "arm"), Architecture("arm32v6")))
        #expect(RegistryPlatforms.matches(platform("linux", "arm", "v7"), Architecture("arm32v7")))
        #expect(!RegistryPlatforms.matches(platform("linux", "arm", "v6"), Architecture("arm32v7")))
        #expect(RegistryPlatforms.matches(platform("linux", "386"), Architecture("i386")))
        #expect(RegistryPlatforms.matches(platform("windows", "amd64"), Architecture("windows-amd64")))
        #expect(!RegistryPlatforms.matches(platform("windows", "amd64"), Architecture("amd64")))
        #expect(RegistryPlatforms.architecture(of: platform("linux", "s390x")) == Architecture("s390x"))
        #expect(RegistryPlatforms.pullName(registry: "https://registry-1.docker.io", namespace: "library", image: "python") == "python")
        #expect(RegistryPlatforms.pullName(registry: "https://registry-1.docker.io", namespace: "someone", image: "tool") == "someone/tool")
        #expect(RegistryPlatforms.pullName(registry: "https://ghcr.io", namespace: "team", image: "tool") == "ghcr.io/team/tool")
        #expect(RegistryPlatforms.pullName(registry: "http://127.0.0.1:5000", namespace: "demo", image: "lumen") == "127.0.0.1:5000/demo/lumen")
        #expect(RegistryPlatforms.pullName(registry: "http://[::1]:5000", namespace: "demo", image: "lumen") == "[::1]:5000/demo/lumen")
        #expect(RegistryPlatforms.pullName(registry: "https://registry-1.docker.io", namespace: "", image: "tool") == "tool")
        #expect(RegistryPlatforms.pullName(registry: "https://ghcr.io", namespace: "", image: "tool") == "ghcr.io/tool")
    }

    /// The model numbers the records the image's library tags name, each once; the pages keep
    /// what they make of a record under its number.
    @Test func eachLibraryTagNamesItsRecordByNumber() throws {
        var data = try #require(Self.demoData().images["lumen"])
        let library = LibraryDirectory(path: SiteBuildTests.content.appendingPathComponent("library").path)
        let file = try #require(library.file(named: "lumen").file)
        // A tag naming a digest without a record, and a registry tag no library file lists.
        let orphan = try #require(file.entries.last?.tags.last)
        data.tags[orphan] = Self.digest("nowhere")
        data.tags["not-in-the-library"] = Self.digest("lumen/elsewhere")
        data.digests[Self.digest("lumen/elsewhere")] = RegistryData.Record(mediaType: "m", firstSeen: "2026-12-01T10:00:00Z", platforms: [
            RegistryData.Platform(os: "linux", architecture: "amd64", variant: nil, osVersion: nil, digest: Self.digest("tiny"), mediaType: "m", size: 1,
                                  created: nil)])
        let tags = file.entries.flatMap { $0.tags + $0.sharedTags }
        let registry = ImageRegistry(data: data, pullPrefix: "demo/", image: "lumen", tags: tags)
        #expect(registry.pullName == "demo/lumen")
        #expect(registry.recordNumber(ofTag: orphan) == nil)
        #expect(registry.recordNumber(ofTag: "not-in-the-library") == nil)
        for tag in tags where tag != orphan {
            let number = try #require(registry.recordNumber(ofTag: tag), "\(tag)")
            #expect(registry.records[number].digest == data.tags[tag], "\(tag)")
            #expect(registry.records[number].record == data.digests[registry.records[number].digest], "\(tag)")
        }
        // Each record once, numbered as the library first names it.
        let named = tags.filter { $0 != orphan }.compactMap { data.tags[$0] }
        var firsts: [String] = []
        for digest in named where !firsts.contains(digest) { firsts.append(digest) }
        #expect(registry.records.map(\.digest) == firsts)
        // The smallest size is of the library's tags only (the unlisted tag's 1 byte is not).
        let sizes = firsts.compactMap { data.digests[$0] }.flatMap { $0.platforms.map(\.size) }
        #expect(registry.smallestSize == sizes.min())
        #expect(ImageRegistry(data: nil, pullPrefix: "", image: "lumen", tags: tags).records.isEmpty)
    }

    // MARK: Pages, lints, README

    static func build(with data: RegistryData?, namedBy settings: String? = nil, path: String? = nil) async throws -> (site: URL, report: SiteBuilder.Report) {
        let folder = try TestPaths.temporaryFolder("registry-pages")
        var options = SiteBuildTests.options(output: folder.appendingPathComponent("site"))
        if let data {
            let file = folder.appendingPathComponent("registry-data.json")
            try Data(data.encoded()).write(to: file)
            options = options.with(registryData: file.path)
        } else if let path {
            options = options.with(registryData: path, namedBy: settings)
        }
        let report = await SiteBuilder(options: options).build()
        return (folder.appendingPathComponent("site"), report)
    }

    @Test func pagesShowSizeDigestPinAndDateOfEachArchitecture() async throws {
        var data = Self.demoData()
        // One tag the registry does not have, and one architecture missing from a record.
        data.images["lumen"]?.tags["1.3.9-bookworm"] = nil
        data.images["lumen"]?.tags["1.3-bookworm"] = nil
        let slim = try #require(data.images["lumen"]?.tags["slim"])
        data.images["lumen"]?.digests[slim]?.platforms.removeAll { $0.architecture == "s390x" }
        // A configuration with no created time: the day the digest was first seen shows.
        let alpine = try #require(data.images["lumen"]?.tags["alpine"])
        data.images["lumen"]?.digests[alpine]?.platforms[0].created = nil
        // A placeholder created time (reproducible builds write 1970-01-01): the same.
        let bookworm = try #require(data.images["lumen"]?.tags["bookworm"])
        data.images["lumen"]?.digests[bookworm]?.platforms[0].created = "1970-01-01T00:00:00Z"
        let (site, report) = try await Self.build(with: data)
        #expect(report.succeeded, "\(report.diagnostics)")

        let tags = try SiteBuildTests.text(site, SitePaths.imageTags("lumen"))
        let trixie = try #require(data.images["lumen"]?.record(ofTag: "trixie")?.platforms.first)
        #expect(trixie.architecture == "amd64")
        let short = String(trixie.digest.dropFirst(7).prefix(12))
        let line = "amd64</a> <data value=\"1006170\">1.01 MB</data> <code title=\"\(trixie.digest)\">\(short)</code> <time datetime=\"2026-11-01T08:00:00Z\">2026-11-01</time></li>"
        #expect(tags.contains(line), "the trixie amd64 line")
        // The copy button (registry.js) joins the list's pin name with the line's digest.
        let trixieRow = try #require(tags.range(of: "<code>trixie</code>").map { tags[$0.upperBound...] })
        let trixieCell = trixieRow.prefix(upTo: trixieRow.range(of: "</tr>")?.lowerBound ?? trixieRow.endIndex)
        // First the index's own digest, whose pin pulls every architecture, then the architectures'.
        let trixieIndex = try #require(data.images["lumen"]?.tags["trixie"])
        #expect(trixieCell.contains("<ul class=\"registry-list\" data-pin=\"registry.example.org/demo/lumen:trixie\"><li><span class=\"registry-index\""))
        #expect(trixieCell.contains(">index</span> <code title=\"\(trixieIndex)\">\(SiteRenderer.shortDigest(trixieIndex))</code></li><li><a href=\"../../architectures/amd64/index.html\">amd64</a>"))
        let row = try #require(tags.range(of: "<code>1.3-bookworm</code>").map { tags[$0.upperBound...].prefix(while: { $0 != "\u{0}" }) })
        let missingRow = row.prefix(upTo: row.range(of: "</tr>")?.lowerBound ?? row.endIndex)
        #expect(missingRow.contains("not in registry data") && !missingRow.contains("<data "), "a tag the file lacks shows no value")
        let slimRow = try #require(tags.range(of: "<code>slim</code>").map { tags[$0.upperBound...] })
        let slimCell = slimRow.prefix(upTo: slimRow.range(of: "</tr>")?.lowerBound ?? slimRow.endIndex)
        // The tag is in the file, but its image has no s390x: the registry lacks it, not the file.
        #expect(slimCell.contains(">s390x</a> <span class=\"muted\" title=\"The registry has this tag, but no image of this architecture under it (as of the last sync)\">not in the registry</span>"))
        #expect(tags.contains("title=\"First seen by registry sync: the image&#39;s configuration has no created time\">2026-12-01</time>")
                    || tags.contains("title=\"First seen by registry sync: the image's configuration has no created time\">2026-12-01</time>"))
        let bookwormSeen = try #require(data.images["lumen"]?.digests[bookworm]?.firstSeen.prefix(10))
        #expect(tags.contains("configuration gives a placeholder created time (1970-01-01T00:00:00Z)\">\(bookwormSeen)</time>"))
        #expect(!tags.contains(">1970-01-01</time>"))

        // The image page: the same lines, linking one folder up; the pull command names the registry.
        let image = try SiteBuildTests.text(site, SitePaths.image("lumen"))
        #expect(image.contains("data-pin=\"registry.example.org/demo/lumen:1.4.2-trixie\"><li><span class=\"registry-index\""))
        #expect(image.contains("</code></li><li><a href=\"../architectures/amd64/index.html\">amd64</a>"))
        #expect(image.contains("<code title=\"\(trixie.digest)\">\(short)</code> <time datetime=\"2026-11-01T08:00:00Z\">2026-11-01</time></li>"))
        #expect(image.contains("docker pull registry.example.org/demo/lumen"))
        for page in [image, tags] { #expect(!page.contains("\u{1}"), "no root marker left (RegistryCells)") }
        // Variant pages: the build cards, with dates.
        let variant = try SiteBuildTests.text(site, SitePaths.variant("lumen", Variant.defaultName))
        #expect(variant.contains("data-pin=\"registry.example.org/demo/lumen:1.4.2-trixie\""))
        #expect(variant.contains("<code title=\"\(trixie.digest)\">\(short)</code> <time datetime=\"2026-11-01T08:00:00Z\">2026-11-01</time>"))
        // The catalog: the smallest image of each.
        let catalog = try SiteBuildTests.text(site, "index.html")
        let smallest = try #require(data.images["lumen"]?.digests.values.flatMap(\.platforms).map(\.size).min())
        #expect(smallest == 1_004_936)
        #expect(catalog.contains("architectures · <span class=\"smallest-size\" title=\"The smallest compressed image of its tags in the registry data\">from 1 MB</span></p>"))
    }

    /// A record that is one image (no index) has no index line: its one line's pin is the tag's.
    /// An architecture page's cards give the smallest image of that architecture.
    @Test func singleManifestsHaveNoIndexLineAndArchitecturePagesTheirOwnSmallest() async throws {
        var data = Self.demoData()
        let ltsc2025 = try #require(data.images["lumen"]?.tags["windowsservercore-ltsc2025"])
        let windows = try #require(data.images["lumen"]?.digests[ltsc2025])
        #expect(windows.platforms.count == 1)
        data.images["lumen"]?.digests[ltsc2025]?.platforms[0].digest = ltsc2025
        data.images["lumen"]?.digests[ltsc2025]?.mediaType = "application/vnd.oci.image.manifest.v1+json"
        let (site, report) = try await Self.build(with: data)
        #expect(report.succeeded, "\(report.diagnostics)")
        let tags = try SiteBuildTests.text(site, SitePaths.imageTags("lumen"))
        #expect(tags.contains("data-pin=\"registry.example.org/demo/lumen:windowsservercore-ltsc2025\"><li><a href="))
        #expect(tags.contains("data-pin=\"registry.example.org/demo/lumen:windowsservercore-ltsc2022\"><li><span class=\"registry-index\""))

        let riscv = try SiteBuildTests.text(site, SitePaths.architecture("riscv64"))
        let lumen = try #require(data.images["lumen"])
        let sizes = lumen.digests.values.flatMap(\.platforms).filter { $0.architecture == "riscv64" }.map(\.size)
        let smallest = try #require(sizes.min())
        #expect(smallest > (lumen.digests.values.flatMap(\.platforms).map(\.size).min() ?? 0), "the test needs another smallest")
        let card = try #require(riscv.range(of: ">lumen</a>").map { riscv[$0.upperBound...].prefix(while: { $0 != "\u{0}" }) })
        let cardText = card.prefix(upTo: card.range(of: "</li>")?.lowerBound ?? card.endIndex)
        #expect(cardText.contains("<span class=\"smallest-size\" title=\"The smallest compressed riscv64 image of its tags in the registry data\">from \(SiteRenderer.size(smallest))</span>"))
    }

    /// A row of several tags (an entry's on the image page and its build card, a shared group's)
    /// shows the lines of its first tag the file has, and names the tags they are not for; the
    /// tags page shows each tag's own; `check` warns of tags moved apart.
    @Test func rowsOfSeveralTagsNameTheTagsTheirLinesAreNotFor() async throws {
        var data = Self.demoData()
        // The row's first tag missing; another tag moved to the record of another entry.
        data.images["lumen"]?.tags["1.3.9-bookworm"] = nil
        let alpine = try #require(data.images["lumen"]?.tags["1.4.2-alpine"])
        data.images["lumen"]?.tags["bookworm"] = alpine
        let (site, report) = try await Self.build(with: data)
        #expect(report.succeeded, "\(report.diagnostics)")
        let image = try SiteBuildTests.text(site, SitePaths.image("lumen"))
        #expect(image.contains("data-pin=\"registry.example.org/demo/lumen:1.3-bookworm\""), "the row's first tag the file has")
        #expect(image.contains("<p class=\"muted registry-missing\">not in registry data: 1.3.9-bookworm</p>"))
        #expect(image.contains(">another digest: bookworm</p>"))
        let variant = try SiteBuildTests.text(site, SitePaths.variant("lumen", Variant.defaultName))
        #expect(variant.contains(">another digest: bookworm</p>") && variant.contains("not in registry data: 1.3.9-bookworm"))
        // A build card lists the entry's shared tags, which name the index of every build
        // that shares them (Linux and Windows for `latest`): named as an index that includes
        // the lines' images, not as another digest.
        let card = try #require(variant.range(of: "<li class=\"entry\" id=\"1.4.2-trixie\">").map { variant[$0.upperBound...] })
        let trixieCard = card.prefix(upTo: card.range(of: "<li class=\"entry\"")?.lowerBound ?? card.endIndex)
        #expect(trixieCard.contains(">latest</a>"))
        #expect(trixieCard.contains(">also in the index of: 1.4.2, 1.4, 1, latest</p>") && !trixieCard.contains("another digest"), "\(trixieCard)")
        // The tags page: bookworm's own record, nothing named apart.
        let tags = try SiteBuildTests.text(site, SitePaths.imageTags("lumen"))
        let row = try #require(tags.range(of: "<code>bookworm</code>").map { tags[$0.upperBound...] })
        let cell = row.prefix(upTo: row.range(of: "</tr>")?.lowerBound ?? row.endIndex)
        #expect(cell.contains("<code title=\"\(alpine)\">") && !cell.contains("another digest"))
        let apart = report.diagnostics.filter { $0.identifier == "registry.tags-apart" }
        #expect(apart.count == 1)
        let lumen = try String(contentsOfFile: SiteBuildTests.content.appendingPathComponent("library/lumen").path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(apart.first?.line.map { lumen[$0 - 1] } == "Tags: 1.4.2-bookworm, 1.4-bookworm, 1-bookworm, bookworm")
        #expect(apart.first?.message == "the tags of one entry name different digests in the registry data: `lumen:bookworm` (\(SiteRenderer.shortDigest(alpine))) against `lumen:1.4.2-bookworm` (\(SiteRenderer.shortDigest(data.images["lumen"]?.tags["1.4.2-bookworm"] ?? "")))")
        // A shared group's tags moved apart: named on the image page, warned of at the group.
        var moved = Self.demoData()
        moved.images["lumen"]?.tags["1.3"] = alpine
        let (site2, report2) = try await Self.build(with: moved)
        let image2 = try SiteBuildTests.text(site2, SitePaths.image("lumen"))
        #expect(image2.contains(">another digest: 1.3</p>"))
        #expect(report2.diagnostics.filter { $0.identifier == "registry.tags-apart" }.map(\.message)
                    == ["the tags of one shared tag group name different digests in the registry data: `lumen:1.3` (\(SiteRenderer.shortDigest(alpine))) against `lumen:1.3.9` (\(SiteRenderer.shortDigest(moved.images["lumen"]?.tags["1.3.9"] ?? "")))"])
        // At the group's `SharedTags:` line, not at its entry's first (`Tags:`) line.
        let groupApart = report2.diagnostics.first { $0.identifier == "registry.tags-apart" }
        #expect(groupApart?.line.map { lumen[$0 - 1] } == "SharedTags: 1.3.9, 1.3")
        // The first tag moved: the lines are those most of the row's tags name, not its.
        var first = Self.demoData()
        let trixie = try #require(first.images["lumen"]?.tags["1.4.2-trixie"])
        first.images["lumen"]?.tags["1.4.2-slim-trixie"] = trixie
        let (site3, _) = try await Self.build(with: first)
        let image3 = try SiteBuildTests.text(site3, SitePaths.image("lumen"))
        #expect(image3.contains("data-pin=\"registry.example.org/demo/lumen:1.4-slim-trixie\""))
        #expect(image3.contains(">another digest: 1.4.2-slim-trixie</p>"))
        // A build card's shared tags are named, but never chosen: fewer own tags in the file
        // than shared ones (which name the index of every build sharing them) still show the
        // entry's own lines.
        var fewer = Self.demoData()
        for tag in ["1-trixie", "trixie"] { fewer.images["lumen"]?.tags[tag] = nil }
        let (site4, _) = try await Self.build(with: fewer)
        let variant4 = try SiteBuildTests.text(site4, SitePaths.variant("lumen", Variant.defaultName))
        let card4 = try #require(variant4.range(of: "<li class=\"entry\" id=\"1.4.2-trixie\">").map { variant4[$0.upperBound...] })
        let trixieCard4 = card4.prefix(upTo: card4.range(of: "<li class=\"entry\"")?.lowerBound ?? card4.endIndex)
        #expect(trixieCard4.contains("data-pin=\"registry.example.org/demo/lumen:1.4.2-trixie\""), "\(trixieCard4)")
        #expect(trixieCard4.contains("not in registry data: 1-trixie, trixie</p>"))
        #expect(trixieCard4.contains(">also in the index of: 1.4.2, 1.4, 1, latest</p>"))
        // A shared tag whose digest does not include the lines' images (here `latest` moved to
        // alpine's) is another digest.
        var moved2 = Self.demoData()
        moved2.images["lumen"]?.tags["latest"] = alpine
        let (site5, _) = try await Self.build(with: moved2)
        let variant5 = try SiteBuildTests.text(site5, SitePaths.variant("lumen", Variant.defaultName))
        let card5 = try #require(variant5.range(of: "<li class=\"entry\" id=\"1.4.2-trixie\">").map { variant5[$0.upperBound...] })
        let trixieCard5 = card5.prefix(upTo: card5.range(of: "<li class=\"entry\"")?.lowerBound ?? card5.endIndex)
        #expect(trixieCard5.contains(">another digest: latest</p>") && trixieCard5.contains(">also in the index of: 1.4.2, 1.4, 1</p>"), "\(trixieCard5)")
    }

    /// Building without the data again takes the site before last from its spare copy, writing
    /// nothing: the summary still counts the files that changed (the CLI's "N changed").
    @Test func aBuildBackToTheSiteBeforeLastCountsWhatChanged() async throws {
        let folder = try TestPaths.temporaryFolder("registry-toggle")
        let file = folder.appendingPathComponent("registry-data.json")
        try Data(Self.demoData().encoded()).write(to: file)
        let plain = SiteBuildTests.options(output: folder.appendingPathComponent("site"))
        let first = try #require(await SiteBuilder(options: plain).build().summary)
        let second = try #require(await SiteBuilder(options: plain.with(registryData: file.path)).build().summary)
        let third = try #require(await SiteBuilder(options: plain).build().summary)
        #expect(first.changed == first.files && first.written == first.files)
        #expect(second.changed > 40 && second.written == second.changed, "\(second)")
        #expect(third.written == 0 && third.changed == second.changed, "\(third)")
    }

    @Test func sizesHaveThreeSignificantDigitsInDecimalUnitsRoundedHalfUp() {
        let cases: [(Int, String)] = [
            (0, "0 B"), (999, "999 B"), (1000, "1 kB"), (1004, "1 kB"), (1005, "1.01 kB"), (1499, "1.5 kB"),
            (1500, "1.5 kB"), (1549, "1.55 kB"), (9_994, "9.99 kB"), (9_995, "10 kB"), (10_050, "10.1 kB"),
            (99_949, "99.9 kB"), (99_950, "100 kB"), (812_345, "812 kB"), (999_499, "999 kB"),
            (999_500, "1 MB"), (1_000_000, "1 MB"), (3_400_000, "3.4 MB"), (3_412_345, "3.41 MB"),
            (28_249_999, "28.2 MB"), (28_250_000, "28.3 MB"), (151_300_000, "151 MB"), (999_499_999, "999 MB"),
            (999_500_000, "1 GB"), (1_134_999_999, "1.13 GB"), (1_135_000_000, "1.14 GB"),
            (100_000_000_000, "100 GB"), (12_345_678_901_234, "12.3 TB"),
            (Int.max, "9.22 EB"),
        ]
        for (bytes, text) in cases { #expect(SiteRenderer.size(bytes) == text, "\(bytes)") }
        // Away from a tie, as printf's `%.3g` rounds the quotient (which writes a thousand of
        // a unit as "1e+03": that is one of the next unit).
        var random = SplitMix64(seed: 7)
        let units = ["kB", "MB", "GB", "TB"]
        for round in 0..<8000 {
            // Sizes of every magnitude up to terabytes.
            let bytes = Int(random.next() % (UInt64(10) << (round % 40)))
            var expected = "\(bytes) B"
            if bytes >= 1000 {
                var index = 0, unit = 1000.0
                while Double(bytes) / unit >= 1000, index < units.count - 1 { unit *= 1000; index += 1 }
                let printf = String(format: "%.3g", Double(bytes) / unit)
                expected = printf == "1e+03" ? "1 \(units[index + 1])" : "\(printf) \(units[index])"
            }
            // A tie: the bytes past the third digit are exactly half a step.
            let tie = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000]
                .contains { bytes % ($0 * 10) == $0 * 5 }
            if !tie { #expect(SiteRenderer.size(bytes) == expected, "\(bytes)") }
        }
    }

    @Test func shortDigestsAreTheFirstTwelveCharactersAfterTheAlgorithm() {
        let hex = "20d066dfe9d1f53d307b4bde22825efc326accc886f1f6d6719d9f643dc88af7"
        let cases: [(String, String)] = [
            ("sha256:" + hex, "20d066dfe9d1"),
            ("sha256:20d066", "20d066"),                       // shorter than twelve
            ("sha256:", ""),
            ("no-colon", "no-colon"),                          // no algorithm: the whole text
            ("x:é1234567890abcdef", "é1234567890a"),          // cut at characters, not bytes
            ("x:0123456789a\u{301}bcdef", "0123456789a\u{301}b"), // an accented eleventh character
            ("x:0123456789ab\u{301}cdef", "0123456789ab\u{301}"),
            ("x:01234\r\n6789abcdef", "01234\r\n6789ab"),       // CR LF is one character
            ("x:\u{301}0123456789abcdef", "0123456789ab"),           // the mark is the colon's: skipped with it
        ]
        for (digest, short) in cases {
            // The case checked against the cut by characters from the colon's byte (the code before).
            let expected = digest.utf8.firstIndex(of: UInt8(ascii: ":")).map { String(digest[digest.index(after: $0)...].prefix(12)) }
            #expect(SiteRenderer.shortDigest(digest) == short, "\(digest)")
            if let expected { #expect(short == expected, "the case itself: \(digest)") }
        }
    }

    @Test func aBuildDayIsItsTimestampsDate() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withFullDate]
        var random = SplitMix64(seed: 20)
        // 1900 to 2200 (Foundation's calendar is Julian before 1582), and the clamped ends.
        for seconds in [-1, 0, 1_609_459_199] + (0..<500).map({ _ in Int64.random(in: -2_208_988_800...7_258_118_400, using: &random) }) {
            let when = SiteRenderer.when(seconds)
            #expect(when.day == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))), "\(seconds)")
            #expect(when.datetime == AtomFeed.timestamp(seconds))
        }
        #expect(SiteRenderer.when(AtomFeed.firstSecond).day == "0001-01-01")
        #expect(SiteRenderer.when(.max).day == "9999-12-31")
    }

    @Test func withoutRegistryDataThePagesAndTheReadmeAreAsBefore() async throws {
        let (without, _) = try await Self.build(with: nil)
        let (with, _) = try await Self.build(with: Self.demoData())
        let plain = try SiteBuildTests.files(in: without)
        let registry = try SiteBuildTests.files(in: with)
        for (path, bytes) in plain where path.hasSuffix(".html") {
            #expect(!String(decoding: bytes, as: UTF8.self).contains("class=\"registry-"), "\(path) shows registry data")
        }
        let readmes = plain.keys.filter { $0.hasSuffix("README.md") }
        #expect(!readmes.isEmpty)
        for path in readmes { #expect(registry[path] == plain[path], "\(path): the Hub README never changes") }
    }

    @Test func aMissingOrBrokenFileIsAnErrorUnlessTheSettingsNamedIt() async throws {
        let (_, flagged) = try await Self.build(with: nil, path: "/nonexistent/registry-data.json")
        #expect(!flagged.succeeded)
        #expect(flagged.diagnostics.map(\.identifier) == ["registry-data.unreadable"])
        let (site, configured) = try await Self.build(with: nil, namedBy: "sitegen.yml", path: "/nonexistent/registry-data.json")
        #expect(configured.succeeded)
        #expect(configured.diagnostics.contains { $0.identifier == "registry-data.missing" && $0.severity == .warning })
        // The warning names the settings file, and the sync's hint finds it: another than
        // ./sitegen.yml must be given to the sync too.
        #expect(configured.diagnostics.first { $0.identifier == "registry-data.missing" }?.hint == "write it with `sitegen registry sync`")
        let (_, other) = try await Self.build(with: nil, namedBy: "project/alt.yml", path: "/nonexistent/registry-data.json")
        let named = try #require(other.diagnostics.first { $0.identifier == "registry-data.missing" })
        #expect(named.message == "the registry data file project/alt.yml names does not exist: the pages show no registry data")
        #expect(named.hint == "write it with `sitegen registry sync --config project/alt.yml`")
        #expect(!(try SiteBuildTests.text(site, SitePaths.image("lumen"))).contains("registry-list"))
        let broken = try TestPaths.temporaryFolder("registry-broken").appendingPathComponent("r.json")
        try Data("{\"images\": {}, \"namespace\": \"x\" \"registry\": \"y\", \"schemaVersion\": 1}".utf8).write(to: broken)
        let (_, failed) = try await Self.build(with: nil, path: broken.path)
        #expect(!failed.succeeded && failed.diagnostics.first?.identifier == "registry-data.syntax")
    }

    /// A build reads the parts of the images it shows; `check` reads the whole file.
    @Test func aBuildChecksOnlyItsImagesPartsAndCheckTheWholeFile() async throws {
        var data = Self.demoData()
        data.images["nodocs"] = RegistryData.Image(repository: "demo/nodocs", tags: ["1": Self.digest("nowhere")])
        let bytes = data.encoded()
        let lumen = try RegistryDataFile.decode(bytes, path: "r.json", images: ["lumen", "nothing"])
        #expect(lumen.images.keys.sorted() == ["lumen"] && lumen.images["lumen"] == data.images["lumen"])
        #expect(throws: DiagnosticError.self) { try RegistryDataFile.decode(bytes, path: "r.json") }
        // The demo content has no folder for `nodocs`: its part is never shown, so the build
        // does not read it, and `check` reports it.
        let (site, report) = try await Self.build(with: data)
        #expect(report.succeeded && !report.diagnostics.contains { $0.identifier.hasPrefix("registry-data.") })
        #expect(try SiteBuildTests.text(site, SitePaths.image("lumen")).contains("registry-list"))
        let file = site.deletingLastPathComponent().appendingPathComponent("registry-data.json")
        let options = SiteBuildTests.options(output: site).with(registryData: file.path)
        let problems = SiteBuilder(options: options).check().filter { $0.identifier.hasPrefix("registry-data.") }
        #expect(problems.map(\.message) == ["nodocs:1 names \(Self.digest("nowhere")), which has no record under `digests`"])
    }

    /// `data` written to a temporary file, the options of a build of the demo with it, and the
    /// registry lints `check` reports.
    static func checked(_ data: RegistryData, label: String) throws -> (options: SiteBuilder.Options, problems: [Diagnostic]) {
        let folder = try TestPaths.temporaryFolder(label)
        let file = folder.appendingPathComponent("registry-data.json")
        try Data(data.encoded()).write(to: file)
        let options = SiteBuildTests.options(output: folder.appendingPathComponent("site")).with(registryData: file.path)
        return (options, SiteBuilder(options: options).check().filter { $0.identifier.hasPrefix("registry.") })
    }

    @Test func checkWarnsOfTagsMissingFromTheDataAndOfTagsNoLibraryLists() throws {
        var data = Self.demoData()
        data.images["lumen"]?.tags["1.3.9-bookworm"] = nil
        data.images["lumen"]?.tags["1.3-bookworm"] = nil
        data.images["lumen"]?.registryTags? += ["0.9", "0.9-slim"]
        data.images["beacon"] = nil
        let (options, problems) = try Self.checked(data, label: "registry-check")
        let library = SiteBuildTests.content.appendingPathComponent("library").path
        #expect(problems.map(\.identifier) == ["registry.image-missing", "registry.tag-missing", "registry.tag-unlisted"])
        #expect(problems[0].file == library + "/beacon")
        #expect(problems[1].message == "`lumen:1.3.9-bookworm`, `lumen:1.3-bookworm` are not in the registry data")
        #expect(problems[1].file == library + "/lumen")
        let lumen = try String(contentsOfFile: library + "/lumen", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(problems[1].line.map { lumen[$0 - 1] } == "Tags: 1.3.9-bookworm, 1.3-bookworm")
        #expect(problems[2].message == "the registry has 2 tags of registry.example.org/demo/lumen that no library file lists: `0.9`, `0.9-slim`")
        #expect(problems.allSatisfy { $0.severity == .warning })
        // An image the data has and no library file lists (a retired image's records kept by
        // a sync limited to some images): its tags are registry tags no library file lists.
        var retired = Self.demoData()
        retired.images["ghost"] = RegistryData.Image(repository: "demo/ghost", tags: [:])
        let (ghostOptions, ghost) = try Self.checked(retired, label: "registry-check-ghost")
        #expect(ghost.map(\.description) == ["\(ghostOptions.registryData ?? ""): warning: the registry data has records of ghost (registry.example.org/demo/ghost), which no library file in \(library) lists"])
        // A tag of `Tags:` and one of `SharedTags:`: each warned of at its own line.
        var shared = Self.demoData()
        let entry = try #require(LibraryDirectory(path: library).file(named: "lumen").file?.entries.first { !$0.sharedTags.isEmpty && $0.tags.count > 1 })
        shared.images["lumen"]?.tags[entry.tags[1]] = nil
        shared.images["lumen"]?.tags[entry.sharedTags[0]] = nil
        let split = try Self.checked(shared, label: "registry-check-shared").problems.filter { $0.identifier == "registry.tag-missing" }
        #expect(split.map(\.message) == ["`lumen:\(entry.tags[1])` is not in the registry data", "`lumen:\(entry.sharedTags[0])` is not in the registry data"])
        #expect(split.map { $0.line.map { String(lumen[$0 - 1].prefix { $0 != ":" }) } } == ["Tags", "SharedTags"])
        // A sync the settings limit to some images (`registry: images:`): no warning that the
        // others are missing from its file.
        var limited = options
        limited.registryImages = ["lumen"]
        let quiet = SiteBuilder(options: limited).check().filter { $0.identifier.hasPrefix("registry.") }
        #expect(quiet.map(\.identifier) == ["registry.tag-missing", "registry.tag-unlisted"])
    }

    /// An architecture the entry lists that its tag's image lacks is warned of at the entry;
    /// `check` also lints the library files that have no pages (a sync records them too), and
    /// a build, which reads only its pages' parts, does not.
    @Test func checkWarnsOfMissingArchitecturesAndLintsLibraryFilesWithoutPages() async throws {
        var data = Self.demoData()
        let lumenLibrary = try #require(LibraryDirectory(path: SiteBuildTests.content.appendingPathComponent("library").path).file(named: "lumen").file)
        let entry = try #require(lumenLibrary.entries.first { $0.architectures.count > 2 })
        let record = try #require(data.images["lumen"]?.tags[entry.firstTag])
        let dropped = try #require(data.images["lumen"]?.digests[record]?.platforms.last)
        data.images["lumen"]?.digests[record]?.platforms.removeLast()
        let droppedName = try #require(RegistryPlatforms.architecture(of: dropped)?.name)
        // debian has a library file and no docs folder: no pages.
        data.images["debian"]?.registryTags? += ["0.1-stale"]
        let (options, problems) = try Self.checked(data, label: "registry-architectures")
        let library = SiteBuildTests.content.appendingPathComponent("library").path
        #expect(problems.map(\.identifier) == ["registry.architecture-missing", "registry.tag-unlisted"], "\(problems)")
        let missing = try #require(problems.first)
        #expect(missing.file == library + "/lumen" && missing.line == entry.line)
        let has = entry.architectures.map(\.name).filter { $0 != droppedName }.joined(separator: ", ")
        #expect(missing.message == "`lumen:\(entry.firstTag)` has no \(droppedName) image in the registry data, which the entry lists (its image has \(has))")
        #expect(missing.hint?.hasSuffix("until then the pages say \"not in the registry\" there") == true)
        let stale = try #require(problems.last)
        #expect(stale.file == library + "/debian" && stale.message.hasSuffix("that no library file lists: `0.1-stale`"), "\(stale)")
        let build = await SiteBuilder(options: options).build()
        #expect(build.succeeded && build.diagnostics.map(\.identifier) == ["registry.architecture-missing"], "\(build.diagnostics)")
    }

    /// A shared tag group's row shows its index over all its entries' architectures: one the
    /// index lacks (a Windows or rare-architecture build still running under `latest`) is
    /// warned of at the group's `SharedTags:` line, where the entries' own images have it.
    @Test func checkWarnsOfArchitecturesMissingFromASharedTagGroupsIndex() async throws {
        var data = Self.demoData()
        let shared = try #require(data.images["lumen"]?.tags["latest"])
        let entryRecord = try #require(data.images["lumen"]?.tags["1.4.2-trixie"])
        #expect(shared != entryRecord)
        data.images["lumen"]?.digests[shared]?.platforms.removeAll { $0.architecture == "s390x" }
        let (options, problems) = try Self.checked(data, label: "registry-shared-architectures")
        #expect(problems.map(\.identifier) == ["registry.architecture-missing"], "\(problems)")
        let missing = try #require(problems.first)
        let lumen = try String(contentsOfFile: SiteBuildTests.content.appendingPathComponent("library/lumen").path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(missing.line.map { lumen[$0 - 1] } == "SharedTags: 1.4.2, 1.4, 1, latest")
        #expect(missing.message.hasPrefix("`lumen:1.4.2` has no s390x image in the registry data, which the entries of its shared tag group list (its image has "), "\(missing.message)")
        #expect(!missing.message.contains("s390x,") && missing.message.contains("windows-amd64"))
        // The build warns of it too (lumen has pages), and its pages say so on the group's row.
        let build = await SiteBuilder(options: options).build()
        #expect(build.succeeded && build.diagnostics.map(\.identifier) == ["registry.architecture-missing"], "\(build.diagnostics)")

        // A group of one entry whose shared tags name the entry's own image: one warning, at
        // the entry, not one for each row.
        var one = Self.demoData()
        let own = try #require(one.images["lumen"]?.tags["1.3.9-bookworm"])
        one.images["lumen"]?.tags["1.3.9"] = own
        one.images["lumen"]?.tags["1.3"] = own
        one.images["lumen"]?.digests[own]?.platforms.removeLast()
        let (_, once) = try Self.checked(one, label: "registry-shared-same-image")
        #expect(once.filter { $0.identifier == "registry.architecture-missing" }.map { $0.line.map { lumen[$0 - 1] } }
                    == ["Tags: 1.3.9-bookworm, 1.3-bookworm"], "\(once)")
    }

    /// `registry: images:` naming an image with no library file (a typo) is a warning at its
    /// place in the settings file, with the likely name, from `check` and from every build,
    /// with or without a data file; the build after it is mended no longer warns.
    @Test func aMisspeltRegistryImageIsWarnedOfWhereTheSettingsNameIt() async throws {
        let folder = try TestPaths.temporaryFolder("registry-images-typo")
        var options = SiteBuildTests.options(output: folder.appendingPathComponent("site"))
        options.registryImages = ["lumen", "tidewatr"]
        options.registryImagesPlaces = ["lumen": SiteConfig.Place(file: "sitegen.yml", line: 4, column: 7),
                                        "tidewatr": SiteConfig.Place(file: "sitegen.yml", line: 5, column: 7)]
        let library = SiteBuildTests.content.appendingPathComponent("library").path
        let expected = Diagnostic.warning("config.unknown-image", file: "sitegen.yml", line: 5, column: 7,
                                          "`registry: images:` names `tidewatr`, which has no library file in \(library); did you mean `tidewater`?",
                                          hint: "correct the name, or add its library file (`sitegen registry sync` refuses it)")
        #expect(SiteBuilder(options: options).check().filter { $0.identifier == "config.unknown-image" } == [expected])
        let first = await SiteBuilder(options: options).build()
        #expect(first.succeeded && first.diagnostics == [expected], "\(first.diagnostics)")
        options.registryImages = ["lumen", "tidewater"]
        options.registryImagesPlaces["tidewater"] = options.registryImagesPlaces["tidewatr"]
        let mended = await SiteBuilder(options: options).build()
        #expect(mended.succeeded && mended.diagnostics.isEmpty, "\(mended.diagnostics)")
        // An edit elsewhere in the settings file moves the names' lines, and the sync's images
        // are nothing to a build without data: neither redoes anything.
        options.registryImagesPlaces = options.registryImagesPlaces.mapValues { SiteConfig.Place(file: $0.file, line: ($0.line ?? 0) + 1, column: $0.column) }
        #expect(await SiteBuilder(options: options).build().plan == .upToDate)
        options.registryImages = ["lumen"]
        #expect(await SiteBuilder(options: options).build().plan == .upToDate)
    }
}
