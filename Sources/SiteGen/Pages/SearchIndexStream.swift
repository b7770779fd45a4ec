/// The search index written while the images' pages are rendered: each image's fragment goes
/// to disk as soon as every image before it has gone, so the file is complete moments after
/// the last page instead of being written whole, on one core, at the end of the build.
///
/// Lays the fragments out with ``SearchIndex/Layout``, as ``SearchIndex/assemble(_:)`` does.
struct SearchIndexStream {
    private let appender: SiteWriter.Staging.Appender
    /// Fragments that came before those of earlier images, by image index.
    private var waiting: [Int: (name: String, bytes: [UInt8])] = [:]
    private var next = 0
    private var layout = SearchIndex.Layout()
    /// Where each image's items are in the file, in image order.
    var slices: [SearchIndex.Slice] { layout.slices }

    init(_ appender: SiteWriter.Staging.Appender) {
        self.appender = appender
        appender.append(layout.start())
    }

    /// The fragment of the image at `index` (of the order the index lists images in).
    mutating func add(_ index: Int, name: String, bytes: [UInt8]) {
        waiting[index] = (name, bytes)
        let appender = appender
        while let (name, bytes) = waiting.removeValue(forKey: next) {
            next += 1
            layout.place(name, bytes) { appender.append($0) }
        }
    }

    /// Ends the script and closes the file: its fingerprint. Every image must have been added.
    mutating func finish() throws(Diagnostic) -> String {
        appender.append(SearchIndex.suffix)
        return try appender.finish()
    }
}
