import Foundation
import Testing
import TestSupport
@testable import Highlighting

/// `<span class="hl-KIND">…</span>` around HTML that is already escaped.
private func span(_ kind: String, _ html: String) -> String {
    "<span class=\"hl-\(kind)\">\(html)</span>"
}

/// Compares UTF-8 bytes: `==` on `String` takes canonically equivalent texts (`é` and `e` with a
/// combining accent) as equal, and the highlighter must give back the exact bytes.
private func expectSameBytes(_ actual: String?, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let same = actual.map { Array($0.utf8) } == Array(expected.utf8)
    #expect(same, "\(String(reflecting: actual))\n!=\n\(String(reflecting: expected))", sourceLocation: sourceLocation)
}

/// What a browser shows for highlighted HTML, and the first way the HTML breaks the contract:
/// a tag other than a known `hl-` span, a span inside a span or left open, a raw `<`, `>` or
/// `"`, or an `&` that starts none of the four entities the highlighter writes.
private struct HTMLReading {
    var text: [UInt8] = []
    var problem: String?

    init(_ html: String) {
        let bytes = Array(html.utf8)
        var index = 0
        var open = false
        func at(_ literal: String) -> Bool {
            var scan = index
            for byte in literal.utf8 {
                guard scan < bytes.count, bytes[scan] == byte else { return false }
                scan += 1
            }
            return true
        }
        while index < bytes.count, problem == nil {
            if bytes[index] == UInt8(ascii: "<"), at("<span class=\"hl-") {
                let nameStart = index + 16
                var nameEnd = nameStart
                while nameEnd < bytes.count, bytes[nameEnd] != UInt8(ascii: "\"") { nameEnd += 1 }
                let kind = "hl-" + String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
                if open { problem = "span inside a span at byte \(index)" }
                if !HTMLReading.kinds.contains(kind) { problem = "unknown class \(kind)" }
                guard nameEnd + 1 < bytes.count, bytes[nameEnd + 1] == UInt8(ascii: ">") else {
                    problem = "malformed span at byte \(index)"
                    break
                }
                open = true
                index = nameEnd + 2
            } else if bytes[index] == UInt8(ascii: "<"), at("</span>") {
                if !open { problem = "</span> with no span open at byte \(index)" }
                open = false
                index += 7
            } else if bytes[index] == UInt8(ascii: "&") {
                let entities: [(String, UInt8)] = [("&amp;", UInt8(ascii: "&")), ("&lt;", UInt8(ascii: "<")),
                                                   ("&gt;", UInt8(ascii: ">")), ("&quot;", UInt8(ascii: "\""))]
                guard let (entity, byte) = entities.first(where: { at($0.0) }) else {
                    problem = "raw & at byte \(index)"
                    break
                }
                text.append(byte)
                index += entity.utf8.count
            } else if [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\"")].contains(bytes[index]) {
                problem = "raw \(UnicodeScalar(bytes[index])) at byte \(index)"
            } else {
                text.append(bytes[index])
                index += 1
            }
        }
        if problem == nil && open { problem = "span left open" }
    }

    static let kinds: Set<String> = Set(Highlighter.TokenKind.allCases.map(\.rawValue))
}

/// Highlights `code` and checks the HTML is well formed and shows exactly `code`.
private func expectFaithful(_ code: String, _ language: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let html = Highlighter.highlight(code, language: language) else {
        Issue.record("\(language) is not known", sourceLocation: sourceLocation)
        return
    }
    let reading = HTMLReading(html)
    #expect(reading.problem == nil, "\(language) \(String(reflecting: code)): \(reading.problem ?? "")\n\(html)",
            sourceLocation: sourceLocation)
    let same = reading.text == Array(code.utf8)
    #expect(same, "\(language) does not give back \(String(reflecting: code))\n\(html)",
            sourceLocation: sourceLocation)
}

/// The highlighter's tests; run them with `swift test --filter HighlighterTests`.
@Suite("Highlighter")
struct HighlighterTests {}

