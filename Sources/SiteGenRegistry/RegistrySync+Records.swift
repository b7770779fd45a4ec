import Foundation
import SiteGen

/// A digest's record: its index or manifest, each platform's manifest and configuration, read
/// once per sync through ``SyncState``.
extension RegistrySync {
    /// The record of `digest`: its platforms, each with manifest digest, size and `created`.
    /// `known`: platform images the data already has (manifest digest → its size and
    /// `created`), which are not fetched again: a shared tag's index names the very images of
    /// its entries, and a rebuild of one architecture leaves the others' as they were. Every
    /// manifest and configuration is asked of `state`, which fetches each digest once per sync
    /// however many records running at the same time name it.
    /// `fetched`: the manifest's bytes and media type, when resolving the tag already got them.
    static func fetchRecord(_ repository: String, digest: String, client: RegistryClient, state: SyncState, firstSeen: String,
                            known: [String: RegistryData.Platform] = [:],
                            fetched: ([UInt8], String)? = nil) async throws(RegistryError) -> RegistryData.Record {
        let (read, headerType) = try await manifest(repository, digest: digest, client: client, state: state, fetched: fetched)
        let address = "\(client.base)/v2/\(repository)/manifests/\(digest)"
        guard let document = read else {
            throw .unusable(address: address, reason: "the manifest is not JSON of the OCI or Docker v2 form")
        }
        let mediaType = document.mediaType ?? headerType
        if document.schemaVersion == 1 || RegistryClient.isSchema1(mediaType) {
            throw .unusable(address: address, reason: RegistryClient.schema1Reason)
        }
        if let entries = document.manifests {
            var platforms: [RegistryData.Platform] = []
            for entry in entries where ImageManifest.isImage(entry) {
                // The index's `platform` (optional in OCI), else the image's own configuration's.
                let stated = entry.platform.flatMap { platform -> (os: String, architecture: String, variant: String?, osVersion: String?)? in
                    guard let os = platform.os, let architecture = platform.architecture else { return nil }
                    return (os, architecture, platform.variant, platform.osVersion)
                }
                if let image = known[entry.digest] {
                    platforms.append(RegistryData.Platform(
                        os: stated?.os ?? image.os, architecture: stated?.architecture ?? image.architecture,
                        variant: stated == nil ? image.variant : stated?.variant, osVersion: stated == nil ? image.osVersion : stated?.osVersion,
                        digest: entry.digest, mediaType: image.mediaType, size: image.size, created: image.created))
                    continue
                }
                let imageAddress = "\(client.base)/v2/\(repository)/manifests/\(entry.digest)"
                let (image, imageHeaderType): (ImageManifest.Summary?, String)
                do {
                    (image, imageHeaderType) = try await manifest(repository, digest: entry.digest, client: client, state: state)
                } catch {
                    throw notFound(error, address: imageAddress, what: "a manifest")
                }
                guard let image, let config = image.config else {
                    // An entry that said no platform need not be an image (an artifact's manifest).
                    if stated == nil { continue }
                    throw .unusable(address: imageAddress, reason: "its index names a manifest that is not an image manifest with a config")
                }
                let configuration = try await self.configuration(repository, config: config, of: imageAddress, client: client, state: state)
                // Without a platform in the index, nor one in the configuration: not an image
                // of any platform (an attestation written without its annotation).
                guard stated != nil || (configuration?.os).map({ $0 != "unknown" }) == true
                        && (configuration?.architecture).map({ $0 != "unknown" }) == true else { continue }
                platforms.append(RegistryData.Platform(
                    os: stated?.os ?? configuration?.os ?? "unknown", architecture: stated?.architecture ?? configuration?.architecture ?? "unknown",
                    variant: stated == nil ? configuration?.variant : stated?.variant,
                    osVersion: stated == nil ? configuration?.osVersion : stated?.osVersion,
                    digest: entry.digest, mediaType: image.mediaType ?? entry.mediaType ?? imageHeaderType,
                    size: try size(config, image, address: imageAddress), created: validDate(configuration?.created)))
            }
            return RegistryData.Record(mediaType: mediaType, firstSeen: firstSeen, platforms: platforms)
        }
        guard let config = document.config else {
            throw .unusable(address: address, reason: "neither an index nor an image manifest")
        }
        let configuration = try await self.configuration(repository, config: config, of: address, client: client, state: state)
        let platform = RegistryData.Platform(
            os: configuration?.os ?? "unknown", architecture: configuration?.architecture ?? "unknown",
            variant: configuration?.variant, osVersion: configuration?.osVersion, digest: digest, mediaType: mediaType,
            size: try size(config, document, address: address), created: validDate(configuration?.created))
        return RegistryData.Record(mediaType: mediaType, firstSeen: firstSeen, platforms: [platform])
    }

