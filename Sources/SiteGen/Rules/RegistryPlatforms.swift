import Foundation

/// docker-library's architectures as registry platforms, and the name an image is pulled by.
///
/// bashbrew names architectures its own way (`arm64v8`, `windows-amd64`); a registry index
/// names each image's platform as OCI does (`linux/arm64/v8`, `windows/amd64`). The table is
/// bashbrew's.
public enum RegistryPlatforms {
    /// The OCI platform of `architecture`; nil for a name bashbrew does not know.
    public static func platform(of architecture: Architecture) -> (os: String, architecture: String, variant: String?)? {
        table[architecture.name]
    }

    private static let table: [String: (os: String, architecture: String, variant: String?)] = [
        "amd64": ("linux", "amd64", nil),
        "arm32v5": ("linux", "arm", "v5"),
        "arm32v6": ("linux", "arm", "v6"),
        "arm32v7": ("linux", "arm", "v7"),
        "arm64v8": ("linux", "arm64", "v8"),
        "i386": ("linux", "386", nil),
        "mips64le": ("linux", "mips64le", nil),
        "ppc64le": ("linux", "ppc64le", nil),
        "riscv64": ("linux", "riscv64", nil),
        "s390x": ("linux", "s390x", nil),
        "loong64": ("linux", "loong64", nil),
        "windows-amd64": ("windows", "amd64", nil),
    ]

    /// Whether `platform` is an image of `architecture`. A missing variant means what
    /// containerd takes it to mean: `v8` for `arm64` (its only one), `v7` for `arm`; elsewhere
    /// the variants must be equal.
    public static func matches(_ platform: RegistryData.Platform, _ architecture: Architecture) -> Bool {
        table[architecture.name].map { matches(platform, $0) } ?? false
    }

    private static func matches(_ platform: RegistryData.Platform, _ wanted: (os: String, architecture: String, variant: String?)) -> Bool {
        guard platform.os == wanted.os, platform.architecture == wanted.architecture else { return false }
        if platform.variant == wanted.variant { return true }
        guard platform.variant == nil else { return false }
        return (wanted.architecture == "arm64" && wanted.variant == "v8") || (wanted.architecture == "arm" && wanted.variant == "v7")
    }

    /// The positions in `record.platforms` of the images of `architecture`, in the record's
    /// order: by position, as the pages keep each platform's texts beside the record.
    public static func positions(in record: RegistryData.Record, for architecture: Architecture) -> [Int] {
        // (The architecture looked up once, not once per platform: pages ask this of every
        // architecture of every record they show.)
        guard let wanted = table[architecture.name] else { return [] }
        return record.platforms.indices.filter { matches(record.platforms[$0], wanted) }
    }

    /// The official-images name of `platform`'s architecture; nil for one bashbrew has no name for.
    public static func architecture(of platform: RegistryData.Platform) -> Architecture? {
        table.keys.sorted().first { matches(platform, Architecture($0)) }.map { Architecture($0) }
    }

    /// Whether `component` is one path component of a repository name in the OCI distribution
    /// spec's grammar: `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`: runs of lowercase letters and
    /// digits, joined by `.`, `_`, `__` or dashes.
    /// (By hand, not a `Regex`: every build with registry data checks the file's namespace,
    /// and a `Regex`'s first match in a process costs about half a millisecond.)
    public static func isRepositoryComponent(_ component: Substring) -> Bool {
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        let bytes = Array(component.utf8)
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else { return false }
        var index = 0
        while index < bytes.count {
            if isAlphanumeric(bytes[index]) {
                index += 1
                continue
            }
            // A separator, between two alphanumerics (the first and last bytes are).
            let start = index
            while index < bytes.count, !isAlphanumeric(bytes[index]) { index += 1 }
            let separator = bytes[start..<index]
            let allowed = separator.elementsEqual([UInt8(ascii: ".")]) || separator.elementsEqual([UInt8(ascii: "_")])
                || separator.elementsEqual([UInt8(ascii: "_"), UInt8(ascii: "_")]) || separator.allSatisfy { $0 == UInt8(ascii: "-") }
            guard allowed else { return false }
        }
        return true
    }

    /// `given` without slashes at either end: the namespace as a sync uses and writes it
    /// (`demo/` is `demo`), and as a build reads a file that a sync from before this rule wrote
    /// with the slash kept.
    public static func namespace(trimming given: String) -> String {
        var trimmed = Substring(given)
        while trimmed.first == "/" { trimmed = trimmed.dropFirst() }
        while trimmed.last == "/" { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }

    /// Whether `namespace` is one a sync writes: empty, or such components separated by
    /// single slashes (no slash at either end).
    public static func isNamespace(_ namespace: String) -> Bool {
        namespace.isEmpty || namespace.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(isRepositoryComponent)
    }

    /// Docker Hub's registry addresses: images there are pulled without the host, and those
    /// of the `library` namespace by their bare name.
    private static let dockerHubHosts: Set<String> = ["registry-1.docker.io", "index.docker.io", "docker.io", "registry.hub.docker.com"]

    /// The name `docker pull` takes for `image` in `namespace` of the registry at `registry`
    /// (`python`, `someone/tool`, `ghcr.io/team/tool`, `127.0.0.1:5000/demo/lumen`).
    public static func pullName(registry: String, namespace: String, image: String) -> String {
        pullPrefix(registry: registry, namespace: namespace) + image
    }

    /// What comes before the image's name in ``pullName(registry:namespace:image:)``, the same
    /// for every image of a registry data file (`""`, `someone/`, `ghcr.io/team/`): worked
    /// out once, as parsing the address is most of the work.
    public static func pullPrefix(registry: String, namespace: String) -> String {
        let url = URL(string: registry)
        var host = url?.host ?? registry
        // An IPv6 address keeps its brackets in a reference (`[::1]:5000/demo/lumen`).
        if host.contains(":"), !host.hasPrefix("[") { host = "[\(host)]" }
        let path = namespace.isEmpty ? "" : "\(namespace)/"
        if dockerHubHosts.contains(host.lowercased()) {
            return namespace == "library" ? "" : path
        }
        let port = url?.port.map { ":\($0)" } ?? ""
        return "\(host)\(port)/\(path)"
    }
}
