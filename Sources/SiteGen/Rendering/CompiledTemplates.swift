/// The theme's templates, rendered straight into UTF-8 bytes from typed page models.
///
/// swift-mustache took two fifths of a cold build's CPU time: every lookup split its name at
/// the dots, walked the context stack casting each value to a protocol, and every piece of
/// output was a `String` concatenation. Here names are split once (``CompiledTemplate``), page
/// models answer with a ``TemplateValue`` (no casts), and output is appended to one byte
/// buffer. swift-mustache stays the reference: it parses every template first (its errors are
/// the ones users see), it renders a theme this one declines, and the tests compare the two
/// on every page of the corpus.
struct CompiledTemplates: Sendable {
    private let templates: [String: [CompiledTemplate.Node]]

    /// Nil when any template uses what ``CompiledTemplate`` declines: the theme is then
    /// rendered by swift-mustache alone, so that a page never mixes the two.
    init?(sources: [String: String]) {
        var templates: [String: [CompiledTemplate.Node]] = [:]
        for (name, text) in sources {
            guard let template = CompiledTemplate(text) else { return nil }
            templates[name] = template.nodes
        }
        self.templates = templates
    }

    /// Renders `page` with the named template; nil if there is no such template.
    func render(_ page: any TemplateFields, template name: String) -> String? {
        renderBytes(page, template: name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// ``render(_:template:)`` as UTF-8 bytes, without the copy into a `String`.
    func renderBytes(_ page: any TemplateFields, template name: String) -> [UInt8]? {
        guard let nodes = templates[name] else { return nil }
        var renderer = Renderer(templates: templates, root: .object(page))
        renderer.render(nodes, inherited: nil)
        return renderer.output
    }
}

private struct Renderer {
    typealias Node = CompiledTemplate.Node

    let templates: [String: [Node]]
    var stack: [TemplateValue]
    var output: [UInt8] = []

    init(templates: [String: [Node]], root: TemplateValue) {
        self.templates = templates
        self.stack = [root]
        output.reserveCapacity(32 * 1024)
    }

    mutating func render(_ nodes: [Node], inherited: [String: [Node]]?) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                output.append(contentsOf: bytes)
            case .variable(let name, let escaped):
                guard let value = lookup(name) else { continue }
                write(value, escaped: escaped)
            case .section(let name, let body):
                guard let value = lookup(name) else { continue }
                section(value, body, inherited: inherited)
            case .inverted(let name, let body):
                inverted(lookup(name), body, inherited: inherited)
            case .partial(let name):
                // A partial sees the blocks its caller was given, as in swift-mustache.
                if let partial = templates[name] { render(partial, inherited: inherited) }
            case .parent(let name, let blocks):
                guard let parent = templates[name] else { continue }
                // Blocks given further out win over this template's own.
                let merged = inherited.map { $0.merging(blocks) { outer, _ in outer } } ?? blocks
                render(parent, inherited: merged)
            case .block(let name, let content):
                render(inherited?[name] ?? content, inherited: inherited)
            }
        }
    }

    private func lookup(_ name: CompiledTemplate.Name) -> TemplateValue? {
        switch name {
        case .top:
            return stack.last
        case .local(let parts):
            guard let top = stack.last else { return nil }
            return Self.walk(top, parts[...])
        case .stack(let parts):
            guard let first = parts.first else { return stack.last }
            for value in stack.reversed() {
                if let child = Self.child(first, of: value) {
                    return Self.walk(child, parts.dropFirst())
                }
            }
            return nil
        }
    }

    private static func walk(_ value: TemplateValue, _ parts: ArraySlice<String>) -> TemplateValue? {
        var value = value
        for part in parts {
            guard let child = child(part, of: value) else { return nil }
            value = child
        }
        return value
    }

    /// Only page models have named fields; swift-mustache's `Mirror` finds none on strings,
    /// numbers, flags or arrays either.
    private static func child(_ name: String, of value: TemplateValue) -> TemplateValue? {
        if case .object(let object) = value { return object.field(name) }
        return nil
    }

    private mutating func write(_ value: TemplateValue, escaped: Bool) {
        let text = switch value {
        case .text(let text): text
        case .number(let number): String(number)
        // What swift-mustache writes for a value that is not text: its description.
        default: String(describing: value.anyValue)
        }
        if escaped { HTML.appendEscaped(text, to: &output) } else { output.append(contentsOf: text.utf8) }
    }

    private mutating func section(_ value: TemplateValue, _ body: [Node], inherited: [String: [Node]]?) {
        switch value {
        case .flag(let flag):
            if flag { render(body, inherited: inherited) }
        case .list(let list):
            for index in 0..<list.count {
                stack.append(.object(list.element(index)))
                render(body, inherited: inherited)
                stack.removeLast()
            }
        case .texts(let texts):
            for text in texts {
                stack.append(.text(text))
                render(body, inherited: inherited)
                stack.removeLast()
            }
        case .text, .number, .object:
            stack.append(value)
            render(body, inherited: inherited)
            stack.removeLast()
        }
    }

    private mutating func inverted(_ value: TemplateValue?, _ body: [Node], inherited: [String: [Node]]?) {
        switch value {
        case nil:
            render(body, inherited: inherited)
        case .flag(let flag)?:
            if !flag { render(body, inherited: inherited) }
        case .list(let list)? where list.count == 0:
            stack.append(.list(list))
            render(body, inherited: inherited)
            stack.removeLast()
        case .texts(let texts)? where texts.isEmpty:
            stack.append(.texts(texts))
            render(body, inherited: inherited)
            stack.removeLast()
        default:
            break
        }
    }
}
