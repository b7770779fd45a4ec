extension Highlighter {
    /// Splits the code of one language into tokens.
    ///
    /// A lexer starts at the cursor's position and stops at its end, or earlier where its
    /// language's unit ends (a console command stops at the end of its line); it leaves the
    /// cursor where it stopped. Running on part of a block is what lets a console session hand
    /// the command after a prompt to the shell lexer, and a Dockerfile its `RUN` lines.
    protocol Lexer: Sendable {
        func tokenize(_ cursor: inout ByteCursor, into tokens: inout TokenList)
    }
}
