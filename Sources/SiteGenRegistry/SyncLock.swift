import Foundation
import SiteGen

/// The one sync that writes a data file at a time.
///
/// Two syncs of one file (a scheduled CI job overlapping the one before it, or a person's run
/// beside it) each read the file once and later save the records they hold over the other's:
/// the last to save drops what the first fetched (its images, their `firstSeen` dates), and
/// both say they wrote the file. A sync therefore holds an advisory lock (`flock`) on
/// `<file>.lock` from before it reads the file until its last save, and a second sync finds it
/// held and stops before sending a request. The system lets the lock go with the process: a
/// sync killed outright leaves the lock file, which the next sync takes and removes. On a file
/// system that has no locks (some NFS mounts) the sync goes on without one, as before locks.
///
/// A reference, released once: ``release()`` removes the lock file by name, and a second
/// release (of a copy of a value) would remove the lock file of a sync that came after.
final class SyncLock {
    /// The lock file's path and the descriptor that holds the lock (nil: none is held).
    private let path: String
    private var descriptor: Int32?
    /// Whether the lock file is still to be removed (one made where locks are not supported).
    private var held: Bool

    private init(path: String, descriptor: Int32?) {
        self.path = path
        self.descriptor = descriptor
        held = true
    }

    /// Takes the lock of the data file at `dataPath` (the file a sync writes, links resolved):
    /// `registry.busy` when another sync holds it, `registry.write` when the lock file can be
    /// neither made nor opened. `setting`: how the hints name the setting that gave the path.
    static func take(_ dataPath: String, setting: String = "--data") throws(DiagnosticError) -> SyncLock {
        let path = dataPath + ".lock"
        // Each round either holds the lock of the file the name has, or finds the name
        // replaced between its open and its lock (a sync before it let go and removed it) and
        // tries again; a few rounds always settle.
        for _ in 0..<64 {
            var descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
            var readOnly = false
            // Readable by every user whatever the umask: another user's sync locks it too.
            if descriptor >= 0 { _ = fchmod(descriptor, 0o644) }
            // Another user's lock file (left by their sync, killed): locked through a
            // descriptor that only reads, as `flock` allows.
            if descriptor < 0, errno == EACCES {
                descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
                readOnly = descriptor >= 0
            }
            guard descriptor >= 0 else {
                let number = errno
                throw DiagnosticError(.error("registry.write", file: path, "cannot make or open the sync's lock file: \(String(cString: strerror(number)))",
                                             hint: number == EACCES
                                                ? "another user's sync made it, and it cannot be read: if no sync is running, remove it"
                                                : "the sync keeps it beside the data file while it runs; give \(setting) a path in a folder you can write to"))
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let number = errno
                let holder = Self.holder(descriptor)
                close(descriptor)
                if number == ENOLCK || number == EOPNOTSUPP { return SyncLock(path: path, descriptor: nil) }
                guard number == EWOULDBLOCK else {
                    throw DiagnosticError(.error("registry.write", file: path, "cannot lock the sync's lock file: \(String(cString: strerror(number)))",
                                                 hint: "the sync locks it so that no two syncs write the data file at once; give \(setting) a path on a local file system"))
                }
                throw DiagnosticError(.error("registry.busy", file: dataPath,
                                             "another `sitegen registry sync`\(holder.map { " (process \($0))" } ?? "") is writing the registry data file",
                                             hint: "let it finish, or stop it, then run this sync again: two syncs of one file would each save over the other's records (a scheduled sync must not overlap the one before)"))
            }
            var held = stat(), named = stat()
            guard fstat(descriptor, &held) == 0, lstat(path, &named) == 0,
                  held.st_dev == named.st_dev, held.st_ino == named.st_ino else {
                close(descriptor)
                continue
            }
            // Another user's file, not running (the lock was free): replaced by one of this
            // sync's, which names this process; kept where the folder does not let it go.
            if readOnly, unlink(path) == 0 {
                close(descriptor)
                continue
            }
            // The holder's process id, for the message a second sync prints (another user's
            // file kept, read only, keeps the id it has, which ``holder(_:)`` checks).
            let text = Array("\(getpid())\n".utf8)
            if ftruncate(descriptor, 0) == 0 { _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) } }
            return SyncLock(path: path, descriptor: descriptor)
        }
        throw DiagnosticError(.error("registry.busy", file: dataPath, "the sync's lock file \(path) kept being replaced while the sync tried to lock it",
                                     hint: "stop the other syncs of this file, then run this sync again"))
    }

    /// Removes the lock file and lets go of the lock: removed first, so that a sync waiting
    /// for the name never locks a file no longer under it (it finds the name gone and retries).
    func release() {
        guard held else { return }
        held = false
        unlink(path)
        if let descriptor { close(descriptor) }
        descriptor = nil
    }

    /// The process id the lock file holds, if it reads as one and that process runs here (a
    /// sync in another machine or container names a process this one cannot see: none named).
    private static func holder(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0,
              let pid = Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
              pid > 0, isRunning(pid) else { return nil }
        return pid
    }

    /// Whether process `pid` runs on this machine, this user's or another's (`kill` then
    /// answers EPERM): a lock file or temporary file naming it may still be in use.
    static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
