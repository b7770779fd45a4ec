/// The architecture badges of a page, worked out once per distinct architecture list.
///
/// Tag tables repeat a handful of lists (`amd64 arm64v8 …`) on hundreds of rows; rendering the
/// `badges` partial for every row was a large share of template time, and making each row's
/// badge links (relative paths) again a share of the rest. Rows carry the rendered partial as
/// `architecturesHTML` and still the `architectures` list, for themes that render it
/// themselves. One cache per page, or per set of pages equally deep in the site: the links in
/// it are relative to the page.
final class BadgeCache {
    private var lists: [[Architecture]: [PageModel.Badge]] = [:]
    private var rendered: [[Architecture]: String] = [:]
    /// The last list asked for and its answers: consecutive rows mostly repeat it (an entry's
    /// tags share its very array), and comparing an array with itself is one pointer
    /// comparison where the dictionary hashes every name.
    private var last: (architectures: [Architecture], badges: [PageModel.Badge], html: String?)?
    private var lastNames: (architectures: [Architecture], names: String)?

    /// The badges of `architectures`, linked from `page`.
    func badges(_ architectures: [Architecture], from page: String, renderer: SiteRenderer) -> [PageModel.Badge] {
        if let last, last.architectures == architectures { return last.badges }
        let badges = lists[architectures] ?? renderer.badges(architectures, from: page)
        lists[architectures] = badges
        last = (architectures, badges, rendered[architectures])
        return badges
    }

    /// The theme's `badges` partial over those badges.
    func html(_ architectures: [Architecture], from page: String, renderer: SiteRenderer) -> String {
        if let last, let html = last.html, last.architectures == architectures { return html }
        let badges = badges(architectures, from: page, renderer: renderer)
        if let html = last?.html { return html }
        let html = rendered[architectures]
            ?? renderer.theme.render(PageModel.BadgeList(architectures: badges), template: "badges")
        rendered[architectures] = html
        last?.html = html
        return html
    }

    /// The names of `architectures` separated by spaces (a row's `data-arches`), joined once
    /// for a run of rows with the same list.
    func names(_ architectures: [Architecture]) -> String {
        if let lastNames, lastNames.architectures == architectures { return lastNames.names }
        let names = architectures.map(\.name).joined(separator: " ")
        lastNames = (architectures, names)
        return names
    }
}
