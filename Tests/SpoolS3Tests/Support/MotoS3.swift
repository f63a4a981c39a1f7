import Foundation
import SpoolS3
import SpoolTesting

/// A moto server on loopback with a fresh bucket, and clients of it.
enum MotoS3 {
    /// moto accepts any keys until authentication is enabled.
    static let credentials = S3Credentials(accessKeyID: "AKIASPOOLTESTKEY0001", secretAccessKey: "spool-test-secret")

    /// A client of `bucket` on `moto` (path-style).
    static func client(
        _ moto: MotoServerProcess, bucket: String = "spool-test", credentials: S3Credentials = credentials,
        payloadSigning: S3Client.Configuration.PayloadSigning = .automatic
    ) throws -> S3Client {
        try S3Client(configuration: .init(
            endpoint: moto.endpoint, bucket: bucket, credentials: credentials, payloadSigning: payloadSigning
        ))
    }

    /// Starts moto, creates `bucket`, runs `body` with a client of it, stops moto.
    static func withBucket<Result>(
        _ bucket: String = "spool-test", _ body: (S3Client, MotoServerProcess) async throws -> Result
    ) async throws -> Result {
        try await MotoServerProcess.withServer { moto in
            let client = try client(moto, bucket: bucket)
            try await client.createBucket()
            return try await body(client, moto)
        }
    }
}
