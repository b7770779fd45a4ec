import Foundation

/// The logo of an image: there is one (unless the image is deprecated), in a format
/// docker-library takes (`logo.png` or `logo.svg`), of a sensible size, and, for SVG, with
/// nothing in it that runs: the site serves the file from its own address, where a script
/// opened with it would act with the site's rights.
enum LogoLint {
    /// Above this a logo is heavy for what it shows. docker-library logos are mostly under
    /// 50 KB; the largest of the corpus are 254 KB (8000 pixels wide) and 331 KB.
    static let byteLimit = 200 * 1024
    /// A logo is shown at about a hundred pixels; more than this on a side is waste, fewer
    /// than `minimumSide` is a broken export.
    static let maximumSide = 2048
    static let minimumSide = 16

    /// The problems of `folder`'s logo; `listing` is every name in the folder.
    static func check(_ folder: ImageFolder, listing: [String]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let others = listing.filter { name in
            name.lowercased().hasPrefix("logo.") && name != "logo.png" && name != "logo.svg"
        }
        for name in others {
            problems.append(.warning("docs.logo-format", file: folder.path + "/" + name,
                                     "\(name) is not used: docker-library takes only logo.png or logo.svg",
                                     hint: folder.logo.map { "remove it; the image's logo is \($0.fileName)" }
                                        ?? "convert it to PNG or SVG and name it logo.png or logo.svg"))
        }
        guard let logo = folder.logo else {
            if others.isEmpty, !folder.isDeprecated {
                problems.append(.warning("docs.missing-logo", file: folder.path, "the image has no logo",
                                         hint: "add a logo.svg, or a logo.png a few hundred pixels wide and under \(byteLimit / 1024) KB; Docker Hub and the site show it beside the name"))
            }
            return problems
        }
        let path = folder.path + "/" + logo.fileName
        guard let size = fileSize(logo.path) else {
            return problems + [.error("docs.unreadable", file: path, "cannot read the logo", hint: "check that it is a readable file")]
        }
        if size > byteLimit {
            problems.append(.warning("docs.logo-too-large", file: path,
                                     "\(logo.fileName) is \(size / 1024) KB; a logo is shown small, and most are under 50 KB",
                                     hint: "scale it down or compress it (oxipng, svgo) to under \(byteLimit / 1024) KB: every visit downloads it"))
        }
        switch logo.format {
        case .png:
            guard let head = FileInput.head(logo.path, count: 24) else {
                return problems + [.error("docs.unreadable", file: path, "cannot read the logo", hint: "check that it is a readable file")]
            }
            problems += checkPNG(head, path: path)
        case .svg:
            guard let data = FileInput.head(logo.path, count: min(size, SafeFileReader.maximumFileSize)) else {
                return problems + [.error("docs.unreadable", file: path, "cannot read the logo", hint: "check that it is a readable file")]
            }
            problems += checkSVG(data, path: path)
        }
        return problems
    }

    /// A PNG's signature and the size its IHDR chunk gives.
    static func checkPNG(_ head: [UInt8], path: String) -> [Diagnostic] {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard head.count >= 24, head.prefix(8).elementsEqual(signature), head[12..<16].elementsEqual(Array("IHDR".utf8)) else {
            return [.warning("docs.logo-invalid", file: path, "logo.png is not a PNG image",
                             hint: "export the logo as PNG (or SVG, as logo.svg); browsers and Docker Hub go by the contents")]
        }
        let bigEndian = { (offset: Int) in head[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        let width = bigEndian(16)
        let height = bigEndian(20)
        guard max(width, height) > maximumSide || min(width, height) < minimumSide else { return [] }
        return [.warning("docs.logo-dimensions", file: path,
                         "logo.png is \(width) by \(height) pixels; it is shown at about a hundred",
                         hint: "export it at most \(maximumSide) pixels on its longer side (a few hundred is plenty) and at least \(minimumSide) on its shorter")]
    }

    /// An SVG's root element, and anything in it that runs script: `<script>`, `on…=` event
    /// attributes, `javascript:` addresses. Each kind is reported once, where it first occurs.
    static func checkSVG(_ bytes: [UInt8], path: String) -> [Diagnostic] {
        let lower = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        guard firstIndex(of: Array("<svg".utf8), in: lower, from: 0) != nil else {
            return [.warning("docs.logo-invalid", file: path, "logo.svg has no <svg> element",
                             hint: "export the logo as SVG (or PNG, as logo.png)")]
        }
        var findings: [(what: String, offset: Int)] = []
        if let offset = firstIndex(of: Array("<script".utf8), in: lower, from: 0) { findings.append(("a <script> element", offset)) }
        if let offset = eventAttribute(in: lower) {
            let name = lower[offset...].prefix { $0 >= 0x61 && $0 <= 0x7A }
            findings.append(("an event handler (`\(String(decoding: name, as: UTF8.self))=`)", offset))
        }
        if let offset = firstIndex(of: Array("javascript:".utf8), in: lower, from: 0) { findings.append(("a `javascript:` address", offset)) }
        return findings.sorted { $0.offset < $1.offset }.map { finding in
            let (line, column) = position(of: finding.offset, in: bytes)
            return .error("docs.logo-unsafe-svg", file: path, line: line, column: column,
                          "logo.svg contains \(finding.what); the site serves the file from its own address, where it would run",
                          hint: "remove scripts, on…= attributes and javascript: links (e.g. with svgo); a logo needs none")
        }
    }

    /// Where an `on…=` attribute starts inside a tag (outside quoted values).
    private static func eventAttribute(in lower: [UInt8]) -> Int? {
        var inTag = false
        var quote: UInt8?
        var index = 0
        while index < lower.count {
            let byte = lower[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if !inTag {
                if byte == UInt8(ascii: "<") { inTag = true }
            } else if byte == UInt8(ascii: ">") {
                inTag = false
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if isSpace(byte), index + 3 < lower.count, lower[index + 1] == UInt8(ascii: "o"), lower[index + 2] == UInt8(ascii: "n") {
                var end = index + 3
                while end < lower.count, lower[end] >= 0x61, lower[end] <= 0x7A { end += 1 }
                var afterName = end
                while afterName < lower.count, isSpace(lower[afterName]) { afterName += 1 }
                if end > index + 3, afterName < lower.count, lower[afterName] == UInt8(ascii: "=") { return index + 1 }
            }
            index += 1
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        Placeholder.firstIndex(of: needle, in: haystack, from: start)
    }

    /// 1-based line and column (in bytes) of `offset`.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }

    /// The size of the regular file at `path`; nil when it is not one or cannot be read.
    /// (`stat` and `access`: `FileManager.attributesOfItem` also looks up the owner's user and
    /// group names, reading /etc/passwd and /etc/group for every logo.)
    private static func fileSize(_ path: String) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, access(path, R_OK) == 0 else { return nil }
        return Int(status.st_size)
    }
}
