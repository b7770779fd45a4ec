import Mustache
import Synchronization

/// A theme's templates as swift-mustache parses them, parsed on first use (see ``Theme``).
final class LazyMustacheLibrary: Sendable {
    /// Template file name (`image.mustache`) → text.
    private let sources: [String: String]
    private let parsed = Mutex<(library: MustacheLibrary, errors: [(String, any Error)])?>(nil)

    init(sources: [String: String]) {
        self.sources = sources
    }

    /// The templates that parsed, registered under their names without `.mustache`.
    var library: MustacheLibrary { parse().library }

    /// The file name and error of each template that does not parse, in name order.
    func parseErrors() -> [(String, any Error)] { parse().errors }

    private func parse() -> (library: MustacheLibrary, errors: [(String, any Error)]) {
        parsed.withLock { parsed in
            if let parsed { return parsed }
            var library = MustacheLibrary()
            var errors: [(String, any Error)] = []
            for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
                do {
                    try library.register(text, named: String(name.dropLast(".mustache".count)))
                } catch {
                    errors.append((name, error))
                }
            }
            parsed = (library, errors)
            return (library, errors)
        }
    }
}
