/// The `ETag` of a response body: a hash of the bytes actually sent.
///
/// Pages are served with `Cache-Control: no-cache`, so the browser asks again every time and
/// sends the tag back in `If-None-Match`; hashing the sent bytes (after the reload script
/// went in) means a rebuilt page, or the same page while a build failure is shown, never
/// matches an old tag, and an unchanged one costs a 304 with no body.
public struct EntityTag: Sendable, Hashable {
    /// The quoted value, as it goes in the header: `"9f86d081884c7d65"`.
    public let value: String

    public init(of bytes: [UInt8]) {
        // 64-bit FNV-1a: not a defence against collisions made on purpose, which a local
        // preview does not need, but fast and spread well enough for change detection.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
        }
        let hex = String(hash, radix: 16)
        value = "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }

    /// Whether an `If-None-Match` header value names this tag: `*`, or a comma-separated list
    /// of tags, weak (`W/"…"`) or strong, compared weakly as RFC 9110 asks for this header.
    public func isMatched(by ifNoneMatch: String) -> Bool {
        let candidates = ifNoneMatch.split(separator: ",").map { $0.trimmingSpaces() }
        return candidates.contains { candidate in
            candidate == "*" || (candidate.hasPrefix("W/") ? String(candidate.dropFirst(2)) : candidate) == value
        }
    }
}

private extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
