/// Everything a run works from: the images, read and joined with their library files, and
/// what their READMEs share.
public struct Catalog: Sendable {
    public let docs: DocsTree
    /// Sorted by name.
    public let images: [Image]
    public let readmeInputs: HubReadme.Inputs

    public init(docs: DocsTree, images: [Image], readmeInputs: HubReadme.Inputs) {
        self.docs = docs
        self.images = images
        self.readmeInputs = readmeInputs
    }

    public func image(named name: String) -> Image? {
        images.first { $0.name == name }
    }

    /// The Docker Hub README of `image`.
    public func readme(for image: Image) throws(DiagnosticError) -> String {
        try HubReadme.render(image: image.folder, library: image.library, inputs: readmeInputs)
    }
}
