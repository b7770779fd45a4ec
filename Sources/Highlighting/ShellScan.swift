extension Highlighter {
    /// The state of one `ShellLexer` run: where it is, what it found, and what the next word is.
    struct ShellScan {
        let options: ShellLexer
        var cursor: ByteCursor
        var tokens: TokenList

        /// Whether the next word names a command (at the start, after `|`, `;`, `&&`, `then`, …).
        private var commandPosition = true
        /// After `export`, `local`, …: `NAME=value` arguments assign, so NAME is a variable.
        private var assignmentArguments = false
        /// The next word is the file of a redirection (`> out.log`), whatever position it is in.
        private var redirectTarget = false
        /// Counts the words after `for`, `select` or `case`, whose second is the keyword `in`.
        private var wordsUntilIn = 0
        /// Whether a backtick command substitution is open, so the next backtick closes it.
        private var insideBackticks = false
        /// Heredocs opened on the current line, whose bodies start after its newline.
        private var pendingHeredocs: [Heredoc] = []
        /// Set when a logical line has ended; every loop stops.
        private(set) var finished = false

        private struct Heredoc {
            let delimiter: [UInt8]
            /// `<<-` lets the body and the delimiter line be indented with tabs.
            let stripsTabs: Bool
        }

        init(options: ShellLexer, cursor: ByteCursor, tokens: TokenList) {
            self.options = options
            self.cursor = cursor
            self.tokens = tokens
        }

        mutating func run() {
            lexCommands(nested: false)
        }

        // MARK: Commands

        /// Lexes commands until the end, the end of the logical line, or (when `nested` inside
        /// `$(` or `<(`) the `)` closing it, which is left for the caller.
        private mutating func lexCommands(nested: Bool) {
            var depth = 0
            while !finished, let byte = cursor.current {
                let before = cursor.position
                switch byte {
                case ASCII.newline:
                    endLine()
                case _ where ASCII.isBlank(byte):
                    cursor.advance()
                case ASCII.hash:
                    // Only reached at the start of a word: inside one (`a#b`, `$#`) `#` is no comment.
                    tokens.add(.comment, cursor.position..<cursor.lineEnd(from: cursor.position))
                    cursor.position = cursor.lineEnd(from: cursor.position)
                case UInt8(ascii: "&") where cursor.peek(1) == UInt8(ascii: ">"):
                    redirection(from: cursor.position)
                case UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "&"):
                    controlOperator()
                case UInt8(ascii: "("):
                    depth += 1
                    emitOperator(length: 1)
                    commandPosition = true
                case UInt8(ascii: ")"):
                    if depth == 0 && nested { return }
                    depth = max(depth - 1, 0)
                    emitOperator(length: 1)
                    commandPosition = false
                case UInt8(ascii: "`"):
                    emitOperator(length: 1)
                    insideBackticks.toggle()
                    commandPosition = insideBackticks
                case UInt8(ascii: "<"), UInt8(ascii: ">"):
                    redirection(from: cursor.position)
                case ASCII.backslash where isLineContinuation(at: cursor.position):
                    continueLine()
                default:
                    if ASCII.isDigit(byte), redirectionAfterDigits() { break }
                    word()
                }
                if cursor.position == before && !finished {
                    cursor.advance() // never loop in place, whatever the input
                }
            }
        }

        /// A newline ends the command; in a logical line it ends the lexing, after heredoc bodies.
        private mutating func endLine() {
            resetCommandState()
            if pendingHeredocs.isEmpty {
                if options.extent == .logicalLine {
                    finished = true
                } else {
                    cursor.advance()
                }
                return
            }
            cursor.advance()
            heredocBodies()
            if options.extent == .logicalLine { finished = true }
        }

        private mutating func resetCommandState() {
            commandPosition = true
            assignmentArguments = false
            redirectTarget = false
            wordsUntilIn = 0
        }

        /// `;`, `;;`, `&`, `&&`, `|`, `||`, `|&`: a new command follows.
        private mutating func controlOperator() {
            var length = 0
            while length < 3, let byte = cursor.peek(length),
                  byte == UInt8(ascii: ";") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "|") {
                length += 1
            }
            emitOperator(length: length)
            resetCommandState()
        }

        /// `2>&1`, `2> err`: digits directly before `<` or `>` name a file descriptor.
        private mutating func redirectionAfterDigits() -> Bool {
            var scan = cursor.position
            while let byte = cursor.byte(at: scan), ASCII.isDigit(byte) { scan += 1 }
            guard let next = cursor.byte(at: scan), next == UInt8(ascii: "<") || next == UInt8(ascii: ">") else {
                return false
            }
            let start = cursor.position
            cursor.position = scan
            redirection(from: start)
            return true
        }

        /// `<`, `>`, `>>`, `&>`, `>&2`, `<<<`, `<(…)`, or a heredoc `<<EOF`; the cursor is at the
        /// `<`, `>` or `&`, and `start` is where the operator began (before any descriptor digits).
        private mutating func redirection(from start: Int) {
            if cursor.hasPrefix(Array("<<<".utf8)) {
                cursor.advance(3)
                tokens.add(.operator, start..<cursor.position)
                redirectTarget = true
                return
            }
            if cursor.hasPrefix(Array("<<".utf8)) {
                heredocOperator(from: start)
                return
            }
            if let next = cursor.peek(1), next == UInt8(ascii: "("), cursor.current != UInt8(ascii: "&") {
                cursor.advance(2)
                tokens.add(.operator, start..<cursor.position)
                substitution()
                commandPosition = false
                return
            }
            cursor.advance()
            if let next = cursor.current, next == UInt8(ascii: ">") || next == UInt8(ascii: "&") || next == UInt8(ascii: "|") {
                cursor.advance()
            }
            // `>&2`, `<&-`: a descriptor, not a file, follows.
            let duplicates = cursor.byte(at: cursor.position - 1) == UInt8(ascii: "&")
            if duplicates {
                cursor.skip(while: { ASCII.isDigit($0) || $0 == UInt8(ascii: "-") })
            }
            tokens.add(.operator, start..<cursor.position)
            redirectTarget = !duplicates
        }

        /// Lexes the commands of `$(…)` or `<(…)` up to and including the closing `)`.
        mutating func substitution() {
            let saved = (commandPosition, assignmentArguments, redirectTarget, wordsUntilIn)
            resetCommandState()
            lexCommands(nested: true)
            (commandPosition, assignmentArguments, redirectTarget, wordsUntilIn) = saved
            if !finished, cursor.current == UInt8(ascii: ")") { emitOperator(length: 1) }
        }

        // MARK: Line continuations and heredocs

        /// Whether the `\` at `index` escapes the newline ending its line.
        private func isLineContinuation(at index: Int) -> Bool {
            var scan = index + 1
            if options.dockerfileContinuation {
                while let byte = cursor.byte(at: scan), ASCII.isBlank(byte) { scan += 1 }
            } else if cursor.byte(at: scan) == ASCII.carriageReturn {
                scan += 1
            }
            return cursor.byte(at: scan) == ASCII.newline
        }

        private mutating func continueLine() {
            cursor.position = cursor.lineEnd(from: cursor.position)
            cursor.advance()
            if options.dockerfileContinuation {
                DockerfileLexer.skipLinesDroppedInContinuation(&cursor, into: &tokens)
            }
        }

        /// Whether a quoted string may go on past the newline at `index`: always in a script, and
        /// in a logical line only when the newline is escaped.
        func quoteContinues(atNewline index: Int) -> Bool {
            guard options.extent == .logicalLine else { return true }
            var scan = index - 1
            while let byte = cursor.byte(at: scan), byte == ASCII.carriageReturn
                    || (options.dockerfileContinuation && ASCII.isBlank(byte)) {
                scan -= 1
            }
            return cursor.byte(at: scan) == ASCII.backslash
        }

        /// `<<WORD`, `<<-WORD`, `<<'WORD'`: the body starts on the next line.
        private mutating func heredocOperator(from start: Int) {
            cursor.advance(2)
            let stripsTabs = cursor.current == UInt8(ascii: "-")
            if stripsTabs { cursor.advance() }
            cursor.skipBlanks()
            var delimiter: [UInt8] = []
            while let byte = cursor.current, !Self.isWordEnd(byte) {
                if byte == ASCII.singleQuote || byte == ASCII.doubleQuote {
                    cursor.advance()
                    while let quoted = cursor.current, quoted != byte, quoted != ASCII.newline {
                        delimiter.append(quoted)
                        cursor.advance()
                    }
                    if cursor.current == byte { cursor.advance() }
                } else if byte == ASCII.backslash {
                    cursor.advance()
                    if let escaped = cursor.current, escaped != ASCII.newline {
                        delimiter.append(escaped)
                        cursor.advance()
                    }
                } else {
                    delimiter.append(byte)
                    cursor.advance()
                }
            }
            tokens.add(.operator, start..<cursor.position)
            if !delimiter.isEmpty { pendingHeredocs.append(Heredoc(delimiter: delimiter, stripsTabs: stripsTabs)) }
        }

        /// The bodies of the heredocs opened on the line just ended, each up to its delimiter
        /// line; leaves the cursor at the newline ending the last delimiter line. A body with no
        /// delimiter line runs to the end.
        private mutating func heredocBodies() {
            for (index, heredoc) in pendingHeredocs.enumerated() {
                if index > 0, cursor.current == ASCII.newline { cursor.advance() }
                let bodyStart = cursor.position
                var closed = false
                while !cursor.isAtEnd {
                    let lineStart = cursor.position
                    let lineEnd = cursor.lineEnd(from: lineStart)
                    var contentStart = lineStart
                    if heredoc.stripsTabs {
                        while contentStart < lineEnd, cursor.bytes[contentStart] == ASCII.tab { contentStart += 1 }
                    }
                    var contentEnd = lineEnd
                    if contentEnd > contentStart, cursor.bytes[contentEnd - 1] == ASCII.carriageReturn { contentEnd -= 1 }
                    if cursor.bytes[contentStart..<contentEnd].elementsEqual(heredoc.delimiter) {
                        tokens.add(.string, bodyStart..<lineStart)
                        tokens.add(.operator, contentStart..<contentEnd)
                        cursor.position = lineEnd
                        closed = true
                        break
                    }
                    cursor.position = lineEnd
                    cursor.advance()
                }
                if !closed {
                    tokens.add(.string, bodyStart..<cursor.position)
                    break
                }
            }
            pendingHeredocs = []
        }

        // MARK: Words

        /// Bytes that end a word: blanks, newlines and the shell's metacharacters.
        private static func isWordEnd(_ byte: UInt8) -> Bool {
            switch byte {
            case ASCII.space, ASCII.tab, ASCII.carriageReturn, ASCII.newline,
                 UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "("),
                 UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "`"):
                true
            default:
                false
            }
        }

        /// Bytes that are the word's text as written: no quote, expansion or escape starts there.
        private func isLiteralWordByte(_ byte: UInt8) -> Bool {
            switch byte {
            case ASCII.singleQuote, ASCII.doubleQuote, ASCII.dollar, ASCII.backslash: false
            case UInt8(ascii: "%"): !options.percentVariables
            default: !Self.isWordEnd(byte)
            }
        }

        /// One word. Its leading literal run decides what it is: an assignment, a keyword, the
        /// command name, a number, or an ordinary argument.
        private mutating func word() {
            let isSecondAfterLoop = wordsUntilIn == 1
            if wordsUntilIn > 0 { wordsUntilIn -= 1 }
            let start = cursor.position
            cursor.skip(while: isLiteralWordByte)
            let literal = start..<cursor.position
            let isWhole = cursor.current.map(Self.isWordEnd) ?? true

            if redirectTarget {
                redirectTarget = false
            } else if commandPosition || assignmentArguments, let equals = assignmentOperator(in: literal) {
                tokens.add(.variable, start..<equals.lowerBound)
                tokens.add(.operator, equals)
            } else if isWhole && !literal.isEmpty {
                classify(literal, isSecondAfterLoop: isSecondAfterLoop)
            } else {
                commandPosition = false
            }
            restOfWord()
        }

        /// The `=` or `+=` of `NAME=value`, when the literal run starts that way.
        private func assignmentOperator(in literal: Range<Int>) -> Range<Int>? {
            guard let first = cursor.byte(at: literal.lowerBound), ASCII.isNameStart(first) else { return nil }
            var scan = literal.lowerBound + 1
            while scan < literal.upperBound, ASCII.isNameByte(cursor.bytes[scan]) { scan += 1 }
            guard scan < literal.upperBound else { return nil }
            if cursor.bytes[scan] == UInt8(ascii: "=") { return scan..<scan + 1 }
            if cursor.bytes[scan] == UInt8(ascii: "+"), scan + 1 < literal.upperBound,
               cursor.bytes[scan + 1] == UInt8(ascii: "=") {
                return scan..<scan + 2
            }
            return nil
        }

        /// Highlights a word written without quotes or expansions, and updates what comes next.
        private mutating func classify(_ word: Range<Int>, isSecondAfterLoop: Bool) {
            let bytes = cursor.bytes
            guard commandPosition else {
                if isSecondAfterLoop, bytes[word].elementsEqual("in".utf8) {
                    tokens.add(.keyword, word)
                } else if bytes[word].allSatisfy(ASCII.isDigit) {
                    tokens.add(.number, word)
                }
                return
            }
            if ShellLexer.keywords.contains(bytes, word) {
                tokens.add(.keyword, word)
                commandPosition = ShellLexer.keywordsBeforeCommand.contains(bytes, word)
                if bytes[word].elementsEqual("for".utf8) || bytes[word].elementsEqual("select".utf8)
                    || bytes[word].elementsEqual("case".utf8) {
                    wordsUntilIn = 2
                }
                return
            }
            tokens.add(.builtin, word)
            commandPosition = ShellLexer.commandPrefixes.contains(bytes, word)
            assignmentArguments = ShellLexer.declarationCommands.contains(bytes, word)
        }

        /// The quotes, expansions, escapes and literal bytes of a word, up to its end.
        private mutating func restOfWord() {
            while !finished, let byte = cursor.current, !Self.isWordEnd(byte) {
                switch byte {
                case ASCII.singleQuote:
                    singleQuoted(from: cursor.position, escapes: false)
                case ASCII.doubleQuote:
                    doubleQuoted()
                case ASCII.dollar:
                    dollar(insideDoubleQuotes: false)
                case ASCII.backslash:
                    if isLineContinuation(at: cursor.position) { return }
                    cursor.advance(2)
                case UInt8(ascii: "%") where options.percentVariables:
                    percentVariable()
                default:
                    cursor.advance()
                }
            }
        }

        /// cmd.exe's `%NAME%`; `%%` and a lone `%` stay as written.
        private mutating func percentVariable() {
            let start = cursor.position
            var scan = start + 1
            while let byte = cursor.byte(at: scan), ASCII.isNameByte(byte) { scan += 1 }
            if scan > start + 1, cursor.byte(at: scan) == UInt8(ascii: "%") {
                tokens.add(.variable, start..<scan + 1)
                cursor.position = scan + 1
            } else {
                cursor.advance()
            }
        }

        private mutating func emitOperator(length: Int) {
            let start = cursor.position
            cursor.advance(length)
            tokens.add(.operator, start..<cursor.position)
        }
    }
}
