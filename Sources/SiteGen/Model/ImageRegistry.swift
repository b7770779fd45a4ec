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

    init(data: RegistryData.Image?, registry: String, namespace: String, image: String) {
        self.data = data
        pullName = RegistryPlatforms.pullName(registry: registry, namespace: namespace, image: image)
    }

    /// The digest `tag` names and its record, if the file has the tag.
    func record(ofTag tag: String) -> (digest: String, record: RegistryData.Record)? {
        guard let digest = data?.tags[tag], let record = data?.digests[digest] else { return nil }
        return (digest, record)
    }

    /// The smallest compressed size of any platform of the tags `tags` name; nil when the file
    /// has none of them.
    func smallestSize(tags: some Sequence<String>) -> Int? {
        var smallest: Int?
        var seen: Set<String> = []
        for tag in tags {
            guard let digest = data?.tags[tag], seen.insert(digest).inserted, let record = data?.digests[digest] else { continue }
            for platform in record.platforms where smallest.map({ platform.size < $0 }) ?? true { smallest = platform.size }
        }
        return smallest
    }
}
