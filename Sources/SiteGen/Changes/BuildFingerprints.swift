import Foundation

/// Fingerprints of what pages are made from, for incremental builds: one for what every page
/// shares, one per image for what only its pages read.
struct BuildFingerprints: Sendable {
    /// Theme, settings, shared texts, the set of images, and the sitegen binary itself (a new
    /// sitegen may render differently, so it re-renders everything).
    let global: String
    /// Image name → its folder's texts, its logo and its library file.
    let images: [String: String]

    /// `jobs`: how many images are fingerprinted at a time (their texts and logos are read
    /// and hashed; the same fingerprints however many).
    init(catalog: Catalog, theme: Theme, settings: SiteSettings, jobs: Int = 1) {
        var global = Fingerprint()
        global.add("manifest \(Manifest.currentVersion)")
        global.add(Self.executableStamp)
        for (name, text) in theme.templateSources.sorted(by: { $0.key < $1.key }) {
            global.add(name)
            global.add(text)
        }
        for (name, bytes) in theme.assets.sorted(by: { $0.key < $1.key }) {
            global.add(name)
            bytes.withUnsafeBytes { global.add(words: $0) }
        }
        let inputs = catalog.readmeInputs
        for (name, file) in inputs.helpers.files.sorted(by: { $0.key < $1.key }) {
            global.add(name)
            global.add(file.text)
        }
        global.add(inputs.suites.debian.joined(separator: ","))
        global.add(inputs.suites.ubuntu.joined(separator: ","))
        global.add(inputs.buildpackDepsImages.sorted().joined(separator: ","))
        global.add(settings.title)
        global.add(settings.baseURL ?? "")
        global.add(settings.sourceLabel)
        global.add(catalog.images.map(\.name).joined(separator: ","))
        self.global = global.hex

        let hashes = ParallelMap.map(catalog.images, jobs: jobs) { image in (image.name, Self.fingerprint(of: image)) }
        images = Dictionary(hashes) { first, _ in first }
    }

    /// One image's folder texts, logo and library file.
    static func fingerprint(of image: Image) -> String {
        var fingerprint = Fingerprint()
        let folder = image.folder
        for (name, file) in folder.files.sorted(by: { $0.key < $1.key }) {
            fingerprint.add(name)
            fingerprint.add(file.text)
        }
        if let logo = folder.logo {
            fingerprint.add(logo.fileName)
            // A word at a time: logos run to hundreds of kilobytes, and a byte loop over `Data`
            // was a sixtieth of a cold build.
            (FileInput.read(logo.path) ?? []).withUnsafeBytes { fingerprint.add(words: $0) }
        }
        fingerprint.add(image.library.sourceFingerprint)
        return fingerprint.hex
    }

    /// Size and modification time of the running executable.
    static let executableStamp: String = {
        // `stat`, not `FileManager.attributesOfItem`, which also reads /etc/passwd and /etc/group
        // for the owner's names.
        var status = stat()
        guard let path = Bundle.main.executablePath, stat(path, &status) == 0 else { return "unknown" }
        return "\(path) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
    }()
}
