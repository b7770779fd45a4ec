/// What open pages are told through `/__sitegen/events` (Server-Sent Events).
public enum ReloadEvent: Sendable, Equatable {
    /// A build succeeded: reload the page.
    case reload
    /// A build failed: show its diagnostics over the page (the page itself is the last good one).
    case error(String)
    /// Nothing happened; sent now and then so a dead connection is noticed and dropped.
    case keepAlive

    /// The event in `text/event-stream` form.
    ///
    /// Each line of the text becomes a `data:` line (the browser joins them with newlines), so a
    /// line break in a diagnostic can never end the event early or start a forged one.
    public var serverSentEvent: String {
        switch self {
        case .reload:
            return "event: reload\ndata: reload\n\n"
        case .error(let text):
            let lines = text.replacingLineBreaks().split(separator: "\n", omittingEmptySubsequences: false)
            return "event: error\n" + lines.map { "data: \($0)\n" }.joined() + "\n"
        case .keepAlive:
            return ": keep-alive\n\n"
        }
    }
}

private extension String {
    /// CR LF and lone CR as LF: the event-stream format treats all three as line ends.
    func replacingLineBreaks() -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(unicodeScalars.count)
        var previousWasCR = false
        for scalar in unicodeScalars {
            if scalar == "\r" {
                result.unicodeScalars.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
