import Foundation

/// Reads and checks the registry data file (``RegistryData``, `docs/registry-data.md`).
///
/// A file that is not JSON, is of another schema version, or holds a value the pages could
/// not show truthfully (a malformed digest, a tag naming a digest with no record, a negative
/// size, a date that is not ISO 8601) is an error naming the file, the line and what to do: the
/// build must not show made-up registry values.
public enum RegistryDataFile {
    /// The file at `path`, checked. `images`: the images to decode and check (nil: all of
    /// them); of the others only the file's structure is read, and they are left out.
    public static func load(_ path: String, images: Set<String>? = nil) throws(DiagnosticError) -> RegistryData {
        try load(path, images: images, layout: nil)
    }

    /// The same, where `layout` says where the file's parts were when the change detection
    /// read it: while the file's status is still the one `layout` found, only the parts of
    /// `images` (and the few bytes of the other members) are read. A build after an edit then
    /// reads one image's part, not a file of megabytes. Anything unusual in those parts, or a
    /// file changed since, and the whole file is read and checked as without `layout`.
    /// `read`: the file's one read in a cold build, which its change detection shares.
    static func load(_ path: String, images: Set<String>?, layout: RegistryDataSections.Layout?,
                     read: RegistryDataRead? = nil) throws(DiagnosticError) -> RegistryData {
        if let layout, let images, let data = parts(of: path, layout: layout, images: images) { return data }
        // A shared read that found nothing falls through: reading the file again below words why.
        if let read, let contents = read.value() {
            return try decode(contents.bytes, sections: contents.sections, path: path, images: images)
        }
        guard let bytes = FileInput.read(path) else {
            let folder = FileInput.isFolder(path)
            let reason = folder ? "is a folder" : FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            // A sync refuses a folder too: point at the file inside it.
            let file = folder ? (path as NSString).appendingPathComponent("registry-data.json") : path
            throw DiagnosticError(.error("registry-data.unreadable", file: path, "the registry data file \(reason)",
                                         hint: "give the file a sync wrote\(folder ? ", not its folder" : ""), or write it with `sitegen registry sync --data \(file)`"))
        }
        return try decode(bytes, path: path, images: images)
    }

    /// `bytes` as the contents of the file at `path`, checked.
    ///
    /// The file is cut into its images' parts first (``RegistryDataSections``, one pass over
    /// the bytes), and the parts are decoded and checked on all cores: a file for the whole
    /// docker-library is megabytes, and decoding it whole on one core cost a build more than
    /// its pages did. A part in the form a sync writes is read by ``RegistryImageDecoder``;
    /// any other by `JSONDecoder`, which also words its errors.
    /// `images`: as for ``load(_:images:)``.
    public static func decode(_ bytes: [UInt8], path: String, images wanted: Set<String>? = nil) throws(DiagnosticError) -> RegistryData {
        try decode(bytes, sections: RegistryDataSections(bytes), path: path, images: wanted)
    }

