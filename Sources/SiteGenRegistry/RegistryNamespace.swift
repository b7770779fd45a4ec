import Foundation
import SiteGen

/// The namespace the images are looked up in, as the sync uses it and the data file records
/// it: what comes before `/image` in a repository name (`library`, `someone/team`), or nothing
/// for a registry whose repositories are at its top level (`127.0.0.1:5000/lumen`).
///
/// Made from what the user gave (`--namespace`, `registry: namespace:`), checked before any
/// request. Slashes at either end are dropped (`demo/` is `demo`): kept, they made repository
/// names such as `demo//lumen`, which registries answer with a redirect and which are no valid
/// reference on the pages. What is left must follow the OCI distribution spec's repository
/// name grammar: path components of lowercase letters and digits, with `.`, `_`, `__` or
/// dashes between them, separated by single slashes.
public struct RegistryNamespace: Sendable, Equatable, CustomStringConvertible {
    /// The namespace without slashes at either end, as written to the data file; empty for none.
    public let text: String

    public var description: String { text }

    /// `given` checked and normalised. `source` names where it came from in messages
    /// (`--namespace`, or the settings file's key), and `place` where it is written there.
    public init(_ given: String, source: String = "--namespace", place: SiteConfig.Place? = nil) throws(DiagnosticError) {
        let text = RegistryPlatforms.namespace(trimming: given)
        let hint = "give the namespace the images' repositories are under in the registry, as `library` or `someone/team` "
            + "(lowercase letters, digits, and `.`, `_`, `__` or `-` between them), or an empty one for repositories at the registry's top level"
        let components = text.isEmpty ? [] : text.split(separator: "/", omittingEmptySubsequences: false)
        if let bad = components.first(where: { !RegistryPlatforms.isRepositoryComponent($0) }) {
            let lowered = components.map { Substring($0.lowercased()) }
            let problem = bad.isEmpty ? "has an empty part (`//`)"
                : bad.lowercased() != bad && RegistryPlatforms.isRepositoryComponent(Substring(bad.lowercased())) ? "has capital letters in `\(bad)`: registry names are lowercase"
                : "has `\(bad)`, which is not a valid part of a repository name"
            throw DiagnosticError(.error("registry.namespace", file: place?.file, line: place?.line, column: place?.column,
                                         "\(source) `\(given)` \(problem)",
                                         hint: lowered.allSatisfy(RegistryPlatforms.isRepositoryComponent) ? "give it as `\(text.lowercased())`" : hint))
        }
        self.text = text
    }
}
