import Foundation

/// The registry lines of one image's pages: the `registry-platforms` partial rendered once per
/// record and architecture list, and each platform's texts made once, for all the pages of the
/// image.
///
/// An image's tags name the same few records again and again (every tag of an entry names the
/// entry's one index), and its pages show each tag up to three times: the image page, the tags
/// page and a variant page. The lines hold no tag (the `registry` partial around them names
/// it), so one rendering serves every tag naming the record. The one thing in them that
/// depends on the page is the architecture links' way up to the site root: the lines are
/// rendered with ``rootMarker`` there, and joined with each depth's prefix where the marker was.
/// Records go by their number in ``ImageRegistry/records``: a lookup per cell is then an index,
/// not a hash of a digest.
final class RegistryCells {
    /// Stands for the root prefix in lines rendered for every depth. Lines whose data could
    /// hold it (a string from the data file or the library with its first byte, U+0001, which
    /// no real digest or name has), or in which the theme changed it (a lambda over the link)
    /// or wrote its first byte elsewhere, are rendered for each depth instead.
    static let rootMarker = "\u{1}sitegen-root\u{1}"

    /// One rendering of a record's lines over an architecture list.
    private enum Made {
        /// Rendered with ``rootMarker``, for every depth: by depth, the lines with its prefix,
        /// once made.
        case marked(Marked, joined: [String?])
        /// Rendered for one depth only.
        case forDepth(Int, String)
    }

    /// Lines cut at each ``rootMarker``.
    struct Marked {
        /// The bytes around the markers.
        let bytes: [UInt8]
        /// Where in `bytes` each marker was, in order.
        let holes: [Int]

        /// Nil when `html` has the marker's first byte anywhere but in a whole marker: the
        /// theme changed the marker, and the lines cannot be cut.
        init?(_ html: String) {
            var html = html
            guard let (bytes, holes) = html.withUTF8({ text -> ([UInt8], [Int])? in
                let marker = Array(RegistryCells.rootMarker.utf8)
                var bytes: [UInt8] = []
                bytes.reserveCapacity(text.count)
                var holes: [Int] = []
                var start = 0
                var index = 0
                while index < text.count {
                    guard let base = text.baseAddress,
                          let found = memchr(base + index, Int32(marker[0]), text.count - index) else { break }
                    index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    guard index + marker.count <= text.count, text[index..<(index + marker.count)].elementsEqual(marker) else {
                        return nil
                    }
                    bytes.append(contentsOf: text[start..<index])
                    holes.append(bytes.count)
                    index += marker.count
                    start = index
                }
                bytes.append(contentsOf: text[start...])
                return (bytes, holes)
            }) else { return nil }
            self.bytes = bytes
            self.holes = holes
        }

        /// The lines with `prefix` where each marker was.
        func joined(with prefix: String) -> String {
            let prefix = Array(prefix.utf8)
            return String(unsafeUninitializedCapacity: bytes.count + holes.count * prefix.count) { out in
                var written = 0
                var start = 0
                func copy(_ part: ArraySlice<UInt8>) {
                    _ = UnsafeMutableBufferPointer(rebasing: out[written..<(written + part.count)]).initialize(from: part)
                    written += part.count
                }
                for hole in holes {
                    copy(bytes[start..<hole])
                    copy(prefix[...])
                    start = hole
                }
                copy(bytes[start...])
                return written
            }
        }
    }

    /// By record number: the renderings of its lines made so far, with the architecture list
    /// of each (one per list its tags' rows show; one per depth for lines that cannot carry
    /// the marker).
    private var made: [[(architectures: [Architecture], lines: Made)]] = []

    /// A platform's texts on the pages.
    struct Text {
        let size: String
        let bytes: String
        let shortDigest: String
        let built: PageModel.When?
        let builtTitle: String?
    }

    /// By record number: its platforms' texts, in the record's order, once made.
    private var texts: [[Text]?] = []

    /// By architecture name: the link to the architecture's page, after ``rootMarker``.
    private var markedHrefs: [String: String] = [:]

    /// The texts of the platforms of `record` (number `number`), in the record's order.
    func texts(of record: RegistryData.Record, number: Int) -> [Text] {
        if number < texts.count, let known = texts[number] { return known }
        let made = record.platforms.map { platform in
            let (built, title) = SiteRenderer.built(platform, record: record)
            return Text(size: SiteRenderer.size(platform.size), bytes: String(platform.size),
                        shortDigest: SiteRenderer.shortDigest(platform.digest), built: built, builtTitle: title)
        }
        if number >= texts.count { texts.append(contentsOf: repeatElement(nil, count: number + 1 - texts.count)) }
        texts[number] = made
        return made
    }

    /// The link to `architecture`'s page after `rootPrefix` (a depth's, or ``rootMarker``).
    func href(_ architecture: Architecture, rootPrefix: String) -> String {
        guard rootPrefix == Self.rootMarker else { return rootPrefix + SitePaths.architecture(architecture.name) }
        if let known = markedHrefs[architecture.name] { return known }
        let href = rootPrefix + SitePaths.architecture(architecture.name)
        markedHrefs[architecture.name] = href
        return href
    }

    /// The lines of record number `number` (`record`, named by `digest`) over `architectures`,
    /// on a page `depth` folders deep: `make(rootPrefix)`'s, made once for every depth where
    /// the values allow.
    func html(number: Int, digest: String, record: RegistryData.Record, architectures: [Architecture], depth: Int,
              make: (_ rootPrefix: String) -> String) -> String {
        if number >= made.count { made.append(contentsOf: repeatElement([], count: number + 1 - made.count)) }
        // Lines made for one depth before: they cannot be made with the marker either.
        var unmarkable = false
        for index in made[number].indices where made[number][index].architectures == architectures {
            switch made[number][index].lines {
            case .forDepth(let known, let html):
                if known == depth { return html }
                unmarkable = true
            case .marked(let marked, var joined):
                if depth < joined.count, let html = joined[depth] { return html }
                let html = marked.joined(with: SitePaths.rootPrefix(depth: depth))
                if depth >= joined.count { joined.append(contentsOf: repeatElement(nil, count: depth + 1 - joined.count)) }
                joined[depth] = html
                made[number][index].lines = .marked(marked, joined: joined)
                return html
            }
        }
        if !unmarkable, Self.canCarryMarker(digest, record, architectures), let marked = Marked(make(Self.rootMarker)) {
            let html = marked.joined(with: SitePaths.rootPrefix(depth: depth))
            var joined = [String?](repeating: nil, count: depth + 1)
            joined[depth] = html
            made[number].append((architectures, .marked(marked, joined: joined)))
            return html
        }
        let html = make(SitePaths.rootPrefix(depth: depth))
        made[number].append((architectures, .forDepth(depth, html)))
        return html
    }

    /// Whether none of the strings of the data that reach the lines has the marker's first byte.
    private static func canCarryMarker(_ digest: String, _ record: RegistryData.Record, _ architectures: [Architecture]) -> Bool {
        func clean(_ text: String?) -> Bool {
            text.map { !ByteSearch.contains(byte: 1, in: $0) } ?? true
        }
        // (The platforms by index: each string read where it lies, not each platform copied.)
        return clean(digest) && architectures.allSatisfy { clean($0.name) }
            && record.platforms.indices.allSatisfy { clean(record.platforms[$0].digest) && clean(record.platforms[$0].osVersion) }
    }
}
