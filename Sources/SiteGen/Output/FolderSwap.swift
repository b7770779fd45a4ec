import CSupport
import Foundation

/// Puts a finished file or folder in place of another in as few steps as the system allows:
/// one atomic exchange (Linux `renameat2`), else move-aside, move-in, drop-old. Both the site
/// writer and the bundles use it, so a reader never finds the destination missing or half-made.
enum FolderSwap {
    /// Replaces `target` with `staged` (or moves it there when nothing is there yet). On failure
    /// `target` is as it was and the error number is thrown.
    /// `keepingOldAt`: where to keep the old one instead of deleting it (the site writer keeps
    /// the previous site to build the next one in).
    static func replace(_ target: String, with staged: String, retiredPath: String,
                        keepingOldAt keep: String? = nil) throws(SwapError) {
        guard FileManager.default.fileExists(atPath: target) else {
            guard rename(staged, target) == 0 else { throw SwapError(code: errno) }
            return
        }
        if sitegen_exchange_paths(staged, target) == 0 {
            // `staged` now holds the old one.
            retire(staged, keep: keep)
            return
        }
        guard rename(target, retiredPath) == 0 else { throw SwapError(code: errno) }
        guard rename(staged, target) == 0 else {
            let code = errno
            _ = rename(retiredPath, target)
            throw SwapError(code: code)
        }
        retire(retiredPath, keep: keep)
    }

    private static func retire(_ old: String, keep: String?) {
        if let keep, rename(old, keep) == 0 { return }
        try? FileManager.default.removeItem(atPath: old)
    }

    /// Why a swap failed, as the system said it.
    struct SwapError: Error {
        let code: Int32
        var reason: String { String(cString: strerror(code)) }
    }
}
