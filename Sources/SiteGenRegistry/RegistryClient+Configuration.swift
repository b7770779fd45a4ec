import AsyncHTTPClient
import NIOCore
import NIOSSL
import SiteGen

/// How ``RegistryClient`` connects: its connection pool and the certificates it trusts.
extension RegistryClient {
    /// The HTTP client's configuration for the registry at `address`: no redirects followed
    /// (the client follows them itself, to keep credentials on the registry), up to
    /// `connections` connections, `answerTimeout` between the bytes of an answer, and for an
    /// https:// address the CA certificates of `certificateFile` trusted besides the system's.
    static func configuration(for address: RegistryAddress, connections: Int, answerTimeout: Duration,
                              certificateFile: String?) throws(DiagnosticError) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                     timeout: .init(connect: .seconds(10), read: TimeAmount(answerTimeout)))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, connections)
        // AsyncHTTPClient would retry a refused connection until the connect timeout; the
        // retries here are this client's own, so that a registry that is down is said at once.
        configuration.connectionPool.retryConnectionEstablishment = false
        // Read for an https:// registry only: a loopback sync over plain HTTP has no use for
        // it, and must not be refused for an SSL_CERT_FILE set system-wide that NIOSSL cannot read.
        if let certificateFile, !address.isPlainHTTP {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.certificates(try certificates(certificateFile))]
            configuration.tlsConfiguration = tls
        }
        return configuration
    }

    /// The certificates of the PEM file at `path`; throws when it has none it can read.
    private static func certificates(_ path: String) throws(DiagnosticError) -> [NIOSSLCertificate] {
        let certificates = try? NIOSSLCertificate.fromPEMFile(path)
        guard let certificates, !certificates.isEmpty else {
            throw DiagnosticError(.error("registry.certificates", file: path, "SSL_CERT_FILE names a file that holds no PEM certificate sitegen can read",
                                         hint: "give it a PEM file of the CA certificates to trust besides the system's, or unset it"))
        }
        return certificates
    }
}
