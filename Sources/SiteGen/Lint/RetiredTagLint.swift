/// With history: `image:tag` names in an image's `content.md` whose tag the library has
/// retired. A reader who copies such a command pulls an image that is no longer rebuilt.
enum RetiredTagLint {
    static func check(_ site: ImageSite) -> [Diagnostic] {
        guard let history = site.history, let content = site.image.folder["content.md"] else { return [] }
        let listed = Set(site.image.entries.flatMap { $0.tags + $0.sharedTags })
        var retired: [String: TagHistory] = [:]
        for tag in history.tags where tag.isRetired && !listed.contains(tag.name) {
            retired[tag.name] = tag
        }
        guard !retired.isEmpty else { return [] }
        let prefix = Array((site.name + ":").utf8)
        var problems: [Diagnostic] = []
        for (offset, line) in content.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // Each line on its own, with the README's placeholders filled (`%%IMAGE%%:2.7`).
            let text = Array(site.substitute(String(line)).utf8)
            var seen: Set<String> = []
            var index = 0
            while index < text.count, let found = text[index...].firstRange(of: prefix)?.lowerBound {
                index = found + prefix.count
                // The name must stand alone: `mypython:2.7` names another image.
                if found > 0, isNameByte(text[found - 1]) || text[found - 1] == UInt8(ascii: "/") { continue }
                var end = index
                while end < text.count, isTagByte(text[end]) { end += 1 }
                // A sentence's full stop is not part of the tag.
                while end > index, text[end - 1] == UInt8(ascii: ".") { end -= 1 }
                let name = String(decoding: text[index..<end], as: UTF8.self)
                guard let tag = retired[name], let when = tag.retired, seen.insert(name).inserted else { continue }
                let day = SiteRenderer.when(when).day
                problems.append(.warning("history.retired-tag-mentioned", file: content.path, line: offset + 1, column: found + 1,
                                         "`\(site.name):\(name)` was retired from the library on \(day): readers who pull it get an image that is no longer rebuilt",
                                         hint: "name a tag the library lists today, or say that this one is retired (its history: \(SitePaths.history(site.name)))"))
            }
        }
        return problems
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ".")
    }

    private static func isTagByte(_ byte: UInt8) -> Bool {
        isNameByte(byte) || (byte >= 0x41 && byte <= 0x5A)
    }
}
