import SiteGenServer
import Testing

@Suite struct EntityTagTests {
    @Test func entityTagsMatchIfNoneMatchLists() {
        let tag = EntityTag(of: Array("page".utf8))
        #expect(tag.value.count == 18 && tag.value.hasPrefix("\"") && tag.value.hasSuffix("\""))
        #expect(tag == EntityTag(of: Array("page".utf8)))
        #expect(tag != EntityTag(of: Array("page!".utf8)))
        #expect(tag.isMatched(by: tag.value))
        #expect(tag.isMatched(by: "\"other\", W/\(tag.value)"))
        #expect(tag.isMatched(by: "*"))
        #expect(!tag.isMatched(by: "\"other\""))
    }
}
