/// The theme's templates, rendered straight into UTF-8 bytes from typed page models.
///
/// swift-mustache splits a name at the dots on every lookup, walks the context stack casting
/// each value to a protocol, and makes every piece of output a `String` concatenation, on
/// every page of every build. Here names are split once (``CompiledTemplate``), page
/// models answer with a ``TemplateValue`` (no casts), and output is appended to one byte
/// buffer. swift-mustache stays the reference: it parses every template first (its errors are
/// the ones users see), it renders a theme this one declines, and the tests compare the two
/// on every page of the corpus.
struct CompiledTemplates: Sendable {
    private let program: Program

    /// Nil when any template uses what ``CompiledTemplate`` declines: the theme is then
    /// rendered by swift-mustache alone, so that a page never mixes the two.
    init?(sources: [String: String]) {
        var templates: [String: [CompiledTemplate.Node]] = [:]
        for (name, text) in sources {
            guard let template = CompiledTemplate(text) else { return nil }
            templates[name] = template.nodes
        }
        program = Program(templates)
    }

    /// Renders `page` with the named template; nil if there is no such template.
    func render(_ page: any TemplateFields, template name: String) -> String? {
        // Text renderings are fragments (a cell's lines, a badge), made by the hundred for a
        // page: a page's worth of bytes reserved for each would go unused.
        renderBytes(page, template: name, capacity: 1024).map { String(decoding: $0, as: UTF8.self) }
    }

    /// ``render(_:template:)`` as UTF-8 bytes, without the copy into a `String`. `capacity`:
    /// the bytes reserved at first, about a page's.
    func renderBytes(_ page: any TemplateFields, template name: String, capacity: Int = 32 * 1024) -> [UInt8]? {
        guard let index = program.templateIndex[name] else { return nil }
        // The renderer reads the program through pointers: through the arrays, every op, text
        // and name read retained and released the array's storage.
        return program.ops.withUnsafeBufferPointer { ops in
            program.text.withUnsafeBufferPointer { text in
                program.names.withUnsafeBufferPointer { names in
                    program.keys.withUnsafeBufferPointer { keys in
                        var renderer = Renderer(program: program, ops: ops, text: text, names: names, keys: keys, capacity: capacity)
                        renderer.with(page) { $0.render(program.templates[index]) }
                        return renderer.output
                    }
                }
            }
        }
    }
}

/// The templates' node trees laid out flat: one array of fixed-size operations, the text in
/// one byte array, names in one string array, all addressed by index.
///
/// Walking the trees themselves would retain and release every node's payload (its byte
/// array, its child array, its name's array) on every visit. Nothing in an ``Op`` is
/// reference counted.
private struct Program: Sendable {
    struct Op: Sendable {
        enum Code: UInt8, Sendable {
            /// Bytes `a..<b` of `text`.
            case text
            /// The name (`nameKind`, parts `a..<b`); `escaped`.
            case variable
            /// The name as for `variable`; the body is the ops up to `end`.
            case section, inverted
            /// Template `a`, or nothing when `a` is -1.
            case partial
            /// Template `a` (-1: nothing) with the blocks of `blockSets[b]`; the ops of those
            /// blocks follow, up to `end`, and are not run in place.
            case parent
            /// The block named `names[a]`; its default content is the ops up to `end`.
            case block
        }

        var code: Code
        var nameKind: NameKind = .top
        var escaped = false
        var a: Int32 = 0
        var b: Int32 = 0
        var end: Int32 = 0
    }

    /// How a name is looked up (``CompiledTemplate/Name``): `{{.}}`, down the stack, or in the
    /// innermost value only.
    enum NameKind: UInt8, Sendable {
        case top, stack, local
    }

    var ops: [Op] = []
    var text: [UInt8] = []
    var names: [String] = []
    /// Each name as a page model's key, where it is one.
    var keys: [FieldName?] = []
    /// Each template's ops.
    var templates: [Range<Int>] = []
    var templateIndex: [String: Int] = [:]
    /// The blocks a `parent` op fills in, by block name.
    var blockSets: [[String: Range<Int>]] = []

    init(_ trees: [String: [CompiledTemplate.Node]]) {
        // Sorted, so the layout does not depend on dictionary order.
        let names = trees.keys.sorted()
        for (index, name) in names.enumerated() { templateIndex[name] = index }
        for name in names {
            let start = ops.count
            lower(trees[name] ?? [])
            templates.append(start..<ops.count)
        }
        keys = self.names.map { FieldName(rawValue: $0) }
    }

