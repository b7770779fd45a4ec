import Foundation

/// A docset feed: the small XML file Dash and Zeal subscribe to, naming the docset's current
/// version and where its `.tgz` is. A reader that added the feed's address downloads the
/// tarball when the version differs from the one it has.
///
/// ```xml
/// <?xml version="1.0" encoding="UTF-8"?>
/// <!-- docset feed written by sitegen bundle -->
/// <entry>
///   <version>3f2a9c0d41b7e865</version>
///   <url>https://docs.example.org/docset/Container-images.tgz</url>
/// </entry>
/// ```
struct DocsetFeed: Sendable {
    /// How every feed sitegen writes starts, the comment included: a file at the feed's path
    /// that starts otherwise is someone's own feed and is not replaced. (Dash and Zeal read
    /// the file as XML, which skips comments.)
    static let opening = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- docset feed written by sitegen bundle -->\n<entry>\n"

    /// ``Docset/Version``: a digest of the docset's files.
    let version: String
    /// The `.tgz`'s absolute address.
    let tarball: String

    var xml: Data {
        Data((Self.opening
              + "  <version>\(Self.escaped(version))</version>\n"
              + "  <url>\(Self.escaped(tarball))</url>\n"
              + "</entry>\n").utf8)
    }

    /// The address of `<name>.tgz` when the feed and the tarball are served from `folder`
    /// (`--feed-url`): an absolute `http` or `https` address of the folder, written as it goes
    /// on the wire (non-ASCII and spaces percent-encoded), without a password, query or
    /// fragment; a trailing `/` is optional, and the feed's own address (ending
    /// `/<name>.xml`) names the same folder. `name` is percent-encoded in the result.
    static func address(of folder: String, name: String) throws(Diagnostic) -> String {
        let hint = "give --feed-url the web folder that will serve \(name).xml and \(name).tgz, such as https://docs.example.org/docset/"
        // RFC 3986's unreserved and reserved characters, and `%` for what is already encoded.
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%".unicodeScalars)
        if let bad = folder.unicodeScalars.first(where: { !allowed.contains($0) }) {
            throw .error("docset.feed-url", "--feed-url `\(folder)` holds `\(bad)`, which a web address writes percent-encoded",
                         hint: hint + " (a space is %20; a host name outside ASCII is written in its xn-- form)")
        }
        let scalars = Array(folder.unicodeScalars)
        for (index, scalar) in scalars.enumerated() where scalar == "%" {
            let following = scalars.dropFirst(index + 1).prefix(2)
            guard following.count == 2, following.allSatisfy({ $0.properties.isASCIIHexDigit }) else {
                throw .error("docset.feed-url", "--feed-url `\(folder)` has a `%` that is not followed by two hex digits", hint: hint)
            }
        }
        guard let components = URLComponents(string: folder), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            throw .error("docset.feed-url", "--feed-url `\(folder)` is not an http or https address", hint: hint)
        }
        // A host name is ASCII (xn-- for others), with no `%`, except an IPv6 zone in brackets.
        let encodedHost = components.percentEncodedHost ?? ""
        guard encodedHost.hasPrefix("[") || !encodedHost.contains("%"), components.port.map({ (1...65535).contains($0) }) ?? true else {
            throw .error("docset.feed-url", "--feed-url `\(folder)` has a host or port no reader can reach",
                         hint: hint + " (a host name outside ASCII is written in its xn-- form; a port is 1 to 65535)")
        }
        guard components.user == nil, components.password == nil else {
            throw .error("docset.feed-url", "--feed-url has a user name or password in it, which would be published in the feed",
                         hint: "give the public address readers download from; serve the files without a login")
        }
        guard components.query == nil, components.fragment == nil else {
            throw .error("docset.feed-url", "--feed-url `\(folder)` has a query or fragment; readers fetch \(name).tgz beside the feed", hint: hint)
        }
        var path = components.percentEncodedPath
        let last = path.split(separator: "/", omittingEmptySubsequences: true).last.map { String($0).removingPercentEncoding ?? String($0) }
        if let last, last.lowercased().hasSuffix(".xml") || last.lowercased().hasSuffix(".tgz") {
            guard last == name + ".xml" || last == name + ".tgz" else {
                throw .error("docset.feed-url", "--feed-url `\(folder)` names the file \(last); the feed and tarball are \(name).xml and \(name).tgz",
                             hint: hint)
            }
            // The folder, its own `/` kept (so `a//B.xml` stays `a//`).
            path = String(path[...(path.lastIndex(of: "/") ?? path.startIndex)])
        }
        if !path.hasSuffix("/") { path += "/" }
        var unreserved = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        unreserved.insert(charactersIn: "-._~")
        let encodedName = (name + ".tgz").addingPercentEncoding(withAllowedCharacters: unreserved) ?? name + ".tgz"
        var result = components
        result.percentEncodedPath = path + encodedName
        return result.string ?? folder
    }

    private static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }
}
