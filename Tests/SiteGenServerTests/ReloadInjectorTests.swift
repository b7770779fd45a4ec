import SiteGen
@testable import SiteGenServer
import Testing

@Suite struct ReloadInjectorTests {
    @Test func scriptGoesJustBeforeTheLastBodyClose() {
        let html = "<html><body><pre>&lt;/body&gt; in text</pre></BODY>\n</html>\n"
        let injected = String(decoding: ReloadInjector(failure: nil).inject(into: Array(html.utf8)), as: UTF8.self)
        let script = ReloadInjector(failure: nil).script
        #expect(injected == "<html><body><pre>&lt;/body&gt; in text</pre>" + script + "</BODY>\n</html>\n")
        #expect(script.contains("new EventSource(\"/__sitegen/events\")"))
        #expect(script.contains("var failure = null;"))
    }

    @Test func pageWithoutBodyCloseGetsTheScriptAtTheEnd() {
        let injected = String(decoding: ReloadInjector(failure: nil).inject(into: Array("<p>fragment".utf8)), as: UTF8.self)
        #expect(injected.hasPrefix("<p>fragment<script data-sitegen-reload>"))
    }

    @Test func failureTextIsEmbeddedAsAnInertString() {
        let hostile = "content.md:3: error: </script><script>alert(1)</script> \"quoted\" \\ back\nline two\u{2028}"
        let script = ReloadInjector(failure: hostile).script
        #expect(!script.contains("</script><script>alert"))
        #expect(script.contains(#"var failure = "content.md:3: error: \u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e \"quoted\" \\ back\nline two\u2028";"#))
        #expect(script.components(separatedBy: "</script>").count == 2, "only the element's own end tag")
    }

    @Test func reloadAndErrorEventsAreWellFormedServerSentEvents() {
        #expect(ReloadEvent.reload.serverSentEvent == "event: reload\ndata: reload\n\n")
        #expect(ReloadEvent.keepAlive.serverSentEvent == ": keep-alive\n\n")
        let error = ReloadEvent.error("a.md:1: error: bad\r\n  hint: fix\rit\n\nevent: reload").serverSentEvent
        #expect(error == "event: error\ndata: a.md:1: error: bad\ndata:   hint: fix\ndata: it\ndata: \ndata: event: reload\n\n",
                "every line is data, so text cannot end the event or forge another")
    }

    @Test func overlayTextReadsLikeTheTerminal() {
        let text = FailureOverlay.text(for: [
            .error("e", file: "library/lumen", line: 9, "entry has no GitCommit"),
            .warning("w", file: "a.md", "minor"),
            .error("e", file: "library/lumen", line: 4, "expected `Key: value`", hint: "add a colon"),
        ])
        #expect(text == "library/lumen:4: error: expected `Key: value`\n  hint: add a colon\n"
                + "library/lumen:9: error: entry has no GitCommit\na.md: warning: minor")
    }
}
