import CMarkGFM

/// A Markdown document parsed by libcmark-gfm.
///
/// A `Document` owns its cmark tree and parser and frees them when it goes away. It is not
/// `Sendable`: cmark nodes must not be shared between threads, so each task parses its own.
/// No C pointer ever leaves this type; callers see Swift values (``Heading``, ``CodeBlock``,
/// ``Link``) and strings.
public final class Document {
    private let parser: OpaquePointer
    private let root: OpaquePointer
    /// The options the document was parsed with; rendering uses them too.
    public let options: RenderOptions
    /// The Markdown it was parsed from, to pin node positions on (see ``nodes(_:)``).
    private let source: String

    /// Parses `markdown` with sitegen's extensions (always: see ``CMarkRuntime``) and its
    /// options unless told otherwise.
    public init(parsing markdown: String, options: RenderOptions = .sitegen) {
        self.options = options
        self.source = markdown
        (parser, root) = Document.parse(markdown, options: options)
    }

    private static func parse(_ markdown: String, options: RenderOptions) -> (OpaquePointer, OpaquePointer) {
        // cmark_parser_new only fails when malloc does, which the default allocator aborts on.
        let parser: OpaquePointer = cmark_parser_new(options.rawValue)
        var root: OpaquePointer?
        var text = markdown
        text.withUTF8 { buffer in
            // Without a `~` the strikethrough extension can match nothing, and leaving it off
            // lets the inline pass run without the lock (see CMarkRuntime).
            let struck = buffer.contains(UInt8(ascii: "~"))
            for ext in Extension.sitegen where ext != .strikethrough || struck {
                if let syntax = CMarkRuntime.syntaxExtension(ext.rawValue) {
                    cmark_parser_attach_syntax_extension(parser, syntax)
                }
            }
            // The block pass writes no global state (the table extension's cmark_arena_push
            // and _pop only act when a parser uses the arena allocator, which sitegen never
            // does), so it never takes the lock.
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
            if struck {
                CMarkRuntime.parseLock.withLock { _ in root = cmark_parser_finish(parser) }
            } else {
                root = cmark_parser_finish(parser)
            }
        }
        // cmark_parser_finish returns the parser's document node, which exists from
        // cmark_parser_new on; an empty document stands in should that ever change.
        return (parser, root ?? cmark_node_new(CMARK_NODE_DOCUMENT))
    }

    deinit {
        cmark_node_free(root)
        // Freeing a parser frees its own lists and buffers (cmark_parser_free in blocks.c:
        // its root and reference map, line buffers, the lists of extensions attached to it);
        // the extensions stay registered and the global character table is not touched.
        cmark_parser_free(parser)
    }

    /// The document as HTML, exactly as `cmark-gfm` with the same options and extensions prints it.
    public func html() -> String {
        let extensionList = cmark_parser_get_syntax_extensions(parser)
        guard let rendered = cmark_render_html(root, options.rawValue, extensionList) else { return "" }
        // The string comes from cmark's allocator and goes back to it.
        defer { cmark_get_default_mem_allocator().pointee.free(rendered) }
        return String(cString: rendered)
    }

    // MARK: Walking

    /// Every heading in document order, with GitHub-style unique slugs.
    public var headings: [Heading] { headings(reserving: []) }

    /// Every heading in document order, with slugs unique also against `reserved` (ids the
    /// page around the document uses already): a heading whose slug is taken gets `-1`, …
    public func headings(reserving reserved: Set<String>) -> [Heading] {
        var slugger = Slugger(reserving: reserved)
        var result: [Heading] = []
        walk { node, entering in
            guard entering, cmark_node_get_type(node) == CMARK_NODE_HEADING else { return true }
            let text = Document.plainText(of: node)
            result.append(Heading(level: Int(cmark_node_get_heading_level(node)),
                                  text: text,
                                  slug: slugger.slug(for: text),
                                  location: Document.location(of: node)))
            return false
        }
        return result
    }

    /// Every code block in document order.
    public var codeBlocks: [CodeBlock] {
        var result: [CodeBlock] = []
        walk { node, entering in
            if entering, cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK {
                // cmark writes the fence's length, offset and character through these.
                var length: Int32 = 0
                var offset: Int32 = 0
                var character: CChar = 0
                let fenced = cmark_node_get_fenced(node, &length, &offset, &character) != 0
                result.append(CodeBlock(info: Document.string(cmark_node_get_fence_info(node)),
                                        code: Document.string(cmark_node_get_literal(node)),
                                        location: Document.location(of: node),
                                        isFenced: fenced))
            }
            return true
        }
        return result
    }

    /// Every link and image in document order (autolinks included).
    public var links: [Link] {
        nodes([.link, .image]).map { node in
            Link(kind: node.kind == .image ? .image : .link, destination: node.destination, title: node.title,
                 text: node.text, location: node.location)
        }
    }

