/// The registry lines of one image's pages: the `registry-platforms` partial rendered once per
/// record, architecture list, page depth and compactness, and each platform's texts made once,
/// for all the pages of the image.
///
/// An image's tags name the same few records again and again (every tag of an entry names the
/// entry's one index), and its pages show each tag up to three times: the image page, the tags
/// page and a variant page. The lines hold no tag (the `registry` partial around them names
/// it), so one rendering serves every tag naming the record from pages as deep in the site.
/// Records go by their number in ``ImageRegistry/records``: a lookup per cell is then an index,
/// not a hash of a digest.
final class RegistryCells {
    private struct Made {
        let architectures: [Architecture]
        /// Folders between the linking page and the site root: the architecture links depend
        /// on it alone.
        let depth: Int
        let compact: Bool
        let html: String
    }

    /// By record number: the renderings of its lines made so far (one or two: the image
    /// page's compact lines, the deeper pages' lines with dates).
    private var made: [[Made]] = []

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

    /// By depth, then architecture name: the link to the architecture's page.
    private var hrefs: [[String: String]] = []

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

    /// The link to `architecture`'s page from a page `depth` folders deep.
    func href(_ architecture: Architecture, depth: Int) -> String {
        if depth < hrefs.count, let known = hrefs[depth][architecture.name] { return known }
        let href = SitePaths.rootPrefix(depth: depth) + SitePaths.architecture(architecture.name)
        if depth >= hrefs.count { hrefs.append(contentsOf: repeatElement([:], count: depth + 1 - hrefs.count)) }
        hrefs[depth][architecture.name] = href
        return href
    }

    /// The lines of record number `number` over `architectures`, on a page `depth` folders
    /// deep: `make()`'s, made once.
    func html(number: Int, architectures: [Architecture], depth: Int, compact: Bool, make: () -> String) -> String {
        if number < made.count {
            for known in made[number] where known.depth == depth && known.compact == compact && known.architectures == architectures {
                return known.html
            }
        } else {
            made.append(contentsOf: repeatElement([], count: number + 1 - made.count))
        }
        let html = make()
        made[number].append(Made(architectures: architectures, depth: depth, compact: compact, html: html))
        return html
    }
}