extension HighlighterTests {
    @Suite("one exact snippet per language")
    struct Languages {
        @Test("console: prompt, the command as shell over a continued line, then output")
        func console() {
            let code = "$ docker run -e A=1 \\\n    -v \"$PWD\":/src app\nStatus: ok\n"
            expectSameBytes(Highlighter.highlight(code, language: "console"),
                            span("prompt", "$ ") + span("builtin", "docker") + " run -e A=1 \\\n    -v "
                                + span("string", "&quot;") + span("variable", "$PWD") + span("string", "&quot;")
                                + ":/src app\n" + span("output", "Status: ok") + "\n")
        }

        @Test("console: Windows, user@host, MySQL and psql prompts")
        func consolePrompts() {
            let code = "C:\\> echo %PATH%\nroot@abc:/# ls\nmysql> SELECT 1;\n    -> ;\npostgres=# \\dt\n"
            expectSameBytes(Highlighter.highlight(code, language: "console"),
                            span("prompt", "C:\\&gt; ") + span("builtin", "echo") + " " + span("variable", "%PATH%") + "\n"
                                + span("prompt", "root@abc:/# ") + span("builtin", "ls") + "\n"
                                + span("prompt", "mysql&gt; ") + span("keyword", "SELECT") + " " + span("number", "1") + ";\n"
                                + span("prompt", "    -&gt; ") + ";\n"
                                + span("prompt", "postgres=# ") + span("builtin", "\\dt") + "\n")
        }

        @Test("console: an unclosed quote in a command does not swallow the output below it")
        func consoleUnclosedQuote() {
            expectSameBytes(Highlighter.highlight("$ echo 'oops\nnot a string\n", language: "console"),
                            span("prompt", "$ ") + span("builtin", "echo") + " " + span("string", "'oops") + "\n"
                                + span("output", "not a string") + "\n")
        }

        @Test("console: a heredoc typed after a prompt is part of the command, not output")
        func consoleHeredoc() {
            expectSameBytes(Highlighter.highlight("$ cat <<EOF\nhi\nEOF\nhi\n", language: "console"),
                            span("prompt", "$ ") + span("builtin", "cat") + " " + span("operator", "&lt;&lt;EOF") + "\n"
                                + span("string", "hi\n") + span("operator", "EOF") + "\n" + span("output", "hi") + "\n")
        }

        @Test("console: commands written without prompts are commands; prompt-less output stays output")
        func consoleWithoutPrompts() {
            expectSameBytes(Highlighter.highlight("docker build -t app .\ndocker run app\n", language: "console"),
                            span("builtin", "docker") + " build -t app .\n" + span("builtin", "docker") + " run app\n")
            expectSameBytes(Highlighter.highlight("Step 2/3 : RUN make\n ---> Done\n", language: "console"),
                            span("output", "Step 2/3 : RUN make") + "\n" + span("output", " ---&gt; Done") + "\n")
        }

        @Test("bash: a block that starts with `$ ` is a session")
        func bashSession() {
            expectSameBytes(Highlighter.highlight("$ ls\nfile\n", language: "bash"),
                            span("prompt", "$ ") + span("builtin", "ls") + "\n" + span("output", "file") + "\n")
        }

        @Test("shell: keywords, `in`, command substitution inside a string, numbers, comments")
        func shell() {
            let code = "for f in *.txt; do\n  echo \"$(basename \"$f\")\" # name\ndone\nexit 1\n"
            expectSameBytes(Highlighter.highlight(code, language: "sh"),
                            span("keyword", "for") + " f " + span("keyword", "in") + " *.txt" + span("operator", ";") + " "
                                + span("keyword", "do") + "\n  " + span("builtin", "echo") + " " + span("string", "&quot;")
                                + span("operator", "$(") + span("builtin", "basename") + " " + span("string", "&quot;")
                                + span("variable", "$f") + span("string", "&quot;") + span("operator", ")")
                                + span("string", "&quot;") + " " + span("comment", "# name") + "\n" + span("keyword", "done")
                                + "\n" + span("builtin", "exit") + " " + span("number", "1") + "\n")
        }

        @Test("shell: assignments, redirections, a quoted `<<-` heredoc with tab-indented body")
        func shellHeredoc() {
            let code = "export A=1\ncat <<-'EOF' >&2\n\thello $A\n\tEOF\n"
            expectSameBytes(Highlighter.highlight(code, language: "bash"),
                            span("builtin", "export") + " " + span("variable", "A") + span("operator", "=") + "1\n"
                                + span("builtin", "cat") + " " + span("operator", "&lt;&lt;-'EOF'") + " "
                                + span("operator", "&gt;&amp;2") + "\n" + span("string", "\thello $A\n") + "\t"
                                + span("operator", "EOF") + "\n")
        }

