/// What the registry data file holds for one image, as its pages read it: the record of each
/// tag, and the name the image is pulled by.
///
/// Only values the file has are shown: a tag, or an architecture of a tag, the file does not
/// cover is "not in registry data", never a guess.
struct ImageRegistry: Sendable {
    /// The image's part of the file; nil when the file has none (the image was not synced, or
    /// its repository was not found).
    let data: RegistryData.Image?
    /// `python`, `ghcr.io/team/tool`, `127.0.0.1:5000/demo/lumen`: what `docker pull` takes.
    let pullName: String

    /// The smallest compressed size of any platform of the image's tags (the catalog card's
    /// "from"); nil when the file has none of them. Made once here: every listing page the
    /// image is on shows it.
    let smallestSize: Int?

    /// `tags`: the image's tags and shared tags, as its library file lists them.
    init(data: RegistryData.Image?, registry: String, namespace: String, image: String, tags: some Sequence<String>) {
        self.data = data
        pullName = RegistryPlatforms.pullName(registry: registry, namespace: namespace, image: image)
        smallestSize = Self.smallestSize(of: data, tags: tags)
    }

    /// The digest `tag` names and its record, if the file has the tag.
    func record(ofTag tag: String) -> (digest: String, record: RegistryData.Record)? {
        guard let digest = data?.tags[tag], let record = data?.digests[digest] else { return nil }
        return (digest, record)
    }

    private static func smallestSize(of data: RegistryData.Image?, tags: some Sequence<String>) -> Int? {
        guard let data else { return nil }
        var smallest: Int?
        var seen: Set<String> = []
        for tag in tags {
            guard let digest = data.tags[tag], seen.insert(digest).inserted, let record = data.digests[digest] else { continue }
            for platform in record.platforms where smallest.map({ platform.size < $0 }) ?? true { smallest = platform.size }
        }
        return smallest
    }
}
