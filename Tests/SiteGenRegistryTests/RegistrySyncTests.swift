import Foundation
import SiteGen
import SiteGenRegistry
import Synchronization
import Testing
import TestSupport

/// `registry sync` against a real registry (Debian's docker-registry 2.8 on loopback, images
/// pushed with skopeo), each test with its own registry, and a proxy where a test needs bearer
/// tokens, 429s or counts.
@Suite(.enabled(if: TestRegistry.available, Comment(rawValue: TestRegistry.missingMessage)))
struct RegistrySyncTests {
    /// A library folder with one file per image: `entries` lists each entry's tags and architectures.
    static func library(_ images: [String: [(tags: [String], architectures: [String])]]) throws -> URL {
        let folder = try TestPaths.temporaryFolder("registry-library")
        for (name, entries) in images {
            var text = "Maintainers: Someone <someone@example.org> (@someone)\nGitRepo: https://github.com/example/\(name).git\n"
            for entry in entries {
                text += "\nTags: \(entry.tags.joined(separator: ", "))\nArchitectures: \(entry.architectures.joined(separator: ", "))\n"
                text += "GitCommit: 0123456789abcdef0123456789abcdef01234567\n"
            }
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// Where a test's data file goes: a folder of its own (not the library folder, whose every
    /// file is a library file).
    static func dataFile() throws -> URL {
        try TestPaths.temporaryFolder("registry-data").appendingPathComponent("registry-data.json")
    }

    static func sync(_ address: String, library: URL, data: URL, namespace: String = "demo",
                     credentials: RegistryCredentials? = nil, retry: RegistryClient.RetryPolicy = .init(firstDelay: .milliseconds(50)),
                     concurrency: Int = 4, now: String = "2026-12-01T10:00:00Z") async throws -> RegistrySync.Summary {
        let (images, _) = try RegistrySync.libraryTags(library.path, only: nil)
        let options = RegistrySync.Options(registry: address, namespace: namespace, dataPath: data.path, concurrency: concurrency,
                                           insecure: true, credentials: credentials, retry: retry,
                                           now: try Date(now, strategy: .iso8601))
        return try await RegistrySync.run(images, options: options)
    }

    /// Tags `1` to `count` of `demo/lumen`, one platform each, behind a proxy that answers
    /// every request `delay` seconds late (a sync slow enough to be stopped midway), with
    /// their library and a data file's place.
    static func slowTags(_ count: Int, delay: String) throws
        -> (registry: TestRegistry, proxy: TestRegistryProxy, tags: [String], library: URL, data: URL) {
        let registry = try TestRegistry()
        let tags = (1...count).map(String.init)
        for tag in tags { try registry.push("demo/lumen", tag: tag, platforms: ["linux/amd64"]) }
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--delay", delay])
        let library = try Self.library(["lumen": tags.map { ([$0], ["amd64"]) }])
        return (registry, proxy, tags, library, try Self.dataFile())
    }

    /// `sitegen registry sync` of `library` from `registry` (namespace `demo`, plain HTTP) into
    /// `data`, with `arguments` after, as a process to run: `environment` set on top of this
    /// one's, `unset` taken out of it.
    static func syncProcess(_ library: URL, registry: String, data: URL, arguments: [String] = [],
                            environment: [String: String] = [:], unset: [String] = []) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.sitegen)
        process.arguments = ["registry", "sync", "--library", library.path, "--registry", registry, "--namespace", "demo",
                             "--data", data.path, "--insecure"] + arguments
        var merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        for name in unset { merged[name] = nil }
        process.environment = merged
        return process
    }

    /// Runs `process` to its end; what it wrote to standard error.
    static func standardError(of process: Process) throws -> String {
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return said
    }

    /// sha256 of `bytes`, as a digest (with the system's sha256sum, not the code under test).
    static func digest(_ bytes: Data) throws -> String {
        let run = try ProgramRun.run("sha256sum", [], input: bytes)
        return "sha256:" + run.output.prefix(64)
    }

    /// Config plus layer sizes of the manifest `bytes`, read from the registry's own JSON.
    static func size(ofManifest bytes: Data) throws -> Int {
        let object = try JSONSerialization.jsonObject(with: bytes) as? [String: Any] ?? [:]
        let config = (object["config"] as? [String: Any])?["size"] as? Int ?? -1
        let layers = (object["layers"] as? [[String: Any]] ?? []).map { $0["size"] as? Int ?? 0 }
        return config + layers.reduce(0, +)
    }

