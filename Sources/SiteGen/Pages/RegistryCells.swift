/// The registry lines of one image's pages: the `registry-platforms` partial rendered once per
/// record, architecture list, page depth and compactness, and each platform's texts made once,
/// for all the pages of the image.
///
/// An image's tags name the same few records again and again (every tag of an entry names the
/// entry's one index), and its pages show each tag up to three times: the image page, the tags
/// page and a variant page. The lines hold no tag (the `registry` partial around them names
/// it), so one rendering serves every tag naming the record from pages as deep in the site.
final class RegistryCells {
    private struct Key: Hashable {
        let digest: String
        let architectures: [Architecture]
        /// Folders between the linking page and the site root: the architecture links depend
        /// on it alone.
        let depth: Int
        let compact: Bool
    }

    private var made: [Key: String] = [:]

    /// A platform's texts on the pages.
    struct Text {
        let size: String
        let shortDigest: String
        let built: PageModel.When?
        let builtTitle: String?
    }

    /// By the platform's digest, with what the texts were made of.
    private var texts: [String: (size: Int, created: String?, firstSeen: String, text: Text)] = [:]

    /// The texts of `platform` of `record`: a shared tag's index holds the very images of its
    /// entries' indexes.
    func text(of platform: RegistryData.Platform, record: RegistryData.Record) -> Text {
        // Made again when anything the texts are made of differs (a file edited by hand may
        // give one digest two sizes); the date falls back on the record's firstSeen when there
        // is no created.
        if let known = texts[platform.digest], known.size == platform.size, known.created == platform.created,
           platform.created != nil || known.firstSeen == record.firstSeen {
            return known.text
        }
        let (built, title) = SiteRenderer.built(platform, record: record)
        let text = Text(size: SiteRenderer.size(platform.size), shortDigest: SiteRenderer.shortDigest(platform.digest),
                        built: built, builtTitle: title)
        texts[platform.digest] = (platform.size, platform.created, record.firstSeen, text)
        return text
    }

    /// The lines of the record `digest` names, over `architectures`, linked from `page`:
    /// `make()`'s, made once.
    func html(digest: String, architectures: [Architecture], page: String, compact: Bool, make: () -> String) -> String {
        let key = Key(digest: digest, architectures: architectures, depth: SitePaths.depth(of: page), compact: compact)
        if let html = made[key] { return html }
        let html = make()
        made[key] = html
        return html
    }
}
