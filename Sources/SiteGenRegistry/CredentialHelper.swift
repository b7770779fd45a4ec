import Foundation
import SiteGen
import Synchronization

/// A Docker credential helper (`docker-credential-NAME`, named by the Docker config file's
/// `credsStore` or `credHelpers`), asked as `docker` asks it: `get` with a server address on
/// standard input, a JSON `{"ServerURL", "Username", "Secret"}` on standard output, and a
/// failure saying "credentials not found" when it has none for that address.
///
/// Docker Desktop, `pass`, `secretservice`, `ecr-login` and `gcloud` keep every login there,
/// leaving `auths` entries empty: a sync that read only `auths` would go anonymous without a word.
struct CredentialHelper {
    let name: String
    /// The Docker config file that names the helper, for messages.
    let config: String
    /// `PATH`, where the program is looked for.
    let searchPath: String?
    /// Told when the helper has not answered for ``noticeAfter`` seconds (a sync's log would
    /// otherwise stay silent for the ``timeout``).
    let notice: ((String) -> Void)?
    /// Seconds it may take (``timeout``), and after which it is said (``noticeAfter``).
    let patience: (timeout: Int, noticeAfter: Int)

    init(name: String, config: String, searchPath: String?, notice: ((String) -> Void)? = nil,
         patience: (timeout: Int, noticeAfter: Int) = (CredentialHelper.timeout, CredentialHelper.noticeAfter)) {
        self.name = name
        self.config = config
        self.searchPath = searchPath
        self.notice = notice
        self.patience = patience
    }

    var program: String { "docker-credential-\(name)" }

    /// The address `docker login` gives the helper for `registry`: Docker Hub's legacy index
    /// address, else the host (with its port).
    static func servers(for registry: URL) -> [String] {
        guard let host = registry.host else { return [] }
        let hostPort = registry.port.map { "\(host):\($0)" } ?? host
        if RegistryCredentials.isDockerHub(host) {
            return ["https://index.docker.io/v1/"]
        }
        // Logins made as `docker login https://host` are kept under that address by older CLIs.
        return [hostPort, "https://\(hostPort)"]
    }

    var isInstalled: Bool { locate() != nil }

