/// A theme template parsed for ``CompiledTemplates``: text as UTF-8 bytes, names split once.
///
/// It covers the Mustache a theme needs: variables (escaped and not), sections, inverted
/// sections, comments, partials, template inheritance (`{{<layout}}` with `{{$block}}`s) and
/// the `CONTENT_TYPE` pragma naming HTML. Whitespace follows swift-mustache's parser rule for
/// rule (standalone lines, the text a close tag leaves, the first line of a block), since the
/// two must write the same bytes: `CompiledTemplatesTests` renders every page of the corpus
/// both ways. Anything else (lambdas and transforms, changed delimiters, dynamic or indented
/// partials, other content types, newlines other than `\n`) makes ``init(_:)`` return nil and
/// the theme is rendered by swift-mustache alone. The text has already parsed there, so this
/// parser never reports errors: what it does not follow, it declines.
struct CompiledTemplate: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, [Node])
        case inverted(Name, [Node])
        case partial(String)
        /// `{{<name}}…{{/name}}`: the named template, with these blocks replaced.
        case parent(String, blocks: [String: [Node]])
        /// `{{$name}}default{{/name}}` where a template fills in a block.
        case block(String, [Node])
    }

    /// A looked-up name, split at its dots once, here rather than on every lookup.
    enum Name: Sendable, Equatable {
        /// `{{.}}` (and swift-mustache's `{{}}`): the innermost value.
        case top
        /// `a.b`: `a` from the innermost value that has it, then `b` of that.
        case stack([String])
        /// `.a.b`: from the innermost value only.
        case local([String])
    }

    let nodes: [Node]

    init?(_ text: String) {
        guard Self.hasOnlySimpleCharacters(text) else { return nil }
        var parser = Parser(bytes: Array(text.utf8))
        guard let nodes = parser.parse(State()) else { return nil }
        self.nodes = nodes
    }

    /// swift-mustache reads `Character`s, this parser bytes. They agree unless an ASCII byte the
    /// syntax relies on is part of a larger character (`\r\n`, a letter with a combining mark)
    /// or a line ends in something other than `\n`: such a template is declined.
    private static func hasOnlySimpleCharacters(_ text: String) -> Bool {
        for character in text {
            let scalars = character.unicodeScalars
            guard let first = scalars.first else { continue }
            if first.isASCII, scalars.count > 1 { return false }
            if character.isNewline, character != "\n" { return false }
        }
        return true
    }
}

private struct State {
    var sectionName: String?
    var newLine = true
    var isPartialDefinition = false
    var isPartialDefinitionTopLevel = false
    /// The whitespace count the first line of a block body had (see `parse`).
    var partialDefinitionIndent: Int?

    func withSection(_ name: String, newLine: Bool) -> State {
        var state = self
        state.sectionName = name
        state.isPartialDefinitionTopLevel = false
        if !newLine { state.newLine = false }
        return state
    }

    func withInheritance(_ name: String) -> State {
        var state = self
        state.sectionName = name
        state.newLine = true
        state.isPartialDefinition = true
        state.isPartialDefinitionTopLevel = true
        return state
    }
}

