/// The lints of the Docker Hub README, run on the README the render step wrote (a build) or
/// filled for the purpose (`sitegen check`, which renders nothing).
enum ReadmeLint {
    /// Docker Hub's limit for the full description (the README).
    static let limit = 25_000

    static func check(_ readme: String, of folder: ImageFolder) -> [Diagnostic] {
        // A character is at least one byte: only a README of more bytes than the limit can
        // have more characters, and counting characters walks the whole text.
        guard readme.utf8.count > limit, case let length = characterCount(readme), length > limit else { return [] }
        // A warning: the README is still published, but Docker Hub cuts it off.
        return [.warning("readme.too-long", file: folder.path + "/content.md",
                         "the generated README is \(length) characters; Docker Hub shows at most \(limit)",
                         hint: "move long sections to the image's own documentation and link to it")]
    }

    /// `text.count`, without Unicode's grapheme rules when the text is ASCII: then every byte
    /// is a character except the `\n` of a `\r\n`. Many READMEs are over the limit in bytes,
    /// and the general count applies the grapheme rules to every character of each of them.
    static func characterCount(_ text: String) -> Int {
        var count = 0
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte >= 0x80 { return text.count }
            if !(byte == 0x0A && previous == 0x0D) { count += 1 }
            previous = byte
        }
        return count
    }
}
