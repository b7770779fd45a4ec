import Foundation
import Testing
import TestSupport

/// `docs/architecture.md` is what a newcomer reads first: every path it names must exist.
@Suite struct ArchitectureDocTests {
    @Test func everyPathItNamesExists() throws {
        let root = TestPaths.packageRoot
        let text = try String(contentsOf: root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        // Code spans that look like paths: they start with a top-level folder of the package.
        let tops = ["Sources/", "Tests/", "theme/", "docs/", "scripts/", "Benchmarks/", "content/"]
        var named: [String] = []
        for span in text.split(separator: "`").enumerated() where span.offset % 2 == 1 {
            let path = String(span.element)
            if tops.contains(where: path.hasPrefix) { named.append(path) }
        }
        #expect(named.count > 10, "too few paths found: \(named)")
        for path in named {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path), "\(path) does not exist")
        }
    }
}
