/// The GitHub-flavoured extensions of libcmark-gfm that sitegen parses with.
public enum Extension: String, CaseIterable, Sendable, Hashable {
    /// Pipe tables.
    case table
    /// Bare `https://…`, `www.…` and e-mail addresses become links.
    case autolink
    /// `~~struck~~` text.
    case strikethrough
    /// Escapes `<script>`, `<iframe>`, `<style>` and similar tags even where raw HTML is allowed.
    case tagfilter

    /// The extensions sitegen turns on for every document: the ones docker-library content
    /// relies on (tables and bare links) plus strikethrough and tagfilter, as GitHub does.
    /// One set for all (no per-document choice) is what lets parses run on several threads
    /// at once: see ``CMarkRuntime`` (which also leaves strikethrough off a document without
    /// a `~`, where it could match nothing).
    public static let sitegen: [Extension] = [.table, .autolink, .strikethrough, .tagfilter]
}
