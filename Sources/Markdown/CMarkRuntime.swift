import CMarkGFM
import Synchronization

/// Process-wide set-up of libcmark-gfm.
///
/// The core extensions live in a global registry that must be filled once before any parser
/// looks an extension up; a `static let` runs that once, thread-safely, on first use.
enum CMarkRuntime {
    static let extensionsRegistered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Held while a document's inlines are parsed (`cmark_parser_finish`).
    ///
    /// libcmark-gfm 0.29 (Debian's) keeps the table of characters that start an inline
    /// construct in one global array, and every parse adds its extensions' characters (`:` and
    /// `w` for autolinks, `~` for strikethrough, `|` for tables) at the start of inline
    /// parsing and removes them at the end. Two parses at once therefore lose each other's
    /// autolinks at random (upstream cmark-gfm pull request 176). The block pass
    /// (`cmark_parser_feed`) and rendering read no global state, so only the inline pass is
    /// serialised; the rest runs in parallel.
    static let parseLock = Mutex(())

    /// The registered extension called `name`, or nil if this libcmark-gfm lacks it.
    static func syntaxExtension(_ name: String) -> OpaquePointer? {
        _ = extensionsRegistered
        return cmark_find_syntax_extension(name)
    }
}
