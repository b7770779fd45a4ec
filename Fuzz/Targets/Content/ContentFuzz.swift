import Markdown
import SiteGen

// A docs text on its way to a page: placeholders filled, then rendered as the site renders it
// (headings anchored and demoted, code blocks highlighted, Docker Hub links rewritten).
//
// The input is the text, optionally followed by NUL-separated values for the placeholders
// below, so the fuzzer also explores values that hold tokens, blanks and Markdown of their own.
// Placeholder filling is checked against a plain reference of docker-library's sed rules.

private let names = ["LOGO", "IMAGE", "CONTENT", "TAGS"]
private let defaultValues = [
    "![logo](https://raw.githubusercontent.com/docker-library/docs/abc/lumen/logo.png)",
    "lumen",
    "# Title\n\n```console\n$ docker run %%IMAGE%%\n```\n\n[Redis](https://hub.docker.com/_/redis/)",
    "-\t[`1.0`, `latest`](https://github.com/x/y/blob/abc/Dockerfile)",
]

func fuzzContent(_ input: UnsafeBufferPointer<UInt8>) {
    let parts = input
        .split(separator: 0, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
    let text = parts.first ?? ""
    let placeholders = names.indices.map { index in
        Placeholder(names[index], index + 1 < parts.count ? parts[index + 1] : defaultValues[index],
                    eatsSurroundingBlanks: names[index] == "LOGO")
    }

    let filled = Placeholder.substitute(placeholders, in: text)
    // As bytes: `==` on strings would accept a canonically equivalent result.
    if Array(filled.utf8) != Array(referenceSubstitute(placeholders, in: text).utf8) {
        fatalError("placeholder filling differs from the sed rule")
    }

    let renderer = ContentRenderer(siteImages: ["lumen", "redis"])
    let rendered = renderer.render(filled, page: "lumen/alpine/index.html", demoteHeadings: input.count % 2 == 0,
                                   reservedIDs: ["tags", "content"], fragmentFallback: "lumen/index.html")
    // Every heading gets its self-link and every code block its focusable `<pre>`; one
    // missed tag would shift the rest onto the wrong elements.
    let html = Array(rendered.html.utf8)
    if occurrences(of: "<a class=\"anchor\" href=\"#", in: html) != rendered.headings.count {
        fatalError("a heading lost its self-link")
    }
    if occurrences(of: "<pre tabindex=\"0\"><code", in: html) != Document(parsing: filled).codeBlocks.count {
        fatalError("a code block was not processed")
    }
}

private func occurrences(of needle: String, in haystack: [UInt8]) -> Int {
    haystack.ranges(of: Array(needle.utf8)).count
}

/// docker-library fills each field with `sed -e 's/%%NAME%%/value/g'` over the whole text,
/// field after field; the logo's expression also takes the blanks around it
/// (`s/\s*%%LOGO%%\s*/…/g`, sed never seeing a newline). Both work on bytes, as sed does;
/// `Character`s would join a token to a combining mark after it.
private func referenceSubstitute(_ placeholders: [Placeholder], in text: String) -> String {
    var result = text
    for placeholder in placeholders {
        if placeholder.eatsSurroundingBlanks {
            let bytes = sedEatingBlanks(Array(result.utf8), token: Array(placeholder.token.utf8), value: Array(placeholder.value.utf8))
            result = String(decoding: bytes, as: UTF8.self)
        } else {
            let bytes = Array(result.utf8).replacing(Array(placeholder.token.utf8), with: Array(placeholder.value.utf8))
            result = String(decoding: bytes, as: UTF8.self)
        }
    }
    return result
}

/// sed's `s/\s*TOKEN\s*/value/g` the way a regex engine runs it: at each position from the end
/// of the last match, leftmost first, take the blanks, then the token, then the blanks after it.
/// (Swift's `Regex` would do, but compiling one leaks memory inside the standard library, which
/// LeakSanitizer then reports.)
private func sedEatingBlanks(_ text: [UInt8], token: [UInt8], value: [UInt8]) -> [UInt8] {
    let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0B || $0 == 0x0C || $0 == 0x0D }
    var output: [UInt8] = []
    var copied = 0
    var start = 0
    while start < text.count {
        var end = start
        while end < text.count, isBlank(text[end]) { end += 1 }
        guard text[end...].starts(with: token) else {
            start += 1
            continue
        }
        end += token.count
        while end < text.count, isBlank(text[end]) { end += 1 }
        output += text[copied..<start]
        output += value
        copied = end
        start = end
    }
    output += text[copied...]
    return output
}
