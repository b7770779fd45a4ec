/// One problem found in the inputs, located as precisely as we can, worded for the person
/// who has to fix it.
///
/// Every stage reports problems as `Diagnostic`s rather than throwing the first one, so a
/// user sees all of them at once. The CLI prints them like a compiler (`path:line:column: error: …`).
public struct Diagnostic: Sendable, Hashable, Codable, Error, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case warning
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    public let severity: Severity
    /// A stable name for the kind of problem (`library.unknown-field`), for tools and tests.
    public let identifier: String
    /// The file, as the user named it (relative paths stay relative), or nil for the run as a whole.
    public let file: String?
    /// 1-based; nil when the problem concerns the whole file.
    public let line: Int?
    /// 1-based, counted in UTF-8 bytes (a tab is one), as cmark-gfm and clang count; nil when
    /// the problem concerns the whole line.
    public let column: Int?
    public let message: String
    /// What to do about it.
    public let hint: String?

    public init(_ severity: Severity, _ identifier: String, file: String? = nil, line: Int? = nil,
                column: Int? = nil, message: String, hint: String? = nil) {
        self.severity = severity
        self.identifier = identifier
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    public static func error(_ identifier: String, file: String? = nil, line: Int? = nil,
                             column: Int? = nil, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, identifier, file: file, line: line, column: column, message: message, hint: hint)
    }

    public static func warning(_ identifier: String, file: String? = nil, line: Int? = nil,
                               column: Int? = nil, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, identifier, file: file, line: line, column: column, message: message, hint: hint)
    }

    /// `path:line:column: error: message`, the form editors and CI logs link to.
    public var description: String {
        var location = ""
        if let file {
            location = file
            if let line {
                location += ":\(line)"
                if let column { location += ":\(column)" }
            }
            location += ": "
        }
        return "\(location)\(severity.rawValue): \(message)"
    }
}

/// Thrown when a step cannot go on; carries every diagnostic found up to that point.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public init(_ diagnostic: Diagnostic) {
        self.diagnostics = [diagnostic]
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
