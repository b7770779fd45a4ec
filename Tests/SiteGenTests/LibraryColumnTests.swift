import Testing
@testable import SiteGen

/// Library file problems point at the column of the key, value or list item at fault
/// (1-based, in UTF-8 bytes), also on continuation lines.
@Suite struct LibraryColumnTests {
    static func positions(_ text: String) -> Set<String> {
        Set(LibraryFile.parse(text, name: "demo", path: "library/demo").diagnostics.map { diagnostic in
            "\(diagnostic.identifier)@\(diagnostic.line ?? 0):\(diagnostic.column ?? 0)"
        })
    }

    @Test func valuesAndListItemsHaveColumns() {
        #expect(Self.positions("""
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123
            Architectures: amd64, arm64v9
            Colour: blue

            Tags: 1.0, bad tag!, latest,
              1.0
            GitCommit: XYZ
            Directory: ../up
            """) == [
            "library.unknown-architecture@3:23",
            "library.unknown-field@4:1",
            "library.invalid-tag@6:12",
            "library.duplicate-tag@7:3",
            "library.invalid-gitcommit@8:12",
            "library.directory-outside-repository@9:12",
        ])
    }

    @Test func tagsClaimedTwiceAndMaintainersHaveColumns() {
        #expect(Self.positions("""
            Maintainers: Jane Doe <jane@example.com> (@jane),
                         bad maintainer
            GitRepo: https://github.com/docker-library/demo.git
            GitCommit: abc123

            Tags: 1.0, latest

            Tags: 1.1, latest
            SharedTags: 1.0
            arm64v8-GitCommit: abc123
            """) == [
            "library.maintainer-format@2:14",
            "library.tag-in-two-entries@8:12",
            "library.shared-tag-is-simple@9:13",
            "library.override-unused-architecture@10:1",
        ])
    }

    @Test func syntaxErrorsAndMisplacedFieldsHaveColumns() {
        #expect(Self.positions("""
              orphan continuation
            GitRepo https://github.com/docker-library/demo.git
            Bad Key: x
            Tags: 1.0
            GitCommit: abc123
            GitCommit: abc124
            """) == [
            "library.orphan-continuation@1:3",
            "library.syntax@2:1",
            "library.syntax@3:1",
            "library.global-tags@4:1",
            "library.duplicate-field@6:1",
        ])
    }

    @Test func fieldsWithoutAPlaceStayWithoutAColumn() {
        // A missing field has no column to point at: the entry's line only.
        let diagnostics = LibraryFile.parse("GitRepo: https://github.com/docker-library/demo.git\n\nTags: 1.0\n",
                                            name: "demo", path: "library/demo").diagnostics
        #expect(diagnostics.map(\.description) == ["library/demo:3: error: entry `1.0` has no GitCommit"])
    }
}