    private mutating func lower(_ nodes: [CompiledTemplate.Node]) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                let start = Int32(text.count)
                text.append(contentsOf: bytes)
                ops.append(Op(code: .text, a: start, b: Int32(text.count)))
            case .variable(let name, let escaped):
                var op = op(.variable, name)
                op.escaped = escaped
                ops.append(op)
            case .section(let name, let body):
                withBody(op(.section, name)) { $0.lower(body) }
            case .inverted(let name, let body):
                withBody(op(.inverted, name)) { $0.lower(body) }
            case .partial(let name):
                ops.append(Op(code: .partial, a: Int32(templateIndex[name] ?? -1)))
            case .parent(let name, let blocks):
                let set = Int32(blockSets.count)
                blockSets.append([:])
                withBody(Op(code: .parent, a: Int32(templateIndex[name] ?? -1), b: set)) { program in
                    for (blockName, body) in blocks.sorted(by: { $0.key < $1.key }) {
                        let start = program.ops.count
                        program.lower(body)
                        program.blockSets[Int(set)][blockName] = start..<program.ops.count
                    }
                }
            case .block(let name, let body):
                let index = Int32(self.names.count)
                self.names.append(name)
                withBody(Op(code: .block, a: index)) { $0.lower(body) }
            }
        }
    }

    /// Appends `op`, then its body, and sets `op.end` past the body.
    private mutating func withBody(_ op: Op, _ body: (inout Program) -> Void) {
        let index = ops.count
        ops.append(op)
        body(&self)
        ops[index].end = Int32(ops.count)
    }

    private mutating func op(_ code: Op.Code, _ name: CompiledTemplate.Name) -> Op {
        let (kind, parts): (NameKind, [String]) = switch name {
        case .top: (.top, [])
        case .stack(let parts): (.stack, parts)
        case .local(let parts): (.local, parts)
        }
        let start = Int32(names.count)
        names.append(contentsOf: parts)
        return Op(code: code, nameKind: kind, a: start, b: Int32(names.count))
    }
}

private struct Renderer {
    /// One context of the stack: a page model read where it lies (a list element where its
    /// array keeps it, see ``TemplateFields/field(_:at:)``, or a value the section holds; the
    /// address lives as long as the section that pushed it), or any other value, kept in
    /// ``values``. Nothing in a frame is reference counted: a lookup that walks down the stack
    /// copies frames, and an enum with a value case copied (and released) through its
    /// value witnesses every time.
    struct Frame {
        let address: UnsafeRawPointer?
        let type: (any TemplateFields.Type)?
        /// The index in ``values`` of a frame that is not a page model.
        let value: Int

        static func model(_ address: UnsafeRawPointer, _ type: any TemplateFields.Type) -> Frame {
            Frame(address: address, type: type, value: -1)
        }
    }

    private func child(_ frame: Frame, _ name: String, _ key: FieldName?) -> TemplateValue? {
        if let address = frame.address, let type = frame.type {
            return if let key { type.field(key, at: address) } else { type.field(name, at: address) }
        }
        // Only page models have named fields; swift-mustache's `Mirror` finds none on
        // strings, numbers, flags or arrays either.
        guard case .object(let object) = values[frame.value] else { return nil }
        return if let key { object.field(key) } else { object.field(name) }
    }

    /// `{{.}}`: the value itself, as swift-mustache sees it.
    private func value(_ frame: Frame) -> TemplateValue {
        if let address = frame.address, let type = frame.type { return .object(Self.load(type, address)) }
        return values[frame.value]
    }

    private static func load<T: TemplateFields>(_ type: T.Type, _ address: UnsafeRawPointer) -> any TemplateFields {
        address.assumingMemoryBound(to: T.self).pointee
    }

    let program: Program
    /// `program`'s arrays, valid while ``CompiledTemplates/renderBytes(_:template:)`` runs.
    let ops: UnsafeBufferPointer<Program.Op>
    let text: UnsafeBufferPointer<UInt8>
    let names: UnsafeBufferPointer<String>
    let keys: UnsafeBufferPointer<FieldName?>
    var stack: [Frame] = []
    /// The values of the frames that are not page models.
    var values: [TemplateValue] = []
    var output: [UInt8] = []
    /// The blocks the templates being rendered fill in (the innermost `parent`'s, merged
    /// with those given further out).
    var inherited: [String: Range<Int>] = [:]

    init(program: Program, ops: UnsafeBufferPointer<Program.Op>, text: UnsafeBufferPointer<UInt8>,
         names: UnsafeBufferPointer<String>, keys: UnsafeBufferPointer<FieldName?>, capacity: Int) {
        self.program = program
        self.ops = ops
        self.text = text
        self.names = names
        self.keys = keys
        stack.reserveCapacity(16)
        output.reserveCapacity(capacity)
    }

