import Foundation

/// Registry data on the pages (`--registry-data`): per tag and architecture, the compressed
/// size, the digest with a copy button for `image:tag@sha256:…`, and the build date; on the
/// catalog cards, the smallest size. Without registry data none of it is made, and the pages
/// are as they were.
extension SiteRenderer {
    /// What the registry data file says of `tag`, per architecture of `architectures`, each
    /// linking its architecture's page from `page`; nil without registry data.
    /// `compact`: without build dates (see ``PageModel/RegistryCell/compact``).
    func registryCell(_ site: ImageSite, tag: String, architectures: [Architecture], page: String,
                      compact: Bool = false) -> PageModel.RegistryCell? {
        guard let registry = site.registry else { return nil }
        guard let (record, matches) = registry.platforms(ofTag: tag, architectures: architectures) else {
            return PageModel.RegistryCell(platforms: [], missing: true, compact: compact)
        }
        var rows: [PageModel.RegistryPlatform] = []
        for (architecture, platforms) in matches {
            let href = SitePaths.link(from: page, to: SitePaths.architecture(architecture.name))
            if platforms.isEmpty {
                rows.append(PageModel.RegistryPlatform(architecture: architecture.name, href: href, osVersion: nil, size: nil, exactSize: nil,
                                                       digest: nil, shortDigest: nil, pin: nil, built: nil, builtTitle: nil))
            }
            for platform in platforms {
                let (built, title) = Self.built(platform, record: record)
                rows.append(PageModel.RegistryPlatform(
                    architecture: architecture.name, href: href, osVersion: platform.osVersion, size: Self.size(platform.size),
                    exactSize: Self.exactSize(platform.size), digest: platform.digest, shortDigest: Self.shortDigest(platform.digest),
                    pin: "\(registry.pullName):\(tag)@\(platform.digest)", built: built, builtTitle: title))
            }
        }
        return PageModel.RegistryCell(platforms: rows, missing: false, compact: compact)
    }

    /// The catalog card's "from" size: the smallest image of any tag of the image.
    func smallestSize(_ site: ImageSite) -> String? {
        guard let registry = site.registry else { return nil }
        let tags = site.image.entries.lazy.flatMap { $0.tags + $0.sharedTags }
        return registry.smallestSize(tags: tags).map(Self.size)
    }

    /// The configuration's `created` as a day, else the day a sync first saw the digest; and
    /// a title that says which.
    static func built(_ platform: RegistryData.Platform, record: RegistryData.Record) -> (PageModel.When?, String) {
        if let created = platform.created, let date = RegistryDataFile.parseDate(created) {
            return (when(date), "Built: the created time of the image's configuration")
        }
        if let date = RegistryDataFile.parseDate(record.firstSeen) {
            return (when(date), "First seen by registry sync: the image's configuration has no created time")
        }
        return (nil, "")
    }

    static func when(_ date: Date) -> PageModel.When {
        let stamp = AtomFeed.timestamp(Int64(date.timeIntervalSince1970.rounded(.down)))
        return PageModel.When(day: String(stamp.prefix(10)), datetime: stamp)
    }

    /// `bytes` in decimal units, as registries and `docker` show sizes: "812 kB", "3.4 MB".
    static func size(_ bytes: Int) -> String {
        switch bytes {
        case ..<1000: return "\(bytes) B"
        case ..<1_000_000: return String(format: "%.0f kB", (Double(bytes) / 1000).rounded())
        case ..<1_000_000_000: return String(format: "%.1f MB", Double(bytes) / 1_000_000)
        default: return String(format: "%.2f GB", Double(bytes) / 1_000_000_000)
        }
    }

    /// "12,345,678 bytes (compressed)".
    static func exactSize(_ bytes: Int) -> String {
        var digits = Array(String(bytes))
        var grouped: [Character] = []
        while digits.count > 3 {
            grouped = [","] + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return String(digits + grouped) + " bytes compressed: configuration and layers"
    }

    /// The first 12 hex digits, as `docker images` shortens ids (the title and the copy
    /// button have the whole digest).
    static func shortDigest(_ digest: String) -> String {
        let parts = digest.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { return digest }
        return String(parts[1].prefix(12))
    }
}
