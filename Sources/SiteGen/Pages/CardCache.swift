/// Catalog cards made once per image and page depth: an image's card is on the catalog, its
/// categories' pages and every architecture page it is built for, and only the depth of the
/// page changes its links (the architecture pages add a note).
final class CardCache {
    private var cards: [String: PageModel.Card] = [:]

    func card(_ site: ImageSite, from page: String, renderer: SiteRenderer) -> PageModel.Card {
        let key = SitePaths.rootPrefix(of: page) + site.name
        if let card = cards[key] { return card }
        let card = renderer.card(site, from: page)
        cards[key] = card
        return card
    }
}
