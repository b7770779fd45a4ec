import Foundation

extension SiteBuilder {
    /// Everything a build is given: where the inputs are, where the site goes, and the
    /// settings that change what is written.
    public struct Options: Sendable {
        public var loader: CatalogLoader
        public var output: String
        /// A folder of theme overrides (`--theme`).
        public var theme: String?
        public var settings: SiteSettings
        /// How many images are rendered at once; values below 1 count as 1.
        public var jobs: Int
        /// Redo everything, ignoring what the previous build left (its manifest).
        public var clean: Bool
        /// What identifies this sitegen in the change record: a different one redoes everything.
        public var sitegenIdentity: String
        /// The default theme's folder, whose files are an input of every page.
        public var defaultThemePath: String
        /// Hand the model out in the report (``Report/model``), for a bundle made from the site.
        public var keepsModel = false
        /// The rev whose first-parent chain of the library folder's git repository is the
        /// site's history (`--history`, `--history-rev`); nil: no history.
        public var historyRev: String?
        /// The registry data file whose sizes, digests and dates the pages show
        /// (`--registry-data`, or `registry: data:` in `sitegen.yml`); nil: none.
        public var registryData: String?
        /// The settings file that names ``registryData``, when it came from there: a missing file
        /// is then only a warning (no sync has written it yet), which names that settings file.
        /// Given as a flag (nil here), it must exist.
        public var registryDataSettings: String?
        /// The images the settings' `registry: images:` has the sync record, sorted; nil: every
        /// image. Another image that the data does not have is not warned of: nobody syncs it.
        public var registryImages: [String]?
        /// Where the settings file names each of ``registryImages``: a name with no library
        /// file is warned of there.
        public var registryImagesPlaces: [String: SiteConfig.Place] = [:]

        public init(loader: CatalogLoader, output: String, theme: String? = nil,
                    settings: SiteSettings = SiteSettings(), jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                    clean: Bool = false) {
            self.loader = loader
            self.output = output
            self.theme = theme
            self.settings = settings
            self.jobs = max(1, jobs)
            self.clean = clean
            sitegenIdentity = Self.executableIdentity
            defaultThemePath = InputSource.shippedThemePath
        }

        /// The same options with ``registryData`` set; `settings`: the settings file that names
        /// it (``registryDataSettings``).
        public func with(registryData path: String?, namedBy settings: String? = nil) -> Options {
            var options = self
            options.registryData = path
            options.registryDataSettings = settings
            return options
        }

        /// The same options with ``historyRev`` set.
        public func with(historyRev: String?) -> Options {
            var options = self
            options.historyRev = historyRev
            return options
        }

        /// The version, and the path, size and modification time of the running executable
        /// (a rebuilt sitegen of the same version may render differently too).
        static let executableIdentity: String = {
            // `stat`, not `FileManager.attributesOfItem`, which also reads /etc/passwd and
            // /etc/group for the owner's names.
            var status = stat()
            guard let path = Bundle.main.executablePath, stat(path, &status) == 0 else { return SitegenVersion.current + " unknown" }
            return "\(SitegenVersion.current) \(path) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
        }()
    }
}
