import Foundation

/// Where the default theme's files are once built: `templates/`, `assets/` and `defaults/`
/// (our own texts for a docs tree without `.template-helpers/`).
public enum DefaultTheme {
    /// The folder holding `templates`, `assets` and `defaults`.
    public static var folder: URL { Bundle.module.resourceURL ?? Bundle.module.bundleURL }
}