    /// The same, with `bytes` already cut into `sections` (nil: they are not a JSON object).
    static func decode(_ bytes: [UInt8], sections: RegistryDataSections?, path: String, images wanted: Set<String>?) throws(DiagnosticError) -> RegistryData {
        guard let sections else { throw DiagnosticError(uncut(bytes, path: path)) }
        // Two parts for one image (or two registries): which counts differs from reader to
        // reader, so the file is refused where the strict check finds the name again.
        if sections.repeatsName, let fault = JSONSyntax.firstFault(in: bytes) {
            throw DiagnosticError(syntaxFault(fault, bytes: bytes, path: path))
        }
        // Every member but `images`: a few bytes.
        let head: Head
        do {
            head = try Head.decode(sections.site)
        } catch {
            throw DiagnosticError(problem(error, bytes: bytes, path: path))
        }
        guard head.schemaVersion == RegistryData.schemaVersion else {
            let found = head.schemaVersion.map { "schema version \($0)" } ?? "no `schemaVersion`"
            throw DiagnosticError(.error("registry-data.version", file: path, line: line(ofMember: "schemaVersion", in: bytes),
                                         "the registry data file has \(found); this sitegen reads version \(RegistryData.schemaVersion)",
                                         hint: (head.schemaVersion ?? 0) > RegistryData.schemaVersion
                                            // A newer sitegen wrote it: writing it afresh would lose its `firstSeen` dates.
                                            ? "a newer sitegen wrote it: use that version or a later one (this one's builds and syncs refuse the file alike)"
                                            : "move the file aside and run this sitegen's `sitegen registry sync` to write it afresh (a sync reads no other version either)"))
        }
        var missing: [Diagnostic] = []
        let hint = Self.hint
        for (key, value) in [("registry", head.registry), ("namespace", head.namespace)] where value == nil {
            missing.append(.error("registry-data.invalid", file: path, "`\(key)` is missing", hint: hint))
        }
        if !sections.hasImages { missing.append(.error("registry-data.invalid", file: path, "`images` is missing", hint: hint)) }
        guard missing.isEmpty, let registry = head.registry, let given = head.namespace else { throw DiagnosticError(missing) }
        // An older sync wrote `demo/` as given: read as `demo`, such a file is neither refused
        // nor taken for another namespace's.
        let namespace = RegistryPlatforms.namespace(trimming: given)
        if let problem = headProblem(registry: registry, namespace: namespace, bytes: bytes, path: path) { throw DiagnosticError(problem) }

        let names = sections.images.keys.filter { wanted?.contains($0) ?? true }.sorted()
        let outcomes = ParallelMap.map(names, jobs: ProcessInfo.processInfo.activeProcessorCount) { name -> Result<RegistryData.Image, DiagnosticError> in
            guard let part = sections.images[name] else { return .failure(DiagnosticError([])) }
            let image: RegistryData.Image
            if let decoded = RegistryImageDecoder.decode(part) {
                image = decoded
            } else {
                // Not as a sync writes it: JSON by the letter first, which JSONDecoder is not.
                if let fault = JSONSyntax.firstFault(in: part) { return .failure(DiagnosticError(syntaxFault(fault, bytes: bytes, path: path))) }
                do {
                    image = try JSONDecoder().decode(RegistryData.Image.self, from: Data(part))
                } catch {
                    return .failure(DiagnosticError(problem(error, bytes: bytes, path: path, within: ["images", name],
                                                            part: part.startIndex..<part.endIndex)))
                }
            }
            let problems = check(name, image, bytes: bytes, part: part.startIndex..<part.endIndex, path: path)
            return problems.isEmpty ? .success(image) : .failure(DiagnosticError(problems))
        }
        var images: [String: RegistryData.Image] = [:]
        var problems: [Diagnostic] = []
        for (name, outcome) in zip(names, outcomes) {
            switch outcome {
            case .success(let image): images[name] = image
            case .failure(let error): problems += error.diagnostics
            }
        }
        guard problems.isEmpty else { throw DiagnosticError(problems) }
        return RegistryData(registry: registry, namespace: namespace, images: images)
    }

