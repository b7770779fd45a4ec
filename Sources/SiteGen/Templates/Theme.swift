import DefaultTheme
import Foundation
import Mustache

/// The templates and assets pages are made with: the default theme shipped inside sitegen,
/// with any file of it replaced by the file of the same name in a `--theme` folder.
public struct Theme: Sendable {
    /// The page templates, parsed by swift-mustache: the reference, and the renderer of a
    /// theme ``compiled`` declines.
    var library: MustacheLibrary { mustache.library }
    private let mustache: LazyMustacheLibrary
    /// The same templates for the byte renderer; nil when a template uses what it declines,
    /// or when `SITEGEN_TEMPLATE_ENGINE=mustache` asks for swift-mustache alone (for telling
    /// whether a page differs because of the renderer).
    let compiled: CompiledTemplates?
    /// Their source text by file name, so a build can tell whether the theme changed.
    let templateSources: [String: String]
    /// Asset files (CSS, JS, images) by name, as bytes.
    public let assets: [String: [UInt8]]
    /// Our own texts for a docs tree without `.template-helpers/`.
    public let defaultHelpers: TemplateHelpers

    /// The templates every theme must provide.
    static let requiredTemplates = [
        "layout", "catalog", "image", "variant", "image-tags", "tag-index", "listing", "search", "not-found", "history",
    ]

    /// Loads the default theme, overridden file by file by `overrides` (a folder with any of
    /// `templates/*.mustache`, `assets/*`, `defaults/*.md`).
    public static func load(overrides: String? = nil) -> (theme: Theme?, diagnostics: [Diagnostic]) {
        let base = DefaultTheme.folder
        var diagnostics: [Diagnostic] = []
        if let overrides {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: overrides, isDirectory: &isDirectory) || !isDirectory.boolValue {
                return (nil, [.error("theme.missing", file: overrides, "theme folder not found",
                                     hint: "--theme names a folder holding templates/, assets/ and/or defaults/ files that replace the default theme's")])
            }
        }
        let templateFiles = files(in: "templates", base: base, overrides: overrides).filter { $0.key.hasSuffix(".mustache") }
        let assetFiles = files(in: "assets", base: base, overrides: overrides)
        let helperFiles = files(in: "defaults", base: base, overrides: overrides).filter { $0.key.hasSuffix(".md") }

        SitegenHTMLContentType.register()
        var sources: [String: String] = [:]
        var paths: [String: String] = [:]
        for (name, path) in templateFiles.sorted(by: { $0.key < $1.key }) {
            guard let text = readText(path, diagnostics: &diagnostics) else { continue }
            sources[name] = text
            paths[name] = path
        }
        var compiled: CompiledTemplates?
        if ProcessInfo.processInfo.environment["SITEGEN_TEMPLATE_ENGINE"] != "mustache" {
            compiled = CompiledTemplates(sources: Dictionary(uniqueKeysWithValues: sources.map { name, text in
                (String(name.dropLast(".mustache".count)), text)
            }))
        }
        // swift-mustache parses a theme with overrides (its errors are the ones users see) and
        // any theme the compiled renderer declines. The default theme as shipped, which the
        // tests parse both ways, is parsed by swift-mustache only if something asks for it:
        // a build that never asks does not pay for parsing every template.
        let mustache = LazyMustacheLibrary(sources: sources)
        if overrides != nil || compiled == nil {
            for (name, error) in mustache.parseErrors() {
                let path = paths[name] ?? name
                if let error = error as? MustacheTemplate.ParserError {
                    diagnostics.append(.error("theme.template-syntax", file: path, line: error.context.lineNumber,
                                              column: error.context.columnNumber,
                                              "template does not parse: \(describe(error.error))",
                                              hint: "check the {{…}} tags near this point: sections must close in the order they open"))
                } else {
                    diagnostics.append(.error("theme.template-syntax", file: path, "template does not parse: \(error)",
                                              hint: "check the {{…}} tags of this template"))
                }
            }
        }
        for name in requiredTemplates where templateFiles[name + ".mustache"] == nil {
            diagnostics.append(.error("theme.missing-template", file: (overrides ?? base.path) + "/templates/\(name).mustache",
                                      "the theme has no \(name).mustache template", hint: "restore the file or remove the override"))
        }

