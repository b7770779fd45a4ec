/// What a build's inputs were: a fingerprint of each ``InputSource``, kept in the site's
/// manifest. It is the one record of what a site was made from; the next build compares it
/// with the inputs on disk (``ChangeDetector``) and redoes only what the differences reach.
public struct ChangeRecord: Codable, Sendable, Equatable {
    /// Source key → fingerprint, for the sources every page depends on (sitegen, options,
    /// theme, side files, shared docs, library files of no image).
    public var site: [String: String]
    /// Image folder name → the fingerprints of its inputs.
    public var images: [String: ImageInputs]
    /// The commit the history was read up to (``InputSource/history(library:rev:)``); nil
    /// without history. Which images a new commit reaches is git's to say, so the
    /// ``ChangeDetector`` compares this, not ``plan(from:)``.
    public var history: String?

    /// The inputs of one image folder, in two parts because they reach different pages.
    public struct ImageInputs: Codable, Sendable, Equatable {
        /// `content.md`: only the image's own pages (and its README and search entries) show it.
        public var content: String
        /// Every other file of the folder, and the image's library file: the listing pages
        /// show these too.
        public var files: String

        public init(content: String, files: String) {
            self.content = content
            self.files = files
        }
    }

    public init(site: [String: String], images: [String: ImageInputs], history: String? = nil) {
        self.site = site
        self.images = images
        self.history = history
    }

    /// What a build of these inputs must redo over a site made from `previous`.
    func plan(from previous: ChangeRecord) -> BuildPlan {
        guard site == previous.site else { return .everything }
        var redo: [String] = []
        var listings = Set(images.keys) != Set(previous.images.keys)
        for (name, now) in images {
            guard let before = previous.images[name] else {
                redo.append(name)
                continue
            }
            if before.files != now.files {
                listings = true
                redo.append(name)
            } else if before.content != now.content {
                redo.append(name)
            }
        }
        if redo.isEmpty && !listings { return .upToDate }
        return .images(redo.sorted(), listings: listings)
    }
}