    @Test func anAnonymousSyncRecordsWhatSkopeoSeesAndASecondSyncFetchesNothing() async throws {
        let registry = try TestRegistry()
        let index = try registry.push("demo/lumen", tag: "1.0", platforms: ["linux/amd64", "linux/arm64/v8", "windows/amd64"],
                                      created: "2026-11-02T03:04:05.123456789Z", osVersion: "10.0.20348.2227")
        try registry.tag("demo/lumen", "1.0", as: "latest")
        let single = try registry.push("demo/lumen", tag: "1.0-slim", platforms: ["linux/amd64"], size: 9000)
        let library = try Self.library(["lumen": [(["1.0", "latest"], ["amd64", "arm64v8", "windows-amd64"]),
                                                  (["1.0-slim"], ["amd64"]), (["0.9"], ["amd64"])]])
        let data = try Self.dataFile()

        let first = try await Self.sync(registry.address, library: library, data: data)
        #expect(first.resolved == 3 && first.tags == 4)
        #expect(first.missingTags == ["lumen:0.9"])
        #expect(first.newDigests == 2, "the two tags of one index share its record")
        let file = try RegistryDataFile.load(data.path)
        let lumen = try #require(file.images["lumen"])
        #expect(lumen.repository == "demo/lumen")
        #expect(lumen.tags == ["1.0": index, "latest": index, "1.0-slim": single])
        #expect(lumen.registryTags == ["1.0", "1.0-slim", "latest"])

        // Every digest, size and date is the registry's, as skopeo reads it.
        #expect(try Self.digest(registry.raw("demo/lumen", "1.0")) == index)
        #expect(try Self.digest(registry.raw("demo/lumen", "1.0-slim")) == single)
        let record = try #require(lumen.digests[index])
        #expect(record.mediaType == "application/vnd.oci.image.index.v1+json")
        #expect(record.firstSeen == "2026-12-01T10:00:00Z")
        #expect(record.platforms.map { "\($0.os)/\($0.architecture)" + ($0.variant.map { "/\($0)" } ?? "") }
                    == ["linux/amd64", "linux/arm64/v8", "windows/amd64"])
        #expect(record.platforms.map(\.osVersion) == [nil, nil, "10.0.20348.2227"])
        for platform in record.platforms {
            let manifest = try registry.raw("demo/lumen", platform.digest)
            #expect(try Self.digest(manifest) == platform.digest)
            let size = try Self.size(ofManifest: manifest)
            #expect(platform.size == size)
            #expect(platform.created == "2026-11-02T03:04:05.123456789Z")
        }
        let slim = try #require(lumen.digests[single]?.platforms.first)
        let slimSize = try Self.size(ofManifest: registry.raw("demo/lumen", single))
        #expect(slim.digest == single && slim.size == slimSize)
        #expect(slim.size > record.platforms[0].size, "the slim image has the larger layer here")

