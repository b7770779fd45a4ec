/// Everything a run works from: the images, read and joined with their library files, and
/// what their READMEs share.
public struct Catalog: Sendable {
    public let docs: DocsTree
    /// Sorted by name.
    public let images: [Image]
    public let readmeInputs: SharedInputs

    public init(docs: DocsTree, images: [Image], readmeInputs: SharedInputs) {
        self.docs = docs
        self.images = images
        self.readmeInputs = readmeInputs
    }

    public func image(named name: String) -> Image? {
        images.first { $0.name == name }
    }
}
