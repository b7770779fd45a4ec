import Foundation
import Mustache
import Testing
import TestSupport
@testable import SiteGen

/// The compiled renderer writes what swift-mustache writes: the same templates rendered by
/// both over the same values, for hand-picked whitespace cases, thousands of generated
/// templates, and every page of the demo site.
@Suite struct CompiledTemplatesTests {
    /// A page model made of a dictionary, for templates written here.
    struct Model: TemplateFields {
        let values: [String: TemplateValue]
        func field(_ name: String) -> TemplateValue? { values[name] }
    }

    static var model: Model { Model(values: [
        "text": .text("<a href=\"x\">'Tom' & Jerry</a>"),
        "plain": .text("plain"),
        "empty": .text(""),
        "number": .number(42),
        "yes": .flag(true),
        "no": .flag(false),
        "list": .list([Model(values: ["name": .text("one"), "yes": .flag(false)]),
                       Model(values: ["name": .text("two")])]),
        "none": .list([Model]()),
        "texts": .texts(["a", "b<c"]),
        "notexts": .texts([]),
        "obj": .object(Model(values: ["inner": .text("in"), "deeper": .object(Model(values: ["leaf": .text("leaf")]))])),
    ]) }

    /// Both renderers' output for `main` with the given templates; nil for the compiled one
    /// when it declines them.
    static func render(_ templates: [String: String], main: String = "main") throws -> (mustache: String, compiled: String?) {
        var library = MustacheLibrary()
        for (name, text) in templates.sorted(by: { $0.key < $1.key }) {
            try library.register(text, named: name)
        }
        // One model for both: a dictionary's order (in a rendered description) is per instance.
        let model = Self.model
        let mustache = library.render(model, withTemplate: main) ?? ""
        let compiled = CompiledTemplates(sources: templates)?.render(model, template: main)
        return (mustache, compiled)
    }

    static let cases: [String] = [
        "{{text}} {{{text}}} {{&text}} {{number}} {{missing}} {{yes}} {{no}}|",
        "a\n  {{#yes}}\n  x\n  {{/yes}}\nb\n",
        "{{#list}}{{name}},{{/list}}\n{{#list}}\n- {{name}} {{plain}}\n{{/list}}\n",
        "  {{! a comment }}\nx\n  {{! inline }} y\n",
        "{{^none}}none{{/none}}{{^list}}never{{/list}}{{^missing}}missing{{/missing}}{{^no}}no{{/no}}{{^notexts}}[{{.}}]{{/notexts}}",
        "{{#yes}}\n{{/yes}}y\n{{#yes}}z{{/yes}}  \n",
        "x {{#yes}}\n y\n{{/yes}} z\n",
        "{{#obj}}{{inner}} {{plain}} {{#deeper}}{{leaf}}/{{inner}}{{/deeper}}{{/obj}}",
        "{{obj.inner}} {{obj.deeper.leaf}} {{.plain}} {{#obj}}{{.plain}}|{{.inner}}{{/obj}} {{obj.nothing.leaf}}",
        "{{#texts}}[{{.}}]{{/texts}}{{#empty}}<{{.}}>{{/empty}}{{#number}}={{.}}{{/number}}",
        "{{#list}}{{#yes}}Y{{/yes}}{{^yes}}N{{/yes}}{{/list}}",
        "{{% CONTENT_TYPE: HTML }}\n<p>{{text}}</p>\n",
        "tags · {{number}} … {not a tag} {{plain}}{ x",
        "abc\n   ",
        "{{#yes}}a{{/yes}}{{#yes}}\nb\n{{/yes}}   {{#no}}\nc\n{{/no}}\nd",
        "\n\n  {{#yes}}  \n\n{{/yes}}\t\n",
        "{{#list}}\n{{#yes}}\n{{name}}\n{{/yes}}\n{{/list}}\n",
        "{{ plain }}{{# yes }}ok{{/ yes }}",
        "{{{obj}}}",
    ]

    @Test(arguments: cases)
    func singleTemplatesRenderAlike(_ text: String) throws {
        let (mustache, compiled) = try Self.render(["main": text])
        #expect(compiled == mustache, "template:\n\(text)")
    }

    @Test func partialsAndInheritanceRenderAlike() throws {
        let layout = "{{% CONTENT_TYPE: HTML }}\n<html>\n{{$head}}<title>default</title>{{/head}}\n<body>\n{{$main}}\nno main\n{{/main}}\n</body>\n"
        let templates = [
            "layout": layout,
            "part": "p={{plain}}\n",
            "inline": "[{{text}}]",
            "main": "{{<layout}}\n{{$main}}\n  indented first\n    deeper\n  back\n{{> part}}\nx{{> inline}}y\n{{#list}}{{> inline}}{{/list}}\n{{> nothing}}\n{{/main}}\n{{/layout}}\n",
            "nested": "{{<main}}{{$head}}<title>outer</title>{{/head}}{{/main}}",
            "plainpage": "{{<layout}}{{/layout}}",
        ]
        for main in ["main", "nested", "plainpage", "part"] {
            let (mustache, compiled) = try Self.render(templates, main: main)
            #expect(compiled == mustache, "\(main)")
        }
    }

