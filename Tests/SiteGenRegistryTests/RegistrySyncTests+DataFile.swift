import Foundation
import SiteGen
import SiteGenRegistry
import Testing
import TestSupport

/// What `sitegen registry sync` checks of its data file and its arguments before it sends a
/// request, as a user sees it: the command's status, what it prints, and the file's bytes.
extension RegistrySyncTests {
    /// `sitegen registry sync` with `arguments` (and `--insecure`), for the library `library`.
    static func command(_ library: URL, _ arguments: [String]) throws -> ProgramRun {
        try ProgramRun.run(TestPaths.sitegen, ["registry", "sync", "--library", library.path, "--insecure"] + arguments)
    }

    /// A file of one registry and namespace is not replaced by a sync of another (a mistyped
    /// `--namespace` under which one repository happens to exist, or a bare sync, which reads
    /// Docker Hub): a CI job that commits the file after a sync would commit the loss of every
    /// record and `firstSeen` date. `--afresh` replaces it deliberately.
    /// A sync with `--afresh` that stops midway has replaced the other records all the same,
    /// as soon as it saved what it fetched: its error says so, not only a success's warning.
    @Test func anAfreshSyncThatStopsSaysTheOtherRecordsWereReplaced() throws {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "1", platforms: ["linux/amd64"])
        for tag in ["1", "2"] { try registry.push("other/lumen", tag: tag, platforms: ["linux/amd64"]) }
        let library = try Self.library(["lumen": [(["1"], ["amd64"]), (["2"], ["amd64"])]])
        let data = try Self.dataFile()
        let first = try Self.command(library, ["--registry", registry.address, "--namespace", "demo", "--data", data.path, "--images", "lumen"])
        #expect(first.status == 1 || first.status == 0, "\(first.standardError)")  // (tag 2 is not under demo: a warning)
        #expect(try RegistryDataFile.load(data.path).namespace == "demo")
        // The fifth manifest or blob request on: Docker Hub's used-up pull limit, which stops at once.
        let proxy = try TestRegistryProxy(upstream: registry, arguments: ["--throttle-after", "4", "--pull-limit"])
        let stopped = try Self.command(library, ["--registry", proxy.address, "--namespace", "other", "--data", data.path, "--afresh",
                                                 "--concurrency", "1"])
        #expect(stopped.status == 1, "\(stopped.standardError)")
        #expect(stopped.standardError.contains("the 1 digest fetched is kept in \(data.path); as --afresh asked, the file's records of another registry or namespace were replaced"),
                "\(stopped.standardError)")
        #expect(try RegistryDataFile.load(data.path).namespace == "other")
    }

    @Test func aSyncForAnotherRegistryOrNamespaceIsRefusedBeforeAnyRequestUnlessAfresh() throws {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "1.0", platforms: ["linux/amd64"])
        let other = try registry.push("other/lumen", tag: "1.0", platforms: ["linux/amd64"], size: 9000)
        let library = try Self.library(["lumen": [(["1.0"], ["amd64"])]])
        let data = try Self.dataFile()
        let first = try Self.command(library, ["--registry", registry.address, "--namespace", "demo", "--data", data.path])
        #expect(first.status == 0, "\(first.standardError)")
        let bytes = try Data(contentsOf: data)

        let mistyped = try Self.command(library, ["--registry", registry.address, "--namespace", "other", "--data", data.path])
        #expect(mistyped.status == 1)
        #expect(mistyped.standardError.hasPrefix("\(data.path): error: the data file holds \(registry.address), namespace `demo`; "
                                                 + "this sync is for \(registry.address), namespace `other`\n"), "\(mistyped.standardError)")
        for word in ["--registry", "--namespace", "`registry: namespace:`", "--data", "--afresh"] {
            #expect(mistyped.standardError.contains(word), "the hint names \(word): \(mistyped.standardError)")
        }
        #expect(try Data(contentsOf: data) == bytes, "byte for byte as it was")

        // Refused before any request: nothing listens on these, and no error says so.
        let elsewhere = try Self.command(library, ["--registry", "http://127.0.0.1:\(try TestRegistry.freePort())", "--namespace", "demo",
                                                   "--data", data.path])
        // (In a folder of its own: no sitegen.yml is read.)
        let bare = try ProgramRun.run(TestPaths.sitegen, ["registry", "sync", "--library", library.path, "--data", data.path],
                                      in: data.deletingLastPathComponent())
        for (run, sync) in [(elsewhere, "this sync is for http://127.0.0.1:"), (bare, "this sync is for https://registry-1.docker.io, namespace `library`")] {
            #expect(run.status == 1)
            #expect(run.standardError.contains(sync), "\(run.standardError)")
            #expect(!run.standardError.contains("cannot reach"), "refused before any request: \(run.standardError)")
        }
        #expect(try Data(contentsOf: data) == bytes)

        let afresh = try Self.command(library, ["--registry", registry.address, "--namespace", "other", "--data", data.path, "--afresh"])
        #expect(afresh.status == 0, "\(afresh.standardError)")
        #expect(afresh.standardError.contains("warning: as --afresh asked, the records of another registry or namespace were replaced: "
                                              + "the file now holds \(registry.address), namespace `other` only"), "\(afresh.standardError)")
        let replaced = try RegistryDataFile.load(data.path)
        #expect(replaced.namespace == "other")
        #expect(replaced.images["lumen"]?.repository == "other/lumen" && replaced.images["lumen"]?.tags == ["1.0": other])

        let help = try ProgramRun.run(TestPaths.sitegen, ["registry", "sync", "--help"])
        #expect(help.output.contains("--afresh"), "\(help.output)")
    }

    /// `--namespace demo/` is `demo`: recorded so, its repositories `demo/lumen` (not
    /// `demo//lumen`, which the registry answers with a redirect, doubling the requests, and
    /// which no pull reference takes), with the requests of `--namespace demo`.
    @Test func aNamespaceWithSlashesAtItsEndsIsSyncedAsWithout() throws {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "1.0", platforms: ["linux/amd64", "linux/arm64/v8"])
        let library = try Self.library(["lumen": [(["1.0"], ["amd64", "arm64v8"])]])
        func requests(_ run: ProgramRun) -> String? {
            run.standardError.firstMatch(of: #/, (\d+ requests? \([^)]*\))/#).map { String($0.1) }
        }
        let plain = try Self.command(library, ["--registry", registry.address, "--namespace", "demo", "--data", Self.dataFile().path])
        #expect(plain.status == 0, "\(plain.standardError)")
        let data = try Self.dataFile()
        let slashes = try Self.command(library, ["--registry", registry.address, "--namespace", "/demo/", "--data", data.path])
        #expect(slashes.status == 0, "\(slashes.standardError)")
        #expect(requests(slashes) != nil && requests(slashes) == requests(plain), "\(slashes.standardError)")
        let file = try RegistryDataFile.load(data.path)
        #expect(file.namespace == "demo")
        #expect(file.images["lumen"]?.repository == "demo/lumen")
        #expect(try DiffSchema.problems([String(contentsOf: data, encoding: .utf8)], schema: DiffSchema.registryData) == [])
    }

    /// A sync of the whole library drops the records of images no library file lists any
    /// more, and says so (a wrong --library would otherwise empty the file without a word);
    /// an image named twice in --images is synced once; a link at --data is followed.
    @Test func droppedImagesAreSaidAndImagesNamedTwiceSyncedOnce() throws {
        let registry = try TestRegistry()
        try registry.push("demo/lumen", tag: "1.0", platforms: ["linux/amd64"])
        try registry.push("demo/beacon", tag: "2.0", platforms: ["linux/amd64"])
        let both = try Self.library(["lumen": [(["1.0"], ["amd64"])], "beacon": [(["2.0"], ["amd64"])]])
        let data = try Self.dataFile()
        let link = data.deletingLastPathComponent().appendingPathComponent("link.json")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: data.lastPathComponent)
        let first = try Self.command(both, ["--registry", registry.address, "--namespace", "demo", "--data", link.path])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(try RegistryDataFile.load(data.path).images.keys.sorted() == ["beacon", "lumen"], "written where the link leads")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == data.lastPathComponent, "the link stays")

        let twice = try Self.command(both, ["--registry", registry.address, "--namespace", "demo", "--data", data.path, "--images", "lumen,lumen"])
        #expect(twice.status == 0, "\(twice.standardError)")
        #expect(twice.standardError.contains("registry sync: 1 of 1 tag of 1 image resolved"), "\(twice.standardError)")
        #expect(twice.standardError.contains("(1 HEAD, "), "one HEAD for the one tag: \(twice.standardError)")

        let lumenOnly = try Self.library(["lumen": [(["1.0"], ["amd64"])]])
        let dropped = try Self.command(lumenOnly, ["--registry", registry.address, "--namespace", "demo", "--data", data.path])
        #expect(dropped.status == 0, "\(dropped.standardError)")
        #expect(dropped.standardError.contains("\(data.path): warning: the records of `beacon` were dropped: no library file in \(lumenOnly.path) lists it any more\n"),
                "\(dropped.standardError)")
        #expect(try RegistryDataFile.load(data.path).images.keys.sorted() == ["lumen"])
    }
}
