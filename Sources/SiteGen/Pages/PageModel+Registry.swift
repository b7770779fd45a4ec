/// The registry data's page models (`--registry-data`): a tag's or a row's cell, and the
/// lines of its record's images.
extension PageModel {
    /// What the registry data file says of one tag, or of the tags of one row (an entry's, a
    /// shared tag group's), per architecture of its build or builds (the `registry` partial
    /// shows it).
    struct RegistryCell: Sendable {
        /// `image:tag`: the theme's `registry.js` joins it with a line's digest for that line's
        /// copy button (`image:tag@sha256:…`, a pin).
        let pinName: String
        /// The data file has none of the tags: the cell says so and shows nothing else.
        let missing: Bool
        /// The `registry-platforms` partial over the record's platforms (see ``RegistryCells``).
        let platformsHTML: String
        /// A row of several tags: those the file does not have, and those it has as another
        /// digest than the lines' (`a, b`); nil when there are none. The lines are those of
        /// the digest most of the row's tags name, and these say which tags they are not for.
        var tagsMissing: String? = nil
        var tagsElsewhere: String? = nil
        /// A build card's shared tags whose digest is an index that includes every image of
        /// the lines (the index of every build sharing them): pulled on these architectures,
        /// they give these very images.
        var tagsIncluding: String? = nil
    }

    /// The images of one record, one line per architecture: what the `registry-platforms`
    /// partial shows. It is rendered once per record for every tag naming the record, on the
    /// image's pages of every depth where it can be (``RegistryCells``), so it has no tag in it.
    struct RegistryPlatformList: Sendable {
        /// The record's own digest when it is not one of its images' (an index's): pinned,
        /// it pulls each machine's own architecture, which a platform's pin does not.
        let index: RegistryIndex?
        let platforms: [RegistryPlatform]
    }

    /// A record's own digest, and its first 12 hex digits.
    struct RegistryIndex: Sendable {
        let digest: String
        let shortDigest: String
    }

    /// One architecture's image of a record; the values are nil when the record has no image
    /// of the architecture.
    struct RegistryPlatform: Sendable {
        let architecture: String
        /// The architecture's page.
        let href: String
        /// Windows images' `os.version`, which tells ltsc2022 from ltsc2025.
        let osVersion: String?
        /// Compressed size, configuration and layers ("3.4 MB"), and in bytes ("3412345").
        let size: String?
        let bytes: String?
        /// The image manifest's digest (`sha256:…`), and its first 12 hex digits, as
        /// `docker images` shortens ids.
        let digest: String?
        let shortDigest: String?
        /// When the image was built: the configuration's `created`, else the day a sync first
        /// saw the record (``builtTitle`` says which).
        let built: When?
        let builtTitle: String?
    }
}