    @Test func declinesWhatItDoesNotFollow() {
        let declined = [
            "{{uppercased(plain)}}",
            "{{=<% %>=}}<% plain %>",
            "a\n  {{> part}}\nb",
            "  {{$block}}x{{/block}}\n",
            "line\r\nline",
            "{{% CONTENT_TYPE: TEXT }}",
            "{{>*dynamic}}",
            "e\u{301}{{plain}}",
            "{{#yes}}unclosed",
        ]
        for text in declined {
            #expect(CompiledTemplate(text) == nil, "\(text.debugDescription) compiled")
        }
        #expect(CompiledTemplates(sources: ["good": "{{plain}}", "bad": "{{=| |=}}"]) == nil)
    }

    /// Random templates from the syntax the theme uses, seeded: whatever swift-mustache parses
    /// and the compiled parser accepts must render the same.
    @Test func generatedTemplatesRenderAlike() throws {
        var random = SplitMix64(seed: 0x5EED_7E57)
        var compared = 0
        for _ in 0..<5_000 {
            let text = Self.generate(depth: 0, &random)
            var library = MustacheLibrary()
            guard (try? library.register(text, named: "main")) != nil else { continue }
            try library.register("p {{plain}}\n", named: "part")
            guard let compiled = CompiledTemplates(sources: ["main": text, "part": "p {{plain}}\n"]) else { continue }
            let model = Self.model
            let expected = library.render(model, withTemplate: "main") ?? ""
            let ours = compiled.render(model, template: "main")
            #expect(ours == expected, "template: \(text.debugDescription)")
            compared += 1
            if ours != expected { break }
        }
        #expect(compared > 2_500, "only \(compared) generated templates were compared")
    }

    static func generate(depth: Int, _ random: inout SplitMix64) -> String {
        let pieces = ["x", " ", "  ", "\t", "\n", "\n", "{{plain}}", "{{{text}}}", "{{text}}", "{{! c }}", "{{> part}}",
                      "{{.}}", "{{obj.inner}}", "{", "}", "{{number}}"]
        var text = ""
        for _ in 0..<Int.random(in: 0..<8, using: &random) + 1 {
            if depth < 3, Int.random(in: 0..<4, using: &random) == 0 {
                let name = ["yes", "no", "list", "none", "texts", "obj", "missing", "plain"][Int.random(in: 0..<8, using: &random)]
                let open = Int.random(in: 0..<3, using: &random) == 0 ? "^" : "#"
                text += "{{\(open)\(name)}}" + generate(depth: depth + 1, &random) + "{{/\(name)}}"
            } else {
                text += pieces[Int.random(in: 0..<pieces.count, using: &random)]
            }
        }
        return text
    }

    @Test func everyDemoPageRendersAlike() throws {
        let renderer = try PageModelLookupTests.renderer()
        let reference = SiteRenderer(catalog: renderer.catalog, theme: renderer.theme.withoutCompiledTemplates(),
                                     settings: renderer.settings, sites: renderer.sites, assets: renderer.assets,
                                     history: renderer.history, commitLinks: renderer.commitLinks)
        #expect(renderer.theme.compiled != nil, "the default theme is not compiled")
        let (pages, different) = Self.compare(renderer, reference)
        #expect(pages > 20)
        #expect(different.isEmpty, "pages that differ: \(different)")
    }

    /// Renders every page with both renderers; returns how many, and the paths that differ.
    static func compare(_ compiled: SiteRenderer, _ reference: SiteRenderer) -> (Int, [String]) {
        var pages = 0
        var different: [String] = []
        func text(_ file: SiteRenderer.File) -> String { text(file.content) }
        func text(_ content: SiteRenderer.File.Content) -> String {
            switch content {
            case .text(let text): text
            case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
            }
        }
        for site in compiled.sites {
            let ours = compiled.imagePages(site, uniqueTags: site.uniqueTags()).files
            let theirs = reference.imagePages(site, uniqueTags: site.uniqueTags()).files
            for (a, b) in zip(ours, theirs) where a.path.hasSuffix(".html") {
                pages += 1
                if a.path != b.path || text(a) != text(b) { different.append(a.path) }
            }
        }
        var ours: [String: String] = [:]
        compiled.indexFiles { path, content in ours[path] = text(content) }
        reference.indexFiles { path, content in
            pages += 1
            if ours[path] != text(content) { different.append(path) }
        }
        return (pages, different)
    }
}
