/// The GitHub-flavoured extensions that ship with libcmark-gfm.
public enum Extension: String, CaseIterable, Sendable, Hashable {
    /// Pipe tables.
    case table
    /// Bare `https://…`, `www.…` and e-mail addresses become links.
    case autolink
    /// `~~struck~~` text.
    case strikethrough
    /// Escapes `<script>`, `<iframe>`, `<style>` and similar tags even where raw HTML is allowed.
    case tagfilter
    /// `- [ ]` task list items.
    case tasklist

    /// The extensions sitegen turns on: the ones docker-library content relies on (tables and
    /// bare links) plus strikethrough and tagfilter, as GitHub does.
    public static let sitegen: [Extension] = [.table, .autolink, .strikethrough, .tagfilter]
}
