import Foundation
import Markdown

extension Rendering {
    /// What ``streamImages(_:_:search:progress:)`` put into the new site.
    struct Streamed: Sendable {
        var pages: [(image: String, path: String)] = []
        var files: [(path: String, fingerprint: String)] = []
        var diagnostics: [Diagnostic] = []
        /// Image name → its part of the search index, for the images whose parts were not
        /// handed to a search index stream.
        var searchFragments: [String: [UInt8]] = [:]
    }

    /// What one image put into the new site.
    private struct ImageOutput: Sendable {
        var pages: [String] = []
        var files: [(path: String, fingerprint: String)] = []
        var diagnostics: [Diagnostic] = []
        /// The image's part of the search index (handed to the index as it arrives).
        var searchFragment: [UInt8] = []
    }

    /// Renders the pages of `toRender` and puts them into `staging`, with the README and logo
    /// of every loaded image; `jobs` images at a time, results in a fixed order. Each image's
    /// search entries go to `search` when there is one, else into the result.
    func streamImages(_ renderer: SiteRenderer, _ toRender: [ImageSite], search: inout SearchIndexStream?,
                      progress: @escaping @Sendable (SiteBuilder.Progress) -> Void) async -> Streamed {
        let rendering = Set(toRender.map(\.name))
        let staging = staging
        let helpers = catalog.readmeInputs.helpers
        @Sendable func work(_ site: ImageSite) -> ImageOutput {
            var result = ImageOutput()
            // What the pages work out and the search index needs too; for an image not
            // rendered (unchanged), the index works them out.
            var contentHeadings: [Heading]?
            var uniqueTags: [(tag: Tag, entries: [Entry])]?
            do throws(Diagnostic) {
                if rendering.contains(site.name) {
                    let tags = site.uniqueTags()
                    let (pages, headings) = renderer.imagePages(site, uniqueTags: tags)
                    (contentHeadings, uniqueTags) = (headings, tags)
                    for page in pages {
                        result.files.append((page.path, try Rendering.put(page.path, page.content, into: staging)))
                        result.pages.append(page.path)
                    }
                }
                let readme = HubReadme.render(site, helpers: helpers)
                result.diagnostics += ReadmeLint.check(readme, of: site.image.folder)
                let path = SitePaths.readme(site.name)
                result.files.append((path, try staging.put(path, text: readme)))
                if let logo = site.image.folder.logo {
                    if let bytes = FileInput.read(logo.path) {
                        let path = SitePaths.logo(site.name, logo)
                        result.files.append((path, try staging.put(path, bytes)))
                    } else {
                        result.diagnostics.append(.error("docs.unreadable", file: site.image.folder.path + "/" + logo.fileName,
                                                         "cannot read the logo", hint: "check that it is a readable file"))
                    }
                }
            } catch {
                result.diagnostics.append(error)
            }
            result.searchFragment = SearchIndex.fragment(of: site, contentHeadings: contentHeadings, uniqueTags: uniqueTags)
            return result
        }
        var done = 0
        var all = Streamed()
        let results = await eachImage(sites, work) { index, result in
            if search != nil {
                search?.add(index, name: sites[index].name, bytes: result.searchFragment)
            } else {
                all.searchFragments[sites[index].name] = result.searchFragment
            }
            result.searchFragment = []
            guard rendering.contains(sites[index].name) else { return }
            done += 1
            progress(.rendered(image: sites[index].name, done: done, total: toRender.count))
        }
        for (site, result) in zip(sites, results) {
            all.pages += result.pages.map { (site.name, $0) }
            all.files += result.files
            all.diagnostics += result.diagnostics
        }
        return all
    }

    /// `work` on each of `sites`, `jobs` at a time, handing out the next image as one finishes
    /// (one slow image does not hold up a pre-assigned share); `finished` hears of each index
    /// as it completes, and may take from its result. Results in the order of `sites`.
    private func eachImage<Result: Sendable>(_ sites: [ImageSite], _ work: @escaping @Sendable (ImageSite) -> Result,
                                             finished: (Int, inout Result) -> Void) async -> [Result] {
        var results = [Result?](repeating: nil, count: sites.count)
        let jobs = options.jobs
        await withTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            func schedule() {
                guard next < sites.count else { return }
                let index = next
                next += 1
                group.addTask { (index, work(sites[index])) }
            }
            for _ in 0..<min(max(1, jobs), sites.count) { schedule() }
            while let (index, finishedResult) = await group.next() {
                // The next image starts before this one's results are handled.
                schedule()
                var result = finishedResult
                finished(index, &result)
                results[index] = result
            }
        }
        return results.compactMap { $0 }
    }
}
