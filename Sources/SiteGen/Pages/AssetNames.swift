/// The site's asset files under their fingerprinted names (`assets/site.3f9a0c1d2e.css`), so a
/// browser never keeps a stale copy: a changed file gets a new name.
struct AssetNames: Sendable {
    /// Theme asset name → path in the site (`site.css` → `assets/site.3f9a0c1d2e.css`).
    let paths: [String: String]

    init(assets: [String: [UInt8]]) {
        var paths: [String: String] = [:]
        for (name, bytes) in assets {
            paths[name] = "assets/" + AssetNames.fingerprinted(name, bytes)
        }
        self.paths = paths
    }

    subscript(name: String) -> String { paths[name] ?? "assets/" + name }

    /// `site.css` → `site.<10 hex digits of its fingerprint>.css`.
    static func fingerprinted(_ name: String, _ bytes: [UInt8]) -> String {
        let digits = Fingerprint.of(bytes).hex.prefix(10)
        guard let dot = name.lastIndex(of: ".") else { return name + "." + digits }
        return name[..<dot] + "." + digits + name[dot...]
    }
}