        @Test("dockerfile: instructions, AS, ENV forms, shell after RUN, ports, exec form")
        func dockerfile() {
            let code = "FROM alpine:3.20 AS base\nENV LANG en_US.utf8\nENV PATH=\"${HOME}/bin\"\n"
                + "RUN set -eux; \\\n\tapk add curl\nEXPOSE 80/tcp\nCMD [\"app\"]\n"
            expectSameBytes(Highlighter.highlight(code, language: "dockerfile"),
                            span("keyword", "FROM") + " alpine:3.20 " + span("keyword", "AS") + " base\n"
                                + span("keyword", "ENV") + " " + span("variable", "LANG") + " en_US.utf8\n"
                                + span("keyword", "ENV") + " " + span("variable", "PATH") + span("operator", "=")
                                + span("string", "&quot;") + span("variable", "${HOME}") + span("string", "/bin&quot;") + "\n"
                                + span("keyword", "RUN") + " " + span("builtin", "set") + " -eux" + span("operator", ";")
                                + " \\\n\t" + span("builtin", "apk") + " add curl\n"
                                + span("keyword", "EXPOSE") + " " + span("number", "80") + "/tcp\n"
                                + span("keyword", "CMD") + " " + span("punctuation", "[") + span("string", "&quot;app&quot;")
                                + span("punctuation", "]") + "\n")
        }

        @Test("dockerfile: a comment line inside a continued RUN does not end it; RUN heredocs")
        func dockerfileContinuation() {
            let code = "RUN a \\\n# note\n    && b\nRUN <<EOF\nmake\nEOF\nUSER app\n"
            expectSameBytes(Highlighter.highlight(code, language: "dockerfile"),
                            span("keyword", "RUN") + " " + span("builtin", "a") + " \\\n" + span("comment", "# note")
                                + "\n    " + span("operator", "&amp;&amp;") + " " + span("builtin", "b") + "\n"
                                + span("keyword", "RUN") + " " + span("operator", "&lt;&lt;EOF") + "\n" + span("string", "make\n")
                                + span("operator", "EOF") + "\n" + span("keyword", "USER") + " app\n")
        }

        @Test("yaml: keys, comments, quoted scalars with variables, literals, numbers, flow, anchors")
        func yaml() {
            let code = "# c\nservices:\n  - image: \"app:${TAG}\"\n    ports: [80, off]\n    x: &a ~\n"
            expectSameBytes(Highlighter.highlight(code, language: "yaml"),
                            span("comment", "# c") + "\n" + span("key", "services") + span("punctuation", ":") + "\n  "
                                + span("punctuation", "-") + " " + span("key", "image") + span("punctuation", ":") + " "
                                + span("string", "&quot;app:") + span("variable", "${TAG}") + span("string", "&quot;") + "\n    "
                                + span("key", "ports") + span("punctuation", ":") + " " + span("punctuation", "[")
                                + span("number", "80") + span("punctuation", ",") + " " + span("literal", "off")
                                + span("punctuation", "]") + "\n    " + span("key", "x") + span("punctuation", ":") + " "
                                + span("variable", "&amp;a") + " " + span("literal", "~") + "\n")
            // Commas and colons are punctuation only inside a flow collection.
            expectSameBytes(Highlighter.highlight("k: a, b:c", language: "yaml"),
                            span("key", "k") + span("punctuation", ":") + " a, b:c")
        }

        @Test("yaml: a block scalar's more indented lines are its text; the next key ends it")
        func yamlBlockScalar() {
            let code = "- run: |\n    echo hi\n\n    echo #1\n  name: x\n"
            expectSameBytes(Highlighter.highlight(code, language: "yml"),
                            span("punctuation", "-") + " " + span("key", "run") + span("punctuation", ":") + " "
                                + span("punctuation", "|") + "\n    " + span("string", "echo hi") + "\n\n    "
                                + span("string", "echo #1") + "\n  " + span("key", "name") + span("punctuation", ":") + " x\n")
        }

