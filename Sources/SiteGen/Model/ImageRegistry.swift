/// What the registry data file holds for one image, as its pages read it: the record of each
/// tag, and the name the image is pulled by.
///
/// Only values the file has are shown: a tag the file does not cover is "not in registry
/// data", an architecture its record lacks "not in the registry", never a guess.
struct ImageRegistry: Sendable {
    /// The image's part of the file; nil when the file has none (the image was not synced, or
    /// its repository was not found).
    let data: RegistryData.Image?
    /// `python`, `ghcr.io/team/tool`, `127.0.0.1:5000/demo/lumen`: what `docker pull` takes.
    let pullName: String
    /// Whether a sync records the image (the settings' `registry: images:` names it, or names
    /// none): only then is its absence from the file worth a warning.
    let synced: Bool

    /// The smallest compressed size of any platform of the image's tags (the catalog card's
    /// "from"); nil when the file has none of them. Made once here: every listing page the
    /// image is on shows it.
    let smallestSize: Int?

    /// The records the image's tags name, each once, numbered in the order the library
    /// lists the tags: the pages keep what they make of a record by its number (see
    /// ``RegistryCells``), not by its 71-character digest.
    let records: [(digest: String, record: RegistryData.Record)]
    /// Library tag → its record's number in ``records``; only tags the file has.
    private let recordNumbers: [String: Int]

    /// `pullPrefix`: the file's ``RegistryPlatforms/pullPrefix(registry:namespace:)``;
    /// `tags`: the image's tags and shared tags, as its library file lists them.
    init(data: RegistryData.Image?, pullPrefix: String, image: String, tags: some Sequence<String>, synced: Bool = true) {
        self.data = data
        self.synced = synced
        pullName = pullPrefix + image
        var records: [(digest: String, record: RegistryData.Record)] = []
        var recordNumbers: [String: Int] = [:]
        var smallest: Int?
        if let data {
            var numbers: [String: Int] = [:]
            numbers.reserveCapacity(data.digests.count)
            records.reserveCapacity(data.digests.count)
            recordNumbers.reserveCapacity(data.tags.count)
            // The tags of an entry come together and name the same digest: the last one's
            // number is checked before the table, which hashes the whole 71-byte digest.
            var last: (digest: String, number: Int)?
            for tag in tags {
                guard let digest = data.tags[tag] else { continue }
                if let last, last.digest == digest {
                    recordNumbers[tag] = last.number
                    continue
                }
                if let number = numbers[digest] {
                    recordNumbers[tag] = number
                    last = (digest, number)
                    continue
                }
                guard let record = data.digests[digest] else { continue }
                numbers[digest] = records.count
                recordNumbers[tag] = records.count
                last = (digest, records.count)
                records.append((digest, record))
                // By index: each size read where it lies, where a `for platform in` copied every
                // platform (its strings retained and released) of every record shown.
                for index in record.platforms.indices {
                    let size = record.platforms[index].size
                    if smallest.map({ size < $0 }) ?? true { smallest = size }
                }
            }
        }
        self.records = records
        self.recordNumbers = recordNumbers
        smallestSize = smallest
    }

    /// The smallest compressed size of the images of `architecture` among the records; nil when
    /// none has one. (Asked by the architecture's page, once per image.)
    func smallestSize(of architecture: Architecture) -> Int? {
        var smallest: Int?
        for (_, record) in records {
            for index in RegistryPlatforms.positions(in: record, for: architecture) {
                let size = record.platforms[index].size
                if smallest.map({ size < $0 }) ?? true { smallest = size }
            }
        }
        return smallest
    }

    /// The number in ``records`` of the record `tag` names, if the file has the tag.
    func recordNumber(ofTag tag: String) -> Int? {
        recordNumbers[tag]
    }

    /// Whether record `number` has every image (platform manifest digest) of record `other`:
    /// an index that includes them, as a shared tag's includes each build's that shares it.
    func record(_ number: Int, includesEveryImageOf other: Int) -> Bool {
        let images = Set(records[number].record.platforms.map(\.digest))
        let theirs = records[other].record.platforms
        return !theirs.isEmpty && theirs.allSatisfy { images.contains($0.digest) }
    }
}
