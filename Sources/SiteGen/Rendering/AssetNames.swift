/// The site's asset files under their fingerprinted names (`assets/site.3f9a0c1d2e.css`), so a
/// browser never keeps a stale copy: a changed file gets a new name.
struct AssetNames: Sendable {
    /// Theme asset name → path in the site (`site.css` → `assets/site.3f9a0c1d2e.css`).
    let paths: [String: String]

    init(assets: [String: [UInt8]], extra: [String: [UInt8]] = [:]) {
        var paths: [String: String] = [:]
        for (name, bytes) in assets.merging(extra, uniquingKeysWith: { _, new in new }) {
            paths[name] = "assets/" + AssetNames.fingerprinted(name, bytes)
        }
        self.paths = paths
    }

    subscript(name: String) -> String { paths[name] ?? "assets/" + name }

    /// `site.css` → `site.<10 hex digits of FNV-1a>.css`. Not a security hash: it only has to
    /// change when the bytes do.
    static func fingerprinted(_ name: String, _ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        let digits = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
        guard let dot = name.lastIndex(of: ".") else { return name + "." + digits.prefix(10) }
        return name[..<dot] + "." + digits.prefix(10) + name[dot...]
    }
}
