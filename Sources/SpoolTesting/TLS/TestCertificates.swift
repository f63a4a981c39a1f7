import Foundation

/// A certificate authority and a server certificate for `127.0.0.1` and `localhost`, made with the
/// real `openssl` in a temporary folder, for TLS tests (HTTPS, `rediss://`, PostgreSQL `ssl=on`).
public struct TestCertificates: Sendable {
    /// The folder holding the files.
    public let directory: URL
    /// The authority's certificate (PEM): what clients trust.
    public var caFile: String { directory.appendingPathComponent("ca.pem").path }
    /// The server's certificate (PEM), signed by the authority, for `127.0.0.1`, `::1` and `localhost`.
    public var certificateFile: String { directory.appendingPathComponent("server.pem").path }
    /// The server's private key (PEM, unencrypted, mode 0600).
    public var keyFile: String { directory.appendingPathComponent("server.key").path }
    /// Another key that does not belong to the certificate (for mismatch tests).
    public var otherKeyFile: String { directory.appendingPathComponent("other.key").path }
    /// A second authority that signed nothing here (a client trusting it must refuse the server).
    public var otherCAFile: String { directory.appendingPathComponent("other-ca.pem").path }

    /// Makes the files with `openssl` (EC P-256 keys, valid for a day).
    public static func make() async throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-tls-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificates = TestCertificates(directory: directory)
        let path = directory.path
        let ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await openssl(["req", "-x509"] + ecKey + ["-keyout", "\(path)/ca.key", "-out", "\(path)/ca.pem", "-days", "1", "-subj", "/CN=Spool Test CA"])
        try await openssl(["req", "-x509"] + ecKey + ["-keyout", "\(path)/other-ca.key", "-out", "\(path)/other-ca.pem", "-days", "1", "-subj", "/CN=Other CA"])
        try await openssl(["req", "-new"] + ecKey + ["-keyout", "\(path)/server.key", "-out", "\(path)/server.csr", "-subj", "/CN=localhost"])
        let extensions = "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
        try extensions.write(toFile: "\(path)/server.ext", atomically: true, encoding: .utf8)
        try await openssl([
            "x509", "-req", "-in", "\(path)/server.csr", "-CA", "\(path)/ca.pem", "-CAkey", "\(path)/ca.key", "-CAcreateserial",
            "-out", "\(path)/server.pem", "-days", "1", "-extfile", "\(path)/server.ext",
        ])
        try await openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", "\(path)/other.key"])
        // PostgreSQL refuses a key file others can read.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: "\(path)/server.key")
        return certificates
    }

    /// Deletes the files.
    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `openssl` (through Subprocess, which PostgreSQL tests use too; see ``PostgresCommand``).
    static func openssl(_ arguments: [String]) async throws {
        try await PostgresCommand.run("/usr/bin/openssl", arguments, asServerUser: false, log: nil)
    }
}

/// `openssl` failed.
public struct TestCertificateError: Error, CustomStringConvertible {
    /// What it printed.
    public let message: String
    /// The message.
    public var description: String { message }
}
