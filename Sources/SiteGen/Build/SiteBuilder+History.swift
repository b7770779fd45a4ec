import Foundation

extension SiteBuilder {
    /// What the history step hands on: the model, where commit links go, and the cache the
    /// next build continues from.
    struct LoadedHistory: Sendable {
        let history: History
        let commitLinks: String?
        /// The cache for the next build, encoded on another core while the pages are made
        /// (megabytes for the official images); nil for `check`, which keeps none.
        let cacheFile: Task<SiteWriter.File, Never>?
        /// The images whose history differs from the previous build's (whose cache it
        /// continued); nil when it read the whole history. The pages of retired images
        /// outside this set are kept as they are.
        let changed: Set<String>?
        /// Whether some image's retired tags differ from the previous build's (true when it
        /// read the whole history): if not, the retired-tags script is kept as it is.
        let retiredTagsChanged: Bool
    }

    /// The bookkeeping file of the parsed history (``HistoryCache``), beside the manifest.
    static let historyCacheName = ".sitegen-history"

    /// Load (history): with ``Options/historyRev``, the git history of the library folder,
    /// continued from the previous build's cache when that build's tip is on the chain. Nil
    /// without history, or with its errors in `diagnostics`.
    /// `forSite`: for a build, which keeps the cache and writes feeds; `check` does neither.
    /// `resolved`: the repository as this build's change scan found it, when it did.
    /// `wanted`: the images whose history the caller shows (nil: all); another library file's
    /// history is read only when the file is deleted at the tip, a retired image (see
    /// ``HistoryLoader/load(libraryPath:rev:cache:wanted:resolved:)``).
    func loadHistory(_ diagnostics: inout [Diagnostic], forSite: Bool, wanted: Set<String>?,
                     resolved: HistoryReader.Repository? = nil) -> LoadedHistory? {
        guard let rev = options.historyRev else { return nil }
        let library = options.loader.libraryPath
        let cache = options.clean || !forSite ? nil : HistoryCache.read(from: options.output + "/" + Self.historyCacheName)
        // Where commits link to: asked of git (`remote get-url`) while the history loads.
        let (result, commitLinks) = ParallelMap.both({ () -> Result<HistoryLoader.Loaded, DiagnosticError> in
            do throws(DiagnosticError) {
                return .success(try HistoryLoader.load(libraryPath: library, rev: rev, cache: cache, wanted: wanted, resolved: resolved))
            } catch {
                return .failure(error)
            }
        }, { forSite ? Self.commitLinks(library) : nil })
        do throws(DiagnosticError) {
            let loaded = try result.get()
            diagnostics += loaded.warnings.map { Self.located($0, at: library) }
            if forSite, options.settings.baseURL == nil {
                diagnostics.append(.warning("history.feeds-skipped", "the Atom feeds were not written: a feed needs the site's absolute address",
                                            hint: "give --base-url (or base-url: in sitegen.yml) to write feed.xml for the site and each image"))
            }
            return LoadedHistory(history: loaded.history, commitLinks: commitLinks,
                                 cacheFile: forSite ? Task { [cache = loaded.cache] in SiteWriter.File(Self.historyCacheName, cache.encoded()) } : nil,
                                 changed: loaded.changed, retiredTagsChanged: loaded.retiredTagsChanged)
        } catch {
            diagnostics += error.diagnostics.map { Self.located($0, at: library) }
            return nil
        }
    }

    /// The images of the docs tree (folders with a content.md), the only ones with pages; nil
    /// when the tree cannot be opened (the load step says why).
    func docsImageNames() -> Set<String>? {
        DocsTree.imageNames(at: options.loader.docsPath).map(Set.init)
    }

    /// `diagnostic`, naming the library folder when it names no file: git's problems (not
    /// installed, no such rev, a shallow clone, a corrupt object) are problems of the
    /// repository that holds it.
    private static func located(_ diagnostic: Diagnostic, at library: String) -> Diagnostic {
        guard diagnostic.file == nil else { return diagnostic }
        return Diagnostic(diagnostic.severity, diagnostic.identifier, file: library, message: diagnostic.message, hint: diagnostic.hint)
    }

    /// `https://github.com/OWNER/REPO/commit/` for a repository whose `origin` is on GitHub;
    /// nil otherwise (a commit id alone is shown).
    static func commitLinks(_ library: String) -> String? {
        guard let git = try? Git.locate(), let output = try? git.run(["remote", "get-url", "origin"], in: library),
              output.succeeded else { return nil }
        return CommitLinks.prefix(forRemote: output.text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
