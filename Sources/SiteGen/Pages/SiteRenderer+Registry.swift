import Foundation

/// Registry data on the pages (`--registry-data`): per tag and architecture, the compressed
/// size, the digest (the theme's script adds a copy button for `image:tag@sha256:…`), and the
/// build date; on the catalog cards, the smallest size. Without registry data none of it is
/// made, and the pages are as they were.
extension SiteRenderer {
    /// What the registry data file says of `tag`, per architecture of `architectures`, each
    /// linking its architecture's page from `page`; nil without registry data.
    /// `cells`: the image's platform lines rendered so far, shared by its pages.
    func registryCell(_ site: ImageSite, tag: String, architectures: [Architecture], page: String,
                      cells: RegistryCells = RegistryCells()) -> PageModel.RegistryCell? {
        guard let registry = site.registry else { return nil }
        let pinName = registry.pullName + ":" + tag
        guard let number = registry.recordNumber(ofTag: tag) else {
            return PageModel.RegistryCell(pinName: pinName, missing: true, platformsHTML: "")
        }
        let (digest, record) = registry.records[number]
        let html = cells.html(number: number, digest: digest, record: record, architectures: architectures,
                              depth: SitePaths.depth(of: page)) { rootPrefix in
            theme.render(registryPlatforms(record, digest: digest, number: number, architectures: architectures,
                                           rootPrefix: rootPrefix, cells: cells),
                         template: "registry-platforms")
        }
        return PageModel.RegistryCell(pinName: pinName, missing: false, platformsHTML: html)
    }

    /// The cell of a row that shows several tags: an entry's (which docker-library pushes
    /// together, so they name one digest) or a shared tag group's. It shows the lines of the
    /// digest most of its tags name (of two as common, the one named first), pinned by its
    /// first tag, and names the tags those lines are not for: those the file does not have,
    /// and those it has as another digest (a tag moved apart from the others, or a sync that
    /// ran during a push). `RegistryLint` warns of both. `namedTags`: tags the row shows besides
    /// (a build card's shared tags, which name the index of every build sharing them): never
    /// the lines shown; named as including them when their index has every image of the
    /// lines, else as the others are.
    func registryCell(_ site: ImageSite, rowTags tags: [String], namedTags: [String] = [], architectures: [Architecture], page: String,
                      cells: RegistryCells = RegistryCells()) -> PageModel.RegistryCell? {
        guard let registry = site.registry else { return nil }
        var shown: (tag: String, number: Int)?
        var missing: [String] = []
        var elsewhere: [String] = []
        for tag in tags {
            guard let number = registry.recordNumber(ofTag: tag) else {
                missing.append(tag)
                continue
            }
            if let shown {
                if number != shown.number { elsewhere.append(tag) }
            } else {
                shown = (tag, number)
            }
        }
        guard var shown else {
            return registryCell(site, tag: tags.first ?? "", architectures: architectures, page: page, cells: cells)
        }
        if !elsewhere.isEmpty {
            // Tags apart (rare): the lines are those of the digest most tags name, so that one
            // tag moved, or the first one, does not stand for the rest.
            let found = tags.compactMap { tag in registry.recordNumber(ofTag: tag).map { (tag, $0) } }
            var counts: [Int: Int] = [:]
            for (_, number) in found { counts[number, default: 0] += 1 }
            if let (tag, number) = found.first(where: { counts[$0.1] == counts.values.max() }), number != shown.number {
                shown = (tag, number)
                elsewhere = found.filter { $0.1 != number }.map(\.0)
            }
        }
        var including: [String] = []
        for tag in namedTags {
            guard let number = registry.recordNumber(ofTag: tag) else {
                missing.append(tag)
                continue
            }
            guard number != shown.number else { continue }
            if registry.record(number, includesEveryImageOf: shown.number) { including.append(tag) } else { elsewhere.append(tag) }
        }
        guard var cell = registryCell(site, tag: shown.tag, architectures: architectures, page: page, cells: cells) else { return nil }
        if !missing.isEmpty { cell.tagsMissing = missing.joined(separator: ", ") }
        if !elsewhere.isEmpty { cell.tagsElsewhere = elsewhere.joined(separator: ", ") }
        if !including.isEmpty { cell.tagsIncluding = including.joined(separator: ", ") }
        return cell
    }

    /// The lines of `record`'s images (record number `number` of the image, named by
    /// `digest`), one per architecture of `architectures` (one per image where the record has
    /// several of an architecture, as Windows versions are), linked to after `rootPrefix` (a
    /// page's way up to the site root, or ``RegistryCells/rootMarker``); first, for an index,
    /// its own digest.
    func registryPlatforms(_ record: RegistryData.Record, digest: String, number: Int, architectures: [Architecture],
                           rootPrefix: String, cells: RegistryCells) -> PageModel.RegistryPlatformList {
        let texts = cells.texts(of: record, number: number)
        var rows: [PageModel.RegistryPlatform] = []
        for architecture in architectures {
            let href = cells.href(architecture, rootPrefix: rootPrefix)
            let positions = RegistryPlatforms.positions(in: record, for: architecture)
            for index in positions {
                let platform = record.platforms[index]
                let text = texts[index]
                rows.append(PageModel.RegistryPlatform(
                    architecture: architecture.name, href: href, osVersion: platform.osVersion, size: text.size,
                    bytes: text.bytes, digest: platform.digest, shortDigest: text.shortDigest,
                    built: text.built, builtTitle: text.builtTitle))
            }
            if positions.isEmpty {
                rows.append(PageModel.RegistryPlatform(architecture: architecture.name, href: href, osVersion: nil, size: nil, bytes: nil,
                                                       digest: nil, shortDigest: nil, built: nil, builtTitle: nil))
            }
        }
        // A single manifest's digest is its one image's, whose line pins it already.
        let isIndex = !record.platforms.indices.contains { record.platforms[$0].digest == digest }
        return PageModel.RegistryPlatformList(
            index: isIndex ? PageModel.RegistryIndex(digest: digest, shortDigest: Self.shortDigest(digest)) : nil,
            platforms: rows)
    }

