/// The history's page models (`--history`): moments, landing commits, retired tags and
/// images, and an image's history page.
extension PageModel {
    /// A moment of history: the day shown, and the exact UTC time for `<time datetime>`.
    struct When: Sendable {
        let day: String
        let datetime: String
    }

    /// One landing commit's change to an image, as a timeline entry.
    struct LandingRow: Sendable {
        let anchor: String
        let when: When
        /// The commit id, shortened, and its web page when the repository is on GitHub.
        let commit: String
        let commitHref: String?
        let subject: String
        let added: [String]
        let hasAdded: Bool
        let updated: [String]
        let hasUpdated: Bool
        let retired: [String]
        let hasRetired: Bool
        let architecturesAdded: [String]
        let hasArchitecturesAdded: Bool
        let architecturesRemoved: [String]
        let hasArchitecturesRemoved: Bool
    }

    /// Retired tags that share every column: first seen, retired, last Dockerfile.
    struct RetiredTagRow: Sendable {
        let tags: [String]
        let firstSeen: When
        let retired: When
        let dockerfile: String?
        let search: String
    }

    struct PagerLink: Sendable {
        let title: String
        /// Nil for the current page.
        let href: String?
    }

    /// One page of an image's history (``SitePaths/history(_:page:)``).
    struct HistoryPage: Sendable {
        let frame: Frame
        let image: String
        /// The image's page; nil for a retired image, which has only its history.
        let imageHref: String?
        let intro: String
        let landings: [LandingRow]
        let pager: [PagerLink]
        let hasPager: Bool
        /// The retired tags, on the first page only.
        let retiredTags: [RetiredTagRow]
        let hasRetiredTags: Bool
        let retiredCount: Int
        let feedHref: String?
        /// Set when the clone is shallow: history starts at its boundary.
        let shallowNote: String?
    }

    /// The catalog's "Retired images" list: an image whose library file was deleted.
    struct RetiredImage: Sendable {
        let name: String
        let href: String
        let note: String
    }
}
