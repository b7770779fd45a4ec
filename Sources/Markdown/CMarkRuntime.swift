import CMarkGFM
import Synchronization

/// Process-wide set-up of libcmark-gfm, done once before the first parse, and the lock some
/// parses still need.
///
/// The core extensions live in a global registry that must be filled once before any parser
/// looks an extension up; a `static let` runs that once, thread-safely, on first use.
///
/// libcmark-gfm 0.29 (Debian's) also keeps the table of characters that start an inline
/// construct in one global array. As shipped, every parse adds its extensions' characters
/// (`:` and `w` for autolinks, `|` for tables, `~` for strikethrough) when its inline pass
/// starts and clears them when it ends, so two parses at once lose each other's autolinks at
/// random (upstream cmark-gfm pull request 176). The set-up writes the autolink and table
/// characters into the table once and empties those two extensions' own lists: a parse's
/// start and end then have nothing of theirs to add or clear. Every document sitegen parses
/// uses the same extensions (``Extension/sitegen``), so the table it sees is the one it would
/// have built itself and the HTML is the same byte for byte (the cmark-gfm CLI comparison
/// tests check that).
///
/// Strikethrough's `~` cannot be pinned that way: a `~~` run is a delimiter, and the inline
/// pass finds the extension that closes a delimiter by looking its character up in the
/// extensions' lists (an empty list leaves the closer unhandled, and the pass never ends). So
/// only a document with a `~` in it gets the strikethrough extension, and its inline pass
/// holds ``parseLock``; a document without one needs neither (the extension can match
/// nothing in it), and runs beside any other. In the docker-library docs that is 42 of 45
/// `content.md` files. ``CMarkRuntimeTests`` parses both kinds on many threads at once.
enum CMarkRuntime {
    static let ready: Bool = {
        sitegen_register_core_extensions()
        let pinned = [Extension.autolink, .table].compactMap { cmark_find_syntax_extension($0.rawValue) }
        // A parser that is never fed: only its list of extensions is used, to set their
        // characters in the global table.
        let parser: OpaquePointer = cmark_parser_new(0)
        for syntax in pinned { cmark_parser_attach_syntax_extension(parser, syntax) }
        cmark_manage_extensions_special_characters(parser, 1)
        cmark_parser_free(parser)
        // The setter only stores the pointer: the old lists (a few bytes) stay allocated, as
        // the registered extensions do, until the process ends (registered with leak
        // detection off for the fuzz builds: see sitegen_register_core_extensions).
        for syntax in pinned { cmark_syntax_extension_set_special_inline_chars(syntax, nil) }
        return true
    }()

    /// Held while the inline pass (`cmark_parser_finish`) of a document with the
    /// strikethrough extension runs: it adds `~` to the global table and clears it again.
    static let parseLock = Mutex(())

    /// The registered extension called `name`, or nil if this libcmark-gfm lacks it.
    static func syntaxExtension(_ name: String) -> OpaquePointer? {
        _ = ready
        return cmark_find_syntax_extension(name)
    }
}
