/// `%%NAME%%` fields that would stay in the README as typed: names the README does not know
/// (`%%IMAGES%%`), and known names in a text that is inserted after they were filled
/// (`%%TAGS%%` in content.md, which goes in through `%%CONTENT%%`, after `%%TAGS%%` was filled).
enum PlaceholderLint {
    /// The README's fields in the order they are filled (see ``HubReadme``).
    static let order = ["TAGS", "ARCHES", "CONTENT", "VARIANT", "LOGO", "COMPOSE", "COMPOSE-YAML", "LICENSE",
                        "ISSUES", "GET-HELP", "MAINTAINER", "IMAGE", "REPO", "GITHUB-REPO"]
    /// Filled only in the Debian and Ubuntu paragraphs of the default variant.
    static let suitesField = "DEB-SUITES"
    static let suitesFiles: Set<String> = ["variant-default-debian.md", "variant-default-ubuntu.md"]

    /// The field that inserts the file called `name` into the README; nil for the template
    /// and the texts around it, which every field fills.
    static func insertingField(_ name: String) -> String? {
        switch name {
        case "content.md": "CONTENT"
        case "license.md", "license-common.md": "LICENSE"
        case "compose.md": "COMPOSE"
        case "compose.yaml": "COMPOSE-YAML"
        case "issues.md": "ISSUES"
        case "get-help.md": "GET-HELP"
        case "maintainer.md": "MAINTAINER"
        case "github-repo": "GITHUB-REPO"
        default: name.hasPrefix("variant") && name.hasSuffix(".md") ? "VARIANT" : nil
        }
    }

    /// Files of an image folder that never reach the README.
    static let notInReadme: Set<String> = ["README-short.txt", "metadata.json"]

    /// The problems of every file of `files` (name → file).
    static func check(_ files: [String: DocFile]) -> [Diagnostic] {
        files.sorted { $0.key < $1.key }.filter { !notInReadme.contains($0.key) }.flatMap { name, file in
            check(file, fileName: name)
        }
    }

    /// The problems of `file`, which the README knows as `fileName` (`content.md`).
    static func check(_ file: DocFile, fileName: String) -> [Diagnostic] {
        // Looked for in the bytes (`String.contains` compares `Character`s, which applies the
        // grapheme rules to the whole text of every docs file). A token's `%%` is followed by a
        // letter, so where there is a token both searches find a `%%`; where only bytes find
        // one, the token scan finds nothing.
        guard file.text.utf8.count >= 4, ByteSearch.contains(file.text, "%%") else { return [] }
        let filled: [String]
        let inserter = insertingField(fileName)
        if let inserter, let index = order.firstIndex(of: inserter) {
            filled = Array(order[(index + 1)...])
        } else {
            filled = order
        }
        var problems: [Diagnostic] = []
        for token in tokens(in: file.text) {
            let name = token.name
            if name == suitesField, suitesFiles.contains(fileName) { continue }
            if filled.contains(name) { continue }
            let placeholder = "%%\(name)%%"
            if let inserter, order.contains(name) {
                problems.append(.warning("readme.unfilled-placeholder", file: file.path, line: token.line, column: token.column,
                                         "\(placeholder) stays as typed in the README: this file goes in through %%\(inserter)%%, and inserted text is filled only with the fields after it",
                                         hint: filled.isEmpty ? "write the value out instead"
                                            : "here only " + filled.map { "%%\($0)%%" }.joined(separator: ", ") + " are filled; write the value out instead"))
            } else {
                let guess = closestKnown(to: name).map { "did you mean %%\($0)%%? " } ?? ""
                problems.append(.warning("readme.unknown-placeholder", file: file.path, line: token.line, column: token.column,
                                         "unknown placeholder \(placeholder): it stays as typed in the README",
                                         hint: guess + "known placeholders: " + order.map { "%%\($0)%%" }.joined(separator: ", ")))
            }
        }
        return problems
    }

    /// Every `%%NAME%%` of `text` (NAME: a letter, then letters, digits, `-` and `_`), with
    /// its line and column (1-based, columns in UTF-8 bytes).
    static func tokens(in text: String) -> [(name: String, line: Int, column: Int)] {
        let bytes = Array(text.utf8)
        let percent = UInt8(ascii: "%")
        var result: [(name: String, line: Int, column: Int)] = []
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard byte == percent, index + 1 < bytes.count, bytes[index + 1] == percent else {
                index += 1
                continue
            }
            var end = index + 2
            while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
            let nameRange = (index + 2)..<end
            if !nameRange.isEmpty, isLetter(bytes[index + 2]), end + 1 < bytes.count, bytes[end] == percent, bytes[end + 1] == percent {
                result.append((String(decoding: bytes[nameRange], as: UTF8.self), line, index - lineStart + 1))
                index = end + 2
            } else {
                index += 1
            }
        }
        return result
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// The known field `name` is most likely a typo of: the same letters in another case, or
    /// a few edits away (``Suggestion``).
    static func closestKnown(to name: String) -> String? {
        if let same = order.first(where: { $0 == name.uppercased() }) { return same }
        return Suggestion.closest(to: name, among: order)
    }
}
