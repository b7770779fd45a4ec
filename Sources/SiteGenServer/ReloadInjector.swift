/// Adds the live-reload script to a served HTML page, never to the file on disk.
///
/// The script opens an `EventSource` on `/__sitegen/events`, reloads on `reload`, and on
/// `error` lays the build's diagnostics over the page (the last good one, still served).
/// When the last build failed, the failure is written into the script as well, so a page
/// opened or reloaded between builds shows it too. The text is set with `textContent` and
/// embedded as an escaped string, so no diagnostic can inject markup.
public struct ReloadInjector: Sendable {
    /// Where the script listens.
    public static let eventsPath = "/__sitegen/events"

    /// The overlay text of the last build when it failed.
    public let failure: String?

    public init(failure: String?) {
        self.failure = failure
    }

    /// `html` with the script just before its last `</body>`, or at the end when it has none.
    public func inject(into html: [UInt8]) -> [UInt8] {
        let script = Array(self.script.utf8)
        guard let index = Self.lastBodyClose(in: html) else { return html + script }
        var result = html
        result.insert(contentsOf: script, at: index)
        return result
    }

    /// The `<script>` element.
    public var script: String {
        let initial = failure.map(Self.javaScriptString) ?? "null"
        return "<script data-sitegen-reload>\n" + Self.source.replacingOccurrences(of: "__FAILURE__", with: initial) + "</script>\n"
    }

    /// The position of the last `</body` (any case) in `html`.
    static func lastBodyClose(in html: [UInt8]) -> Int? {
        let tag = Array("</body".utf8)
        guard html.count >= tag.count else { return nil }
        var start = html.count - tag.count
        while start >= 0 {
            var matches = true
            for offset in 0..<tag.count where asciiLowercased(html[start + offset]) != tag[offset] {
                matches = false
                break
            }
            if matches { return start }
            start -= 1
        }
        return nil
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte + 0x20 : byte
    }

    /// A double-quoted JavaScript string literal that is also safe inside `<script>`: `<` is
    /// escaped so the text can never close the element.
    static func javaScriptString(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case "\n": literal += "\\n"
            case "\r": literal += "\\r"
            case "\t": literal += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                literal += "\\u" + hex4(scalar.value)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    literal += "\\u" + hex4(scalar.value)
                } else {
                    literal.unicodeScalars.append(scalar)
                }
            }
        }
        return literal + "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static let source = """
        (function () {
          "use strict";
          var failure = __FAILURE__;
          var overlay = null;
          function show(text) {
            if (!overlay) {
              overlay = document.createElement("div");
              overlay.id = "sitegen-build-error";
              overlay.setAttribute("role", "alert");
              overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;padding:3rem 1.5rem 1.5rem;background:rgba(16,16,16,.94);color:#f5f5f5;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace";
              var close = document.createElement("button");
              close.type = "button";
              close.textContent = "Dismiss";
              close.style.cssText = "position:absolute;top:1rem;right:1rem;font:inherit";
              close.addEventListener("click", function () { overlay.hidden = true; });
              var title = document.createElement("p");
              title.textContent = "sitegen: the build failed. This is the last good page; fix the problems below and save.";
              title.style.cssText = "margin:0 0 1rem;font-weight:bold;color:#ff9e80";
              // Not named `text`: a `var` is function-wide and would hide the parameter.
              var problems = document.createElement("pre");
              problems.style.cssText = "margin:0;padding:0;border:0;background:transparent;color:inherit;font:inherit;white-space:pre-wrap;overflow-wrap:anywhere";
              overlay.appendChild(close);
              overlay.appendChild(title);
              overlay.appendChild(problems);
              document.body.appendChild(overlay);
            }
            overlay.lastChild.textContent = text;
            overlay.hidden = false;
          }
          if (failure !== null) show(failure);
          if (!window.EventSource) return;
          var source = new EventSource("\(eventsPath)");
          source.addEventListener("reload", function () { location.reload(); });
          // EventSource also fires "error" when the connection drops; only ours carry data.
          source.addEventListener("error", function (event) {
            if (typeof event.data === "string") show(event.data);
          });
        })();

        """
}
