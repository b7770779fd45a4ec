/// The table-of-contents anchors Dash and Zeal look for in a docset's pages.
///
/// Dash lists a page's sections from `<a name="//apple_ref/cpp/<Type>/<Name>" class="dashAnchor">`
/// elements (the docset must declare `DashDocSetFamily = dashtoc`); it does not read headings.
/// So every page gets one anchor before each `<h2 id>` and `<h3 id>` heading (type `Section`,
/// named by the heading's text) and, on variant pages, one at the top of each build's
/// `<li class="entry">` (type `Tag`, named by the build's first tag). The entry's anchor goes
/// inside the `<li>` rather than before it, because a list may only hold list items.
///
/// The pages are the built site's, so this works on their markup; what it looks for is what the
/// theme's templates and `ContentRenderer` write.
enum DocsetAnchors {
    /// `html` with the anchors inserted. One pass over the bytes: pages of big images run to
    /// megabytes, and every docset page goes through here.
    static func insert(into html: String) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count + html.utf8.count / 16)
        var copied = html.startIndex
        var scan = html.startIndex
        while let open = html.utf8[scan...].firstIndex(of: UInt8(ascii: "<")) {
            let rest = html[open...]
            // Most tags are neither `<h…` nor `<li…`; one byte tells.
            let second = rest.utf8.dropFirst().first
            guard second == UInt8(ascii: "h") || second == UInt8(ascii: "l"),
                  let marker = markers.first(where: { rest.utf8.starts(with: $0.bytes) })?.marker else {
                scan = html.utf8.index(after: open)
                continue
            }
            output += html[copied..<open]
            switch marker {
            case .heading(let level):
                // By scalars: as `Character`s, a `<` after a prepended mark ending the heading's
                // text would be part of a larger character and the closing tag missed.
                guard let end = rest.unicodeScalars.firstRange(of: "</h\(level)>".unicodeScalars) else {
                    output += rest
                    return output
                }
                let heading = rest[..<end.upperBound]
                let text = headingText(rest[..<end.lowerBound])
                if !text.isEmpty { output += anchor(type: "Section", name: text) }
                output += heading
                copied = end.upperBound
            case .entry:
                guard let tagEnd = rest.utf8.firstIndex(of: UInt8(ascii: ">")) else {
                    output += rest
                    return output
                }
                let openTag = rest[...tagEnd]
                output += openTag
                if let id = attribute("id", in: openTag), !id.isEmpty {
                    output += anchor(type: "Tag", name: decodingEntities(id[...]))
                }
                copied = html.utf8.index(after: tagEnd)
            }
            scan = copied
        }
        output += html[copied...]
        return output
    }

    /// `<a name="//apple_ref/cpp/Type/Name" class="dashAnchor"></a>`, the name percent-encoded as
    /// Dash expects.
    static func anchor(type: String, name: String) -> String {
        "<a name=\"//apple_ref/cpp/\(type)/\(percentEncoded(name))\" class=\"dashAnchor\"></a>"
    }

    /// Every byte but ASCII letters, digits and `-._~` as `%XX` (RFC 3986's unreserved set), so
    /// a name with `/`, `#`, quotes or spaces cannot break the anchor or the attribute.
    static func percentEncoded(_ name: String) -> String {
        var result = ""
        for byte in name.utf8 {
            let isUnreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
            if isUnreserved {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                result += "%"
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return result
    }

    // MARK: Finding the places

    private enum Marker {
        case heading(level: Int)
        case entry

        var text: String {
            switch self {
            case .heading(let level): "<h\(level) id=\""
            case .entry: "<li class=\"entry\" id=\""
            }
        }
    }

    private static let markers: [(marker: Marker, bytes: [UInt8])] =
        [Marker.heading(level: 2), .heading(level: 3), .entry].map { ($0, Array($0.text.utf8)) }

    /// The value of `name="…"` in an opening tag.
    private static func attribute(_ name: String, in tag: Substring) -> String? {
        let scalars = tag.unicodeScalars
        guard let start = scalars.firstRange(of: " \(name)=\"".unicodeScalars),
              let end = scalars[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(tag[start.upperBound..<end])
    }

    /// What a heading says: its content without the self-link `ContentRenderer` appends
    /// (`<a class="anchor" …>#</a>`), without tags, entities decoded, spaces collapsed.
    /// `heading` runs from the opening tag to just before the closing one. Markup is told
    /// from text by scalars, for the same reason as in ``insert(into:)``.
    private static func headingText(_ heading: Substring) -> String {
        guard let open = heading.unicodeScalars.firstIndex(of: ">") else { return "" }
        var inner = heading[heading.unicodeScalars.index(after: open)...]
        if let selfLink = inner.unicodeScalars.firstRange(of: "<a class=\"anchor\"".unicodeScalars) {
            inner = inner[..<selfLink.lowerBound]
        }
        var text = ""
        var insideTag = false
        for scalar in inner.unicodeScalars {
            if scalar == "<" {
                insideTag = true
            } else if scalar == ">" {
                insideTag = false
            } else if !insideTag {
                text.unicodeScalars.append(scalar)
            }
        }
        return decodingEntities(text[...]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Text with the character references pages use (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`,
    /// and numeric ones) turned back into characters; anything else stays as written.
    private static func decodingEntities(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        let named: [Substring: Character] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
        var result = ""
        var rest = text
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let afterAmpersand = rest.index(after: ampersand)
            guard let semicolon = rest[afterAmpersand...].prefix(10).firstIndex(of: ";") else {
                result.append("&")
                rest = rest[afterAmpersand...]
                continue
            }
            let name = rest[afterAmpersand..<semicolon]
            if let character = named[name] ?? numericReference(name) {
                result.append(character)
            } else {
                result += rest[ampersand...semicolon]
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        result += rest
        return result
    }

    /// `#39` or `#x27` as the character it names.
    private static func numericReference(_ name: Substring) -> Character? {
        guard name.first == "#" else { return nil }
        let digits = name.dropFirst()
        let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
        return value.flatMap(Unicode.Scalar.init).map(Character.init)
    }
}