    /// The nodes of the given kinds (every node when nil) in document order, each with where
    /// it starts in the source.
    ///
    /// Block positions are cmark-gfm's. Those of links, images and inline HTML are checked
    /// against the source text and corrected where cmark-gfm 0.29 is off (continuation lines
    /// of list items, nodes after a `www.` autolink) or has none (bare `https://…` links),
    /// so diagnostics can point at the exact column.
    public func nodes(_ kinds: Set<Node.Kind>? = nil) -> [Node] {
        var result: [Node] = []
        var locator = InlineLocator(source: source)
        walk { node, entering in
            guard entering else { return true }
            let type = cmark_node_get_type(node)
            let reported = Document.location(of: node)
            if type.rawValue & 0xC000 == 0x8000 {
                locator.enterBlock(start: reported, endLine: Int(cmark_node_get_end_line(node)))
            }
            let kind = Document.kind(of: node, type: type)
            guard kinds?.contains(kind) ?? true else { return true }
            let literal = Document.string(cmark_node_get_literal(node))
            var destination = ""
            var title = ""
            var text = literal
            var location = reported
            switch kind {
            case .link, .image:
                destination = Document.string(cmark_node_get_url(node))
                title = Document.string(cmark_node_get_title(node))
                text = Document.plainText(of: node)
                location = locator.locate(reported, startingWith: Document.linkStarts(kind: kind, text: text, destination: destination))
            case .htmlInline:
                location = locator.locate(reported, startingWith: [String(literal.prefix { $0 != "\n" && $0 != "\r\n" }.prefix(24))])
            case .heading, .emphasis, .strong, .strikethrough, .tableCell:
                text = Document.plainText(of: node)
            default:
                break
            }
            result.append(Node(kind: kind, location: location, literal: literal, destination: destination, title: title, text: text))
            return true
        }
        return result
    }

    /// What the source of a link or an image can start with: `![` for an image, `[` for a
    /// link, and for an autolink its address as written (`<https://…>` or bare).
    private static func linkStarts(kind: Node.Kind, text: String, destination: String) -> [String] {
        if kind == .image { return ["!["] }
        let autolink = !text.isEmpty
            && (destination == text || destination == "mailto:" + text || destination == "http://" + text)
        return autolink ? ["<" + text, "[" + text, text] : ["["]
    }

    private static func kind(of node: OpaquePointer, type: cmark_node_type) -> Node.Kind {
        switch type {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST: return .list
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK: return .codeBlock
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_TEXT: return .text
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code
        case CMARK_NODE_HTML_INLINE: return .htmlInline
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link
        case CMARK_NODE_IMAGE: return .image
        default:
            // Extension nodes have types registered at run time; their names are stable.
            switch string(cmark_node_get_type_string(node)) {
            case "table": return .table
            case "table_header", "table_row": return .tableRow
            case "table_cell": return .tableCell
            case "strikethrough": return .strikethrough
            default: return .other
            }
        }
    }

    /// Only the images of ``links``.
    public var images: [Link] { links.filter { $0.kind == .image } }

    /// Replaces link and image destinations: `transform` gets each one and returns the new
    /// destination, or nil to keep it. Later renders see the change.
    public func rewriteDestinations(_ transform: (Link) -> String?) {
        walk { node, entering in
            guard entering else { return true }
            let type = cmark_node_get_type(node)
            guard type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE else { return true }
            let link = Link(kind: type == CMARK_NODE_IMAGE ? .image : .link,
                            destination: Document.string(cmark_node_get_url(node)),
                            title: Document.string(cmark_node_get_title(node)),
                            text: Document.plainText(of: node),
                            location: Document.location(of: node))
            if let replacement = transform(link) {
                _ = cmark_node_set_url(node, replacement)
            }
            return true
        }
    }

    /// Calls `visit` for every node, entering and leaving; returning false from an
    /// entering call skips that node's children.
    private func walk(_ visit: (OpaquePointer, Bool) -> Bool) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let entering = event == CMARK_EVENT_ENTER
            if !visit(node, entering), entering {
                cmark_iter_reset(iterator, node, CMARK_EVENT_EXIT)
            }
        }
    }

    // MARK: Node helpers

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func location(of node: OpaquePointer) -> SourceLocation {
        SourceLocation(line: Int(cmark_node_get_start_line(node)),
                       column: Int(cmark_node_get_start_column(node)))
    }

    /// The text a reader sees in `node`: text and code literals, breaks as spaces.
    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                text += string(cmark_node_get_literal(current))
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            } else {
                text += plainText(of: current)
            }
            child = cmark_node_next(current)
        }
        return text
    }
}
