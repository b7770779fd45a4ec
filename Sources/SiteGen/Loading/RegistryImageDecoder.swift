import Foundation

/// One image's part of the registry data file (a value of ``RegistryDataSections/images``)
/// decoded straight from its bytes, for parts in the form `sitegen registry sync` writes;
/// nil for anything else, which ``RegistryDataFile`` hands to `JSONDecoder`, whose value or
/// error then stands.
///
/// The contract: a value this gives is the value `JSONDecoder` gives for the same bytes. So it
/// takes only what it reads exactly as `JSONDecoder` does, and gives up on the rest: an escape
/// or a control character in a string, bytes that are not UTF-8, a number that is not a plain
/// integer, a member the schema does not have, a key given twice, a value of another kind, a
/// required member missing, bytes that are not JSON. A hand-edited file is then read, and its
/// errors reported, by `JSONDecoder` as before.
///
/// Why it exists: a build decodes the part of every image it shows, and the docker-library's
/// file is megabytes of digests; `JSONDecoder` cost more than the pages those parts fill
/// (Benchmarks/README.md, issue 20).
enum RegistryImageDecoder {
    static func decode(_ part: ArraySlice<UInt8>) -> RegistryData.Image? {
        part.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer)
            guard let image = reader.image(), reader.atEnd else { return nil }
            return image
        }
    }

    /// The file's members besides `images` (each `"key": value`, as ``RegistryDataSections``
    /// cuts them), when they are the three a sync writes, each once and in its plain form;
    /// nil otherwise, and `JSONDecoder` reads them. (Every build reads them, and setting up
    /// `JSONDecoder` for three values was a good part of reading a small site's file.)
    static func head(_ members: [ArraySlice<UInt8>]) -> (schemaVersion: Int, registry: String, namespace: String)? {
        var schemaVersion: Int?, registry: String?, namespace: String?
        for member in members {
            let read: Bool = member.withUnsafeBufferPointer { buffer in
                var reader = Reader(bytes: buffer)
                guard let key = reader.rawString(), reader.take(UInt8(ascii: ":")) else { return false }
                if Reader.is(key, "schemaVersion") {
                    guard schemaVersion == nil, let value = reader.integer() else { return false }
                    schemaVersion = value
                } else if Reader.is(key, "registry") {
                    guard registry == nil, let value = reader.string() else { return false }
                    registry = value
                } else if Reader.is(key, "namespace") {
                    guard namespace == nil, let value = reader.string() else { return false }
                    namespace = value
                } else {
                    return false
                }
                return reader.atEnd
            }
            guard read else { return nil }
        }
        guard let schemaVersion, let registry, let namespace else { return nil }
        return (schemaVersion, registry, namespace)
    }

    /// (On the part's bytes without copies or bounds checks beyond the reader's own.)
    private struct Reader: JSONByteCursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        // MARK: The schema (RegistryData, docs/registry-data.md)

        mutating func image() -> RegistryData.Image? {
            var repository: String?
            var tags: [String: String]?
            var digests: [String: RegistryData.Record]?
            var registryTags: [String]?
            var hasRegistryTags = false
            let read = object { reader, key in
                if Self.is(key, "repository") {
                    guard repository == nil, let value = reader.string() else { return false }
                    repository = value
                } else if Self.is(key, "tags") {
                    guard tags == nil, let value = reader.map({ $0.string() }) else { return false }
                    tags = value
                } else if Self.is(key, "digests") {
                    guard digests == nil, let value = reader.map({ $0.record() }) else { return false }
                    digests = value
                } else if Self.is(key, "registryTags") {
                    guard !hasRegistryTags else { return false }
                    hasRegistryTags = true
                    if reader.null() { return true }
                    guard let value = reader.array({ $0.string() }) else { return false }
                    registryTags = value
                } else {
                    return false
                }
                return true
            }
            guard read, let repository, let tags, let digests else { return nil }
            return RegistryData.Image(repository: repository, tags: tags, digests: digests, registryTags: registryTags)
        }

        mutating func record() -> RegistryData.Record? {
            var mediaType: String?
            var firstSeen: String?
            var platforms: [RegistryData.Platform]?
            let read = object { reader, key in
                if Self.is(key, "mediaType") {
                    guard mediaType == nil, let value = reader.repeatedString() else { return false }
                    mediaType = value
                } else if Self.is(key, "firstSeen") {
                    guard firstSeen == nil, let value = reader.repeatedString() else { return false }
                    firstSeen = value
                } else if Self.is(key, "platforms") {
                    guard platforms == nil, let value = reader.array({ $0.platform() }) else { return false }
                    platforms = value
                } else {
                    return false
                }
                return true
            }
            guard read, let mediaType, let firstSeen, let platforms else { return nil }
            return RegistryData.Record(mediaType: mediaType, firstSeen: firstSeen, platforms: platforms)
        }

        mutating func platform() -> RegistryData.Platform? {
            var os: String?, architecture: String?, digest: String?, mediaType: String?, size: Int?
            // Optional members: absent or null is nil, as for `decodeIfPresent`.
            var variant: String??, osVersion: String??, created: String??
            let read = object { reader, key in
                switch key.bytes.count {
                case 2 where Self.is(key, "os"):
                    guard os == nil, let value = reader.string() else { return false }
                    os = value
                case 4 where Self.is(key, "size"):
                    guard size == nil, let value = reader.integer() else { return false }
                    size = value
                case 6 where Self.is(key, "digest"):
                    guard digest == nil, let value = reader.string() else { return false }
                    digest = value
                case 7 where Self.is(key, "created"):
                    guard created == nil, let value = reader.optionalString(repeated: true) else { return false }
                    created = value
                case 7 where Self.is(key, "variant"):
                    guard variant == nil, let value = reader.optionalString() else { return false }
                    variant = value
                case 9 where Self.is(key, "mediaType"):
                    guard mediaType == nil, let value = reader.repeatedString() else { return false }
                    mediaType = value
                case 9 where Self.is(key, "osVersion"):
                    guard osVersion == nil, let value = reader.optionalString() else { return false }
                    osVersion = value
                case 12 where Self.is(key, "architecture"):
                    guard architecture == nil, let value = reader.string() else { return false }
                    architecture = value
                default:
                    return false
                }
                return true
            }
            guard read, let os, let architecture, let digest, let mediaType, let size else { return nil }
            return RegistryData.Platform(os: os, architecture: architecture, variant: variant ?? nil, osVersion: osVersion ?? nil,
                                         digest: digest, mediaType: mediaType, size: size, created: created ?? nil)
        }

        // MARK: JSON

        /// Whether the next byte after any space is `byte`; it is then read.
        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        static func `is`(_ key: Raw, _ name: StaticString) -> Bool {
            guard key.bytes.count == name.utf8CodeUnitCount else { return false }
            guard let base = key.bytes.baseAddress else { return key.bytes.count == 0 }
            return memcmp(base, name.utf8Start, key.bytes.count) == 0
        }

        /// An object: `body` reads each member's value, given its key. False when the bytes are
        /// not an object or `body` says so.
        mutating func object(_ body: (inout Reader, Raw) -> Bool) -> Bool {
            guard take(UInt8(ascii: "{")) else { return false }
            if take(UInt8(ascii: "}")) { return true }
            repeat {
                guard let key = rawString(), take(UInt8(ascii: ":")), body(&self, key) else { return false }
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}"))
        }

        /// An object of values `value` reads, by key; nil for a key given twice.
        mutating func map<Value>(_ value: (inout Reader) -> Value?) -> [String: Value]? {
            var values: [String: Value] = [:]
            let read = object { reader, key in
                guard let name = Self.text(key), let element = value(&reader) else { return false }
                return values.updateValue(element, forKey: name) == nil
            }
            return read ? values : nil
        }

        mutating func array<Element>(_ element: (inout Reader) -> Element?) -> [Element]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var elements: [Element] = []
            if take(UInt8(ascii: "]")) { return elements }
            repeat {
                guard let next = element(&self) else { return nil }
                elements.append(next)
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) ? elements : nil
        }

        /// A string's bytes between its quotes.
        struct Raw {
            let bytes: UnsafeBufferPointer<UInt8>
            /// Every byte is below 0x80: the bytes are their own UTF-8, with nothing to validate.
            let ascii: Bool
        }

        /// A string's bytes between its quotes; nil for a string with an escape or a control
        /// character (which `JSONDecoder` reads, or refuses, its own way), or none. Eight bytes
        /// at a time up to the first that may end it: digests are 71 bytes.
        mutating func rawString() -> Raw? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            var seen: UInt64 = 0
            if let base = bytes.baseAddress {
                while index + 8 <= bytes.count {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    if ByteSearch.hasZeroByte(word ^ ByteSearch.repeated(UInt8(ascii: "\""))) || ByteSearch.hasZeroByte(word ^ ByteSearch.repeated(UInt8(ascii: "\\")))
                        || ByteSearch.hasByte(in: word, below: 0x20) { break }
                    seen |= word
                    index += 8
                }
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return Raw(bytes: UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), ascii: seen & ByteSearch.repeated(0x80) == 0)
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                seen |= UInt64(byte)
                index += 1
            }
            return nil
        }

        /// The string `raw` holds; nil when its bytes are not UTF-8. (ASCII, nearly every
        /// string of the file, is copied by `String(decoding:as:)`, which is specialized here:
        /// `String(validating:as:)` is generic over the encoding, and asks the runtime for its
        /// type metadata on every call.)
        static func text(_ raw: Raw) -> String? {
            raw.ascii ? String(decoding: raw.bytes, as: UTF8.self) : String(validating: raw.bytes, as: UTF8.self)
        }

        mutating func string() -> String? {
            rawString().flatMap(Self.text)
        }

        /// The strings read by ``repeatedString()`` most recently.
        var recent: [String] = []

        /// A string whose value recurs from one record or platform to the next (media types,
        /// dates): the one read before with the same bytes, if one of the last few was, which
        /// saves making and checking it again.
        mutating func repeatedString() -> String? {
            guard let raw = rawString() else { return nil }
            for known in recent where known.utf8.count == raw.bytes.count {
                var known = known
                let same = known.withUTF8 { known in
                    guard let made = known.baseAddress, let read = raw.bytes.baseAddress else { return known.isEmpty }
                    return memcmp(made, read, known.count) == 0
                }
                if same { return known }
            }
            guard let made = Self.text(raw) else { return nil }
            if recent.count == 8 { recent.removeFirst() }
            recent.append(made)
            return made
        }

        /// `null` (read), or not (nothing read).
        mutating func null() -> Bool {
            skipSpace()
            guard bytes.count - index >= 4, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
                  bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l") else { return false }
            index += 4
            return true
        }

        /// A string, or `null` as `.some(nil)`; nil for anything else.
        mutating func optionalString(repeated: Bool = false) -> String?? {
            if null() { return .some(nil) }
            return (repeated ? repeatedString() : string()).map { .some($0) }
        }

        /// An integer as JSON writes one (`-`, then `0` or digits not starting with `0`) that
        /// fits an `Int` and has no fraction or exponent; nil for anything else.
        mutating func integer() -> Int? {
            skipSpace()
            let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            let start = index
            var value = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                let digit = Int(bytes[index] - UInt8(ascii: "0"))
                let (times, overflow) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowed) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
                guard !overflow, !overflowed else { return nil }
                value = sum
                index += 1
            }
            guard index > start, !(bytes[start] == UInt8(ascii: "0") && index - start > 1) else { return nil }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                return nil
            }
            return value
        }
    }
}