    /// `error`, but for a 404: a manifest that names `what` the registry does not have ("a
    /// manifest", "the configuration"), deleted or expired after it was pushed, is unusable
    /// (its tag is left out with a warning, and the sync goes on): it is the same on every
    /// sync, and stopping there would stop every one.
    private static func notFound(_ error: RegistryError, address: String, what: String) -> RegistryError {
        guard case .status(_, 404, _) = error else { return error }
        return .unusable(address: address, reason: "it names \(what) the registry does not have (404 Not Found): deleted, or expired, after it was pushed")
    }

    /// Configuration plus layers, as the manifest at `address` states them: a negative size,
    /// or sizes whose sum overflows, make the manifest unusable (the tag is left out).
    static func size(_ config: ImageManifest.Descriptor, _ manifest: ImageManifest.Summary,
                     address: String) throws(RegistryError) -> Int {
        switch manifest.layersSize.flatMap({ ImageManifest.total([config.size, $0]) }) {
        case .success(let size): return size
        case .failure(let problem): throw .unusable(address: address, reason: problem.reason)
        }
    }

    /// `created` as the file may hold it: an RFC 3339 time, else nothing (a configuration may
    /// carry an empty or zone-less one, which the pages could not place in time).
    static func validDate(_ created: String?) -> String? {
        created.flatMap { RegistryDataFile.isDate($0) ? $0 : nil }
    }

    /// The manifest `digest` of `repository` as a record takes it (nil: not JSON of the OCI
    /// or Docker v2 form) and the media type its answer gave; read once per sync.
    private static func manifest(_ repository: String, digest: String, client: RegistryClient, state: SyncState,
                                 fetched: ([UInt8], String)? = nil) async throws(RegistryError) -> (ImageManifest.Summary?, String) {
        do {
            return try await state.manifest(repository: repository, digest: digest) {
                let (bytes, headerType) = if let fetched { fetched } else { try await client.manifest(repository, digest: digest) }
                return (ImageManifest.decode(ImageManifest.Document.self, bytes).map(ImageManifest.Summary.init), headerType)
            }
        } catch {
            throw registryError(error, at: "\(client.base)/v2/\(repository)/manifests/\(digest)")
        }
    }

    /// The configuration `config` of the manifest at `manifestAddress` (nil: not JSON of an
    /// image configuration); read once per sync. One the registry does not have makes the
    /// manifest unusable (``notFound(_:address:what:)``).
    private static func configuration(_ repository: String, config: ImageManifest.Descriptor, of manifestAddress: String,
                                      client: RegistryClient, state: SyncState) async throws(RegistryError) -> ImageManifest.Configuration? {
        do {
            return try await state.configuration(repository: repository, digest: config.digest) {
                ImageManifest.decode(ImageManifest.Configuration.self, try await client.blob(repository, digest: config.digest))
            }
        } catch {
            throw notFound(registryError(error, at: "\(client.base)/v2/\(repository)/blobs/\(config.digest)"),
                           address: manifestAddress, what: "the configuration")
        }
    }

    /// What a shared fetch threw, as the client throws it (the fetches throw nothing else).
    private static func registryError(_ error: any Error, at address: String) -> RegistryError {
        if let error = error as? RegistryError { return error }
        if error is CancellationError { return .interrupted }
        return .invalid(address: address, reason: "\(error)")
    }
}
