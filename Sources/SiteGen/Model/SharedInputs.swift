/// What every image's README and pages draw on besides the image's own folder and library
/// file: the shared helper texts, the distribution suites, and the side files' facts.
public struct SharedInputs: Sendable {
    public var helpers: TemplateHelpers
    public var suites: DistributionSuites
    /// Images whose default variant is built on `buildpack-deps:<suite>`. docker-library
    /// reads that from each Dockerfile's `FROM`; sitegen cannot fetch Dockerfiles, so the
    /// list is given.
    public var buildpackDepsImages: Set<String>
    public var logoCommits: LogoCommits

    public init(helpers: TemplateHelpers, suites: DistributionSuites = .none,
                buildpackDepsImages: Set<String> = [], logoCommits: LogoCommits = LogoCommits()) {
        self.helpers = helpers
        self.suites = suites
        self.buildpackDepsImages = buildpackDepsImages
        self.logoCommits = logoCommits
    }
}
