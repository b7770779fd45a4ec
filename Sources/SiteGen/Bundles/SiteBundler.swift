import Foundation

/// `sitegen bundle`: the site as an offline bundle, a zip (``ZipBundle``) or a Dash/Zeal docset
/// (``Docset``).
///
/// The steps: check that the output may be written (before spending a build on it), build the
/// site with ``SiteBuilder`` into a temporary folder, then package it beside the output and move
/// the package into place. A failed build or packaging writes nothing at the output; the
/// temporary folder is removed either way.
public struct SiteBundler: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case zip
        case docset
    }

    public struct Options: Sendable {
        /// How to build the site; its `output` is replaced by a temporary folder.
        public var site: SiteBuilder.Options
        public var format: Format
        /// The zip file or docset folder to write.
        public var output: String
        /// The time zip entries and tarball members carry (`SOURCE_DATE_EPOCH`, or 1980-01-01).
        public var modificationDate: Date
        /// Docset only: also write `<name>.tgz` beside it, for a docset feed (a feed implies it).
        public var tarball: Bool
        /// Docset only: a PNG to make the icons from (else the only image's logo, or sitegen's mark).
        public var icon: String?
        /// Docset only: the web folder `<name>.xml` and `<name>.tgz` are served from; with it the
        /// feed is written too (and the tarball, which it names).
        public var feedURL: String?

        public init(site: SiteBuilder.Options, format: Format, output: String,
                    modificationDate: Date = ZipBundle.earliestDate, tarball: Bool = false,
                    icon: String? = nil, feedURL: String? = nil) {
            self.site = site
            self.format = format
            self.output = output
            self.modificationDate = modificationDate
            self.tarball = tarball
            self.icon = icon
            self.feedURL = feedURL
        }
    }

    /// What a bundle run reports while it runs.
    public enum Progress: Sendable {
        case building(SiteBuilder.Progress)
        case packaging(Format)
    }

    /// The outcome: diagnostics always; what was written when it succeeded.
    public struct Report: Sendable {
        public let diagnostics: [Diagnostic]
        /// The site build's report, when the build ran.
        public let build: SiteBuilder.Report?
        public let zip: ZipBundle.Summary?
        public let docset: Docset.Summary?
        public var succeeded: Bool { zip != nil || docset != nil }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func bundle(progress: @escaping @Sendable (Progress) -> Void = { _ in }) async -> Report {
        var diagnostics: [Diagnostic] = []
        if let problem = OutputLocation.problem(.bundle, at: options.output, loader: options.site.loader) {
            return Report(diagnostics: [problem], build: nil, zip: nil, docset: nil)
        }
        let docset = Docset(title: options.site.settings.title, iconFile: options.icon,
                            fallbackURL: options.site.settings.baseURL, feedURL: options.feedURL)
        do {
            switch options.format {
            case .zip:
                try BundleDestination(options.output, kind: .zip).check()
            case .docset:
                // Everything the docset needs besides the build is checked before it: the
                // tarball's and feed's paths, the feed's address, the icon.
                _ = try docset.destinations(output: options.output, tarball: options.tarball)
                if let icon = options.icon { _ = try DocsetIcon.configuredPicture(icon) }
            }
        } catch {
            return Report(diagnostics: [error], build: nil, zip: nil, docset: nil)
        }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-bundle-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: temporary) }

        var siteOptions = options.site
        siteOptions.output = temporary + "/site"
        // A docset's pages carry its anchors, and its index is made from the build's model.
        siteOptions.settings.docset = options.format == .docset
        siteOptions.keepsModel = options.format == .docset
        let build = await SiteBuilder(options: siteOptions).build { progress(.building($0)) }
        diagnostics += build.diagnostics
        guard build.succeeded else { return Report(diagnostics: diagnostics, build: build, zip: nil, docset: nil) }

        progress(.packaging(options.format))
        do {
            switch options.format {
            case .zip:
                let top = BundleDestination(options.output, kind: .zip).baseName
                let summary = try ZipBundle(topFolder: top, modificationDate: options.modificationDate)
                    .write(site: siteOptions.output, to: options.output)
                return Report(diagnostics: diagnostics, build: build, zip: summary, docset: nil)
            case .docset:
                guard let model = build.model else {
                    return Report(diagnostics: diagnostics + [.error("bundle.no-model", "the build kept no model to index",
                                                                     hint: "report this; a bundle builds every image afresh")],
                                  build: build, zip: nil, docset: nil)
                }
                let summary = try docset.write(site: siteOptions.output, model: model, to: options.output,
                                               tarball: options.tarball, modificationDate: options.modificationDate)
                return Report(diagnostics: diagnostics, build: build, zip: nil, docset: summary)
            }
        } catch {
            return Report(diagnostics: diagnostics + [error], build: build, zip: nil, docset: nil)
        }
    }
}
