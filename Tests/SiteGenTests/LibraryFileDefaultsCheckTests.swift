import Foundation
import Testing
@testable import SiteGen

@Suite struct LibraryFileDefaultsCheckTests {
    @Test func badValueInDefaultsOnlyFileIsReported() {
        let (file, diagnostics) = LibraryFile.parse("GitRepo: https://github.com/x/y.git\nDirectory: ../x\n", name: "demo", path: "library/demo")
        #expect(file == nil)
        #expect(diagnostics.map(\.identifier) == ["library.directory-outside-repository"])
        #expect(diagnostics.first?.line == 2)
    }

    @Test func tagsInDefaultsAreNotInheritedByEntries() {
        let text = "GitRepo: https://github.com/x/y.git\nGitCommit: abc123\nTags: oops\n\nArchitectures: amd64\n\nTags: 1.0\n"
        let (_, diagnostics) = LibraryFile.parse(text, name: "demo", path: "library/demo")
        #expect(diagnostics.map(\.identifier).sorted() == ["library.global-tags", "library.missing-tags"])
        #expect(diagnostics.first { $0.identifier == "library.missing-tags" }?.line == 5)
    }

    @Test func sharedTagListedTwiceIsAnError() {
        let text = "GitRepo: https://github.com/x/y.git\nGitCommit: abc123\n\nTags: 1.0\nSharedTags: 1, latest, 1\n"
        let (file, diagnostics) = LibraryFile.parse(text, name: "demo", path: "library/demo")
        #expect(file == nil)
        #expect(diagnostics.map(\.identifier) == ["library.duplicate-tag"])
        #expect(diagnostics.first?.line == 5)
        #expect(diagnostics.first?.message.contains("shared tag `1` twice") == true)
    }
}
