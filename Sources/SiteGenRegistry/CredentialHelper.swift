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

    init(name: String, config: String, searchPath: String?) {
        self.name = name
        self.config = config
        self.searchPath = searchPath
    }

    var program: String { "docker-credential-\(name)" }

    /// The first credentials the helper has for one of `servers` (the addresses `docker login`
    /// may have stored the registry under, most likely first); nil when it has none.
    func credentials(for servers: [String]) throws(DiagnosticError) -> RegistryCredentials? {
        let hint = "install \(program), or change `credsStore`/`credHelpers` in \(config), or set "
            + "\(RegistryCredentials.usernameVariable) and \(RegistryCredentials.passwordVariable)"
        guard let executable = locate() else {
            throw DiagnosticError(.error("registry.credential-helper", file: config,
                                         "the Docker config file keeps logins in the credential helper `\(name)`, but \(program) is not on PATH",
                                         hint: hint))
        }
        for server in servers {
            let (status, output, errors) = try run(executable, input: server)
            if status != 0 {
                // "credentials not found in native keychain": not logged in there.
                if (output + errors).lowercased().contains("credentials not found") { continue }
                let said = (errors.isEmpty ? output : errors).trimmingCharacters(in: .whitespacesAndNewlines)
                throw DiagnosticError(.error("registry.credential-helper", file: config,
                                             "\(program) get failed (exit \(status))\(said.isEmpty ? "" : ": \(said.prefix(200))")",
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
            if username == "<token>" { throw DiagnosticError(RegistryCredentials.identityTokenError(file: config, key: server)) }
            return RegistryCredentials(username: username, password: secret, source: "\(program) (\(server))")
        }
        return nil
    }

    private func locate() -> String? {
        for folder in (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable get` with `input` on standard input: its exit status, output and errors.
    private func run(_ executable: String, input: String) throws(DiagnosticError) -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["get"]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw DiagnosticError(.error("registry.credential-helper", file: config, "\(program) could not be run: \(error.localizedDescription)",
                                         hint: "check that \(executable) is a program this user may run"))
        }
        // The address is a line: written at once, before anything is read (a pipe holds it).
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        // Standard error is read on a thread of its own while standard output is read here, so
        // that a helper writing more than a pipe holds to either cannot stall.
        let errors = Mutex(Data())
        let errorsRead = DispatchSemaphore(value: 0)
        let errorHandle = stderr.fileHandleForReading
        Thread {
            let data = errorHandle.readDataToEndOfFile()
            errors.withLock { $0 = data }
            errorsRead.signal()
        }.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        errorsRead.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self),
                String(decoding: errors.withLock { $0 }, as: UTF8.self))
    }
}
