import Foundation

/// The registry data file cut into the parts the change record fingerprints apart: each
/// member of `images` (one image's digests, sizes and dates: that image's pages and the
/// listings), and everything else (the registry and namespace: every page that names a pull
/// reference).
///
/// A structural scan of the JSON, not a decode: it finds where each value starts and ends
/// (strings with their escapes, nested objects and arrays) without building any of it, so
/// that a build whose data file changed pays a pass over its bytes, not a full decode, to
/// learn which images to redo, and a build decodes only the parts of the images it shows.
/// Bytes whose structure is not a JSON object give nil: the build then redoes everything and
/// the loader reports the file's problem. Within a value the scan checks nesting and strings
/// only, so a malformed part of an image the build does not show (a bare word, a missing
/// comma) is found by `sitegen check`, which decodes every part, not by the build, whose
/// pages it cannot reach.
struct RegistryDataSections {
    /// The bytes of every top-level member but `images`, in file order.
    let site: [ArraySlice<UInt8>]
    /// Image name → the bytes of its value.
    let images: [String: ArraySlice<UInt8>]
    /// Whether the file has an `images` member.
    let hasImages: Bool
    /// Whether a name is given twice, at the top level or in `images` (here the last part
    /// counts, where `JSONDecoder` would take the first): the loader refuses such a file.
    let repeatsName: Bool

    init?(_ bytes: [UInt8]) {
        var site: [ArraySlice<UInt8>] = []
        var siteKeys: Set<String> = []
        var images: [String: ArraySlice<UInt8>] = [:]
        var hasImages = false
        var repeatsName = false
        let found = bytes.withUnsafeBufferPointer { buffer -> Bool in
            var scanner = JSONScanner(bytes: buffer)
            let found = scanner.members { scanner, key, keyRange in
                repeatsName = !siteKeys.insert(key).inserted || repeatsName
                if key == "images" {
                    hasImages = true
                    return scanner.members { scanner, name, _ in
                        guard let value = scanner.value() else { return false }
                        if images.updateValue(bytes[value], forKey: name) != nil { repeatsName = true }
                        return true
                    }
                }
                guard let value = scanner.value() else { return false }
                site.append(bytes[keyRange.lowerBound..<value.upperBound])
                return true
            }
            return found && scanner.atEnd
        }
        guard found else { return nil }
        self.site = site
        self.images = images
        self.hasImages = hasImages
        self.repeatsName = repeatsName
    }

    /// Where the parts are in the file, and the file's status when they were found there: what
    /// a later read needs to take only the parts it wants while the file is as it was
    /// (``RegistryDataFile/load(_:images:layout:)``). The change detection finds it, or keeps
    /// it in the stat cache beside the parts' fingerprints.
    struct Layout: Sendable, Equatable {
        /// The file's status (its fingerprint is not used).
        let status: InputStatCache.Entry
        /// Each top-level member but `images`, key and value (`"registry": "…"`), in file order.
        let site: [Range<Int>]
        /// Image name → its value, or nil: the file has no part for the image.
        let images: [String: Range<Int>?]
        /// Whether `images` names every image of the file, so that a name it lacks has no part
        /// (a layout found by reading the file); else a name it lacks is one nobody asked
        /// about (a layout kept for the images there were then), and is not known.
        let namesAll: Bool

        /// Where the part of `image` is: `.some(nil)` when the file has none, nil when the
        /// layout does not know.
        func part(of image: String) -> Range<Int>?? {
            if let known = images[image] { return known }
            return namesAll ? .some(nil) : nil
        }
    }

    /// Where these parts are, in a file with `status`; nil for a file without `images`, or
    /// with a name given twice, which the whole-file read refuses: a layout places one part per
    /// name, so a build reading through it would take one of the two values and pass a file
    /// that a cold build, `check` and `bundle` refuse.
    func layout(status: InputStatCache.Entry) -> Layout? {
        guard hasImages, !repeatsName else { return nil }
        return Layout(status: status, site: site.map { $0.startIndex..<$0.endIndex },
                      images: images.mapValues { $0.startIndex..<$0.endIndex }, namesAll: true)
    }
}