private struct Parser {
    typealias Node = CompiledTemplate.Node

    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var atEnd: Bool { position >= bytes.count }
    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private static let newline = UInt8(ascii: "\n")
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    /// Whitespace inside a tag: Character.isWhitespace, restricted to what hasOnlySimpleCharacters lets through.
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A }
    private static func isNameByte(_ byte: UInt8, partial: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): true
        case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "?"), UInt8(ascii: "*"): true
        case UInt8(ascii: "("), UInt8(ascii: ")"): true
        case UInt8(ascii: "/"): partial
        default: false
        }
    }

    private mutating func read(while predicate: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        let start = position
        while let byte = current, predicate(byte) { position += 1 }
        return bytes[start..<position]
    }

    /// Text up to a newline (not consumed) or `{{` (consumed).
    private mutating func readText() -> ArraySlice<UInt8> {
        let start = position
        while let byte = current {
            if byte == Self.newline { return bytes[start..<position] }
            if byte == Self.openBrace, position + 1 < bytes.count, bytes[position + 1] == Self.openBrace {
                let text = bytes[start..<position]
                position += 2
                return text
            }
            position += 1
        }
        return bytes[start..<position]
    }

    /// Whether `}}` comes next; consumes it if so.
    private mutating func readCloseDelimiter() -> Bool {
        guard position + 1 < bytes.count, bytes[position] == Self.closeBrace, bytes[position + 1] == Self.closeBrace else { return false }
        position += 2
        return true
    }

    /// A tag's name up to `}}`; nil for what swift-mustache reads as a transform or rejects.
    private mutating func readName(partial: Bool = false) -> String? {
        _ = read(while: Self.isSpace)
        let name = read(while: { Self.isNameByte($0, partial: partial) })
        _ = read(while: Self.isSpace)
        guard readCloseDelimiter() else { return nil }
        if !partial, name.contains(UInt8(ascii: "(")) || name.contains(UInt8(ascii: ")")) { return nil }
        return String(decoding: name, as: UTF8.self)
    }

    private static func lookupName(_ name: String) -> CompiledTemplate.Name {
        if name == "." { return .top }
        let parts = name.split(separator: ".").map(String.init)
        if parts.isEmpty { return name.isEmpty ? .top : .local([]) }
        return name.first == "." ? .local(parts) : .stack(parts)
    }

    /// The rest of the line is blank: consumes it with its newline.
    private mutating func lineFinished() -> Bool {
        if atEnd { return true }
        var probe = position
        while probe < bytes.count, Self.isBlank(bytes[probe]) { probe += 1 }
        if probe < bytes.count, bytes[probe] == Self.newline {
            position = probe + 1
            return true
        }
        return false
    }

    private mutating func isStandalone(_ state: State) -> Bool {
        state.newLine && lineFinished()
    }

    /// Parses until the end of the text, or the close tag of `state.sectionName`. Nil: declined.
    mutating func parse(_ initial: State) -> [Node]? {
        var nodes: [Node] = []
        var state = initial
        var whitespace: ArraySlice<UInt8> = []
        while !atEnd {
            if state.newLine {
                let blank = read(while: Self.isBlank)
                if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                    // The first line of a block body sets its indent, which later lines lose
                    // (and which that first line loses whole).
                    if let indent = state.partialDefinitionIndent {
                        whitespace = blank.dropFirst(indent)
                    } else {
                        state.partialDefinitionIndent = blank.count
                    }
                } else {
                    whitespace = blank
                }
            }
            let text = readText()
            if current == Self.newline {
                nodes.append(.text(Array(whitespace) + Array(text) + [Self.newline]))
                state.newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(Array(whitespace) + Array(text)))
                whitespace = []
                state.newLine = false
            }
            guard let tag = current else { break }
            var setNewLine = false
            switch tag {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                position += 1
                guard let name = readName() else { return nil }
                if isStandalone(state) {
                    setNewLine = true
                } else if !whitespace.isEmpty {
                    nodes.append(.text(Array(whitespace)))
                    whitespace = []
                }
                guard let body = parse(state.withSection(name, newLine: setNewLine)) else { return nil }
                let lookup = Self.lookupName(name)
                nodes.append(tag == UInt8(ascii: "#") ? .section(lookup, body) : .inverted(lookup, body))

            case UInt8(ascii: "/"):
                position += 1
                guard let name = readName(), name == state.sectionName else { return nil }
                if !isStandalone(state), !whitespace.isEmpty {
                    nodes.append(.text(Array(whitespace)))
                }
                // The caller goes on with the newline state of the open tag, as swift-mustache does.
                return nodes

            case UInt8(ascii: "!"):
                position += 1
                guard let end = findCloseDelimiter() else { return nil }
                position = end + 2
                setNewLine = isStandalone(state)

            case UInt8(ascii: "{"), UInt8(ascii: "&"):
                if !whitespace.isEmpty {
                    nodes.append(.text(Array(whitespace)))
                    whitespace = []
                }
                position += 1
                guard let name = readName() else { return nil }
                if tag == UInt8(ascii: "{") {
                    guard current == Self.closeBrace else { return nil }
                    position += 1
                }
                nodes.append(.variable(Self.lookupName(name), escaped: false))

            case UInt8(ascii: ">"):
                position += 1
                _ = read(while: Self.isSpace)
                guard current != UInt8(ascii: "*"), let name = readName(partial: true) else { return nil }
                if !whitespace.isEmpty {
                    nodes.append(.text(Array(whitespace)))
                }
                // An indented standalone partial indents every line it writes: declined.
                if isStandalone(state) {
                    setNewLine = true
                    guard whitespace.isEmpty else { return nil }
                }
                nodes.append(.partial(name))
                whitespace = []

            case UInt8(ascii: "<"):
                position += 1
                _ = read(while: Self.isSpace)
                guard current != UInt8(ascii: "*"), let name = readName(partial: true), whitespace.isEmpty else { return nil }
                if isStandalone(state) { setNewLine = true }
                guard let body = parse(state.withInheritance(name)) else { return nil }
                var blocks: [String: [Node]] = [:]
                for node in body {
                    switch node {
                    case .block(let block, let content): blocks[block] = content
                    case .text: break
                    default: return nil
                    }
                }
                nodes.append(.parent(name, blocks: blocks))

            case UInt8(ascii: "$"):
                position += 1
                guard let name = readName() else { return nil }
                if state.isPartialDefinitionTopLevel {
                    if isStandalone(state) { setNewLine = true }
                    guard let body = parse(state.withSection(name, newLine: setNewLine)) else { return nil }
                    nodes.append(.block(name, body))
                } else {
                    // A block expansion indented on its line indents what it writes: declined.
                    guard whitespace.isEmpty else { return nil }
                    if isStandalone(state) { setNewLine = true }
                    guard let body = parse(state.withSection(name, newLine: setNewLine)) else { return nil }
                    nodes.append(.block(name, body))
                }

            case UInt8(ascii: "%"):
                position += 1
                guard readPragma() else { return nil }
                setNewLine = isStandalone(state)

            case UInt8(ascii: "="):
                return nil

            default:
                if !whitespace.isEmpty {
                    nodes.append(.text(Array(whitespace)))
                    whitespace = []
                }
                guard let name = readName() else { return nil }
                nodes.append(.variable(Self.lookupName(name), escaped: true))
            }
            state.newLine = setNewLine
        }
        return state.sectionName == nil ? nodes : nil
    }

    private func findCloseDelimiter() -> Int? {
        var index = position
        while index + 1 < bytes.count {
            if bytes[index] == Self.closeBrace, bytes[index + 1] == Self.closeBrace { return index }
            index += 1
        }
        return nil
    }

    /// `{{% CONTENT_TYPE: HTML }}` or `SITEGEN_HTML`: both escape the same five characters as
    /// ``HTML/escape(_:)``, which is what this renderer does. Any other pragma is declined.
    private mutating func readPragma() -> Bool {
        let nameByte: (UInt8) -> Bool = { Self.isNameByte($0, partial: false) && $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: ")") }
        _ = read(while: Self.isSpace)
        let variable = read(while: nameByte)
        _ = read(while: Self.isSpace)
        guard current == UInt8(ascii: ":") else { return false }
        position += 1
        _ = read(while: Self.isSpace)
        let value = read(while: nameByte)
        _ = read(while: Self.isSpace)
        guard readCloseDelimiter() else { return false }
        let contentType = String(decoding: value, as: UTF8.self)
        return String(decoding: variable, as: UTF8.self) == "CONTENT_TYPE"
            && (contentType == "HTML" || contentType == SitegenHTMLContentType.name)
    }
}
