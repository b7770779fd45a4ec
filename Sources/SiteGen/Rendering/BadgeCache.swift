/// The theme's `badges` partial, rendered once per distinct architecture list on a page.
///
/// Tag tables repeat a handful of lists (`amd64 arm64v8 …`) on hundreds of rows; rendering the
/// partial for every row was a large share of template time. Rows carry the result as
/// `architecturesHTML` (and still the `architectures` list, for themes that render it
/// themselves). One cache per page: the links in it are relative to that page.
final class BadgeCache {
    private var rendered: [[String]: String] = [:]

    func html(_ architectures: [Architecture], from page: String, renderer: SiteRenderer) -> String {
        let key = architectures.map(\.name)
        if let html = rendered[key] { return html }
        let html = renderer.theme.render(PageModel.BadgeList(architectures: renderer.badges(architectures, from: page)),
                                         template: "badges")
        rendered[key] = html
        return html
    }
}
