import Foundation
import Synchronization
import Testing
@testable import Markdown

/// Parses on several threads at once must come out as they do one at a time. As shipped,
/// libcmark-gfm 0.29 clears the extensions' inline characters from its global table when a
/// parse finishes, and a parse running beside it loses autolinks, strikethroughs and table
/// cells at random: a site built with no lock at all differed from a serial build in a few
/// pages out of 940. ``CMarkRuntime`` pins the autolink and table characters and serialises
/// only the inline pass of documents with a `~`.
@Suite struct CMarkRuntimeTests {
    /// Documents that lean on every character the extensions add: `:` and `w` (autolinks),
    /// `|` (tables) and, in every other one, `~` (strikethrough, which also counts for
    /// emphasis flanking).
    static let documents: [String] = (0..<24).map { index in
        // Forty lines of each, so that one parse's inline pass is long enough for others to
        // start and end while it runs.
        let struck = index.isMultiple(of: 2)
            ? "~~old \(index)~~ *new*~ and _x_~~y~~ in ~/.config.\n"
                + String(repeating: "Then ~~gone~~ and www.example.net/x, *a*~b~.\n", count: 40)
            : "No tilde here, *new* and _x_ **y**.\n"
                + String(repeating: "Then www.example.net/x and https://example.org/y, *a* _b_.\n", count: 40)
        return """
        # Document \(index)

        See https://example.org/\(index) and www.example.com/\(index), or write to a\(index)@example.net.
        \(struck)Plus `code: w` and a:b.

        | tag | architectures |
        |:--|--:|
        | \(index).1-alpine | amd64 \\| arm64v8 |
        | latest | https://github.com/docker-library/\(index) |

        - item www.example.org/\(index) with w: and :w

        """
    }

    @Test func bothKindsOfDocumentGetEveryExtension() {
        for (index, document) in Self.documents.enumerated() {
            let html = Document(parsing: document).html()
            #expect(html.contains("<a href=\"http://www.example.com/\(index)\">www.example.com/\(index)</a>"))
            #expect(html.contains("<a href=\"mailto:a\(index)@example.net\">"))
            #expect(html.contains("<td align=\"left\">\(index).1-alpine</td>") || html.contains("<td style=\"text-align: left\">\(index).1-alpine</td>"))
            #expect(html.contains("<del>old \(index)</del>") == index.isMultiple(of: 2))
        }
    }

    @Test func parsesOnManyThreadsMatchParsesOneAtATime() {
        let expected = Self.documents.map { Document(parsing: $0).html() }
        let rounds = 60
        let mismatches = Mutex<Set<Int>>([])
        DispatchQueue.concurrentPerform(iterations: rounds * Self.documents.count) { iteration in
            let index = iteration % Self.documents.count
            if Document(parsing: Self.documents[index]).html() != expected[index] {
                _ = mismatches.withLock { $0.insert(index) }
            }
        }
        #expect(mismatches.withLock { $0 }.isEmpty)
        // And the table is still whole after all of them.
        #expect(Document(parsing: Self.documents[0]).html() == expected[0])
        #expect(Document(parsing: Self.documents[1]).html() == expected[1])
    }
}