        let bytes = try Data(contentsOf: data)
        #expect(try DiffSchema.problems([String(decoding: bytes, as: UTF8.self)], schema: DiffSchema.registryData) == [],
                "the file follows docs/registry-data.md's schema")
        let second = try await Self.sync(registry.address, library: library, data: data, now: "2026-12-02T10:00:00Z")
        #expect(second.newDigests == 0 && second.knownDigests == 2)
        #expect(second.counts.heads == 3)
        #expect(second.counts.gets == 2, "only /v2/ and the tag list: no manifest or blob is fetched again")
        #expect(!second.wrote)
        #expect(try Data(contentsOf: data) == bytes, "an unchanged registry leaves the file byte for byte")
    }

    /// The progress line's figures: tags done, new digests, and the requests, bytes and time
    /// so far, as the summary line counts them.
    @Test func progressCountsTagsRequestsBytesAndTime() async throws {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "1.0", platforms: ["linux/amd64", "linux/arm64/v8"])
        try registry.push("demo/lumen", tag: "2.0", platforms: ["linux/amd64"], content: "two")
        let library = try Self.library(["lumen": [(["1.0"], ["amd64", "arm64v8"]), (["2.0"], ["amd64"])]])
        let (images, _) = try RegistrySync.libraryTags(library.path, only: nil)
        let options = RegistrySync.Options(registry: registry.address, namespace: "demo", dataPath: try Self.dataFile().path, insecure: true)
        let steps = Mutex<[RegistrySync.Progress]>([])
        let summary = try await RegistrySync.run(images, options: options) { step in steps.withLock { $0.append(step) } }
        let seen = steps.withLock { $0 }
        // From the start (none done), then at each tag; a step may show again (every second).
        let done = seen.map(\.tagsDone)
        #expect(zip(done, done.dropFirst()).filter { $0 != $1 }.map(\.1) == [1, 2] && done.first == 0, "\(done)")
        #expect(seen.allSatisfy { $0.tags == 2 })
        #expect(seen.last?.newDigests == 2)
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.requests <= $1.requests && $0.bytes <= $1.bytes && $0.elapsed <= $1.elapsed })
        let last = try #require(seen.last)
        #expect(last.requests > 2 && last.requests <= summary.counts.requests && last.bytes > 0 && last.bytes <= summary.counts.bytes)
        #expect(last.elapsed > .zero && last.elapsed <= summary.elapsed)
    }

    @Test func htpasswdBasicAuthUsesTheCredentialsAndRefusesWrongOnes() async throws {
        let registry = try TestRegistry(credentials: ("reader", "s3cret-pass"))
        let digest = try registry.push("demo/lumen", tag: "1.0", platforms: ["linux/amd64"])
        let library = try Self.library(["lumen": [(["1.0"], ["amd64"])]])
        let data = try Self.dataFile()
        let right = RegistryCredentials(username: "reader", password: "s3cret-pass", source: "test")
        let summary = try await Self.sync(registry.address, library: library, data: data, credentials: right)
        #expect(summary.resolved == 1)
        #expect(try RegistryDataFile.load(data.path).images["lumen"]?.tags["1.0"] == digest)
        let written = try String(contentsOf: data, encoding: .utf8)
        #expect(!written.contains("s3cret") && !written.contains("reader"), "credentials never reach the file")

        let before = try Data(contentsOf: data)
        for credentials in [nil, RegistryCredentials(username: "reader", password: "wrong-pass", source: "test")] {
            let error = await #expect(throws: DiagnosticError.self) {
                try await Self.sync(registry.address, library: library, data: data, credentials: credentials)
            }
            let message = error?.diagnostics.map { "\($0.message) \($0.hint ?? "")" }.joined() ?? ""
            #expect(message.contains("401"), "\(message)")
            #expect(message.contains(credentials == nil ? "needs credentials" : "refused"), "\(message)")
            #expect(!message.contains("wrong-pass") && !message.contains("s3cret"))
        }
        #expect(try Data(contentsOf: data) == before, "a refused sync leaves the file as it was")
    }

    @Test func bearerTokensAreAskedOfTheRealmPerRepository() async throws {
        let registry = try TestRegistry()
        let digest = try registry.push("demo/lumen", tag: "1.0", platforms: ["linux/amd64", "linux/arm/v7"])
        try registry.push("demo/quark", tag: "2", platforms: ["linux/amd64"])
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--bearer", "robot:t0ken-pass"])
        let library = try Self.library(["lumen": [(["1.0"], ["amd64", "arm32v7"])], "quark": [(["2"], ["amd64"])]])
        let data = try Self.dataFile()
        let credentials = RegistryCredentials(username: "robot", password: "t0ken-pass", source: "test")
        let summary = try await Self.sync(proxy.address, library: library, data: data, credentials: credentials)
        #expect(summary.resolved == 2 && summary.newDigests == 2)
        let stats = try proxy.stats()
        #expect(stats["token"] == 2, "one token per repository, none for /v2/: \(stats)")
        #expect(stats["unauthorized"] == 1, "only /v2/ is asked without a token: each repository's is asked for first: \(stats)")
        #expect(summary.counts.tokens == 2)
        #expect(try RegistryDataFile.load(data.path).images["lumen"]?.digests[digest]?.platforms.map(\.variant) == [nil, "v7"])

        let error = await #expect(throws: DiagnosticError.self) {
            try await Self.sync(proxy.address, library: library, data: data,
                                credentials: RegistryCredentials(username: "robot", password: "not-it", source: "test"))
        }
        #expect(error?.diagnostics.first?.message.contains("token") == true, "\(error?.diagnostics ?? [])")
    }

    @Test func aTagMovedToANewDigestIsTheOnlyOneFetchedAgain() async throws {
        let registry = try TestRegistry()
        let old = try registry.push("demo/lumen", tag: "1.0", platforms: ["linux/amd64"], content: "first")
        let kept = try registry.push("demo/lumen", tag: "2.0", platforms: ["linux/amd64", "linux/arm64/v8"])
        let proxy = try TestRegistryProxy(upstream: registry)
        let library = try Self.library(["lumen": [(["1.0"], ["amd64"]), (["2.0"], ["amd64", "arm64v8"])]])
        let data = try Self.dataFile()
        _ = try await Self.sync(proxy.address, library: library, data: data)
        let before = try RegistryDataFile.load(data.path)
        let fetchesBefore = try proxy.stats()

        let moved = try registry.push("demo/lumen", tag: "1.0", platforms: ["linux/amd64"], content: "rebuilt",
                                      created: "2026-12-03T00:00:00Z")
        #expect(moved != old)
        let summary = try await Self.sync(proxy.address, library: library, data: data, now: "2026-12-04T00:00:00Z")
        let fetchesAfter = try proxy.stats()
        #expect(summary.newDigests == 1 && summary.knownDigests == 1)
        #expect((fetchesAfter["manifestGET"] ?? 0) - (fetchesBefore["manifestGET"] ?? 0) == 1, "only the moved tag's manifest")
        #expect((fetchesAfter["blobGET"] ?? 0) - (fetchesBefore["blobGET"] ?? 0) == 1, "only its configuration")
        let after = try RegistryDataFile.load(data.path)
        #expect(after.images["lumen"]?.tags == ["1.0": moved, "2.0": kept])
        #expect(after.images["lumen"]?.digests[old] == nil, "a digest no tag names is dropped")
        #expect(after.images["lumen"]?.digests[kept] == before.images["lumen"]?.digests[kept], "the other record is untouched")
        #expect(after.images["lumen"]?.digests[moved]?.firstSeen == "2026-12-04T00:00:00Z")
    }

    @Test func a429WithRetryAfterIsWaitedOutAndTheSyncGoesThrough() async throws {
        let registry = try TestRegistry()
        for tag in ["1", "2", "3"] { try registry.push("demo/lumen", tag: tag, platforms: ["linux/amd64"]) }
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--throttle", "3", "--retry-after", "1"])
        let library = try Self.library(["lumen": [(["1"], ["amd64"]), (["2"], ["amd64"]), (["3"], ["amd64"])]])
        let data = try Self.dataFile()
        let started = ContinuousClock.now
        let summary = try await Self.sync(proxy.address, library: library, data: data, concurrency: 1)
        #expect(summary.resolved == 3 && summary.newDigests == 3)
        let throttled = try proxy.stats()["throttled"] ?? 0
        #expect(throttled >= 2)
        #expect(summary.counts.retries == throttled)
        #expect(summary.counts.waited >= .seconds(throttled), "each 429 waited its Retry-After of 1 s")
        #expect(ContinuousClock.now - started >= .seconds(throttled))
    }

    @Test func rateLimitingPastTheRetriesStopsSayingHowFarItGotAndKeepsWhatItFetched() async throws {
        let registry = try TestRegistry()
        for tag in ["1", "2", "3", "4"] { try registry.push("demo/lumen", tag: tag, platforms: ["linux/amd64"]) }
        // Two digests' manifest and configuration get through; then every request is refused.
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--throttle-after", "8", "--retry-after", "0"])
        let library = try Self.library(["lumen": [(["1"], ["amd64"]), (["2"], ["amd64"]), (["3"], ["amd64"]), (["4"], ["amd64"])]])
        let data = try Self.dataFile()
        let error = await #expect(throws: DiagnosticError.self) {
            try await Self.sync(proxy.address, library: library, data: data,
                                retry: .init(attempts: 3, firstDelay: .milliseconds(20)), concurrency: 1)
        }
        let message = error?.diagnostics.first?.message ?? ""
        #expect(message.contains("the registry rate-limited the sync (429) on all 3 attempts"), "\(message)")
        #expect(message.contains("stopped after 2 of 4 tags"), "\(message)")
        #expect(message.contains("2 digests fetched are kept in \(data.path)"), "\(message)")
        let kept = try RegistryDataFile.load(data.path)
        #expect(kept.images["lumen"]?.digests.count == 2 && kept.images["lumen"]?.tags.count == 2)

        // The next sync, no longer limited, fetches only the rest.
        try proxy.open()
        let summary = try await Self.sync(proxy.address, library: library, data: data)
        #expect(summary.newDigests == 2 && summary.knownDigests == 2)
    }

    @Test func aRegistryThatIsDownIsAClearErrorAndTheFileIsLeftAsItWas() async throws {
        let port = try TestRegistry.freePort()
        let library = try Self.library(["lumen": [(["1.0"], ["amd64"])]])
        let data = try Self.dataFile()
        for existing in [false, true] {
            let original = Data("{\"images\":{},\"namespace\":\"demo\",\"registry\":\"http://127.0.0.1:\(port)\",\"schemaVersion\":1}\n".utf8)
            if existing { try original.write(to: data) }
            let error = await #expect(throws: DiagnosticError.self) {
                try await Self.sync("http://127.0.0.1:\(port)", library: library, data: data)
            }
            let diagnostic = error?.diagnostics.first
            #expect(diagnostic?.message.contains("cannot reach http://127.0.0.1:\(port)/v2/: connection refused") == true,
                    "\(String(describing: diagnostic))")
            #expect(diagnostic?.hint?.contains("registry is up") == true)
            // What was spent, as the summary line says it, and what became of the file.
            #expect(diagnostic?.message.contains("(stopped after 0 of 1 tag, 1 request, 0 B, ") == true, "\(String(describing: diagnostic))")
            #expect(diagnostic?.message.hasSuffix(existing ? " s; \(data.path) was not changed)" : " s; nothing was written)") == true,
                    "\(String(describing: diagnostic))")
            if existing {
                #expect(try Data(contentsOf: data) == original)
            } else {
                #expect(!FileManager.default.fileExists(atPath: data.path), "no file is made")
            }
        }
    }

    /// A repository the registry does not have is a warning; none found at all (a mistyped
    /// `--namespace`) is the address or the namespace: an error that leaves the file as it was.
    @Test func aMissingRepositoryIsReportedButNoneFoundIsAnErrorThatKeepsTheFile() async throws {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "1.0", platforms: ["linux/amd64"])
        let library = try Self.library(["lumen": [(["1.0"], ["amd64"])], "ghost": [(["1", "latest"], ["amd64"])]])
        let data = try Self.dataFile()
        // The scheme in capitals: recorded as one spelling of the address, which the schema takes.
        let summary = try await Self.sync(registry.address.uppercased(), library: library, data: data)
        #expect(summary.missingRepositories == ["ghost"])
        #expect(summary.missingTags == ["ghost:1", "ghost:latest"])
        #expect(summary.resolved == 1)
        #expect(summary.line.contains("1 repository not found"))
        let file = try RegistryDataFile.load(data.path)
        #expect(file.images.keys.sorted() == ["lumen"])
        #expect(file.registry == registry.address, "scheme and host lowercased")

        // Against this file, a mistyped namespace is another namespace than the file's, refused
        // before any request; with `afresh` (or a first sync) the registry is asked, and has none.
        let bytes = try Data(contentsOf: data)
        let other = await #expect(throws: DiagnosticError.self) {
            try await Self.sync(registry.address, library: library, data: data, namespace: "demoo")
        }
        #expect(other?.diagnostics.first?.identifier == "registry.other-data", "\(String(describing: other?.diagnostics))")
        let (images, _) = try RegistrySync.libraryTags(library.path, only: nil)
        let firstData = try Self.dataFile()
        for (path, afresh) in [(data, true), (firstData, false)] {
            let error = await #expect(throws: DiagnosticError.self) {
                try await RegistrySync.run(images, options: RegistrySync.Options(registry: registry.address, namespace: "demoo", dataPath: path.path,
                                                                                 insecure: true, afresh: afresh))
            }
            let diagnostic = error?.diagnostics.first
            #expect(diagnostic?.message.hasPrefix("\(registry.address) has no repository of these images under the namespace `demoo`") == true,
                    "\(String(describing: diagnostic))")
            #expect(diagnostic?.hint?.contains("--namespace") == true && diagnostic?.hint?.contains("--registry") == true)
        }
        #expect(try Data(contentsOf: data) == bytes, "byte for byte as it was")
        #expect(!FileManager.default.fileExists(atPath: firstData.path), "no file is made")
    }

    @Test func aSyncKilledMidwayKeepsWhatItFetchedAndTheNextOneResumes() async throws {
        let (registry, proxy, tags, library, data) = try Self.slowTags(12, delay: "0.25")
        let arguments = ["registry", "sync", "--library", library.path, "--registry", proxy.address, "--namespace", "demo",
                         "--data", data.path, "--insecure", "--concurrency", "1"]

        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.sitegen)
        process.arguments = arguments
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        // The first checkpoint comes about two seconds in; the sync is killed as soon as it is there.
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: data.path), process.isRunning, Date() < deadline { usleep(20_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the sync was still running when killed")

        let kept = try RegistryDataFile.load(data.path).images["lumen"]
        var keptCount = kept?.digests.count ?? 0
        #expect(keptCount >= 1 && keptCount < tags.count, "a checkpoint with part of the digests: \(keptCount)")
        #expect(Set(kept?.tags.values.map { $0 } ?? []).count == keptCount, "each record it kept is named by the tag it was fetched for")

        // SIGTERM (and SIGINT) stop it too, but it saves what it fetched, says so, and exits
        // 128 + 15, as a process the signal killed would. Its checkpoints are an hour apart
        // (the command's test hook): what the file holds after is the interruption's save.
        let killedBytes = try Data(contentsOf: data)
        let terminated = Process()
        terminated.executableURL = URL(fileURLWithPath: TestPaths.sitegen)
        terminated.arguments = arguments
        terminated.environment = ProcessInfo.processInfo.environment.merging(["SITEGEN_REGISTRY_CHECKPOINT_SECONDS": "3600"]) { $1 }
        let errors = Pipe()
        terminated.standardError = errors
        let gets = try proxy.stats()["manifestGET"] ?? 0
        try terminated.run()
        let interruptDeadline = Date().addingTimeInterval(30)
        while try proxy.stats()["manifestGET"] ?? 0 < gets + 2, terminated.isRunning, Date() < interruptDeadline { usleep(50_000) }
        #expect(terminated.isRunning && Date() < interruptDeadline, "the sync was fetching when signalled")
        #expect(try Data(contentsOf: data) == killedBytes, "no checkpoint before the signal")
        kill(terminated.processIdentifier, SIGTERM)
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        terminated.waitUntilExit()
        #expect(terminated.terminationReason == .exit && terminated.terminationStatus == 143, "\(said)")
        let saved = try RegistryDataFile.load(data.path).images["lumen"]?.digests.count ?? 0
        #expect(saved > keptCount && saved < tags.count, "the digests fetched before SIGTERM are saved: \(keptCount) → \(saved)")
        let fetched = saved - keptCount == 1 ? "1 digest fetched is" : "\(saved - keptCount) digests fetched are"
        #expect(said.hasPrefix("registry sync: interrupted after ")
                    && said.contains(" of 12 tags (") && said.contains(" requests, ") && said.contains(" s); ")
                    && said.hasSuffix("; the \(fetched) kept in \(data.path); run it again to resume\n"), "\(said)")
        keptCount = saved

        try proxy.open()
        let before = try proxy.stats()
        let resumed = try ProgramRun.run(TestPaths.sitegen, arguments)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardError.contains("\(tags.count - keptCount) new digests fetched (\(keptCount) already known)"),
                "\(resumed.standardError)")
        let after = try proxy.stats()
        #expect((after["manifestGET"] ?? 0) - (before["manifestGET"] ?? 0) == tags.count - keptCount)
        #expect(try RegistryDataFile.load(data.path).images["lumen"]?.tags.count == tags.count)
        withExtendedLifetime(registry) {}
    }

    /// The acceptance of the whole: the demo library pushed to a registry (as
    /// scripts/demo-registry.sh does), `sitegen registry sync`, then `sitegen build`: the pages
    /// show for each tag and architecture the digest and size skopeo reads from the registry;
    /// a second sync fetches no manifest or blob and leaves the file as it was.
    @Test func theDemoSyncedThenBuiltShowsWhatSkopeoReadsFromTheRegistry() async throws {
        let registry = try TestRegistry()
        let content = TestPaths.packageRoot.appendingPathComponent("content")
        let push = try ProgramRun.run("python3", [TestPaths.packageRoot.appendingPathComponent("scripts/registry/push-library.py").path,
                                                  "--library", content.appendingPathComponent("library").path,
                                                  "--registry", "127.0.0.1:\(registry.port)", "--namespace", "demo"])
        try #require(push.status == 0, "\(push.standardError)")
        let proxy = try TestRegistryProxy(upstream: registry)
        let folder = try TestPaths.temporaryFolder("registry-demo")
        let data = folder.appendingPathComponent("registry-data.json")
        let sync = ["registry", "sync", "--library", content.appendingPathComponent("library").path, "--registry", proxy.address,
                    "--namespace", "demo", "--data", data.path, "--insecure"]
        let first = try ProgramRun.run(TestPaths.sitegen, sync)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardError.contains("236 of 236 tags of 8 images resolved"), "\(first.standardError)")
        // Each manifest and configuration once, however many requests run at once (8, the
        // default): an index and a shared tag's index name the same platform manifests, and a
        // manifest GET is a pull to Docker Hub.
        let stats = try proxy.stats()
        let paths = try proxy.pathStats().filter { $0.key.contains("/manifests/") || $0.key.contains("/blobs/") }
        let gets = paths.compactMapValues { $0["GET"] }
        #expect(gets.values.reduce(0, +) == (stats["manifestGET"] ?? 0) + (stats["blobGET"] ?? 0) && !gets.isEmpty,
                "every manifest and blob GET is counted by path: \(stats)")
        let again = gets.filter { $0.value > 1 }.sorted { $0.key < $1.key }
        #expect(again.isEmpty, "fetched more than once: \(again.prefix(10))")
        let site = folder.appendingPathComponent("site")
        let build = try ProgramRun.run(TestPaths.sitegen, ["build", "--docs", content.appendingPathComponent("docs").path,
                                                           "--library", content.appendingPathComponent("library").path,
                                                           "--registry-data", data.path, "--output", site.path])
        #expect(build.status == 0, "\(build.standardError)")

        // Every tag of lumen, each architecture: the page's digest, size and pin are
        // skopeo's (each distinct digest is inspected once; its tags must show the same).
        var checked = 0
        let page = try String(contentsOf: site.appendingPathComponent("lumen/tags/index.html"), encoding: .utf8)
        let file = try RegistryDataFile.load(data.path)
        var inspected: [String: [(digest: String, size: Int)]] = [:]
        for tag in (file.images["lumen"]?.tags.keys.sorted() ?? []) {
            let raw = try registry.raw("demo/lumen", tag)
            let top = try Self.digest(raw)
            #expect(file.images["lumen"]?.tags[tag] == top, "lumen:\(tag)")
            if inspected[top] == nil {
                let object = try JSONSerialization.jsonObject(with: raw) as? [String: Any] ?? [:]
                let manifests = (object["manifests"] as? [[String: Any]] ?? []).compactMap { $0["digest"] as? String }
                inspected[top] = try manifests.map { ($0, try Self.size(ofManifest: registry.raw("demo/lumen", $0))) }
            }
            let row = try #require(page.range(of: "<code>\(tag)</code>").map { page[$0.upperBound...] })
            let cell = row.prefix(upTo: row.range(of: "</tr>")?.lowerBound ?? row.endIndex)
            // registry.js makes each copy button of the list's pin name, `@` and the line's digest.
            #expect(cell.contains("data-pin=\"127.0.0.1:\(proxy.port)/demo/lumen:\(tag)\""), "lumen:\(tag)")
            for (digest, size) in inspected[top] ?? [] {
                #expect(cell.contains("<data value=\"\(size)\">"), "lumen:\(tag) \(digest) size \(size)")
                #expect(cell.contains("<code title=\"\(digest)\">"), "lumen:\(tag) \(digest)")
                checked += 1
            }
        }
        #expect(checked > 100)

        let bytes = try Data(contentsOf: data)
        let before = try proxy.stats()
        let second = try ProgramRun.run(TestPaths.sitegen, sync)
        #expect(second.status == 0)
        let after = try proxy.stats()
        #expect(after["manifestGET"] == before["manifestGET"] && after["blobGET"] == before["blobGET"],
                "no manifest or blob is fetched again: \(before) → \(after)")
        #expect((after["HEAD"] ?? 0) - (before["HEAD"] ?? 0) == 236)
        #expect(second.standardError.contains("0 new digests fetched"), "\(second.standardError)")
        #expect(try Data(contentsOf: data) == bytes, "byte for byte")
    }

    /// A tag moved to a new digest between two syncs: the next build redoes that image's pages
    /// and the listings, and no other file of the site changes.
    @Test func aTagMovedBetweenSyncsChangesTheSiteOnlyThere() async throws {
        let registry = try TestRegistry()
        let content = TestPaths.packageRoot.appendingPathComponent("content")
        let push = try ProgramRun.run("python3", [TestPaths.packageRoot.appendingPathComponent("scripts/registry/push-library.py").path,
                                                  "--library", content.appendingPathComponent("library").path,
                                                  "--registry", "127.0.0.1:\(registry.port)", "--namespace", "demo",
                                                  "--images", "quarry,tidewater"])
        try #require(push.status == 0, "\(push.standardError)")
        let data = try Self.dataFile()
        let (images, _) = try RegistrySync.libraryTags(content.appendingPathComponent("library").path, only: ["quarry", "tidewater"])
        let options = RegistrySync.Options(registry: registry.address, namespace: "demo", dataPath: data.path, insecure: true)
        _ = try await RegistrySync.run(images, options: options)

        let site = data.deletingLastPathComponent().appendingPathComponent("site")
        let build = SiteBuilder.Options(
            loader: CatalogLoader(docsPath: content.appendingPathComponent("docs").path,
                                  libraryPath: content.appendingPathComponent("library").path),
            output: site.path, jobs: 2).with(registryData: data.path)
        let first = await SiteBuilder(options: build).build()
        try #require(first.succeeded, "\(first.diagnostics)")
        // Twice: the first build of files written a moment ago keeps no record of them.
        _ = await SiteBuilder(options: build).build()
        let before = try Self.files(in: site)

        try registry.push("demo/quarry", tag: "9.2-bookworm", platforms: ["linux/amd64", "linux/arm64/v8"], content: "rebuilt",
                          created: "2026-12-05T00:00:00Z", index: true)
        let summary = try await RegistrySync.run(images, options: options)
        #expect(summary.newDigests == 1)
        let second = await SiteBuilder(options: build).build()
        #expect(second.plan == .images(["quarry"], listings: true), "\(second.plan)")
        #expect(second.renderedImages == ["quarry"])
        let after = try Self.files(in: site)
        let changed = after.filter { before[$0.key] != $0.value }.keys.filter { !$0.hasPrefix(".sitegen") }.sorted()
        #expect(changed.contains("quarry/tags/index.html"))
        // No page of another image: only quarry's and the listings (catalog, categories,
        // architectures, search), whose cards may show its smallest size.
        let others = ["beacon", "kestrel-lang", "lumen", "oldcache", "tidewater"]
        #expect(!changed.contains { path in others.contains { path.hasPrefix($0 + "/") } }, "\(changed)")
        #expect(changed.allSatisfy { !$0.hasPrefix("assets/") }, "\(changed)")
    }

    /// An index over images the data already has (a shared tag over its entries' images): only
    /// the index is fetched, not their manifests and configurations again (each manifest GET is
    /// a pull to Docker Hub).
    @Test func anIndexOverKnownImagesFetchesOnlyTheIndex() async throws {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "2.0", platforms: ["linux/amd64", "linux/arm64/v8"])
        let proxy = try TestRegistryProxy(upstream: registry)
        let data = try Self.dataFile()
        _ = try await Self.sync(proxy.address, library: try Self.library(["lumen": [(["2.0"], ["amd64", "arm64v8"])]]), data: data)
        // The same amd64 image (same content, size and date) under an index of its own.
        try registry.push("demo/lumen", tag: "2.0-amd64", platforms: ["linux/amd64"], content: "2.0", index: true)
        let before = try proxy.stats()
        let library = try Self.library(["lumen": [(["2.0"], ["amd64", "arm64v8"]), (["2.0-amd64"], ["amd64"])]])
        let summary = try await Self.sync(proxy.address, library: library, data: data)
        let after = try proxy.stats()
        #expect(summary.newDigests == 1)
        #expect((after["manifestGET"] ?? 0) - (before["manifestGET"] ?? 0) == 1, "the new index only")
        #expect((after["blobGET"] ?? 0) - (before["blobGET"] ?? 0) == 0)
        let file = try RegistryDataFile.load(data.path)
        let lumen = try #require(file.images["lumen"])
        let shared = try #require(lumen.record(ofTag: "2.0-amd64")?.platforms.first)
        let original = try #require(lumen.record(ofTag: "2.0")?.platforms.first)
        #expect(shared == original, "the same image, the same values")
    }

    static func files(in folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            result[String(url.path.dropFirst(folder.path.count + 1))] = try Data(contentsOf: url)
        }
        return result
    }
}