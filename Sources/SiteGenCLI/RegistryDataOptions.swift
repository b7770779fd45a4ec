import ArgumentParser
import SiteGen

/// The registry data file the pages show: shared by the commands that build a site and by
/// `check`. The file is written by `sitegen registry sync`; builds only read it.
struct RegistryDataOptions: ParsableArguments {
    @Option(name: .customLong("registry-data"),
            help: ArgumentHelp("The registry data file `sitegen registry sync` wrote: the lints compare it with the library, and built pages show each tag's sizes, digests and build dates from it. (default: `registry: data:` in sitegen.yml, else none)", valueName: "file"))
    var registryData: String?

    @Flag(name: .customLong("no-registry-data"),
          help: "Read no registry data, even if sitegen.yml names a file (`registry: data:`).")
    var noRegistryData = false

    func validate() throws {
        if noRegistryData, registryData != nil {
            throw ValidationError("--registry-data and --no-registry-data contradict each other: give one.")
        }
        if registryData?.isEmpty == true {
            throw ValidationError("--registry-data needs a file; to build without registry data, give --no-registry-data.")
        }
    }

    /// `options` with the file set: the flag's (which must exist), else the settings file's
    /// (a warning while no sync has written it).
    /// The settings' `registry: images:` (the images a sync records) come along: the lints
    /// expect no others in the file.
    func apply(to options: SiteBuilder.Options, _ input: ResolvedInputs) -> SiteBuilder.Options {
        var options = options
        options.registryImages = input["registry.images"].map { Set(SiteConfig.names($0)).sorted() }
        options.registryImagesPlaces = input.config?.places(ofNames: "registry.images") ?? [:]
        if noRegistryData { return options.with(registryData: nil) }
        if let registryData { return options.with(registryData: registryData) }
        if let configured = input["registry.data"] { return options.with(registryData: configured, namedBy: input.config?.path) }
        return options
    }
}