        @Test("json: keys versus strings, numbers, literals, punctuation, comments")
        func json() {
            let code = "{\"k\": [\"v\", -0.5e+2, null] // c\n}"
            expectSameBytes(Highlighter.highlight(code, language: "json"),
                            span("punctuation", "{") + span("key", "&quot;k&quot;") + span("punctuation", ":") + " "
                                + span("punctuation", "[") + span("string", "&quot;v&quot;") + span("punctuation", ",") + " "
                                + span("number", "-0.5e+2") + span("punctuation", ",") + " " + span("literal", "null")
                                + span("punctuation", "]") + " " + span("comment", "// c") + "\n" + span("punctuation", "}"))
        }

        @Test("toml: headers, keys, multi-line strings, arrays across lines, inline tables, dates")
        func toml() {
            let code = "[[bin]]\ns = \"\"\"\nx\"\"\"\na = [\n  1,\n]\nt = { on = true }\nd = 1979-05-27\n"
            expectSameBytes(Highlighter.highlight(code, language: "toml"),
                            span("section", "[[bin]]") + "\n" + span("key", "s") + " " + span("operator", "=") + " "
                                + span("string", "&quot;&quot;&quot;\nx&quot;&quot;&quot;") + "\n" + span("key", "a") + " "
                                + span("operator", "=") + " " + span("punctuation", "[") + "\n  " + span("number", "1")
                                + span("punctuation", ",") + "\n" + span("punctuation", "]") + "\n" + span("key", "t") + " "
                                + span("operator", "=") + " " + span("punctuation", "{") + " " + span("key", "on") + " "
                                + span("operator", "=") + " " + span("literal", "true") + " " + span("punctuation", "}") + "\n"
                                + span("key", "d") + " " + span("operator", "=") + " " + span("number", "1979-05-27") + "\n")
        }

        @Test("ini: sections, comments, key = value, key: value, and bare option names")
        func ini() {
            let code = "; c\n[mysqld]\nport=3306\nskip-name-resolve\nname: \"x\"\nlog = on\n"
            expectSameBytes(Highlighter.highlight(code, language: "ini"),
                            span("comment", "; c") + "\n" + span("section", "[mysqld]") + "\n" + span("key", "port")
                                + span("operator", "=") + span("number", "3306") + "\n" + span("key", "skip-name-resolve") + "\n"
                                + span("key", "name") + span("operator", ":") + " " + span("string", "&quot;x&quot;") + "\n"
                                + span("key", "log") + " " + span("operator", "=") + " " + span("literal", "on") + "\n")
        }

        @Test("sql: keywords in any case, strings, comments across lines, parameters, dollar quoting, casts")
        func sql() {
            let code = "select 'it''s', $1 FROM t; -- c\n/* a\nb */ SELECT $$ x $$, y::int, NULL;"
            expectSameBytes(Highlighter.highlight(code, language: "postgresql"),
                            span("keyword", "select") + " " + span("string", "'it''s'") + ", " + span("variable", "$1") + " "
                                + span("keyword", "FROM") + " t; " + span("comment", "-- c") + "\n" + span("comment", "/* a\nb */")
                                + " " + span("keyword", "SELECT") + " " + span("string", "$$ x $$") + ", y::"
                                + span("keyword", "int") + ", " + span("literal", "NULL") + ";")
        }

        @Test("mysql: `#` comments, double-quoted strings, backquoted names, @variables")
        func mysql() {
            let code = "SELECT `select`, \"s\", @v; # c"
            expectSameBytes(Highlighter.highlight(code, language: "mysql"),
                            span("keyword", "SELECT") + " `select`, " + span("string", "&quot;s&quot;") + ", "
                                + span("variable", "@v") + "; " + span("comment", "# c"))
        }

        @Test("psql: a session with prompts is prompts, SQL and output; without prompts it is SQL")
        func psql() {
            expectSameBytes(Highlighter.highlight("app=> SELECT 1;\n(1 row)\n", language: "psql"),
                            span("prompt", "app=&gt; ") + span("keyword", "SELECT") + " " + span("number", "1") + ";\n"
                                + span("output", "(1 row)") + "\n")
            expectSameBytes(Highlighter.highlight("SELECT 1;", language: "psql"),
                            span("keyword", "SELECT") + " " + span("number", "1") + ";")
        }

