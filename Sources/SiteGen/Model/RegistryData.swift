/// What a registry holds for the images of a library: per image, the digest each tag names and,
/// per digest, its platforms with their manifest digest, compressed size and creation time.
///
/// It is the registry data file (`registry-data.json`), written by `sitegen registry sync` and
/// read by builds and `check`; `docs/registry-data.md` documents it field by field. Equal data
/// gives equal bytes (``encoded()``: keys in UTF-8 byte order, platforms in the registry's own
/// order), so a sync of an unchanged registry leaves the file as it was.
public struct RegistryData: Sendable, Equatable {
    /// The version of the file's layout; a file of another version is not read.
    public static let schemaVersion = 1

    /// The registry's base address, without credentials (`https://registry-1.docker.io`).
    public var registry: String
    /// The namespace the images were looked up in (`library`).
    public var namespace: String
    /// Image name (the library file's name) → what the registry holds for it.
    public var images: [String: Image]

    public init(registry: String, namespace: String, images: [String: Image] = [:]) {
        self.registry = registry
        self.namespace = namespace
        self.images = images
    }

    /// One repository of the registry.
    public struct Image: Sendable, Equatable {
        /// The repository's name in the registry (`library/python`).
        public var repository: String
        /// Tag → the digest the registry resolved it to (an index or a single manifest). Only
        /// tags the registry has: a library tag it does not know is absent.
        public var tags: [String: String]
        /// Digest → its record; shared by every tag that names the digest.
        public var digests: [String: Record]
        /// Every tag the registry lists for the repository, sorted; nil when the listing was
        /// not read.
        public var registryTags: [String]?

        public init(repository: String, tags: [String: String] = [:], digests: [String: Record] = [:],
                    registryTags: [String]? = nil) {
            self.repository = repository
            self.tags = tags
            self.digests = digests
            self.registryTags = registryTags
        }

        /// The record of `tag`'s digest, if the registry data has the tag.
        public func record(ofTag tag: String) -> Record? {
            tags[tag].flatMap { digests[$0] }
        }
    }

    /// What one digest (an index or a single manifest) holds.
    public struct Record: Sendable, Equatable {
        /// The media type of the object the digest names (an OCI or Docker index or manifest).
        public var mediaType: String
        /// When a sync first saw the digest, ISO 8601 UTC (`2026-12-06T05:00:00Z`): the date to
        /// show where a platform's configuration has no `created`.
        public var firstSeen: String
        /// The images it holds, in the index's order (one for a single manifest). Attestation
        /// and other non-image entries of an index are left out.
        public var platforms: [Platform]

        public init(mediaType: String, firstSeen: String, platforms: [Platform]) {
            self.mediaType = mediaType
            self.firstSeen = firstSeen
            self.platforms = platforms
        }
    }

    /// One platform's image.
    public struct Platform: Sendable, Equatable {
        public var os: String
        public var architecture: String
        public var variant: String?
        /// Windows images' `os.version` (`10.0.20348.2227`).
        public var osVersion: String?
        /// The image manifest's digest: what `image@digest` pulls for this platform alone.
        public var digest: String
        public var mediaType: String
        /// Compressed bytes: the configuration blob plus every layer, as the manifest states them.
        public var size: Int
        /// The configuration's `created`, as the registry holds it; nil when it has none.
        public var created: String?

        public init(os: String, architecture: String, variant: String? = nil, osVersion: String? = nil,
                    digest: String, mediaType: String, size: Int, created: String?) {
            self.os = os
            self.architecture = architecture
            self.variant = variant
            self.osVersion = osVersion
            self.digest = digest
            self.mediaType = mediaType
            self.size = size
            self.created = created
        }
    }

    /// The file's bytes: indented JSON, keys in UTF-8 byte order, a newline at the end.
    public func encoded() -> [UInt8] {
        var json = JSONWriter(capacity: 4096, indented: true)
        json.object { json in
            json.key("images")
            json.object(images) { json, image in Self.write(image, to: &json) }
            json.member("namespace", namespace)
            json.member("registry", registry)
            json.member("schemaVersion", Self.schemaVersion)
        }
        return json.bytes + [UInt8(ascii: "\n")]
    }

    private static func write(_ image: Image, to json: inout JSONWriter) {
        json.object { json in
            json.key("digests")
            json.object(image.digests) { json, record in
                json.object { json in
                    json.member("firstSeen", record.firstSeen)
                    json.member("mediaType", record.mediaType)
                    json.key("platforms")
                    json.array { json in
                        for platform in record.platforms { write(platform, to: &json) }
                    }
                }
            }
            if let registryTags = image.registryTags {
                json.key("registryTags")
                json.strings(registryTags)
            }
            json.member("repository", image.repository)
            json.key("tags")
            json.object(image.tags) { json, digest in json.string(digest) }
        }
    }

    private static func write(_ platform: Platform, to json: inout JSONWriter) {
        json.object { json in
            json.member("architecture", platform.architecture)
            json.member("created", platform.created)
            json.member("digest", platform.digest)
            json.member("mediaType", platform.mediaType)
            json.member("os", platform.os)
            json.member("osVersion", platform.osVersion)
            json.member("size", platform.size)
            json.member("variant", platform.variant)
        }
    }
}

extension RegistryData.Image: Codable {}
extension RegistryData.Record: Codable {}
extension RegistryData.Platform: Codable {}
