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
            let reason = FileInput.isFolder(path) ? "is a folder" : FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw DiagnosticError(.error("registry-data.unreadable", file: path, "the registry data file \(reason)",
                                         hint: "write it with `sitegen registry sync --data \(path)`, or give the file it wrote"))
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
                                         hint: "move the file aside and run this sitegen's `sitegen registry sync` to write it afresh (a sync reads no other version either)"))
        }
        var missing: [Diagnostic] = []
        let hint = Self.hint
        for (key, value) in [("registry", head.registry), ("namespace", head.namespace)] where value == nil {
            missing.append(.error("registry-data.invalid", file: path, "`\(key)` is missing", hint: hint))
        }
        if !sections.hasImages { missing.append(.error("registry-data.invalid", file: path, "`images` is missing", hint: hint)) }
        guard missing.isEmpty, let registry = head.registry, let namespace = head.namespace else { throw DiagnosticError(missing) }
        // The file is meant to be committed: a password in it is one published.
        if let address = URLComponents(string: registry), address.user != nil || address.password != nil {
            throw DiagnosticError(.error("registry-data.invalid", file: path, line: line(ofMember: "registry", in: bytes),
                                         "the registry address holds credentials",
                                         hint: "remove them from the file (and change them: it is meant to be committed); a sync takes credentials from the environment or the Docker config file"))
        }

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
        guard let head = try? Head.decode(members), head.schemaVersion == RegistryData.schemaVersion,
              let registry = head.registry, let namespace = head.namespace else { return nil }
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

    /// What to do about a file that is not as docs/registry-data.md says. (Not "sync again":
    /// a sync reads the file it adds to, and refuses it for the same reason.)
    static let hint = "fix it there, or move the file aside and run `sitegen registry sync` to write it afresh; edited by hand, it must follow docs/registry-data.md"

    /// The file as a whole: decoded only to word the error of a file whose structure the scan
    /// could not cut into parts.
    private struct Whole: Decodable {
        let schemaVersion: Int?
        let registry: String?
        let namespace: String?
        let images: [String: RegistryData.Image]?
    }

    /// The error of bytes ``RegistryDataSections`` could not cut: not JSON, or JSON whose
    /// top level or `images` is not an object.
    private static func uncut(_ bytes: [UInt8], path: String) -> Diagnostic {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return .error("registry-data.syntax", file: path, line: 1, column: 1,
                          "the registry data file starts with a byte order mark, which JSON does not allow",
                          hint: "save it as UTF-8 without a byte order mark")
        }
        if bytes.allSatisfy(JSONScanner.isSpace) {
            return .error("registry-data.syntax", file: path, "the registry data file is empty",
                          hint: "delete it and run `sitegen registry sync` to write it afresh")
        }
        do {
            _ = try JSONDecoder().decode(Whole.self, from: Data(bytes))
        } catch {
            return problem(error, bytes: bytes, path: path)
        }
        // JSONDecoder reads what JSON does not allow (a comma before a closing bracket).
        if let fault = JSONSyntax.firstFault(in: bytes) { return syntaxFault(fault, bytes: bytes, path: path) }
        return .error("registry-data.syntax", file: path, "the registry data file is not a JSON object", hint: hint)
    }

    /// A fault ``JSONSyntax`` found, at its line and column.
    private static func syntaxFault(_ fault: JSONSyntax.Fault, bytes: [UInt8], path: String) -> Diagnostic {
        let place = JSONPathLocator.position(of: fault.offset, in: bytes)
        return .error("registry-data.syntax", file: path, line: place.line, column: place.column,
                      "the registry data file is not valid JSON: \(fault.message)", hint: hint)
    }

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

    /// `within`: the keys of the part that was decoded, which its error's path is relative to.
    /// The error is placed at its value's line (``JSONPathLocator``) and worded in JSON's terms.
    /// `part`: where in `bytes` that part is (nil: the whole file was decoded).
    private static func problem(_ error: any Error, bytes: [UInt8], path: String, within: [String] = [],
                                part: Range<Int>? = nil) -> Diagnostic {
        guard let error = error as? DecodingError else {
            return .error("registry-data.syntax", file: path, "the registry data file is not valid JSON", hint: hint)
        }
        func located(_ codingPath: [any CodingKey]) -> (name: String, line: Int?, column: Int?, found: String?) {
            let steps = within.map(JSONPathLocator.Step.key) + codingPath.map(JSONPathLocator.Step.init)
            let name = JSONPathLocator.name(of: steps).map { "`\($0)`" } ?? "the registry data file"
            guard let found = JSONPathLocator.find(steps, in: bytes) else { return (name, nil, nil, nil) }
            let position = JSONPathLocator.position(of: found.offset, in: bytes)
            // Short of the path, the value reached is the container, not the value at fault.
            return (name, position.line, position.column, found.whole ? JSONPathLocator.kind(at: found.offset, in: bytes) : nil)
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return syntaxProblem(bytes, path: path, part: part ?? bytes.indices)
        case .keyNotFound(let key, let context):
            let place = located(context.codingPath)
            return .error("registry-data.invalid", file: path, line: place.line, column: place.column,
                          context.codingPath.isEmpty && within.isEmpty ? "`\(key.stringValue)` is missing" : "\(place.name) has no `\(key.stringValue)`",
                          hint: hint)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let place = located(context.codingPath)
            return .error("registry-data.invalid", file: path, line: place.line, column: place.column,
                          "\(place.name) is \(place.found ?? "of another type"); it should be \(jsonKind(of: type))", hint: hint)
        case .dataCorrupted(let context):
            // A number a field's type cannot hold (a fraction, or past 64 bits): the only value
            // the file's types refuse by what it is rather than by its kind.
            let place = located(context.codingPath)
            let number = place.found.map { $0.first == "-" || $0.first?.isNumber == true } ?? false
            return .error("registry-data.invalid", file: path, line: place.line, column: place.column,
                          number ? "\(place.name) is \(place.found ?? ""); it should be a whole number" : "\(place.name) is not a value the schema allows",
                          hint: hint)
        @unknown default:
            return .error("registry-data.invalid", file: path, "the registry data file does not follow its schema", hint: hint)
        }
    }

    /// A Swift type as JSON calls its values ("a whole number").
    private static func jsonKind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default:
            // The decoder names containers by their Swift type: `Dictionary<String, Any>`, or
            // the model's own types, which the file holds as objects.
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }

    /// Why and where `bytes` do not read, since JSONDecoder says neither: JSONSerialization's
    /// position ("around character N"), or the end of the text when it ends early. Text that
    /// JSONSerialization reads has a number no field can hold (JSONDecoder calls a fraction
    /// "not valid JSON" too, without the field's path): the first such number in `part` (the
    /// part that was decoded).
    private static func syntaxProblem(_ bytes: [UInt8], path: String, part: Range<Int>) -> Diagnostic {
        let offset: Int?
        var endsEarly = false
        do {
            _ = try JSONSerialization.jsonObject(with: Data(bytes))
            if let fault = JSONSyntax.firstFault(in: bytes) { return syntaxFault(fault, bytes: bytes, path: path) }
            if let number = firstNonWholeNumber(bytes, in: part) {
                let place = JSONPathLocator.position(of: number, in: bytes)
                return .error("registry-data.invalid", file: path, line: place.line, column: place.column,
                              "a number here is \(JSONPathLocator.kind(at: number, in: bytes) ?? "not whole"); sizes and the schema version are whole numbers (of at most 64 bits)",
                              hint: hint)
            }
            offset = nil
        } catch {
            let text = String(describing: error)
            if let range = text.range(of: #"character \d+"#, options: .regularExpression),
               let found = Int(text[range].dropFirst("character ".count)), found <= bytes.count {
                offset = found
            } else if text.contains("end of file") {
                // After the last byte that is not whitespace: where the text stops.
                offset = (bytes.lastIndex { !JSONScanner.isSpace($0) } ?? -1) + 1
                endsEarly = true
            } else {
                offset = nil
            }
        }
        let place = offset.map { JSONPathLocator.position(of: $0, in: bytes) }
        return .error("registry-data.syntax", file: path, line: place?.line, column: place?.column,
                      "the registry data file is not valid JSON\(endsEarly ? ": it ends early" : "")",
                      hint: hint)
    }

    /// The offset of the first value of a `size` or `schemaVersion` member in `range` of
    /// `bytes` that is a number but not a 64-bit whole number: the schema's only numbers.
    /// (Members it does not name are not decoded, so their numbers are nobody's problem.)
    private static func firstNonWholeNumber(_ bytes: [UInt8], in range: Range<Int>) -> Int? {
        bytes.withUnsafeBufferPointer { whole -> Int? in
            let buffer = UnsafeBufferPointer(rebasing: whole[range])
            var found: Int?
            // False: stop (found, or the text is not as expected).
            func walk(_ scanner: inout JSONScanner, numberWanted: Bool) -> Bool {
                scanner.skipSpace()
                guard scanner.index < buffer.count else { return false }
                switch buffer[scanner.index] {
                case UInt8(ascii: "{"):
                    return scanner.members { scanner, key, _ in
                        walk(&scanner, numberWanted: key == "size" || key == "schemaVersion")
                    }
                case UInt8(ascii: "["):
                    scanner.index += 1
                    scanner.skipSpace()
                    if scanner.index < buffer.count, buffer[scanner.index] == UInt8(ascii: "]") {
                        scanner.index += 1
                        return true
                    }
                    while true {
                        guard walk(&scanner, numberWanted: false) else { return false }
                        scanner.skipSpace()
                        guard scanner.index < buffer.count else { return false }
                        scanner.index += 1
                        if buffer[scanner.index - 1] == UInt8(ascii: "]") { return true }
                        guard buffer[scanner.index - 1] == UInt8(ascii: ",") else { return false }
                    }
                default:
                    let start = scanner.index
                    guard let value = scanner.value() else { return false }
                    let first = buffer[start]
                    if numberWanted, first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
                       Int(String(decoding: UnsafeBufferPointer(rebasing: buffer[value]), as: UTF8.self)) == nil {
                        found = range.lowerBound + start
                        return false
                    }
                    return true
                }
            }
            var scanner = JSONScanner(bytes: buffer)
            _ = walk(&scanner, numberWanted: false)
            return found
        }
    }

    /// The line of the top-level member `key`'s value, if the file has one (not the first
    /// line that holds the key's text: an image may have a tag of that name).
    static func line(ofMember key: String, in bytes: [UInt8]) -> Int? {
        guard let found = JSONPathLocator.find([.key(key)], in: bytes), found.whole else { return nil }
        return JSONPathLocator.position(of: found.offset, in: bytes).line
    }
}
