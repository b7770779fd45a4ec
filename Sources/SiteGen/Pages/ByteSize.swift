/// A byte count as sitegen says it everywhere: in decimal units, as registries and `docker`
/// show sizes ("812 kB", "3.4 MB"). It is the pages' format (``SiteRenderer/size(_:)``), made
/// public so that `registry sync`'s summary and the pages it feeds say sizes alike.
public enum ByteSize {
    public static func text(_ bytes: Int) -> String {
        SiteRenderer.size(bytes)
    }
}
