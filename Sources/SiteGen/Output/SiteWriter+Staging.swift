import Foundation
import Synchronization

extension SiteWriter {
    /// A new site being written beside the output, file by file.
    ///
    /// A build puts each image's pages here as soon as they are rendered, from several threads,
    /// so only the pages in flight are in memory, not the whole site (hundreds of megabytes at
    /// ten times the corpus). The folder is made on the first file; a failed
    /// build calls ``abandon()`` and the output is as it was.
    public final class Staging: Sendable {
        private let writer: SiteWriter
        private let target: String
        private let previous: Manifest?
        private let state = Mutex(State())

        private struct State: Sendable {
            var folder: String?
            var recycled: Manifest?
            /// Why the staging folder could not be made: every later file fails with it.
            var failure: Diagnostic?
            var seen: Set<String> = []
            var folders: Set<String> = [""]
            var written = 0
            var bytes = 0
            var files = 0
        }

        init(writer: SiteWriter, target: String, previous: Manifest?) {
            self.writer = writer
            self.target = target
            self.previous = previous
        }

        /// Writes one file of the new site (or links or keeps it, when the previous or the
        /// recycled site has the same bytes there) and returns its fingerprint for the manifest.
        @discardableResult
        public func put(_ path: String, _ bytes: [UInt8]) throws(Diagnostic) -> String {
            let fingerprint = Fingerprint.ofContents(bytes).hex
            try place(path, fingerprint: fingerprint, pieces: [bytes], counted: true)
            return fingerprint
        }

        /// ``put(_:_:)`` for text, written straight from the string's own UTF-8 storage (a
        /// listing page of ten times the corpus is 15 MB; a copy into an array would double it).
        @discardableResult
        public func put(_ path: String, text: String) throws(Diagnostic) -> String {
            var text = text
            let result: Result<String, Diagnostic> = text.withUTF8 { utf8 in
                let buffer = UnsafeRawBufferPointer(utf8)
                var hash = Fingerprint()
                hash.add(words: buffer)
                let fingerprint = hash.hex
                do throws(Diagnostic) {
                    try place(path, fingerprint: fingerprint, pieces: nil, buffer: buffer, counted: true)
                    return .success(fingerprint)
                } catch {
                    return .failure(error)
                }
            }
            return try result.get()
        }

        /// A file of the new site written a piece at a time, as its parts are made: the search
        /// index, whose parts come from every image's pages, goes to disk while the pages are
        /// rendered instead of all at once after the last of them (a serial tail of the build).
        /// Never linked from the previous site: its fingerprint is known only at the end.
        public func appender(_ path: String) throws(Diagnostic) -> Appender {
            try writer.checkPath(path)
            let folder = try state.withLock { state throws(Diagnostic) -> String in
                let folder = try makeFolder(&state)
                guard state.seen.insert(path).inserted else { throw writer.collision(path) }
                state.files += 1
                return folder
            }
            if let failure = makeFolders(PathParts.folder(of: path), in: folder) {
                throw writer.writeFailure(path, failure)
            }
            let destination = folder + "/" + path
            // A recycled staging folder's file may share its inode with the live site.
            unlink(destination)
            let descriptor = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw writer.writeFailure(path, FileOutput.Failure(path: destination, code: errno))
            }
            return Appender(path: path, destination: destination, descriptor: descriptor, staging: self)
        }

        /// See ``appender(_:)``. Used by one task at a time.
        public final class Appender {
            let path: String
            private let destination: String
            private var descriptor: Int32
            private let staging: Staging
            private var stream = Fingerprint.Stream()
            private var count = 0
            /// The errno of the first write that failed; later pieces are dropped.
            private var failure: Int32 = 0

            fileprivate init(path: String, destination: String, descriptor: Int32, staging: Staging) {
                self.path = path
                self.destination = destination
                self.descriptor = descriptor
                self.staging = staging
            }

            deinit {
                if descriptor >= 0 { close(descriptor) }
            }

            public func append(_ bytes: [UInt8]) {
                guard failure == 0, descriptor >= 0 else { return }
                bytes.withUnsafeBytes { buffer in
                    failure = FileOutput.write(descriptor, buffer)
                    stream.add(buffer)
                }
                count += bytes.count
            }

