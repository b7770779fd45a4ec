import Foundation

/// The docset's icons: `icon.png` at 16×16 and `icon@2x.png` at 32×32, the files and sizes Dash
/// and Zeal show beside a docset's name (Zeal shows a dash for an icon of another shape).
///
/// Where the picture comes from, first that applies:
/// 1. `--icon` (config `docset.icon`): a PNG the team chose, scaled to fit;
/// 2. a site of one image: its PNG logo, when it is no more than twice as wide as high (or
///    high as wide) once its transparent margins are cut: a wider wordmark would be an
///    unreadable strip at 16 pixels;
/// 3. sitegen's mark, drawn here: three stacked containers on the theme's accent blue.
///
/// One image's logo never stands for a catalog of many: the docset is the whole site's.
struct DocsetIcon: Sendable {
    enum Source: Equatable, Sendable {
        /// The `--icon` file.
        case file(String)
        /// The logo of the site's only image.
        case logo(image: String)
        case mark
    }

    static let smallName = "icon.png"
    static let largeName = "icon@2x.png"
    static let smallSide = 16
    static let largeSide = 32
    /// How much longer than the other side a logo's side may be to be used.
    static let widestRatio = 2.0

    let source: Source
    /// `icon.png`, 16×16.
    let small: Data
    /// `icon@2x.png`, 32×32.
    let large: Data
    /// Each picture's width, height and RGBA pixels, for the docset's version: the PNG bytes
    /// also depend on the system's libpng and zlib, and an update of those must not offer
    /// readers an update of the docs.
    let smallPixels: Data
    let largePixels: Data

    init(source: Source, small: PNGImage, large: PNGImage) throws(Diagnostic) {
        self.source = source
        self.small = try Self.encoded(small)
        self.large = try Self.encoded(large)
        smallPixels = Self.pixels(of: small)
        largePixels = Self.pixels(of: large)
    }

    static func pixels(of picture: PNGImage) -> Data {
        var data = Data()
        withUnsafeBytes(of: UInt32(picture.width).littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(picture.height).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: picture.pixels)
        return data
    }

    /// The icons of the docset of `model`'s site built at `site`, with `configured` (a path) in
    /// charge when given. A configured file that is not a PNG libpng can read is an error; a
    /// logo that is not one is passed over for the mark.
    static func make(configured: String?, model: BundleModel, site: BuiltSite) throws(Diagnostic) -> DocsetIcon {
        if let configured {
            let (picture, bounds) = try configuredPicture(configured)
            return try icon(of: picture, bounds: bounds, source: .file(configured))
        }
        if model.sites.count == 1, let item = model.sites.first, let logo = item.image.folder.logo, logo.format == .png,
           let data = try? site.contents(of: SitePaths.logo(item.name, logo)),
           let picture = try? PNGImage(png: data), let bounds = picture.visibleBounds,
           Double(max(bounds.width, bounds.height)) / Double(min(bounds.width, bounds.height)) <= widestRatio {
            return try icon(of: picture, bounds: bounds, source: .logo(image: item.name))
        }
        return try DocsetIcon(source: .mark, small: mark(side: smallSide), large: mark(side: largeSide))
    }

