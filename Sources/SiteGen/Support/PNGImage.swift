import CLibPNG
import Foundation

/// A picture as 8-bit RGBA (sRGB, straight alpha), read from and written as PNG by libpng's
/// simplified API, which handles every PNG colour type and bit depth for us. It exists for the
/// docset's icons (``DocsetIcon``): a logo scaled down to 16×16 and 32×32.
struct PNGImage: Sendable, Equatable {
    let width: Int
    let height: Int
    /// Rows top to bottom, 4 bytes a pixel: red, green, blue, alpha.
    let pixels: [UInt8]

    /// Why bytes could not be read as a PNG, in libpng's words ("Not a PNG file", "bad CRC").
    struct Failure: Error, Sendable {
        let reason: String
    }

    /// The largest side read. A logo is a few hundred pixels; this bounds the memory a hostile
    /// or broken file can make the build allocate (4 bytes a pixel: 64 MiB at most).
    static let maximumSide = 4096

    init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 4, "RGBA needs 4 bytes a pixel")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    init(png data: Data) throws(Failure) {
        // libpng keeps the pointer it is given between the two calls, so both run while the
        // bytes are pinned.
        let decoded: Result<PNGImage, Failure> = data.withUnsafeBytes { bytes in
            var image = png_image()
            image.version = sitegen_png_image_version
            guard png_image_begin_read_from_memory(&image, bytes.baseAddress, bytes.count) != 0 else {
                return .failure(Failure(reason: Self.message(of: &image)))
            }
            defer { png_image_free(&image) }
            guard Int(image.width) <= Self.maximumSide, Int(image.height) <= Self.maximumSide else {
                return .failure(Failure(reason: "it is \(image.width)×\(image.height) pixels; at most \(Self.maximumSide) on a side is read"))
            }
            image.format = sitegen_png_format_rgba
            var pixels = [UInt8](repeating: 0, count: Int(image.width) * Int(image.height) * 4)
            let finished = pixels.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
            guard finished != 0 else { return .failure(Failure(reason: Self.message(of: &image))) }
            return .success(PNGImage(width: Int(image.width), height: Int(image.height), pixels: pixels))
        }
        self = try decoded.get()
    }

    /// The picture as a PNG file: RGBA, no text or time chunks, so the same pixels always give
    /// the same bytes (with the same libpng and zlib).
    func pngData() throws(Failure) -> Data {
        var image = png_image()
        image.version = sitegen_png_image_version
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = sitegen_png_format_rgba
        var size: png_alloc_size_t = 0
        // The first call measures, the second writes.
        let measured = pixels.withUnsafeBytes { png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, 0, nil) }
        guard measured != 0 else { throw Failure(reason: Self.message(of: &image)) }
        var output = [UInt8](repeating: 0, count: Int(size))
        let written = output.withUnsafeMutableBytes { buffer in
            pixels.withUnsafeBytes { png_image_write_to_memory(&image, buffer.baseAddress, &size, 0, $0.baseAddress, 0, nil) }
        }
        guard written != 0 else { throw Failure(reason: Self.message(of: &image)) }
        png_image_free(&image)
        return Data(output.prefix(Int(size)))
    }

    private static func message(of image: inout png_image) -> String {
        let text = withUnsafeBytes(of: &image.message) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        png_image_free(&image)
        return text.isEmpty ? "libpng could not read it" : text
    }

    // MARK: Scaling

    /// The smallest rectangle holding every pixel that is not fully transparent; nil when all are.
    var visibleBounds: (x: Int, y: Int, width: Int, height: Int)? {
        var minX = width, minY = height, maxX = -1, maxY = -1
        for y in 0..<height {
            for x in 0..<width where pixels[(y * width + x) * 4 + 3] != 0 {
                minX = min(minX, x); maxX = max(maxX, x)
                minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        return maxX < 0 ? nil : (minX, minY, maxX - minX + 1, maxY - minY + 1)
    }

    /// The part of the picture inside `bounds` scaled to fit a `side`×`side` square, centred on
    /// a transparent background.
    ///
    /// Each output pixel is the area-weighted average of the source pixels it covers (a box
    /// filter, exact for any ratio), taken in linear light and with premultiplied alpha: averaging
    /// sRGB values darkens thin light strokes, and averaging straight colour bleeds the colour of
    /// invisible pixels into edges.
    func fitted(_ bounds: (x: Int, y: Int, width: Int, height: Int), into side: Int) -> PNGImage {
        let scale = Double(side) / Double(max(bounds.width, bounds.height))
        let outWidth = max(1, Int((Double(bounds.width) * scale).rounded()))
        let outHeight = max(1, Int((Double(bounds.height) * scale).rounded()))
        let offsetX = (side - outWidth) / 2, offsetY = (side - outHeight) / 2
        let toLinear = (0..<256).map { Self.linear(Double($0) / 255) }
        var result = [UInt8](repeating: 0, count: side * side * 4)
        for outY in 0..<outHeight {
            let spanY = Self.span(outY, outSize: outHeight, inSize: bounds.height)
            for outX in 0..<outWidth {
                let spanX = Self.span(outX, outSize: outWidth, inSize: bounds.width)
                var red = 0.0, green = 0.0, blue = 0.0, alpha = 0.0, area = 0.0
                for (y, weightY) in spanY {
                    for (x, weightX) in spanX {
                        let weight = weightX * weightY
                        let index = ((bounds.y + y) * width + bounds.x + x) * 4
                        let a = Double(pixels[index + 3]) / 255 * weight
                        red += toLinear[Int(pixels[index])] * a
                        green += toLinear[Int(pixels[index + 1])] * a
                        blue += toLinear[Int(pixels[index + 2])] * a
                        alpha += a
                        area += weight
                    }
                }
                let index = ((offsetY + outY) * side + offsetX + outX) * 4
                guard alpha > 0, area > 0 else { continue }
                result[index] = Self.byte(Self.sRGB(red / alpha))
                result[index + 1] = Self.byte(Self.sRGB(green / alpha))
                result[index + 2] = Self.byte(Self.sRGB(blue / alpha))
                result[index + 3] = Self.byte(alpha / area)
            }
        }
        return PNGImage(width: side, height: side, pixels: result)
    }

    /// The source pixels under output pixel `index` of `outSize`, when `inSize` source pixels
    /// map onto `outSize`, with the share of each that falls inside it.
    private static func span(_ index: Int, outSize: Int, inSize: Int) -> [(Int, Double)] {
        let ratio = Double(inSize) / Double(outSize)
        let start = Double(index) * ratio, end = Double(index + 1) * ratio
        var result: [(Int, Double)] = []
        var pixel = Int(start)
        while Double(pixel) < end, pixel < inSize {
            let covered = min(end, Double(pixel + 1)) - max(start, Double(pixel))
            if covered > 0 { result.append((pixel, covered)) }
            pixel += 1
        }
        return result
    }

    static func linear(_ value: Double) -> Double {
        value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
    }

    static func sRGB(_ value: Double) -> Double {
        value <= 0.0031308 ? value * 12.92 : 1.055 * pow(value, 1 / 2.4) - 0.055
    }

    static func byte(_ value: Double) -> UInt8 {
        UInt8(max(0, min(255, (value * 255).rounded())))
    }
}
