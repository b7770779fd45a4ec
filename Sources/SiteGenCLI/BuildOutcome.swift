import SiteGen

/// What a successful build did, in the words `sitegen build` and `sitegen serve` print after
/// "built N pages for M images": how many files changed or were written, and, when the change
/// record let the build re-render only some images, which ones, so a preview after a save or a
/// registry sync shows that the rest of the site was carried over.
enum BuildOutcome {
    /// "nothing changed", "66 written", "3 changed, 5 written", "lumen re-rendered, 3 written",
    /// "4 images re-rendered, 12 written". `nil` for a build that wrote no site.
    static func changes(_ report: SiteBuilder.Report) -> String? {
        guard let summary = report.summary else { return nil }
        let counts = summary.changed == 0 ? "nothing changed"
            : summary.changed == summary.written ? "\(summary.written) written"
            : "\(summary.changed) changed, \(summary.written) written"
        // A plan of some images names them; a cold or full build re-renders every image, which
        // says nothing the page count does not.
        guard case .images = report.plan, !report.renderedImages.isEmpty, report.renderedImages.count < report.images else {
            return counts
        }
        let names = report.renderedImages.count <= 3 ? report.renderedImages.joined(separator: ", ")
            : "\(report.renderedImages.count) images"
        return "\(names) re-rendered, \(counts)"
    }
}
