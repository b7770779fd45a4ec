/// A count and its noun, as sitegen says counts everywhere: "1 tag", "3 tags". Page models
/// give their counts both as numbers (for themes that word them their own way) and through
/// this, so that no page says "1 tags"; public for the commands' lines and the sync's summary.
public enum Counted {
    /// `count` and `singular`, or `plural` (by default `singular` with an "s") for any count
    /// but one.
    public static func text(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
    }
}