    /// The catalog card's "from" size: the smallest image of any tag of the image.
    func smallestSize(_ site: ImageSite) -> String? {
        site.registry?.smallestSize.map(Self.size)
    }

    /// The configuration's `created` as a day, else the day a sync first saw the digest, with a
    /// title that says so (the column's title says what the date is otherwise). A `created`
    /// before ``placeholderCreatedBefore`` counts as none.
    static func built(_ platform: RegistryData.Platform, record: RegistryData.Record) -> (PageModel.When?, String?) {
        var placeholder: String?
        if let created = platform.created, let seconds = RFC3339.seconds(created) {
            if seconds >= placeholderCreatedBefore { return (when(seconds), nil) }
            placeholder = created
        }
        if let seconds = RFC3339.seconds(record.firstSeen) {
            let why = placeholder.map { "gives a placeholder created time (\($0))" } ?? "has no created time"
            return (when(seconds), "First seen by registry sync: the image's configuration \(why)")
        }
        return (nil, nil)
    }

    /// 2013-01-01T00:00:00Z, in seconds since 1970: no container image was built before it, and
    /// reproducible builds write a fixed time before it (1970-01-01T00:00:00Z for `ko`, Bazel's
    /// rules and a `SOURCE_DATE_EPOCH` of 0; a second later for Nix; 1980-01-01 for tools that
    /// follow zip's epoch), which as a build date would mislead.
    static let placeholderCreatedBefore: Int64 = 1_356_998_400

    static func when(_ seconds: Int64) -> PageModel.When {
        var stamp = AtomFeed.timestamp(seconds)
        // Its first ten bytes (the year has four digits), from its storage: a string that short
        // is stored inline. (`String(stamp.prefix(10))` went through a `Substring` of characters,
        // and the UTF-8 view's slice through a generic path that cost as much again.)
        let day = stamp.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0.prefix(10)), as: UTF8.self) }
        return PageModel.When(day: day, datetime: stamp)
    }

    /// `bytes` in decimal units with three significant digits, as `docker images` shows
    /// sizes: "1.5 kB", "812 kB", "3.4 MB", "28.2 MB", "1.13 GB" (trailing zeros dropped:
    /// "3 MB"), rounded half up on the exact count. (Integer arithmetic: every line of every
    /// registry cell has a size, and `String(format:)` cost more than the rest of the line.)
    static func size(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) B" }
        let units = ["kB", "MB", "GB", "TB", "PB", "EB"]
        // The largest unit of which there is at least one (an `Int` stops within exabytes).
        var unit = 1000, index = 0
        while bytes / unit >= 1000, index < units.count - 1 { unit *= 1000; index += 1 }
        // (Not `(bytes + step / 2) / step`, which overflows near `Int.max`; sizes are not negative.)
        func rounded(_ step: Int) -> Int { bytes / step + (bytes % step >= step / 2 ? 1 : 0) }
        // Steps of a hundredth, a tenth or a whole unit, for three digits; a count that rounds
        // up to a fourth digit takes the next coarser step ("9.995 kB" is "10 kB"), and one
        // that rounds up to 1000 of a unit is one of the next ("1 MB", not "1000 kB").
        var decimals = bytes / unit < 10 ? 2 : bytes / unit < 100 ? 1 : 0
        var step = decimals == 2 ? unit / 100 : decimals == 1 ? unit / 10 : unit
        var digits = rounded(step)
        if digits >= 1000 {
            if decimals == 0 { return "1 \(units[index + 1])" }
            decimals -= 1
            step *= 10
            digits = rounded(step)
        }
        var scale = decimals == 2 ? 100 : decimals == 1 ? 10 : 1
        // Trailing zeros dropped, as `%g` drops them.
        while scale > 1, digits % 10 == 0 { digits /= 10; scale /= 10 }
        guard scale > 1 else { return "\(digits) \(units[index])" }
        let fraction = digits % scale
        return "\(digits / scale).\(scale == 100 && fraction < 10 ? "0" : "")\(fraction) \(units[index])"
    }

    /// The first 12 hex digits, as `docker images` shortens ids (the page has the whole
    /// digest too, for its title and the copy button).
    static func shortDigest(_ digest: String) -> String {
        // On the string's storage: every line of every cell has one, and the digests the pages
        // get are hex (`RegistryDataFile` checks them). Twelve printable ASCII bytes, and the
        // one after, are twelve characters. (The UTF-8 view's index steps cost three times this.)
        var text = digest
        let bytewise: String? = text.withUTF8 { bytes in
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return digest }
            let hex = bytes[(colon + 1)...]
            guard hex.prefix(13).allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: hex.prefix(12)), as: UTF8.self)
        }
        if let bytewise { return bytewise }
        // Anything else is cut at characters.
        guard let colon = digest.utf8.firstIndex(of: UInt8(ascii: ":")) else { return digest }
        return String(digest[digest.index(after: colon)...].prefix(12))
    }
}
