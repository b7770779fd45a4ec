import Foundation

/// With history: `image:tag` names in an image's `content.md` whose tag the library has
/// retired. A reader who copies such a command pulls an image that is no longer rebuilt.
enum RetiredTagLint {
    static func check(_ site: ImageSite) -> [Diagnostic] {
        guard site.libraryHistory != nil, let content = site.image.folder["content.md"] else { return [] }
        // A tag is looked up in the history only when a line names one the library does not
        // list: most images' texts name none.
        let listed = Set(site.image.entries.flatMap { $0.tags + $0.sharedTags })
        let prefix = Array((site.name + ":").utf8)
        var mentions: [(line: Int, column: Int, name: String)] = []
        // Lines split on the bytes: splitting the String compares Characters, which cost this
        // lint most of its time on the official images' texts.
        for (offset, line) in Array(content.text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            // Each line on its own, with the README's placeholders filled (`%%IMAGE%%:2.7`).
            let text = line.contains(UInt8(ascii: "%"))
                ? Array(site.substitute(String(decoding: line, as: UTF8.self)).utf8) : Array(line)
            var index = 0
            while index < text.count, let found = Self.find(prefix, in: text, from: index) {
                index = found + prefix.count
                // The name must stand alone: `mypython:2.7` names another image.
                if found > 0, isNameByte(text[found - 1]) || text[found - 1] == UInt8(ascii: "/") { continue }
                var end = index
                while end < text.count, isTagByte(text[end]) { end += 1 }
                // A sentence's full stop is not part of the tag.
                while end > index, text[end - 1] == UInt8(ascii: ".") { end -= 1 }
                let name = String(decoding: text[index..<end], as: UTF8.self)
                if !listed.contains(name) { mentions.append((offset + 1, found + 1, name)) }
            }
        }
        guard !mentions.isEmpty, let summary = site.historySummary else { return [] }
        let retired = summary.retired(Set(mentions.map(\.name)))
        var problems: [Diagnostic] = []
        var seen: (line: Int, names: Set<String>) = (0, [])
        for mention in mentions {
            guard let when = retired[mention.name] else { continue }
            if seen.line != mention.line { seen = (mention.line, []) }
            // Each tag once a line.
            guard seen.names.insert(mention.name).inserted else { continue }
            let day = SiteRenderer.when(when).day
            problems.append(.warning("history.retired-tag-mentioned", file: content.path, line: mention.line, column: mention.column,
                                     "`\(site.name):\(mention.name)` was retired from the library on \(day): readers who pull it get an image that is no longer rebuilt",
                                     hint: "name a tag the library lists today, or say that this one is retired (its history: \(SitePaths.history(site.name)))"))
        }
        return problems
    }

    /// Where `needle` (not empty) first occurs in `haystack` at or after `start`: its first
    /// byte found with memchr, then the rest compared (the generic `firstRange(of:)` cost this
    /// lint most of its time).
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        haystack.withUnsafeBufferPointer { hay in
            guard let base = hay.baseAddress, let first = needle.first else { return nil }
            var from = start
            while from + needle.count <= hay.count,
                  let hit = memchr(base + from, Int32(first), hay.count - from) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                guard at + needle.count <= hay.count else { return nil }
                if hay[at..<(at + needle.count)].elementsEqual(needle) { return at }
                from = at + 1
            }
            return nil
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ".")
    }

    private static func isTagByte(_ byte: UInt8) -> Bool {
        isNameByte(byte) || (byte >= 0x41 && byte <= 0x5A)
    }
}
