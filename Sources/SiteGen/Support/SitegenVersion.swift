/// This sitegen's version, as `sitegen --version` prints it. It is part of the change record
/// (a new version redoes every page) and names what made a bundle.
public enum SitegenVersion {
    public static let current = "0.10.0"
}
