import Highlighting

// Every language's lexer over the same bytes. The highlighter promises never to fail and to
// change nothing a reader copies: with the spans removed and the escapes undone, its HTML is
// the code exactly. A broken promise is a crash here, so the fuzzer reports it.

/// One name per lexer (shell and psql pick theirs from the code, so both paths are reached
/// through these names as the input varies).
private let languages = ["console", "bash", "dockerfile", "yaml", "json", "toml", "ini",
                         "sql", "mysql", "psql", "xml", "nginx", "apache"]

func fuzzHighlighter(_ input: UnsafeBufferPointer<UInt8>) {
    // Code blocks come from Markdown parsed out of valid UTF-8 text; repairing the bytes the
    // same way keeps the input realistic while every byte still reaches the lexers.
    let code = String(decoding: input, as: UTF8.self)
    for language in languages {
        guard let html = Highlighter.highlight(code, language: language) else {
            fatalError("highlighter no longer knows `\(language)`")
        }
        let text = plainText(ofHighlighted: html)
        if text != Array(code.utf8) {
            fatalError("`\(language)` highlighting changed the code")
        }
    }
}

/// The text of highlighted HTML: `<span …>` and `</span>` removed, the four escapes undone.
/// The code's own `<` and `&` are escaped, so every tag and entity in the HTML is the
/// highlighter's.
private func plainText(ofHighlighted html: String) -> [UInt8] {
    let bytes = Array(html.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var index = 0
    let entities: [(String, UInt8)] = [("&amp;", UInt8(ascii: "&")), ("&lt;", UInt8(ascii: "<")),
                                       ("&gt;", UInt8(ascii: ">")), ("&quot;", UInt8(ascii: "\""))]
    scan: while index < bytes.count {
        switch bytes[index] {
        case UInt8(ascii: "<"):
            guard let end = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else {
                fatalError("unclosed tag in highlighted HTML")
            }
            index = end + 1
        case UInt8(ascii: "&"):
            for (entity, byte) in entities where bytes[index...].starts(with: entity.utf8) {
                out.append(byte)
                index += entity.utf8.count
                continue scan
            }
            fatalError("unknown entity in highlighted HTML")
        default:
            out.append(bytes[index])
            index += 1
        }
    }
    return out
}
