/// The history of a library folder along the first-parent chain of one commit: per image,
/// every tag that ever was and every landing that changed it.
///
/// Deterministic: the same repository state gives equal values (every list is sorted or in
/// chain order). Built by ``HistoryLoader``.
public struct History: Sendable, Hashable {
    /// The commit the history was read up to (the resolved rev).
    public let tip: HistoryCommit
    /// In a shallow clone, the oldest commit reached: what it lists was "first seen" at or
    /// before it. Nil in a full clone.
    public let shallowBoundary: HistoryCommit?
    /// Every name that ever had a library file that gave at least one entry, retired images too.
    public let images: [String: ImageHistory]

    public init(tip: HistoryCommit, shallowBoundary: HistoryCommit?, images: [String: ImageHistory]) {
        self.tip = tip
        self.shallowBoundary = shallowBoundary
        self.images = images
    }

    /// The images whose library file is gone at the tip, sorted by name.
    public var retiredImageNames: [String] {
        images.values.filter(\.isRetired).map(\.name).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