    /// The parts of `images` in the file at `path`, read where `layout` places them, decoded by
    /// ``RegistryImageDecoder`` and checked; nil when the file is no longer as `layout` found
    /// it or a part is not as a sync writes it (the caller then reads the whole file, and
    /// words any error with its line).
    static func parts(of path: String, layout: RegistryDataSections.Layout, images wanted: Set<String>) -> RegistryData? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        func unchanged() -> Bool {
            var status = stat()
            return fstat(descriptor, &status) == 0 && InputStatCache.Entry(status, fingerprint: 0).matches(layout.status)
        }
        guard unchanged() else { return nil }
        // Every wanted image's part, or nil where the file has none; a name the layout does not
        // know, or a range past the file's end (a damaged stat cache), and the file is read whole.
        var names: [String] = []
        for name in wanted.sorted() {
            guard let part = layout.part(of: name) else { return nil }
            guard let range = part else { continue }
            guard Int64(range.upperBound) <= layout.status.size else { return nil }
            names.append(name)
        }
        guard layout.site.allSatisfy({ Int64($0.upperBound) <= layout.status.size }) else { return nil }
        var members: [ArraySlice<UInt8>] = []
        for range in layout.site {
            guard let bytes = FileInput.read(descriptor, range: range) else { return nil }
            members.append(bytes[...])
        }
        // Anything the whole read would report, it reports, at its line.
        guard let head = try? Head.decode(members), head.schemaVersion == RegistryData.schemaVersion,
              let registry = head.registry, let given = head.namespace else { return nil }
        let namespace = RegistryPlatforms.namespace(trimming: given)
        guard headProblem(registry: registry, namespace: namespace, bytes: [], path: path) == nil else { return nil }
        let decoded = ParallelMap.map(names, jobs: ProcessInfo.processInfo.activeProcessorCount) { name -> RegistryData.Image? in
            guard let range = layout.part(of: name) ?? nil, let bytes = FileInput.read(descriptor, range: range),
                  let image = RegistryImageDecoder.decode(bytes[...]),
                  check(name, image, bytes: [], part: nil, path: path).isEmpty else { return nil }
            return image
        }
        var images: [String: RegistryData.Image] = [:]
        for (name, image) in zip(names, decoded) {
            guard let image else { return nil }
            images[name] = image
        }
        // A writer that changed the file in place while it was read: read it whole.
        guard unchanged() else { return nil }
        return RegistryData(registry: registry, namespace: namespace, images: images)
    }

    /// What is wrong with the file's registry address or namespace, which every pull reference
    /// on the pages is made from; nil when nothing is. `bytes`: the file, to place the error
    /// (empty: not placed, for a caller that then reads the whole file).
    static func headProblem(registry: String, namespace: String, bytes: [UInt8], path: String) -> Diagnostic? {
        // The file is meant to be committed: a password in it is one published.
        if holdsCredentials(registry) {
            return .error("registry-data.invalid", file: path, line: line(ofMember: "registry", in: bytes),
                          "the registry address holds credentials",
                          hint: "remove them from the file (and change them: it is meant to be committed); a sync takes credentials from the environment or the Docker config file")
        }
        // The pages' pull references are made from its host: anything after it would be cut
        // off without a word.
        if !isRegistryAddress(registry) {
            return .error("registry-data.invalid", file: path, line: line(ofMember: "registry", in: bytes),
                          "`registry` is `\(TextPosition.short(registry, limit: 80))`; it should be a scheme and a host, as `https://registry-1.docker.io`, with nothing after the host",
                          hint: hint)
        }
        if !RegistryPlatforms.isNamespace(namespace) {
            return .error("registry-data.invalid", file: path, line: line(ofMember: "namespace", in: bytes),
                          "`namespace` is `\(TextPosition.short(namespace, limit: 80))`; it should be empty or lowercase parts of a repository name separated by single slashes, as `library` or `someone/team`",
                          hint: hint)
        }
        return nil
    }

    /// What to do about a file that is not as docs/registry-data.md says. (Not "sync again":
    /// a sync reads the file it adds to, and refuses it for the same reason.)
    static let hint = "fix it there, or move the file aside and run `sitegen registry sync` to write it afresh; edited by hand, it must follow docs/registry-data.md"

    /// The members of the file besides `images`.
    private struct Head: Decodable {
        let schemaVersion: Int?
        let registry: String?
        let namespace: String?

        /// From those members' bytes (`"key": value` each), as one object: by
        /// ``RegistryImageDecoder/head(_:)`` when they are as a sync writes them, else by
        /// `JSONDecoder`, whose value or error then stands.
        static func decode(_ members: [ArraySlice<UInt8>]) throws -> Head {
            if let head = RegistryImageDecoder.head(members) {
                return Head(schemaVersion: head.schemaVersion, registry: head.registry, namespace: head.namespace)
            }
            let object = [UInt8(ascii: "{")] + members.map(Array.init).joined(separator: [UInt8(ascii: ",")]) + [UInt8(ascii: "}")]
            return try JSONDecoder().decode(Head.self, from: Data(object))
        }
    }

    /// Whether `address` may hold a user or password (`https://u:p@host`): an `@` anywhere
    /// after the scheme. A base address has no path, so no other `@`; and a password with a
    /// `/`, `?` or `#` in it would end the authority before its `@`, so looking only there
    /// would echo the password in an error. The sync refuses such an address, the build such
    /// a file, neither saying the value.
    public static func holdsCredentials(_ address: String) -> Bool {
        guard let schemeEnd = address.range(of: "://") else { return address.contains("@") }
        return address[schemeEnd.upperBound...].contains("@")
    }

    /// Whether `text` is a registry address as the file records it (its schema's
    /// `^https?://[^/@]+$`): `http://` or `https://` and a host, with a port or not.
    static func isRegistryAddress(_ text: String) -> Bool {
        let host = text.hasPrefix("https://") ? text.dropFirst(8) : text.hasPrefix("http://") ? text.dropFirst(7) : nil
        guard let host, !host.isEmpty else { return false }
        return !host.contains("/") && !host.contains("@")
    }

    /// Whether `text` is a digest the pages can show and pin: `sha256:` and 64 lowercase hex
    /// digits (the only algorithm registries use for image manifests).
    public static func isDigest(_ text: String) -> Bool {
        // (On the string's own bytes, where they lie: a build checks every digest of the
        // images it shows.)
        guard text.utf8.count == 71 else { return false }
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, memcmp(base, "sha256:", 7) == 0 else { return false }
            for index in 7..<71 {
                let byte = bytes[index]
                guard (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) else {
                    return false
                }
            }
            return true
        }
    }

    /// Whether `text` is an RFC 3339 date and time (ISO 8601 with a zone), as the file's dates are.
    public static func isDate(_ text: String) -> Bool {
        RFC3339.seconds(text) != nil
    }

    /// `text` as a date: RFC 3339, with fractional seconds of any length or none (image
    /// configurations carry nanoseconds), which are dropped.
    public static func parseDate(_ text: String) -> Date? {
        RFC3339.seconds(text).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// The problems of `image`, in a stable order: the name's, then the tags' by tag, then the
    /// records' by digest. The maps are walked as they are and only the problems sorted: a
    /// build checks every tag and record of the images it shows, and the file is nearly always
    /// as the sync wrote it.
    /// Each problem is placed at its value (``JSONPathLocator``, within `part`, the image's
    /// part of `bytes`; none without it).
    private static func check(_ name: String, _ image: RegistryData.Image, bytes: [UInt8], part: Range<Int>?,
                              path: String) -> [Diagnostic] {
        typealias Step = JSONPathLocator.Step
        var problems: [(group: Int, key: String, at: [Step], message: String)] = []
        func fail(_ group: Int, _ key: String, at steps: [Step], _ message: String) {
            problems.append((group, key, steps, message))
        }
        if !ImageName.isValid(name) { fail(0, "", at: [], "`\(name)` is not an image name") }
        for (tag, digest) in image.tags {
            // A digest with a record is one of the keys checked below: only a tag without one
            // needs its digest checked here.
            if image.digests[digest] != nil { continue }
            if !isDigest(digest) {
                fail(1, tag, at: [.key("tags"), .key(tag)], "\(name):\(tag) names `\(digest)`, which is not a sha256 digest")
            } else {
                fail(1, tag, at: [.key("tags"), .key(tag)], "\(name):\(tag) names \(digest), which has no record under `digests`")
            }
        }
        for (digest, record) in image.digests {
            let at = [Step.key("digests"), .key(digest)]
            if !isDigest(digest) { fail(2, digest, at: at, "`\(digest)` under \(name)'s digests is not a sha256 digest") }
            if !isDate(record.firstSeen) {
                fail(2, digest, at: at + [.key("firstSeen")], "the firstSeen of \(name)'s \(digest) is not an ISO 8601 date")
            }
            // By index, each field read where it lies: a `for platform in` copied every platform
            // (its strings retained and released) of every record of the file.
            for index in record.platforms.indices {
                let platformDigest = record.platforms[index].digest
                let platform = at + [.key("platforms"), .index(index)]
                if !isDigest(platformDigest) {
                    fail(2, digest, at: platform + [.key("digest")],
                         "a platform of \(name)'s \(digest) has `\(platformDigest)`, which is not a sha256 digest")
                }
                if record.platforms[index].size < 0 {
                    fail(2, digest, at: platform + [.key("size")], "the size of \(platformDigest) is negative")
                }
                if let created = record.platforms[index].created, !isDate(created) {
                    fail(2, digest, at: platform + [.key("created")], "the created of \(platformDigest) is not an ISO 8601 date")
                }
            }
        }
        // A stable sort: a record's problems keep the order they were found in.
        let sorted = problems.count < 2 ? problems : problems.enumerated().sorted {
            ($0.element.group, $0.element.key, $0.offset) < ($1.element.group, $1.element.key, $1.offset)
        }.map(\.element)
        return sorted.map { problem in
            let found = part.flatMap { JSONPathLocator.find(problem.at, in: bytes, within: $0) }
            let place = found.map { JSONPathLocator.position(of: $0.offset, in: bytes) }
            return .error("registry-data.invalid", file: path, line: place?.line, column: place?.column, problem.message, hint: hint)
        }
    }
}
