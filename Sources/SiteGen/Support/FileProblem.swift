import Foundation

/// A file-system failure in plain words: what was in the way, or the system's own short
/// reason ("Permission denied"), never an error domain, code or errno number.
enum FileProblem {
    /// Why making or writing `path` failed with `error` (a Foundation or POSIX error);
    /// `folder`: `path` was to be a folder, so a file at `path` itself is in the way too.
    static func reason(_ error: any Error, path: String, folder: Bool = false) -> String {
        if let blocker = fileInTheWay(of: folder ? path + "/." : path) {
            return blocker == path ? "`\(path)` is a file, not a folder" : "`\(blocker)` is a file, so `\(path)` cannot be created"
        }
        if let code = posixCode(of: error) {
            return String(cString: strerror(code))
        }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileWriteNoPermission, .fileReadNoPermission: return String(cString: strerror(EACCES))
            case .fileWriteOutOfSpace: return String(cString: strerror(ENOSPC))
            case .fileNoSuchFile, .fileReadNoSuchFile: return String(cString: strerror(ENOENT))
            case .fileWriteFileExists: return String(cString: strerror(EEXIST))
            case .fileWriteVolumeReadOnly: return String(cString: strerror(EROFS))
            default: break
            }
        }
        return "the file system refused it"
    }

    /// The POSIX error number behind `error`, if it carries one.
    static func posixCode(of error: any Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return Int32(nsError.code) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        return nil
    }

    /// The nearest existing part of `path` (itself or a folder above it) when that is a file
    /// where a folder is needed.
    static func fileInTheWay(of path: String) -> String? {
        var current = (path as NSString).deletingLastPathComponent
        while !current.isEmpty, current != "/", current != "." {
            var status = stat()
            if stat(current, &status) == 0 {
                return status.st_mode & S_IFMT == S_IFDIR ? nil : current
            }
            current = (current as NSString).deletingLastPathComponent
        }
        return nil
    }
}