            /// Closes the file; its fingerprint for the manifest.
            public func finish() throws(Diagnostic) -> String {
                if descriptor >= 0 {
                    if close(descriptor) != 0, failure == 0 { failure = errno }
                    descriptor = -1
                }
                if failure != 0 {
                    throw staging.writer.writeFailure(path, FileOutput.Failure(path: destination, code: failure))
                }
                let fingerprint = stream.fingerprint.hex
                // The same bytes as the live site's file: that file takes this one's place, as
                // ``place(_:fingerprint:pieces:buffer:counted:bookkeeping:)`` links an unchanged
                // file, so a build that changes nothing still writes nothing.
                let linked = destination + ".previous"
                let kept = staging.previous?.files[path] == fingerprint
                    && link(staging.target + "/" + path, linked) == 0
                    && (rename(linked, destination) == 0 || { unlink(linked); return false }())
                staging.state.withLock {
                    $0.bytes += count
                    if !kept { $0.written += 1 }
                }
                return fingerprint
            }
        }

        /// Puts the rest of the site (`files`), the marker, `manifest` and `bookkeeping`, then
        /// swaps the new site in. When the manifest equals the previous one and every file is
        /// in place, the output is left as it is (a build that changed nothing writes nothing).
        public func finish(_ files: [File], manifest: Manifest, bookkeeping: [File]) throws(Diagnostic) -> Summary {
            let (streamedFiles, streamedBytes) = state.withLock { ($0.files, $0.bytes) }
            var total = streamedBytes
            // Sizes of carried-over files, looked up relative to the open site folder.
            let targetFolder = open(target, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            defer { if targetFolder >= 0 { close(targetFolder) } }
            for file in files {
                switch file.content {
                case .bytes(let bytes): total += bytes.count
                case .unchanged:
                    var status = stat()
                    if targetFolder >= 0, fstatat(targetFolder, file.path, &status, 0) == 0 { total += Int(status.st_size) }
                }
            }
            let count = streamedFiles + files.count
            // Every file of the site as it was: the output is left as it is, but for its
            // bookkeeping (the record of the inputs, say) when that changed.
            if let previous, previous.files == manifest.files, previous.imageFiles == manifest.imageFiles,
               previous.search == manifest.search, access(target + "/" + Manifest.fileName, F_OK) == 0,
               manifest.files.keys.allSatisfy({ access(target + "/" + $0, F_OK) == 0 }) {
                abandon()
                if previous != manifest {
                    for file in [File(Manifest.fileName, manifest.encoded())] + bookkeeping {
                        guard case .bytes(let bytes) = file.content else { continue }
                        try replaceInPlace(file.path, bytes)
                    }
                }
                return Summary(files: count, bytes: total, written: 0)
            }
            let marker = Array("This folder was written by sitegen build; the next build replaces it whole.\n".utf8)
            // The manifest is encoded while the files are placed.
            let (encoded, placed) = ParallelMap.both({ manifest.encoded() }, { () -> Result<Void, Diagnostic> in
                do throws(Diagnostic) {
                    for file in files.sorted(by: { $0.path < $1.path }) {
                        switch file.content {
                        case .bytes(let bytes):
                            try self.place(file.path, fingerprint: manifest.files[file.path] ?? Fingerprint.ofContents(bytes).hex,
                                           pieces: [bytes], counted: false)
                        case .unchanged(let fingerprint):
                            try self.place(file.path, fingerprint: fingerprint, pieces: nil, counted: false)
                        }
                    }
                    return .success(())
                } catch {
                    return .failure(error)
                }
            })
            let extras = [File(SiteWriter.marker, marker), File(Manifest.fileName, encoded)] + bookkeeping
            do throws(Diagnostic) {
                try placed.get()
                for file in extras {
                    guard case .bytes(let bytes) = file.content else { continue }
                    // Bookkeeping: never carried over, never counted.
                    try place(file.path, fingerprint: nil, pieces: [bytes], counted: false, bookkeeping: true)
                }
                let (folder, recycled, written) = try state.withLock { state throws(Diagnostic) in
                    (try makeFolder(&state), state.recycled, state.written)
                }
                if let recycled {
                    writer.removeStale(recycled, keeping: manifest, in: folder)
                }
                try writer.swapIn(folder, target: target)
                var summary = Summary(files: count, bytes: total, written: written)
                summary.changed = manifest.files.count { previous?.files[$0.key] != $0.value }
                    + (previous?.files.keys.count { manifest.files[$0] == nil } ?? 0)
                return summary
            } catch {
                abandon()
                throw error
            }
        }

        /// Replaces the bookkeeping file `path` of the site at the output with `bytes`, through a
        /// temporary file and a rename, so a reader sees the old file or the new one.
        private func replaceInPlace(_ path: String, _ bytes: [UInt8]) throws(Diagnostic) {
            let destination = target + "/" + path
            let temporary = target + "/." + path + ".sitegen-\(getpid())"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw writer.writeFailure(path, FileOutput.Failure(path: temporary, code: errno)) }
            let failure = bytes.withUnsafeBytes { FileOutput.write(descriptor, $0) }
            close(descriptor)
            guard failure == 0, rename(temporary, destination) == 0 else {
                let code = failure != 0 ? failure : errno
                unlink(temporary)
                throw writer.writeFailure(path, FileOutput.Failure(path: destination, code: code))
            }
        }

