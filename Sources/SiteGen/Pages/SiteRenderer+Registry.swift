import Foundation

/// Registry data on the pages (`--registry-data`): per tag and architecture, the compressed
/// size, the digest with a copy button for `image:tag@sha256:…`, and the build date; on the
/// catalog cards, the smallest size. Without registry data none of it is made, and the pages
/// are as they were.
extension SiteRenderer {
    /// What the registry data file says of `tag`, per architecture of `architectures`, each
    /// linking its architecture's page from `page`; nil without registry data.
    /// `compact`: without build dates (see ``PageModel/RegistryCell/compact``). `texts`: the
    /// image's platform texts made so far, shared by its pages (an image's tags name the
    /// same few images again and again).
    func registryCell(_ site: ImageSite, tag: String, architectures: [Architecture], page: String,
                      compact: Bool = false, texts: RegistryTexts = RegistryTexts()) -> PageModel.RegistryCell? {
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
                let text = texts.text(of: platform, record: record)
                rows.append(PageModel.RegistryPlatform(
                    architecture: architecture.name, href: href, osVersion: platform.osVersion, size: text.size,
                    exactSize: text.exactSize, digest: platform.digest, shortDigest: text.shortDigest,
                    pin: registry.pullName + ":" + tag + "@" + platform.digest, built: text.built, builtTitle: text.builtTitle))
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

    /// The configuration's `created` as a day, else the day a sync first saw the digest, with a
    /// title that says so (the column's title says what the date is otherwise).
    static func built(_ platform: RegistryData.Platform, record: RegistryData.Record) -> (PageModel.When?, String?) {
        if let created = platform.created, let seconds = RFC3339.seconds(created) {
            return (when(seconds), nil)
        }
        if let seconds = RFC3339.seconds(record.firstSeen) {
            return (when(seconds), "First seen by registry sync: the image's configuration has no created time")
        }
        return (nil, nil)
    }

    static func when(_ seconds: Int64) -> PageModel.When {
        let stamp = AtomFeed.timestamp(seconds)
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

    /// "12,345,678 bytes".
    static func exactSize(_ bytes: Int) -> String {
        var digits = Array(String(bytes))
        var grouped: [Character] = []
        while digits.count > 3 {
            grouped = [","] + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return String(digits + grouped) + " bytes"
    }

    /// The first 12 hex digits, as `docker images` shortens ids (the title and the copy
    /// button have the whole digest).
    static func shortDigest(_ digest: String) -> String {
        let parts = digest.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { return digest }
        return String(parts[1].prefix(12))
    }
}

/// The texts of one image's platforms, made once per platform (and record) for all the pages
/// of the image: its tags name the same few images again and again.
final class RegistryTexts {
    struct Text {
        let size: String
        let exactSize: String
        let shortDigest: String
        let built: PageModel.When?
        let builtTitle: String?
    }

    /// By digest, with what the texts were made of.
    private var made: [String: (size: Int, created: String?, firstSeen: String, text: Text)] = [:]

    func text(of platform: RegistryData.Platform, record: RegistryData.Record) -> Text {
        // Made again when anything the texts are made of differs (a file edited by hand may
        // give one digest two sizes); the date falls back on the record's firstSeen when there
        // is no created.
        if let known = made[platform.digest], known.size == platform.size, known.created == platform.created,
           platform.created != nil || known.firstSeen == record.firstSeen {
            return known.text
        }
        let (built, title) = SiteRenderer.built(platform, record: record)
        let text = Text(size: SiteRenderer.size(platform.size), exactSize: SiteRenderer.exactSize(platform.size),
                        shortDigest: SiteRenderer.shortDigest(platform.digest), built: built, builtTitle: title)
        made[platform.digest] = (platform.size, platform.created, record.firstSeen, text)
        return text
    }
}
