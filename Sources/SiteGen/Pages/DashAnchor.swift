/// The table-of-contents anchors Dash and Zeal look for in a docset's pages.
///
/// Dash lists a page's sections from `<a name="//apple_ref/cpp/<Type>/<Name>" class="dashAnchor">`
/// elements (the docset declares `DashDocSetFamily = dashtoc`); it does not read headings. Pages
/// rendered for a docset (``SiteSettings/docset``) carry one before each `<h2 id>` and `<h3 id>`
/// heading (type `Section`, named by the heading's text), from the theme's templates and from
/// ``ContentRenderer``, and one at the top of each build on a variant page (type `Tag`, named by
/// the build's anchor).
enum DashAnchor {
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

    /// What a heading says, from its inner HTML: without tags, entities decoded, spaces
    /// collapsed. Markup is told from text by Unicode scalars: as `Character`s, a `<` after a
    /// prepended mark would be part of a larger character.
    static func headingText(_ inner: Substring) -> String {
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
    static func decodingEntities(_ text: Substring) -> String {
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