    /// The `--icon` file read and checked: a PNG libpng can read with something visible in it.
    /// The bundler calls this before it builds, so a wrong path fails at once.
    static func configuredPicture(_ path: String) throws(Diagnostic) -> (PNGImage, (x: Int, y: Int, width: Int, height: Int)) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw .error("docset.icon-unreadable", file: path, "the docset icon is a folder, not a PNG file",
                         hint: "give --icon (or docset.icon in sitegen.yml) a PNG file, square or nearly, at least 32 pixels on a side")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .error("docset.icon-unreadable", file: path, "cannot read the docset icon: \(FileProblem.reason(error, path: path))",
                         hint: "give --icon (or docset.icon in sitegen.yml) a PNG file, square or nearly, at least 32 pixels on a side")
        }
        let picture: PNGImage
        do {
            picture = try PNGImage(png: data)
        } catch {
            throw .error("docset.icon-not-png", file: path, "the docset icon is not a PNG sitegen can read: \(error.reason)",
                         hint: "give --icon a PNG file (convert an SVG first, e.g. `rsvg-convert -w 64 logo.svg -o icon.png`)")
        }
        guard let bounds = picture.visibleBounds else {
            throw .error("docset.icon-empty", file: path, "the docset icon is fully transparent",
                         hint: "give --icon a PNG with something to see in it")
        }
        return (picture, bounds)
    }

    private static func icon(of picture: PNGImage, bounds: (x: Int, y: Int, width: Int, height: Int), source: Source) throws(Diagnostic) -> DocsetIcon {
        try DocsetIcon(source: source, small: picture.fitted(bounds, into: smallSide),
                       large: picture.fitted(bounds, into: largeSide))
    }

    private static func encoded(_ picture: PNGImage) throws(Diagnostic) -> Data {
        do {
            return try picture.pngData()
        } catch {
            throw .error("docset.icon-unwritable", "cannot encode the docset icon: \(error.reason)",
                         hint: "report this; libpng refused a \(picture.width)×\(picture.height) RGBA picture")
        }
    }

    // MARK: The mark

    /// A rectangle with rounded corners, in units of a 16-unit square.
    private struct Box {
        let left, top, right, bottom, radius: Double

        func contains(_ x: Double, _ y: Double) -> Bool {
            guard x >= left, x <= right, y >= top, y <= bottom else { return false }
            let cornerX = x < left + radius ? left + radius : (x > right - radius ? right - radius : x)
            let cornerY = y < top + radius ? top + radius : (y > bottom - radius ? bottom - radius : y)
            let dx = x - cornerX, dy = y - cornerY
            return dx * dx + dy * dy <= radius * radius
        }
    }

    /// The tile, and three containers stacked one over two, on whole units of the 16-unit grid
    /// so both sizes stay sharp.
    private static let tile = Box(left: 0, top: 0, right: 16, bottom: 16, radius: 3)
    private static let containers = [
        Box(left: 5, top: 4, right: 11, bottom: 8, radius: 0.75),
        Box(left: 2, top: 9, right: 7, bottom: 13, radius: 0.75),
        Box(left: 9, top: 9, right: 14, bottom: 13, radius: 0.75),
    ]
    /// The theme's accent (`--accent` in site.css) and white.
    private static let tileColour: [UInt8] = [0x0B, 0x5C, 0xAD]
    private static let containerColour: [UInt8] = [0xFF, 0xFF, 0xFF]

    /// The mark at `side` pixels: each pixel's colour from 8×8 samples, so edges and corners
    /// are smooth.
    static func mark(side: Int) -> PNGImage {
        let samples = 8
        let unit = 16 / Double(side)
        var pixels = [UInt8](repeating: 0, count: side * side * 4)
        for y in 0..<side {
            for x in 0..<side {
                var onTile = 0, onContainer = 0
                for sy in 0..<samples {
                    for sx in 0..<samples {
                        let px = (Double(x) + (Double(sx) + 0.5) / Double(samples)) * unit
                        let py = (Double(y) + (Double(sy) + 0.5) / Double(samples)) * unit
                        guard tile.contains(px, py) else { continue }
                        onTile += 1
                        if containers.contains(where: { $0.contains(px, py) }) { onContainer += 1 }
                    }
                }
                guard onTile > 0 else { continue }
                let index = (y * side + x) * 4
                let share = Double(onContainer) / Double(onTile)
                for channel in 0..<3 {
                    // Mixed in linear light, as PNGImage scales.
                    let mixed = PNGImage.linear(Double(tileColour[channel]) / 255) * (1 - share)
                        + PNGImage.linear(Double(containerColour[channel]) / 255) * share
                    pixels[index + channel] = PNGImage.byte(PNGImage.sRGB(mixed))
                }
                pixels[index + 3] = PNGImage.byte(Double(onTile) / Double(samples * samples))
            }
        }
        return PNGImage(width: side, height: side, pixels: pixels)
    }
}