        @Test("xml: declaration, comment, tags, attributes quoted and unquoted, self-closing tags")
        func xml() {
            let code = "<?xml version=\"1.0\"?>\n<!-- c -->\n<a b='1' c=d/>text</a>"
            expectSameBytes(Highlighter.highlight(code, language: "xml"),
                            span("punctuation", "&lt;?") + span("tag", "xml") + " " + span("key", "version")
                                + span("punctuation", "=") + span("string", "&quot;1.0&quot;") + span("punctuation", "?&gt;") + "\n"
                                + span("comment", "&lt;!-- c --&gt;") + "\n" + span("punctuation", "&lt;") + span("tag", "a") + " "
                                + span("key", "b") + span("punctuation", "=") + span("string", "'1'") + " " + span("key", "c")
                                + span("punctuation", "=") + span("string", "d") + span("punctuation", "/&gt;") + "text"
                                + span("punctuation", "&lt;/") + span("tag", "a") + span("punctuation", "&gt;"))
        }

        @Test("html: the script inside <script> is text, and a stray < is text")
        func html() {
            let code = "<script>if (a <b) {}</script> 1 < 2"
            expectSameBytes(Highlighter.highlight(code, language: "html"),
                            span("punctuation", "&lt;") + span("tag", "script") + span("punctuation", "&gt;") + "if (a &lt;b) {}"
                                + span("punctuation", "&lt;/") + span("tag", "script") + span("punctuation", "&gt;") + " 1 &lt; 2")
        }

        @Test("nginx: directives by position, blocks, variables in words and strings, units, on/off")
        func nginx() {
            let code = "server {\n  listen 80; # c\n  proxy_pass http://${UP}$uri;\n  gzip on;\n  add_header X \"a $host\";\n}\n"
            expectSameBytes(Highlighter.highlight(code, language: "nginx"),
                            span("keyword", "server") + " " + span("punctuation", "{") + "\n  " + span("keyword", "listen") + " "
                                + span("number", "80") + span("punctuation", ";") + " " + span("comment", "# c") + "\n  "
                                + span("keyword", "proxy_pass") + " http://" + span("variable", "${UP}$uri")
                                + span("punctuation", ";") + "\n  " + span("keyword", "gzip") + " " + span("literal", "on")
                                + span("punctuation", ";") + "\n  " + span("keyword", "add_header") + " X "
                                + span("string", "&quot;a ") + span("variable", "$host") + span("string", "&quot;")
                                + span("punctuation", ";") + "\n" + span("punctuation", "}") + "\n")
        }

        @Test("apache: comment lines, section tags, directives, variables, On/Off")
        func apache() {
            let code = "#LoadModule x\n<VirtualHost *:80>\n  ServerName ${HOST}\n  SSLEngine On\n</VirtualHost>\n"
            expectSameBytes(Highlighter.highlight(code, language: "apacheconf"),
                            span("comment", "#LoadModule x") + "\n" + span("punctuation", "&lt;") + span("tag", "VirtualHost")
                                + " *:80" + span("punctuation", "&gt;") + "\n  " + span("keyword", "ServerName") + " "
                                + span("variable", "${HOST}") + "\n  " + span("keyword", "SSLEngine") + " " + span("literal", "On")
                                + "\n" + span("punctuation", "&lt;/") + span("tag", "VirtualHost") + span("punctuation", "&gt;") + "\n")
        }
    }
}

extension HighlighterTests {
    @Suite("names, escaping and unfinished code")
    struct Contract {
        @Test("an unknown or empty language gives nil, so the caller escapes the code plainly")
        func unknownLanguage() {
            for language in ["python", "", "  ", "c++", "dockerfile2", "yaml yaml", "text"] {
                #expect(Highlighter.highlight("x = 1", language: language) == nil, "\(language)")
            }
        }

