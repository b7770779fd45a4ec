/// Nested types' extensions do not see their outer type's members.
private typealias ASCII = Highlighter.ASCII

extension Highlighter.ShellScan {
    // Quoted strings and `$` expansions, which call back into the command lexer for `$(…)`.

    /// `'…'`, or with `escapes` the `$'…'` form whose backslashes escape.
    mutating func singleQuoted(from start: Int, escapes: Bool) {
        cursor.advance()
        while let byte = cursor.current {
            if byte == ASCII.singleQuote {
                cursor.advance()
                break
            }
            if byte == ASCII.newline && !quoteContinues(atNewline: cursor.position) { break }
            cursor.advance(escapes && byte == ASCII.backslash ? 2 : 1)
        }
        tokens.add(.string, start..<cursor.position)
    }

    /// `"…"`: a string, but the variables and command substitutions in it are highlighted as such.
    mutating func doubleQuoted() {
        var segment = cursor.position
        cursor.advance()
        while !finished, let byte = cursor.current {
            if byte == ASCII.doubleQuote {
                cursor.advance()
                break
            }
            if byte == ASCII.newline && !quoteContinues(atNewline: cursor.position) { break }
            if byte == ASCII.dollar && startsExpansion(at: cursor.position) {
                tokens.add(.string, segment..<cursor.position)
                dollar(insideDoubleQuotes: true)
                segment = cursor.position
                continue
            }
            cursor.advance(byte == ASCII.backslash ? 2 : 1)
        }
        tokens.add(.string, segment..<cursor.position)
    }

    func startsExpansion(at index: Int) -> Bool {
        guard let next = cursor.byte(at: index + 1) else { return false }
        return next == UInt8(ascii: "(") || next == UInt8(ascii: "{") || ASCII.isNameByte(next)
            || Self.isSpecialParameter(next)
    }

    /// `$@ $* $# $? $$ $! $-`
    static func isSpecialParameter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "@"), UInt8(ascii: "*"), UInt8(ascii: "#"), UInt8(ascii: "?"),
             UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// `$NAME`, `$1`, `$?`, `${…}`, `$(…)`, `$((…))`, `$'…'`; a `$` starting none of them is a dollar sign.
    mutating func dollar(insideDoubleQuotes: Bool) {
        let start = cursor.position
        guard let next = cursor.peek(1) else {
            cursor.advance()
            return
        }
        switch next {
        case UInt8(ascii: "("):
            cursor.advance(2)
            tokens.add(.operator, start..<cursor.position)
            substitution()
        case UInt8(ascii: "{"):
            // To the matching brace, but never past the line: an unclosed `${` stays on its line.
            var depth = 0
            var scan = start + 1
            while let byte = cursor.byte(at: scan), byte != ASCII.newline {
                scan += 1
                if byte == UInt8(ascii: "{") { depth += 1 }
                if byte == UInt8(ascii: "}") {
                    depth -= 1
                    if depth == 0 { break }
                }
            }
            tokens.add(.variable, start..<scan)
            cursor.position = scan
        case ASCII.singleQuote where !insideDoubleQuotes:
            cursor.advance()
            singleQuoted(from: start, escapes: true)
        case _ where ASCII.isNameStart(next):
            cursor.advance(2)
            cursor.skip(while: ASCII.isNameByte)
            tokens.add(.variable, start..<cursor.position)
        case _ where ASCII.isDigit(next) || Self.isSpecialParameter(next):
            cursor.advance(2)
            tokens.add(.variable, start..<cursor.position)
        default:
            cursor.advance()
        }
    }
}
