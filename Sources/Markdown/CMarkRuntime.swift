import CMarkGFM

/// Process-wide set-up of libcmark-gfm.
///
/// The core extensions live in a global registry that must be filled once before any parser
/// looks an extension up; a `static let` runs that once, thread-safely, on first use.
enum CMarkRuntime {
    static let extensionsRegistered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// The registered extension called `name`, or nil if this libcmark-gfm lacks it.
    static func syntaxExtension(_ name: String) -> OpaquePointer? {
        _ = extensionsRegistered
        return cmark_find_syntax_extension(name)
    }
}