        @Test("language names are matched ignoring case and surrounding blanks, and aliases agree")
        func namesAndAliases() {
            let samples = ["FROM a\nRUN b 'c' # d\n", "$ a \"b\"\nout\n", "k: [1, yes]\n", "<a b=\"c\">"]
            let same: [[String]] = [
                ["dockerfile", "Dockerfile", "DOCKERFILE", " dockerfile ", "containerfile"],
                ["console", "Console", "shell-session", "Shell-Session", "sh-session"],
                ["sh", "bash", "BASH", "shell", "zsh"],
                ["yaml", "YAML", "yml", "Yml"],
                ["json", "JSON", "jsonc"],
                ["sql", "SQL", "postgresql", "PostgreSQL", "postgres", "pgsql"],
                ["mysql", "MySQL", "mariadb"],
                ["xml", "XML", "html", "HTML", "svg", "xhtml"],
                ["ini", "INI", "cfg", "conf", "properties"],
                ["nginx", "NGINX"], ["toml", "TOML"], ["apache", "apacheconf"],
            ]
            for names in same {
                for sample in samples {
                    let expected = Highlighter.highlight(sample, language: names[0])
                    #expect(expected != nil, "\(names[0])")
                    for name in names.dropFirst() {
                        #expect(Highlighter.highlight(sample, language: name) == expected, "\(name) differs from \(names[0])")
                    }
                }
            }
        }

        @Test("`languages` lists every name it answers to, in lowercase")
        func languageList() {
            let required: Set<String> = ["console", "shell-session", "dockerfile", "bash", "sh", "shell", "zsh", "yaml", "yml",
                                         "json", "jsonc", "toml", "ini", "cfg", "conf", "sql", "mysql", "postgresql", "psql",
                                         "xml", "html", "svg", "nginx"]
            #expect(required.isSubset(of: Highlighter.languages), "\(required.subtracting(Highlighter.languages))")
            for name in Highlighter.languages {
                #expect(name == name.lowercased())
                #expect(Highlighter.highlight("x", language: name) != nil, "\(name)")
            }
        }

        @Test("markup in code is escaped in every language: <script> becomes &lt;script&gt;")
        func escaping() {
            let code = "<script>alert(\"a & b\")</script>"
            for language in Highlighter.languages.sorted() {
                let html = Highlighter.highlight(code, language: language) ?? ""
                #expect(html.contains("&lt;") && !html.contains("<script"), "\(language): \(html)")
                #expect(html.contains("&amp;") && html.contains("&quot;"), "\(language): \(html)")
                expectFaithful(code, language)
            }
            expectSameBytes(Highlighter.highlight("<script>", language: "sh"), span("operator", "&lt;") + "script" + span("operator", "&gt;"))
        }

        @Test("unclosed strings and comments run to the end of their line or of the code")
        func unfinishedCode() {
            expectSameBytes(Highlighter.highlight("echo \"abc\nd", language: "sh"), span("builtin", "echo") + " " + span("string", "&quot;abc\nd"))
            expectSameBytes(Highlighter.highlight("a: \"abc\nb: 1", language: "yaml"),
                            span("key", "a") + span("punctuation", ":") + " " + span("string", "&quot;abc") + "\n"
                                + span("key", "b") + span("punctuation", ":") + " " + span("number", "1"))
            expectSameBytes(Highlighter.highlight("SELECT 1 /* x\ny", language: "sql"),
                            span("keyword", "SELECT") + " " + span("number", "1") + " " + span("comment", "/* x\ny"))
            expectSameBytes(Highlighter.highlight("<a><!-- x\ny", language: "xml"),
                            span("punctuation", "&lt;") + span("tag", "a") + span("punctuation", "&gt;") + span("comment", "&lt;!-- x\ny"))
            expectSameBytes(Highlighter.highlight("{\"a\nb", language: "json"),
                            span("punctuation", "{") + span("string", "&quot;a") + "\nb")
            expectSameBytes(Highlighter.highlight("RUN echo 'a\nUSER b", language: "dockerfile"),
                            span("keyword", "RUN") + " " + span("builtin", "echo") + " " + span("string", "'a") + "\n"
                                + span("keyword", "USER") + " b")
        }

        @Test("the same code always gives the same HTML")
        func deterministic() {
            let code = "$ docker run -e A=\"$B\" app <<EOF\nx\nEOF\n"
            for language in Highlighter.languages {
                #expect(Highlighter.highlight(code, language: language) == Highlighter.highlight(code, language: language))
            }
        }
    }
}