    /// Runs `body` with `object` on top of the stack, read where it lies.
    ///
    /// A page model pushed as a value would be copied out of the stack (every field retained
    /// and released) on each lookup that passed it: with its address on the stack, a lookup
    /// copies a pointer and a type.
    mutating func with(_ object: any TemplateFields, _ body: (inout Renderer) -> Void) {
        func push<Model: TemplateFields>(_ model: Model) {
            withUnsafePointer(to: model) { address in
                stack.append(.model(UnsafeRawPointer(address), Model.self))
                body(&self)
                stack.removeLast()
            }
        }
        push(object)
    }

    mutating func render(_ range: Range<Int>) {
        var index = range.lowerBound
        while index < range.upperBound {
            let op = ops[index]
            index += 1
            switch op.code {
            case .text:
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[Int(op.a)..<Int(op.b)]))
            case .variable:
                // Switched over as it comes back from the lookup: bound to a name first, the
                // value would be copied again (a retain and a release per value written).
                switch lookup(op) {
                case .text(let text)?: write(text, escaped: op.escaped)
                case .number(let number)?: write(String(number), escaped: op.escaped)
                // What swift-mustache writes for a value that is not text: its description.
                case let other?: write(String(describing: other.anyValue), escaped: op.escaped)
                case nil: break
                }
            case .section:
                if let value = lookup(op) { section(value, index..<Int(op.end)) }
                index = Int(op.end)
            case .inverted:
                inverted(lookup(op), index..<Int(op.end))
                index = Int(op.end)
            case .partial:
                // A partial sees the blocks its caller was given, as in swift-mustache.
                if op.a >= 0 { render(program.templates[Int(op.a)]) }
            case .parent:
                if op.a >= 0 {
                    // Blocks given further out win over this template's own.
                    let outer = inherited
                    inherited = outer.merging(program.blockSets[Int(op.b)]) { outer, _ in outer }
                    render(program.templates[Int(op.a)])
                    inherited = outer
                }
                index = Int(op.end)
            case .block:
                render(inherited[names[Int(op.a)]] ?? index..<Int(op.end))
                index = Int(op.end)
            }
        }
    }

    private func lookup(_ op: Program.Op) -> TemplateValue? {
        let first = Int(op.a), end = Int(op.b)
        guard op.nameKind != .top, first < end else { return stack.last.map(value) }
        if op.nameKind == .local {
            guard let top = stack.last, let child = child(top, names[first], keys[first]) else { return nil }
            return first + 1 == end ? child : walk(child, first + 1..<end)
        }
        var index = stack.count - 1
        while index >= 0 {
            if let child = child(stack[index], names[first], keys[first]) {
                // Most names have one part: no walk, whose copy of the value costs a retain.
                return first + 1 == end ? child : walk(child, first + 1..<end)
            }
            index -= 1
        }
        return nil
    }

    private func walk(_ value: TemplateValue, _ parts: Range<Int>) -> TemplateValue? {
        var value = value
        for part in parts {
            guard case .object(let object) = value else { return nil }
            let child = if let key = keys[part] { object.field(key) } else { object.field(names[part]) }
            guard let child else { return nil }
            value = child
        }
        return value
    }

    private mutating func write(_ text: String, escaped: Bool) {
        if escaped { HTML.appendEscaped(text, to: &output) } else { output.append(contentsOf: text.utf8) }
    }

    private mutating func section(_ value: TemplateValue, _ body: Range<Int>) {
        switch value {
        case .flag(let flag):
            if flag { render(body) }
        case .list(let list):
            list.forEachElement { address, type in
                stack.append(.model(address, type))
                render(body)
                stack.removeLast()
            }
        case .texts(let texts):
            for text in texts {
                with(value: .text(text), body)
            }
        case .object(let object):
            with(object) { $0.render(body) }
        case .text, .number:
            with(value: value, body)
        }
    }

    private mutating func inverted(_ value: TemplateValue?, _ body: Range<Int>) {
        switch value {
        case nil:
            render(body)
        case .flag(let flag)?:
            if !flag { render(body) }
        case .list(let list)? where list.count == 0:
            with(value: .list(list), body)
        case .texts(let texts)? where texts.isEmpty:
            with(value: .texts(texts), body)
        default:
            break
        }
    }

    /// Renders `body` with `value`, which is not a page model, on top of the stack.
    private mutating func with(value: TemplateValue, _ body: Range<Int>) {
        values.append(value)
        stack.append(Frame(address: nil, type: nil, value: values.count - 1))
        render(body)
        stack.removeLast()
        values.removeLast()
    }
}