        var assets: [String: [UInt8]] = [:]
        for (name, path) in assetFiles {
            if let data = FileManager.default.contents(atPath: path) {
                assets[name] = Array(data)
            } else {
                diagnostics.append(.error("theme.unreadable", file: path, "cannot read the asset", hint: "check its permissions"))
            }
        }
        var helpers: [String: DocFile] = [:]
        for (name, path) in helperFiles {
            if let text = readText(path, diagnostics: &diagnostics) {
                helpers[name] = DocFile(path: path, text: text)
            }
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }
        let theme = Theme(mustache: mustache, compiled: compiled, templateSources: sources, assets: assets,
                          defaultHelpers: TemplateHelpers(path: base.appendingPathComponent("defaults").path, files: helpers))
        return (theme, diagnostics)
    }

    /// The theme's helper texts alone (the same as ``load(overrides:)`` gives when it
    /// succeeds; it reports unreadable ones), for reading the docs tree without waiting for the
    /// templates to parse: parsing every template costs more than a no-op build.
    public static func defaultHelpers(overrides: String? = nil) -> TemplateHelpers {
        let base = DefaultTheme.folder
        var diagnostics: [Diagnostic] = []
        var helpers: [String: DocFile] = [:]
        for (name, path) in files(in: "defaults", base: base, overrides: overrides) where name.hasSuffix(".md") {
            if let text = readText(path, diagnostics: &diagnostics) {
                helpers[name] = DocFile(path: path, text: text)
            }
        }
        return TemplateHelpers(path: base.appendingPathComponent("defaults").path, files: helpers)
    }

    /// Renders `page` (a value whose stored properties the template reads) with `template`.
    func render(_ page: some TemplateFields, template: String) -> String {
        if let compiled { return compiled.render(page, template: template) ?? "" }
        return library.render(page, withTemplate: template) ?? ""
    }

    /// A page: the compiled renderer's bytes as they are (a page of the ×10 tag index is
    /// 15 MB, and a copy into a `String` would hold it twice at the build's peak), or
    /// swift-mustache's text.
    func page(_ page: some TemplateFields, template: String) -> SiteRenderer.File.Content {
        if let compiled { return .bytes(compiled.renderBytes(page, template: template) ?? []) }
        return .text(library.render(page, withTemplate: template) ?? "")
    }

    /// This theme rendered by swift-mustache alone (the tests' reference).
    func withoutCompiledTemplates() -> Theme {
        Theme(mustache: mustache, compiled: nil, templateSources: templateSources, assets: assets, defaultHelpers: defaultHelpers)
    }

    /// The parser's complaint in words.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        return switch error {
        case .sectionCloseNameIncorrect: "a {{/…}} closes a section that is not the one open here"
        case .unfinishedName: "a {{ tag is not closed with }}"
        case .expectedSectionEnd: "a section opened with {{#…}} or {{^…}} is never closed"
        case .invalidSetDelimiter: "a {{=… …=}} delimiter change is malformed"
        default: "\(error)"
        }
    }

    /// File name → path for one folder of the theme, the override folder winning.
    private static func files(in folder: String, base: URL, overrides: String?) -> [String: String] {
        var result: [String: String] = [:]
        for root in [base.path, overrides].compactMap({ $0 }) {
            let path = root + "/" + folder
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where !name.hasPrefix(".") {
                result[name] = path + "/" + name
            }
        }
        return result
    }

    private static func readText(_ path: String, diagnostics: inout [Diagnostic]) -> String? {
        guard let data = FileManager.default.contents(atPath: path), let text = String(validating: data, as: UTF8.self) else {
            diagnostics.append(.error("theme.unreadable", file: path, "cannot read the file as UTF-8 text", hint: "save it as UTF-8"))
            return nil
        }
        return text
    }
}