extension HighlighterTests {
    @Suite("the HTML shows exactly the code")
    struct RoundTrip {
        static let trickyInputs: [String] = [
            "", "\n", "\n\n\n", "\r\n", "a\r\nb\r\n", "x\\\r\ny", "mixed\r\nline\nendings\r", "\r", "\t\t", "    ",
            "\"", "'", "`", "\"unterminated", "'unterminated\nnext line", "\"\"\"", "'''", "\"\"\"\nno end", "x = '''\n",
            "$", "$ ", "# ", "> ", "${", "${unclosed\nnext", "$(", "$(echo", "$((1+2))", "$'a\\'b'", "`date`", "\\", "\\\n",
            "a\\", "a\\\\", "\\\\\\", "echo \\\"x\\\"", "#", "#!", "<<", "<<EOF", "cat <<EOF\nbody", "cat <<-\n", "<<'", "a <<EOF <<END\n1\nEOF\n2\nEND\n",
            "<", ">", "&", "&amp;", "&lt;x&gt;", "<!--", "<![CDATA[ x", "<a b=\"", "<a b='c", "</", "</a", "<?", "<!", "<a\n<b>",
            "/*", "/* x", "*/", "--", "-- ", "[", "[[", "{", "}", "]", "]]", "[section", "key=", "=value", ":", ": ", "- ", "-",
            "- - -", "---", "...", "? x", "|", ">-", "key: |", "key: >\n  text\n", "&a *b !c", "{a: [b, {c: d}]}",
            "FROM", "FROM\nRUN \\\n", "RUN [\"a\",", "RUN [", "ENV", "ENV A", "ENV A=", "LABEL \"a\"=\"b\"", "ONBUILD", "HEALTHCHECK CMD",
            "SELECT 'a", "$$ body", "$tag$ x", "E'\\", "@", "@@", ":", "::", "x::int", "\\dt", "%VAR", "%%", "a%b%c", "C:\\>",
            "PS>", "PS C:\\> echo %X%", "postgres=# ", "postgres=#", "mysql> ", "    -> ", "MariaDB [", "[root@h /]# ls", "u@h:~$ x",
            "🙂", "é", "e\u{301}", "👩‍👩‍👧", "日本語 \"文字列\" # コメント", "key: 🙂\n", "🙂: 🙂", "\u{0}", "\u{FEFF}bom",
            "\u{7F}\u{1B}[31m", "$🙂", "${🙂}", "<🙂 🙂=🙂>", "\"🙂\\🙂\"", "'🙂", "# 🙂", "--🙂", "🙂\\\n🙂",
            "x=\"a\\\"b\"", "a=1 b=2 cmd", "for x in a; do :; done", "case $a in a) b;; esac", "if [ -f x ]; then y; fi",
            "2>&1 >&- <&0 &> x >| y <> z", "a || b && c | d & e ; f", "( a ) { b; }", "<(a) >(b)", "echo $@ $# $? $$ $! $- $0",
            "server { listen 80; }", "location ~ \\.php$ {", "set $a \"${b", "<VirtualHost", "Directive \"x", "%{ENV:X",
        ]

        @Test("tricky inputs: the HTML is well formed and shows the exact code, in every language")
        func trickyInputs() {
            for language in Highlighter.languages.sorted() {
                for input in Self.trickyInputs {
                    expectFaithful(input, language)
                }
            }
        }

        @Test("random mixtures of the characters that matter to lexers round-trip in every language")
        func randomInputs() {
            let pieces = ["a", "Z", "0", "9", " ", "\t", "\n", "\r\n", "\"", "'", "`", "$", "{", "}", "(", ")", "[", "]", "<",
                          ">", "&", "#", "\\", "/", "*", "-", "=", ":", ";", ",", "|", "%", "@", "!", "?", ".", "🙂", "é",
                          "EOF", "<<", "$ ", "FROM ", "RUN ", "<!--", "-->", "/*", "*/", "\"\"\"", "'''", "${", "$(", "--",
                          "- ", "key: ", "SELECT ", "\\\n", "    ", "> ", "# ", "=# ", "<a ", "</", "/>", "$$", "true"]
            var random = SplitMix64(seed: 0x5EED)
            let languages = Highlighter.languages.sorted()
            for _ in 0..<400 {
                let length = Int(random.next() % 40)
                let input = (0..<length).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
                for language in languages {
                    expectFaithful(input, language)
                }
            }
        }

