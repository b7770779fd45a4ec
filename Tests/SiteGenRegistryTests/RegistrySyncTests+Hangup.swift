import Foundation
import SiteGen
import SiteGenRegistry
import Testing
import TestSupport

/// A sync run on a terminal that goes away (a closed window, a dropped SSH session): SIGHUP
/// stops it as SIGINT does, and what it fetched is saved although nothing can be written to
/// the terminal any more.
extension RegistrySyncTests {
    @Test func aHangupSavesWhatWasFetchedThoughTheTerminalIsGone() throws {
        let (registry, proxy, tags, library, data) = try Self.slowTags(12, delay: "0.25")
        // Its stderr is a pseudo-terminal, so it shows a progress line ten times a second.
        // (`posix_openpt` and its kin are not in Swift's Glibc module: the same through
        // /dev/ptmx and Linux's ioctls, TIOCSPTLCK and TIOCGPTN, whose numbers Swift cannot
        // import since they are macros of macros.)
        let terminal = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(terminal >= 0)
        var unlock: Int32 = 0, number: UInt32 = 0
        try #require(ioctl(terminal, 0x4004_5431, &unlock) == 0 && ioctl(terminal, 0x8004_5430, &number) == 0)
        let side = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        try #require(side >= 0)
        _ = fcntl(terminal, F_SETFL, fcntl(terminal, F_GETFL) | O_NONBLOCK)
        var shown = [UInt8]()
        /// Reads what the sync wrote so far (a terminal's buffer is small: unread, it would block the sync).
        func drain() {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while case let count = read(terminal, &buffer, buffer.count), count > 0 { shown += buffer.prefix(count) }
        }

        // Checkpoints an hour apart (the command's test hook): what the file holds is the stop's save.
        let process = Self.syncProcess(library, registry: proxy.address, data: data, arguments: ["--concurrency", "1"],
                                       environment: ["SITEGEN_REGISTRY_CHECKPOINT_SECONDS": "3600"])
        process.standardError = FileHandle(fileDescriptor: side, closeOnDealloc: false)
        try process.run()
        close(side)
        let deadline = Date().addingTimeInterval(30)
        while try proxy.stats()["manifestGET"] ?? 0 < 2, process.isRunning, Date() < deadline {
            drain()
            usleep(50_000)
        }
        drain()
        #expect(process.isRunning && Date() < deadline, "the sync was fetching when the terminal went away")
        #expect(String(decoding: shown, as: UTF8.self).contains("registry sync: "), "the progress line was shown")
        // The terminal goes away: every write to it fails from now on (EIO). Its progress line
        // comes ten times a second; the sync goes on through those failed writes.
        close(terminal)
        usleep(500_000)
        #expect(process.isRunning, "failed writes to a terminal that hung up do not stop the sync")
        // Twice, as a closing terminal does (its shell passes one on, the kernel sends its own):
        // the second is not taken for an insisting user's, which would exit without the save.
        kill(process.processIdentifier, SIGHUP)
        kill(process.processIdentifier, SIGHUP)
        let stopping = Date().addingTimeInterval(30)
        while process.isRunning, Date() < stopping { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 129,
                "\(process.terminationReason == .exit ? "exit" : "signal") \(process.terminationStatus)")
        let saved = try RegistryDataFile.load(data.path).images["lumen"]?.digests.count ?? 0
        #expect(saved >= 1 && saved < tags.count, "the digests fetched before SIGHUP are saved: \(saved)")
        withExtendedLifetime(registry) {}
    }

    /// A sync started with SIGHUP ignored (`nohup`) goes on through a hangup, as asked.
    @Test func aSyncUnderNohupOutlivesAHangup() throws {
        let (registry, proxy, tags, library, data) = try Self.slowTags(6, delay: "0.25")
        let sync = Self.syncProcess(library, registry: proxy.address, data: data, arguments: ["--concurrency", "1"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nohup")
        process.arguments = [TestPaths.sitegen] + (sync.arguments ?? [])
        process.environment = sync.environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while try proxy.stats()["manifestGET"] ?? 0 < 1, process.isRunning, Date() < deadline { usleep(20_000) }
        #expect(process.isRunning, "the sync was fetching when the hangup came")
        kill(process.processIdentifier, SIGHUP)
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(said)")
        #expect(said.contains("6 of 6 tags of 1 image resolved"), "\(said)")
        #expect(try RegistryDataFile.load(data.path).images["lumen"]?.tags.count == tags.count)
        withExtendedLifetime(registry) {}
    }
}