    /// What the helper has for `registry` (asked as ``servers(for:)`` names it); nil when it
    /// has nothing.
    func credentials(for registry: URL) throws(DiagnosticError) -> RegistryCredentials? {
        let otherwise = "change `credsStore`/`credHelpers` in \(config), or set "
            + "\(RegistryCredentials.usernameVariable) and \(RegistryCredentials.passwordVariable)"
        guard let executable = locate() else {
            throw DiagnosticError(.error("registry.credential-helper", file: config,
                                         "the Docker config file keeps logins for this registry in the credential helper `\(name)`, but \(program) is not on PATH",
                                         hint: "install \(program), or " + otherwise))
        }
        // Installed but failing (a locked keychain, an expired login): installing it is no answer.
        let hint = "\(program) is installed but failed: check what it needs (an unlocked keychain, a fresh `docker login`), or " + otherwise
        for server in Self.servers(for: registry) {
            let (status, output, errors) = try run(executable, input: server)
            if status != 0 {
                // "credentials not found in native keychain" (on standard output): not logged in there.
                if (output + errors).lowercased().contains("credentials not found") { continue }
                // Standard error only: what a failing helper wrote to standard output may be a
                // secret. Its last line, which is the error where it wrote several.
                let said = errors.split(whereSeparator: \.isNewline).last { !$0.allSatisfy(\.isWhitespace) }
                    .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                throw DiagnosticError(.error("registry.credential-helper", file: config,
                                             "\(program) get failed (\(status < 0 ? "no answer in \(patience.timeout) s" : "exit \(status)"))\(said.isEmpty ? "" : ": \(said.prefix(200))")",
                                             hint: hint))
            }
            struct Answer: Decodable {
                let Username: String?
                let Secret: String?
            }
            guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(output.utf8)) else {
                throw DiagnosticError(.error("registry.credential-helper", file: config, "\(program) get did not answer with JSON",
                                             hint: hint))
            }
            guard let secret = answer.Secret, !secret.isEmpty else { continue }
            let username = answer.Username ?? ""
            if username == "<token>" { return RegistryCredentials(identityToken: secret, source: "\(program) (\(server))") }
            return RegistryCredentials(username: username, password: secret, source: "\(program) (\(server))")
        }
        return nil
    }

    /// Seconds a helper may take: one that waits for a passphrase prompt nobody answers would
    /// hold the sync forever.
    static let timeout = 30
    /// Seconds after which a helper still running is said.
    static let noticeAfter = 10
    /// Seconds its outputs are read for once it ended: a process it started (an agent) may
    /// hold them open long after.
    static let outputGrace = 2

    private func locate() -> String? {
        // Absolute folders only: a relative one (`.`) would run whatever the working folder holds.
        for folder in (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where folder.hasPrefix("/") {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable get` with `input` on standard input: its exit status (-1 when it did
    /// not finish within ``timeout`` and was killed), output and errors.
    private func run(_ executable: String, input: String) throws(DiagnosticError) -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["get"]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        // The address (a line, far less than a pipe holds) is written and closed before the
        // helper starts: writing to a helper that already exited would raise SIGPIPE.
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw DiagnosticError(.error("registry.credential-helper", file: config, "\(program) could not be run: \(error.localizedDescription)",
                                         hint: "check that \(executable) is a program this user may run"))
        }
        // Both outputs are read on threads of their own, so that a helper writing more than a
        // pipe holds cannot stall, and one that hangs can be waited for with a limit; a piece
        // at a time, so that what came is there when the wait ends first.
        let output = Collected(), errors = Collected()
        let read = DispatchGroup()
        for (pipe, sink) in [(stdout, output), (stderr, errors)] {
            let handle = pipe.fileHandleForReading
            read.enter()
            Thread {
                while true {
                    let piece = handle.availableData
                    if piece.isEmpty { break }
                    sink.data.withLock { $0.append(piece) }
                }
                read.leave()
            }.start()
        }
        // Foundation learns of the helper's end when every copy of a descriptor it gave the
        // helper is closed, which a process the helper started (an agent) may keep open for as
        // long as it runs: the end is also looked for directly, every tenth of a second.
        var status = Int32(-1)
        let started = ContinuousClock.now
        var noticed = false
        while true {
            if exited.wait(timeout: .now() + .milliseconds(100)) == .success {
                status = process.terminationStatus
                break
            }
            if let ended = Self.exitStatus(of: process.processIdentifier) {
                status = ended
                break
            }
            let waited = ContinuousClock.now - started
            if !noticed, waited >= .seconds(patience.noticeAfter) {
                noticed = true
                notice?("waiting for \(program) get (no answer after \(patience.noticeAfter) s; it is given \(patience.timeout) s)")
            }
            if waited >= .seconds(patience.timeout) {
                kill(process.processIdentifier, SIGKILL)
                _ = exited.wait(timeout: .now() + .seconds(Self.outputGrace))
                break
            }
        }
        // The outputs end with the helper, unless a process it started holds them: then what
        // came by then is its answer.
        _ = read.wait(timeout: .now() + .seconds(Self.outputGrace))
        return (status, output.text, errors.text)
    }

    /// The exit status of the child `pid` if it has ended (128 plus the signal that killed it),
    /// else nil; seen with `WNOWAIT`, which leaves it to Foundation to reap.
    private static func exitStatus(of pid: pid_t) -> Int32? {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0, info._sifields._sigchld.si_pid == pid else { return nil }
        let code = info._sifields._sigchld.si_status
        return info.si_code == CLD_EXITED ? code : 128 + code
    }

    /// What a reader thread read.
    private final class Collected: Sendable {
        let data = Mutex(Data())
        var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }
    }
}
