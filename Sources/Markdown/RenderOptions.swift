import CMarkGFM

/// Options for parsing and rendering, mapped one to one onto cmark-gfm's `CMARK_OPT_*` flags.
///
/// sitegen's choice is ``RenderOptions/sitegen``; the other flags exist so tests and callers can
/// state exactly what they compare against (the `cmark-gfm` command line takes the same set).
public struct RenderOptions: OptionSet, Sendable, Hashable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Replace invalid UTF-8 with U+FFFD (`--validate-utf8`). Swift strings are always valid,
    /// but documents parsed from bytes may not be.
    public static let validateUTF8 = RenderOptions(rawValue: CMARK_OPT_VALIDATE_UTF8)
    /// Render table cell alignment as `style="text-align: …"` (`--table-prefer-style-attributes`).
    public static let tablePreferStyleAttributes = RenderOptions(rawValue: CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES)
    /// Pass raw HTML and dangerous URLs through (`--unsafe`). sitegen never sets it.
    public static let unsafe = RenderOptions(rawValue: CMARK_OPT_UNSAFE)
    /// Curly quotes and dashes (`--smart`).
    public static let smart = RenderOptions(rawValue: CMARK_OPT_SMART)
    /// Every newline is a `<br />` (`--hardbreaks`).
    public static let hardBreaks = RenderOptions(rawValue: CMARK_OPT_HARDBREAKS)
    /// `<pre lang="x">` instead of `<pre><code class="language-x">` (`--github-pre-lang`).
    public static let githubPreLang = RenderOptions(rawValue: CMARK_OPT_GITHUB_PRE_LANG)
    /// Add `data-sourcepos` attributes (`--sourcepos`).
    public static let sourcePositions = RenderOptions(rawValue: CMARK_OPT_SOURCEPOS)

    /// The options every sitegen page is rendered with, and why:
    ///
    /// - *Safe* (no ``unsafe``): raw HTML blocks and inlines become `<!-- raw HTML omitted -->`
    ///   and `javascript:`, `vbscript:`, `file:` and non-image `data:` URLs are emptied. Docs
    ///   trees take pull requests from many hands; nothing in them may run script on our pages.
    /// - ``tablePreferStyleAttributes``: HTML5 made the `align` attribute obsolete, and our
    ///   pages must pass the validator; `style="text-align: …"` renders the same.
    /// - ``validateUTF8``: bytes that are not UTF-8 become U+FFFD instead of reaching the page.
    /// - No ``smart``: Docker Hub and GitHub show quotes as typed, and content often quotes
    ///   shell words, where curly quotes would mislead a reader copying them.
    /// - No ``hardBreaks``: GitHub renders repository Markdown files with soft breaks.
    /// - No ``githubPreLang``: `class="language-x"` on `<code>` is what highlighters and
    ///   stylesheets expect.
    /// - No footnotes: Docker Hub does not render them, and the `cmark-gfm` command line that
    ///   the tests compare with cannot switch them on.
    public static let sitegen: RenderOptions = [.validateUTF8, .tablePreferStyleAttributes]
}
