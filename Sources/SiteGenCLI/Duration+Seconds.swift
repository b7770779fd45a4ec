extension Duration {
    /// The duration in seconds, for the lines that say how long a step took.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