        @Test("adversarial input takes linear time: long runs of unclosed openers, on one line and on many")
        func linearTime() {
            let openers = ["\"", "'", "${", "$(", "<a b=\"", "<a", "[", "{", "<<EOF ", "/*", "<!--", "- a: |", "\\", "$$",
                           "`", "#", "\"${", "a=\"$(", "%{", "E'", "[[", "\"\"\"", "-- ", "RUN [\"", "x: \"${"]
            let oneLine = openers.map { String(repeating: $0, count: 2_000) }.joined()
            let manyLines = openers.map { String(repeating: $0 + "\n", count: 1_000) }.joined()
            let clock = ContinuousClock()
            for language in Highlighter.Language.allCases.map(\.names[0]) {
                for input in [oneLine, manyLines] {
                    var html: String?
                    let elapsed = clock.measure { html = Highlighter.highlight(input, language: language) }
                    // Rescanning the line per opener would take some 10^9 steps; one pass takes milliseconds.
                    #expect(elapsed < .seconds(10), "\(language) took \(elapsed)")
                    let same = HTMLReading(html ?? "").text == Array(input.utf8)
                    #expect(same, "\(language)")
                }
            }
        }
    }
}

extension HighlighterTests {
    @Suite("the corpus", .enabled(if: TestPaths.corpus != nil, "\(TestPaths.corpusMissingMessage)"))
    struct Corpus {
        /// A fenced code block found by `fencedBlocks`.
        struct FencedBlock {
            let file: String
            let line: Int
            let language: String
            let code: String
        }

        /// The fenced blocks of a Markdown text, by a plain line scan: a line of three or more
        /// backticks or tildes (indented up to three spaces) opens a block whose language is the
        /// info string's first word, and a line of at least as many of the same closes it.
        static func fencedBlocks(in text: String, file: String) -> [FencedBlock] {
            var blocks: [FencedBlock] = []
            var open: (fence: Character, length: Int, language: String, line: Int)?
            var lines: [Substring] = []
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let indent = line.prefix(while: { $0 == " " }).count
                let body = line.dropFirst(indent)
                let fenceChar = body.first
                let run = body.prefix(while: { $0 == fenceChar }).count
                if let current = open {
                    if indent <= 3, fenceChar == current.fence, run >= current.length, body.dropFirst(run).allSatisfy(\.isWhitespace) {
                        let code = lines.map { $0 + "\n" }.joined()
                        blocks.append(FencedBlock(file: file, line: current.line, language: current.language, code: code))
                        open = nil
                    } else {
                        lines.append(line)
                    }
                } else if indent <= 3, let fenceChar, fenceChar == "`" || fenceChar == "~", run >= 3 {
                    let info = body.dropFirst(run).split(separator: " ").first.map(String.init) ?? ""
                    open = (fenceChar, run, info, number + 1)
                    lines = []
                }
            }
            return blocks
        }

        @Test("every fenced block of the corpus in a known language round-trips exactly")
        func corpusBlocksRoundTrip() throws {
            let docs = try #require(TestPaths.corpus).appendingPathComponent("docs")
            var highlighted = 0
            for image in TestPaths.corpusImages() {
                let path = docs.appendingPathComponent(image + "/content.md").path
                let text = try String(contentsOfFile: path, encoding: .utf8)
                for block in Self.fencedBlocks(in: text, file: image + "/content.md") {
                    guard let html = Highlighter.highlight(block.code, language: block.language) else { continue }
                    highlighted += 1
                    let reading = HTMLReading(html)
                    #expect(reading.problem == nil, "\(block.file):\(block.line): \(reading.problem ?? "")")
                    #expect(reading.text == Array(block.code.utf8), "\(block.file):\(block.line) (\(block.language)) does not round-trip")
                }
            }
            // The corpus has some 250 blocks labelled console, dockerfile, yaml, bash, sh, nginx, apacheconf.
            #expect(highlighted > 200, "only \(highlighted) blocks highlighted")
        }
    }
}
