/// The search index written while the images' pages are rendered: each image's fragment goes
/// to disk as soon as every image before it has gone, so the file is complete moments after
/// the last page instead of being written whole, on one core, at the end of the build.
///
/// Lays the fragments out as ``SearchIndex/assemble(_:)`` does (same bytes, same slices).
struct SearchIndexStream {
    private let appender: SiteWriter.Staging.Appender
    /// Fragments that came before those of earlier images, by image index.
    private var waiting: [Int: (name: String, bytes: [UInt8])] = [:]
    private var next = 0
    private var offset = 0
    private var first = true
    /// Where each image's items are in the file, in image order.
    private(set) var slices: [SearchIndex.Slice] = []

    init(_ appender: SiteWriter.Staging.Appender) {
        self.appender = appender
        appender.append(SearchIndex.prefix)
        offset = SearchIndex.prefix.count
    }

    /// The fragment of the image at `index` (of the order the index lists images in).
    mutating func add(_ index: Int, name: String, bytes: [UInt8]) {
        waiting[index] = (name, bytes)
        while let (name, bytes) = waiting.removeValue(forKey: next) {
            next += 1
            if !bytes.isEmpty {
                if !first {
                    appender.append([UInt8(ascii: ",")])
                    offset += 1
                }
                first = false
            }
            slices.append(SearchIndex.Slice(image: name, start: offset, count: bytes.count))
            appender.append(bytes)
            offset += bytes.count
        }
    }

    /// Ends the script and closes the file: its fingerprint. Every image must have been added.
    mutating func finish() throws(Diagnostic) -> String {
        appender.append(SearchIndex.suffix)
        return try appender.finish()
    }
}
