import Foundation

/// The parts of OCI and Docker v2 manifests, indexes and image configurations that the
/// registry data needs (OCI image spec; Docker's manifest list and image manifest v2.2 have
/// the same fields).
enum ImageManifest {
    struct Descriptor: Decodable, Sendable {
        let mediaType: String?
        let digest: String
        let size: Int
        let platform: Platform?
        let annotations: [String: String]?
    }

    /// Optional fields: an index entry without them is skipped, not the whole index refused.
    struct Platform: Decodable, Sendable {
        let architecture: String?
        let os: String?
        let variant: String?
        let osVersion: String?

        enum CodingKeys: String, CodingKey {
            case architecture, os, variant
            case osVersion = "os.version"
        }
    }

    /// An index or a manifest: which fields are there says which.
    struct Document: Decodable {
        let schemaVersion: Int?
        let mediaType: String?
        let manifests: [Descriptor]?
        let config: Descriptor?
        let layers: [Descriptor]?
    }

    /// A manifest or index as a record takes it: a ``Document`` with its layers folded into
    /// their total size (or why there is none), small enough for a sync to keep every one it
    /// read (``SyncState/manifest(repository:digest:_:)``).
    struct Summary: Sendable {
        let schemaVersion: Int?
        let mediaType: String?
        let manifests: [Descriptor]?
        let config: Descriptor?
        let layersSize: Result<Int, SizeProblem>

        init(_ document: Document) {
            schemaVersion = document.schemaVersion
            mediaType = document.mediaType
            manifests = document.manifests
            config = document.config
            layersSize = ImageManifest.total((document.layers ?? []).map(\.size))
        }
    }

    /// Why a manifest's sizes make no size: they come from the network, and a sum that
    /// overflowed would stop the process.
    enum SizeProblem: Error, Sendable, Equatable {
        case negative
        case overflow

        /// As a tag left out gives it (``RegistryError/unusable(address:reason:)``).
        var reason: String {
            switch self {
            case .negative: "a negative size"
            case .overflow: "sizes that add up past 64 bits"
            }
        }
    }

    /// The sum of `sizes`, none of which may be negative, and which must add up within `Int`.
    static func total(_ sizes: [Int]) -> Result<Int, SizeProblem> {
        var total = 0
        for size in sizes {
            guard size >= 0 else { return .failure(.negative) }
            let (sum, overflow) = total.addingReportingOverflow(size)
            guard !overflow else { return .failure(.overflow) }
            total = sum
        }
        return .success(total)
    }

    struct Configuration: Decodable, Sendable {
        let created: String?
        let architecture: String?
        let os: String?
        let variant: String?
        let osVersion: String?

        enum CodingKeys: String, CodingKey {
            case created, architecture, os, variant
            case osVersion = "os.version"
        }
    }

    /// Whether an index entry is an image to record: not an attestation or signature (BuildKit
    /// stores those as `unknown/unknown` entries with a `vnd.docker.reference.type`). An entry
    /// without a platform (optional in OCI) may be one, if it is an image manifest (or says
    /// no media type): its configuration names its platform, once fetched. An index within
    /// the index, or an artifact, is not.
    static func isImage(_ descriptor: Descriptor) -> Bool {
        if descriptor.annotations?["vnd.docker.reference.type"] != nil { return false }
        guard let os = descriptor.platform?.os, let architecture = descriptor.platform?.architecture else {
            return descriptor.mediaType.map(RegistryClient.isImageManifest) ?? true
        }
        return os != "unknown" && architecture != "unknown"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) -> T? {
        try? JSONDecoder().decode(type, from: Data(bytes))
    }
}
