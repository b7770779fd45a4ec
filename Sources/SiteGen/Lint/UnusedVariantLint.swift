/// Variant files of an image folder that no tag leads to: their text is in neither the README
/// nor the site, usually because the tags were renamed or the variant was dropped.
enum UnusedVariantLint {
    static func check(_ site: ImageSite, helpers: TemplateHelpers) -> [Diagnostic] {
        let folder = site.image.folder
        let files = folder.files.keys.filter { $0.hasPrefix("variant-") && $0.hasSuffix(".md") }
        guard !files.isEmpty else { return [] }
        // The site's variants already hold the file each tag's variant came from, so no tag is
        // resolved again here. A name is found in the image folder before the helpers for
        // every tag that tries it, so a variant found there is found there for all of its tags.
        var used: Set<String> = []
        for variant in site.variants {
            if let match = variant.match, match.candidate.origin == .image {
                used.insert(match.candidate.fileName)
            }
        }
        return files.filter { !used.contains($0) }.sorted().compactMap { name in
            guard let file = folder[name] else { return nil }
            let variant = String(name.dropFirst("variant-".count).dropLast(".md".count))
            return .warning("docs.unused-variant", file: file.path,
                            "\(name) is not used: no tag of \(site.name) belongs to the `\(variant)` variant",
                            hint: "a tag uses variant-NAME.md when NAME is the whole tag, its last dash-separated part or the part before (`2.1-\(variant)`, `2.1-\(variant)-bookworm`); rename or remove the file")
        }
    }
}
