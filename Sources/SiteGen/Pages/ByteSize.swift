/// A byte count as sitegen says it everywhere: in decimal units with three significant
/// digits, as `docker` shows sizes ("812 kB", "3.4 MB"). It is the pages' format
/// (``SiteRenderer/size(_:)``), made public so that the commands' lines (`build`, `bundle`,
/// `registry sync`) and the pages say sizes alike.
public enum ByteSize {
    public static func text(_ bytes: Int) -> String {
        SiteRenderer.size(bytes)
    }
}
