/// The history of a library folder along the first-parent chain of one commit: per image,
/// every tag that ever was and every landing that changed it.
///
/// Deterministic: the same repository state gives equal values (every list is sorted or in
/// chain order). Built by ``HistoryLoader``.
///
/// An image's history is decoded when it is first asked for (``image(_:)``), and kept: a
/// build reads the whole history only of the images whose pages it makes, and a
/// ``ImageHistorySummary`` of every other.
public struct History: Sendable {
    /// The commit the history was read up to (the resolved rev).
    public let tip: HistoryCommit
    /// In a shallow clone, the oldest commit reached: what it lists was "first seen" at or
    /// before it. Nil in a full clone.
    public let shallowBoundary: HistoryCommit?
    /// Every name that ever had a library file that gave at least one entry, retired images
    /// too, sorted by their UTF-8 bytes.
    public let imageNames: [String]
    /// The newest landings of all images (of every landing, the first ``latestLandingLimit``
    /// by ``newerFirst(_:_:)``: date, then commit id, then image name): the site's feed.
    public let latestLandings: [(image: String, landing: Landing)]
    private let source: any HistorySource

    /// How many landings ``latestLandings`` keeps: more than the site's feed shows, which
    /// leaves out the images that have no pages (a library file with no image folder).
    public static let latestLandingLimit = 400

    /// A history held whole in memory.
    public init(tip: HistoryCommit, shallowBoundary: HistoryCommit?, images: [String: ImageHistory]) {
        let latest = images.values.flatMap { image in image.landings.map { (image.name, $0) } }
        self.init(tip: tip, shallowBoundary: shallowBoundary,
                  imageNames: images.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) },
                  latestLandings: Array(latest.sorted(by: Self.newerFirst).prefix(Self.latestLandingLimit)),
                  source: WholeHistory(images: images))
    }

    /// A history whose images `source` gives; `imageNames` sorted, `latestLandings` as
    /// ``latestLandings`` says.
    init(tip: HistoryCommit, shallowBoundary: HistoryCommit?, imageNames: [String],
         latestLandings: [(image: String, landing: Landing)], source: any HistorySource) {
        self.tip = tip
        self.shallowBoundary = shallowBoundary
        self.imageNames = imageNames
        self.latestLandings = latestLandings
        self.source = source
    }

    /// The order of ``latestLandings``: newest first; one commit's images by name, so the order
    /// is the same every time.
    static func newerFirst(_ a: (image: String, landing: Landing), _ b: (image: String, landing: Landing)) -> Bool {
        newerFirst(image: a.image, a: a.landing.commit, image: b.image, b: b.landing.commit)
    }

    /// ``newerFirst(_:_:)`` of a landing of `first` at `a` and one of `second` at `b`.
    static func newerFirst(image first: String, a: HistoryCommit, image second: String, b: HistoryCommit) -> Bool {
        a.time != b.time ? a.time > b.time : a.id != b.id ? a.id < b.id : first.utf8.lexicographicallyPrecedes(second.utf8)
    }

    /// The history of `name`, listed or retired; nil for a name that never had a tag.
    public func image(_ name: String) -> ImageHistory? {
        source.image(name)
    }

    /// What the listing pages need of `name`'s history.
    public func summary(_ name: String) -> ImageHistorySummary? {
        source.summary(name)
    }

    /// Every image's history, each decoded: for callers that read them all (tests, tools).
    public var images: [String: ImageHistory] {
        var images: [String: ImageHistory] = [:]
        for name in imageNames {
            if let image = image(name) { images[name] = image }
        }
        return images
    }

    /// The images whose library file is gone at the tip, sorted by name.
    public var retiredImageNames: [String] {
        imageNames.filter { summary($0)?.isRetired == true }
    }
}

extension History: Equatable {
    /// Equal tips, boundaries, latest landings and images, each image decoded: for tests and
    /// tools, never for a build.
    public static func == (lhs: History, rhs: History) -> Bool {
        lhs.tip == rhs.tip && lhs.shallowBoundary == rhs.shallowBoundary && lhs.imageNames == rhs.imageNames
            && lhs.latestLandings.elementsEqual(rhs.latestLandings) { $0.image == $1.image && $0.landing == $1.landing }
            && lhs.images == rhs.images
    }
}

/// Where a ``History`` gets its images from.
protocol HistorySource: Sendable {
    func image(_ name: String) -> ImageHistory?
    func summary(_ name: String) -> ImageHistorySummary?
}

/// Images held whole.
private struct WholeHistory: HistorySource {
    let images: [String: ImageHistory]

    func image(_ name: String) -> ImageHistory? { images[name] }

    func summary(_ name: String) -> ImageHistorySummary? { images[name].map(ImageHistorySummary.init) }
}
