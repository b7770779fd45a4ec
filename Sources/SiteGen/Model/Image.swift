/// An image: its docs folder joined with its library file.
public struct Image: Sendable, Hashable {
    public let folder: ImageFolder
    public let library: LibraryFile

    public init(folder: ImageFolder, library: LibraryFile) {
        self.folder = folder
        self.library = library
    }

    public var name: String { folder.name }
    public var entries: [Entry] { library.entries }
    public var categories: [Category] { folder.categories.map(Category.init) }
    /// Every architecture of every entry, sorted.
    public var architectures: [Architecture] { library.architectures }
    public var isDeprecated: Bool { folder.isDeprecated }
}
