/// The architecture badges of a page, worked out once per distinct architecture list.
///
/// Tag tables repeat a handful of lists (`amd64 arm64v8 …`) on hundreds of rows; rendering the
/// `badges` partial for every row was a large share of template time, and making each row's
/// badge links (relative paths) again a share of the rest. Rows carry the rendered partial as
/// `architecturesHTML` and still the `architectures` list, for themes that render it
/// themselves. One cache per page: the links in it are relative to that page.
final class BadgeCache {
    private var lists: [[Architecture]: [PageModel.Badge]] = [:]
    private var rendered: [[Architecture]: String] = [:]

    /// The badges of `architectures`, linked from `page`.
    func badges(_ architectures: [Architecture], from page: String, renderer: SiteRenderer) -> [PageModel.Badge] {
        if let badges = lists[architectures] { return badges }
        let badges = renderer.badges(architectures, from: page)
        lists[architectures] = badges
        return badges
    }

    /// The theme's `badges` partial over those badges.
    func html(_ architectures: [Architecture], from page: String, renderer: SiteRenderer) -> String {
        if let html = rendered[architectures] { return html }
        let html = renderer.theme.render(PageModel.BadgeList(architectures: badges(architectures, from: page, renderer: renderer)),
                                         template: "badges")
        rendered[architectures] = html
        return html
    }
}
