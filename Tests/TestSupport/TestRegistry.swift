import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real registry for a test: Debian's `docker-registry` (distribution 2.8) on a free loopback
/// port, storing into a temporary folder, optionally behind htpasswd basic auth; images are
/// written as OCI layouts by `scripts/registry/make-oci-layout.py` and pushed with `skopeo`.
/// ``stop()`` ends it by PID (also on deinit): nothing is started globally.
public final class TestRegistry: @unchecked Sendable {
    public let folder: URL
    public let port: Int
    public let credentials: (user: String, password: String)?
    private let process: Process

    public var address: String { "http://127.0.0.1:\(port)" }

    /// Whether the programs the registry tests need are installed (`.ci/run` installs them).
    public static let available: Bool = ["/usr/bin/docker-registry", "/usr/bin/skopeo", "/usr/bin/htpasswd"]
        .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }

    public static let missingMessage = "docker-registry, skopeo or htpasswd is not installed (apt-get install docker-registry skopeo apache2-utils); registry tests skipped"

    public init(credentials: (user: String, password: String)? = nil) throws {
        folder = try TestPaths.temporaryFolder("registry")
        port = try Self.freePort()
        self.credentials = credentials
        var auth = ""
        if let credentials {
            let run = try ProgramRun.run("/usr/bin/htpasswd", ["-Bbn", credentials.user, credentials.password])
            guard run.status == 0 else { throw Failure("htpasswd failed: \(run.standardError)") }
            try run.standardOutput.write(to: folder.appendingPathComponent("htpasswd"))
            auth = """
            auth:
              htpasswd:
                realm: sitegen-test
                path: \(folder.path)/htpasswd

            """
        }
        let config = """
        version: 0.1
        log:
          level: error
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: \(folder.path)/storage
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:\(port)
        \(auth)
        """
        try config.write(to: folder.appendingPathComponent("config.yml"), atomically: true, encoding: .utf8)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/docker-registry")
        process.arguments = ["serve", folder.appendingPathComponent("config.yml").path]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = try FileHandle(forWritingTo: Self.logFile(in: folder))
        try process.run()
        try Self.waitForPort(port, process: process)
    }

    deinit { stop() }

    /// Ends the registry (by PID, then waits) and removes its folder.
    public func stop() {
        // SIGKILL, not SIGTERM: a test runner may hand its children an ignored SIGTERM.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes a tag of an image into a fresh OCI layout and pushes it as `repository:tag`;
    /// returns the digest the tag names. `platforms`: `linux/amd64`, `linux/arm64/v8`, …
    @discardableResult
    public func push(_ repository: String, tag: String, platforms: [String], content: String? = nil,
                     created: String = "2026-01-01T00:00:00Z", size: Int = 2048, index: Bool = false,
                     osVersion: String? = nil) throws -> String {
        let layout = folder.appendingPathComponent("layouts/\(UUID().uuidString)")
        var arguments = [TestPaths.packageRoot.appendingPathComponent("scripts/registry/make-oci-layout.py").path, layout.path,
                         "--tag", tag, "--created", created, "--size", String(size)]
        for platform in platforms { arguments += ["--platform", platform] }
        if let content { arguments += ["--content", content] }
        if index { arguments.append("--index") }
        if let osVersion { arguments += ["--os-version", osVersion] }
        let made = try ProgramRun.run("python3", arguments)
        guard made.status == 0 else { throw Failure("make-oci-layout.py failed: \(made.standardError)") }
        try copy(from: "oci:\(layout.path):\(tag)", to: repository, tag: tag)
        return made.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Gives `repository:tag` the image `repository:source` names (the same digest).
    public func tag(_ repository: String, _ source: String, as tag: String) throws {
        var arguments = ["copy", "--all", "--insecure-policy", "--src-tls-verify=false", "--dest-tls-verify=false"]
        if let credentials { arguments += ["--src-creds", "\(credentials.user):\(credentials.password)"] }
        try copy(arguments: arguments, from: "docker://127.0.0.1:\(port)/\(repository):\(source)", to: repository, tag: tag)
    }

    private func copy(arguments: [String]? = nil, from source: String, to repository: String, tag: String) throws {
        var arguments = arguments ?? ["copy", "--all", "--insecure-policy", "--dest-tls-verify=false"]
        if let credentials { arguments += ["--dest-creds", "\(credentials.user):\(credentials.password)"] }
        arguments += [source, "docker://127.0.0.1:\(port)/\(repository):\(tag)"]
        let run = try ProgramRun.run("/usr/bin/skopeo", arguments)
        guard run.status == 0 else { throw Failure("skopeo copy failed: \(run.standardError)") }
    }

    /// `skopeo inspect --raw` of `repository:reference`: the manifest or index bytes as stored.
    public func raw(_ repository: String, _ reference: String) throws -> Data {
        var arguments = ["inspect", "--raw", "--tls-verify=false"]
        if let credentials { arguments += ["--creds", "\(credentials.user):\(credentials.password)"] }
        let separator = reference.hasPrefix("sha256:") ? "@" : ":"
        arguments.append("docker://127.0.0.1:\(port)/\(repository)\(separator)\(reference)")
        let run = try ProgramRun.run("/usr/bin/skopeo", arguments)
        guard run.status == 0 else { throw Failure("skopeo inspect failed: \(run.standardError)") }
        return run.standardOutput
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    private static func logFile(in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("registry.log")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }

    /// A loopback port nothing listens on now (the kernel's choice for port 0).
    public static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure("socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw Failure("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits (up to 15 s) until something accepts connections on `port`.
    public static func waitForPort(_ port: Int, process: Process? = nil) throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if let process, !process.isRunning { throw Failure("the server exited with status \(process.terminationStatus)") }
            if canConnect(port) { return }
            usleep(20_000)
        }
        throw Failure("nothing listened on port \(port) within 15 s")
    }

    static func canConnect(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// `scripts/registry/registry-proxy.py` in front of a ``TestRegistry``: bearer tokens, 429s,
/// delays, and counts of what it forwarded.
public final class TestRegistryProxy: @unchecked Sendable {
    public let port: Int
    private let process: Process

    public var address: String { "http://127.0.0.1:\(port)" }

    /// `port`: where to listen (a free one when nil), as a proxy stopped before did: the data
    /// file names the registry's address.
    public init(upstream: TestRegistry, arguments: [String] = [], port: Int? = nil) throws {
        self.port = try port ?? TestRegistry.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestPaths.packageRoot.appendingPathComponent("scripts/registry/registry-proxy.py").path,
                             "--upstream", "127.0.0.1:\(upstream.port)", "--port", String(self.port)] + arguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        try TestRegistry.waitForPort(self.port, process: process)
    }

    deinit { stop() }

    public func stop() {
        // SIGKILL, not SIGTERM: a test runner may hand its children an ignored SIGTERM.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Turns the proxy's throttling and delay off.
    public func open() throws {
        _ = try get("/_open")
    }

    /// The proxy's counts: `HEAD`, `GET`, `manifestGET`, `blobGET`, `token`, `throttled`, `unauthorized`.
    public func stats() throws -> [String: Int] {
        let object = try JSONSerialization.jsonObject(with: get("/_stats")) as? [String: Any] ?? [:]
        return object.compactMapValues { $0 as? Int }
    }

    /// The requests the proxy answered or forwarded (not refused with 401 or 429), per `/v2/`
    /// path and method: `["/v2/demo/lumen/manifests/sha256:…": ["GET": 1]]`.
    public func pathStats() throws -> [String: [String: Int]] {
        let object = try JSONSerialization.jsonObject(with: get("/_stats")) as? [String: Any] ?? [:]
        return (object["paths"] as? [String: [String: Int]]) ?? [:]
    }

    private func get(_ path: String) throws -> Data {
        let run = try ProgramRun.run("python3", ["-c", "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())",
                                                 "\(address)\(path)"])
        guard run.status == 0 else { throw TestRegistry.Failure("the proxy did not answer \(path): \(run.standardError)") }
        return run.standardOutput
    }
}
