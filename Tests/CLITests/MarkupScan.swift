import Foundation

/// Finds markup in a page that could run something: a script element the theme did not put
/// there, an `on…` event attribute, a `javascript:`/`vbscript:`/`data:` address in a link or
/// source, or an element that loads another document or code (`iframe`, `object`, `embed`,
/// `base`, `form`). Tags are read with their quoting, so escaped text (`&lt;script&gt;`,
/// `&quot;onmouseover=`) never counts, while a real attribute does wherever it stands.
struct MarkupScan {
    /// The script elements the theme writes (`src` with its `../` stripped, or the inline text).
    let allowedScripts: Set<String>

    /// The scripts of `pages` (the HTML of a site built from good input) become the allowed ones.
    init(baseline pages: [String]) {
        var scripts: Set<String> = []
        for page in pages {
            for element in Self.elements(in: page) where element.name == "script" {
                scripts.insert(Self.scriptKey(element))
            }
        }
        allowedScripts = scripts
    }

    /// What is wrong with `html`, one line per finding.
    func problems(in html: String) -> [String] {
        var problems: [String] = []
        for element in Self.elements(in: html) {
            if element.name == "script", !allowedScripts.contains(Self.scriptKey(element)) {
                problems.append("a script element the theme does not write: \(element.source.prefix(120))")
            }
            if ["iframe", "object", "embed", "base", "frame", "frameset", "applet"].contains(element.name) {
                problems.append("a <\(element.name)> element: \(element.source.prefix(120))")
            }
            if element.name == "meta", element.attributes.contains(where: { $0.name == "http-equiv" && $0.value.lowercased() == "refresh" }) {
                problems.append("a meta refresh: \(element.source.prefix(120))")
            }
            for attribute in element.attributes {
                if attribute.name.hasPrefix("on") {
                    problems.append("an event attribute `\(attribute.name)`: \(element.source.prefix(120))")
                }
                if ["href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "background", "data"].contains(attribute.name),
                   let scheme = Self.dangerousScheme(attribute.value, allowingImages: element.name == "img" && attribute.name == "src") {
                    problems.append("a \(scheme) address in `\(attribute.name)`: \(element.source.prefix(120))")
                }
            }
        }
        return problems
    }

    struct Element {
        let name: String
        let attributes: [(name: String, value: String)]
        /// The tag as written, for messages.
        let source: Substring
        /// For a script: its text.
        let body: Substring
    }

    private static func scriptKey(_ element: Element) -> String {
        if let source = element.attributes.first(where: { $0.name == "src" })?.value {
            var path = Substring(source)
            while path.hasPrefix("../") { path = path.dropFirst(3) }
            return "src:" + path
        }
        return "inline:" + element.body
    }

    /// The scheme of `value` when a browser would run or render it as a document, after the
    /// clean-up browsers do (entities, leading spaces and control characters, tabs and newlines
    /// inside the scheme).
    static func dangerousScheme(_ value: String, allowingImages: Bool) -> String? {
        var decoded = value
        for (entity, character) in [("&colon;", ":"), ("&#58;", ":"), ("&#x3a;", ":"), ("&#x3A;", ":"), ("&tab;", ""), ("&#9;", ""),
                                    ("&#x09;", ""), ("&newline;", ""), ("&#10;", ""), ("&#x0a;", ""), ("&amp;", "&")] {
            decoded = decoded.replacingOccurrences(of: entity, with: character, options: .caseInsensitive)
        }
        let cleaned = String(decoded.unicodeScalars.filter { $0.value > 0x20 }).lowercased()
        for scheme in ["javascript:", "vbscript:", "livescript:", "data:"] where cleaned.hasPrefix(scheme) {
            if scheme == "data:", allowingImages,
               ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains(where: cleaned.hasPrefix) {
                continue
            }
            return scheme
        }
        return nil
    }

    /// Every start tag of `html`, with attributes parsed; comments, and the text of script and
    /// style elements, skipped as a browser skips them.
    static func elements(in html: String) -> [Element] {
        let text = Substring(html)
        var elements: [Element] = []
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "<") {
            let afterOpen = text.index(after: open)
            guard afterOpen < text.endIndex else { break }
            if text[afterOpen...].hasPrefix("!--") {
                guard let end = text[afterOpen...].firstRange(of: "-->") else { break }
                index = end.upperBound
                continue
            }
            guard text[afterOpen].isLetter else {
                index = afterOpen
                continue
            }
            var cursor = afterOpen
            while cursor < text.endIndex, !(text[cursor].isWhitespace || text[cursor] == ">" || text[cursor] == "/") {
                cursor = text.index(after: cursor)
            }
            let name = text[afterOpen..<cursor].lowercased()
            var attributes: [(name: String, value: String)] = []
            while cursor < text.endIndex {
                while cursor < text.endIndex, text[cursor].isWhitespace || text[cursor] == "/" { cursor = text.index(after: cursor) }
                guard cursor < text.endIndex, text[cursor] != ">" else { break }
                let nameStart = cursor
                while cursor < text.endIndex, !(text[cursor].isWhitespace || text[cursor] == "=" || text[cursor] == ">" || text[cursor] == "/") {
                    cursor = text.index(after: cursor)
                }
                let attributeName = text[nameStart..<cursor].lowercased()
                while cursor < text.endIndex, text[cursor].isWhitespace { cursor = text.index(after: cursor) }
                var value = ""
                if cursor < text.endIndex, text[cursor] == "=" {
                    cursor = text.index(after: cursor)
                    while cursor < text.endIndex, text[cursor].isWhitespace { cursor = text.index(after: cursor) }
                    if cursor < text.endIndex, text[cursor] == "\"" || text[cursor] == "'" {
                        let quote = text[cursor]
                        let valueStart = text.index(after: cursor)
                        let valueEnd = text[valueStart...].firstIndex(of: quote) ?? text.endIndex
                        value = String(text[valueStart..<valueEnd])
                        cursor = valueEnd < text.endIndex ? text.index(after: valueEnd) : valueEnd
                    } else {
                        let valueStart = cursor
                        while cursor < text.endIndex, !(text[cursor].isWhitespace || text[cursor] == ">") { cursor = text.index(after: cursor) }
                        value = String(text[valueStart..<cursor])
                    }
                }
                if !attributeName.isEmpty { attributes.append((attributeName, value)) }
            }
            let tagEnd = cursor < text.endIndex ? text.index(after: cursor) : cursor
            var body: Substring = ""
            index = tagEnd
            if name == "script" || name == "style" {
                let close = text[tagEnd...].range(of: "</\(name)", options: .caseInsensitive)
                body = text[tagEnd..<(close?.lowerBound ?? text.endIndex)]
                index = close?.upperBound ?? text.endIndex
            }
            elements.append(Element(name: name, attributes: attributes, source: text[open..<tagEnd], body: body))
        }
        return elements
    }
}