        /// Removes the staging folder: the output stays as it was.
        public func abandon() {
            let folder = state.withLock { state in
                defer { state.folder = nil }
                return state.folder
            }
            if let folder { try? FileManager.default.removeItem(atPath: folder) }
        }

        /// The staging folder, made on first use.
        private func makeFolder(_ state: inout State) throws(Diagnostic) -> String {
            if let folder = state.folder { return folder }
            if let failure = state.failure { throw failure }
            let made: (path: String, recycled: Manifest?)
            do throws(Diagnostic) {
                made = try writer.makeStaging(target: target, previous: previous)
            } catch {
                state.failure = error
                throw error
            }
            let (folder, recycled) = made
            state.folder = folder
            state.recycled = recycled
            return folder
        }

        /// Makes `relative` (and the folders above it) inside `root` unless an earlier file made
        /// it: one `mkdir` each, where FileManager's `createDirectory` stats every component
        /// first. A folder that is there already (a recycled staging folder, or one another
        /// thread made a moment ago) is fine.
        ///
        /// The `mkdir` runs outside the lock: under it, every image's first file (its README, a
        /// new folder) held the other thread up for the whole system call, and the README
        /// step ran on one core. A folder joins `folders` only once it exists, so a file whose
        /// folder is listed never goes into one not made yet.
        private func makeFolders(_ relative: String, in root: String) -> FileOutput.Failure? {
            guard !relative.isEmpty, relative != "/", !state.withLock({ $0.folders.contains(relative) }) else { return nil }
            if let failure = makeFolders(PathParts.folder(of: relative), in: root) { return failure }
            let path = root + "/" + relative
            if mkdir(path, 0o777) != 0 {
                let code = errno
                var status = stat()
                guard code == EEXIST, stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
                    return FileOutput.Failure(path: path, code: code == EEXIST ? ENOTDIR : code)
                }
            }
            state.withLock { _ = $0.folders.insert(relative) }
            return nil
        }

        /// One file into the staging folder. `fingerprint` nil: bookkeeping, always written.
        /// `pieces` nil: the previous site's file, linked (or copied where links fail).
        private func place(_ path: String, fingerprint: String?, pieces: [[UInt8]]?, buffer: UnsafeRawBufferPointer? = nil,
                           counted: Bool, bookkeeping: Bool = false) throws(Diagnostic) {
            try writer.checkPath(path)
            let (folder, recycled) = try state.withLock { state throws(Diagnostic) -> (String, Manifest?) in
                let folder = try makeFolder(&state)
                guard state.seen.insert(path).inserted else { throw writer.collision(path) }
                if counted {
                    state.files += 1
                    state.bytes += buffer?.count ?? pieces?.reduce(0) { $0 + $1.count } ?? 0
                }
                return (folder, state.recycled)
            }
            if let failure = makeFolders(PathParts.folder(of: path), in: folder) {
                throw writer.writeFailure(path, failure)
            }
            let destination = folder + "/" + path
            if let recycled {
                // Files are never written into: they may share their inode with the live site.
                if let fingerprint, recycled.files[path] == fingerprint, access(destination, F_OK) == 0 { return }
                unlink(destination)
            }
            if !bookkeeping, let fingerprint, previous?.files[path] == fingerprint,
               link(target + "/" + path, destination) == 0 {
                return
            }
            if let buffer {
                do {
                    try FileOutput.create(destination, buffer: buffer)
                } catch {
                    throw writer.writeFailure(path, error)
                }
                if !bookkeeping { state.withLock { $0.written += 1 } }
                return
            }
            let content: [[UInt8]]
            if let pieces {
                content = pieces
            } else {
                // Linking failed (another file system?): copy the old file's bytes instead.
                guard let old = FileInput.read(target + "/" + path) else {
                    throw writer.writeFailure(path, FileOutput.Failure(path: target + "/" + path, code: ENOENT))
                }
                content = [old]
            }
            do {
                try FileOutput.create(destination, pieces: content)
            } catch {
                throw writer.writeFailure(path, error)
            }
            if !bookkeeping { state.withLock { $0.written += 1 } }
        }
    }
}
