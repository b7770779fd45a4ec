import Foundation

/// The one rule for where sitegen may write: never where the next run would read its own
/// output as input (inside the docs tree or the library folder), and, for a site that replaces
/// its folder, never around them either.
enum OutputLocation {
    /// What is written at the location.
    enum Kind {
        /// A site: the folder at the path is replaced whole.
        case site
        /// A bundle: a file or folder made inside the path's parent.
        case bundle
    }

    /// The problem with writing a `kind` at `output` for inputs read by `loader`, if any.
    static func problem(_ kind: Kind, at output: String, loader: CatalogLoader) -> Diagnostic? {
        let target: String
        switch kind {
        case .site: target = resolved(output)
        case .bundle:
            let parent = (output as NSString).deletingLastPathComponent
            target = resolved(parent.isEmpty ? "." : parent)
        }
        for (input, flag) in [(loader.docsPath, "--docs"), (loader.libraryPath, "--library")] {
            let folder = resolved(input)
            let inside = target == folder || target.hasPrefix(folder + "/")
            switch kind {
            case .site where inside || folder.hasPrefix(target + "/"):
                return .error("output.inside-inputs", file: output, "the output folder overlaps the \(flag) folder \(input)",
                              hint: "choose an --output outside the inputs (the default is ./site)")
            case .bundle where inside:
                return .error("bundle.inside-inputs", file: output, "the bundle would be written inside the \(flag) folder \(input)",
                              hint: "choose an --output outside the inputs (the default is ./site.zip or ./<title>.docset)")
            default:
                continue
            }
        }
        return nil
    }

    private static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
