import Markdown

// The Markdown wrapper: the only code that holds libcmark-gfm pointers. Every entry point a
// page build uses runs on each input, and the promises the rest of sitegen builds on are
// checked, so a broken one shows up as a crash.

func fuzzMarkdown(_ input: UnsafeBufferPointer<UInt8>) {
    // Docs files reach the parser as Swift strings (the reader refuses invalid UTF-8), so
    // invalid bytes are repaired here rather than handed to cmark raw.
    let markdown = String(decoding: input, as: UTF8.self)
    let document = Document(parsing: markdown)

    _ = document.html()
    let headings = document.headings
    if Set(headings.map(\.slug)).count != headings.count {
        fatalError("two headings share a slug")
    }
    let reserved: Set<String> = ["content", "tags", "top"]
    if document.headings(reserving: reserved).contains(where: { reserved.contains($0.slug) }) {
        fatalError("a heading took a reserved id")
    }

    for block in document.codeBlocks {
        _ = block.language
    }
    var slugger = Slugger()
    for link in document.links {
        _ = slugger.slug(for: link.text)
    }
    // Rewriting changes the tree later renders see; it must stay renderable.
    document.rewriteDestinations { link in
        link.destination.hasPrefix("#") ? nil : "rewritten/" + link.destination
    }
    _ = document.html()
}
