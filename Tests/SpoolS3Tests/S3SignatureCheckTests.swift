import Foundation
import SpoolS3
import SpoolTesting
import Testing

extension AgainstMoto {
    /// moto with its signature checks on: it recomputes every signature with botocore and the IAM
    /// user's secret, so these requests are checked by an independent SigV4 implementation.
    @Suite("S3 client: signatures checked by the server")
    struct S3SignatureCheckTests {
        @Test("the right key passes (PUT from a file, unsigned payload, list with a query, multipart); a wrong secret is SignatureDoesNotMatch 403")
        func signatureChecks() async throws {
            try await MotoServerProcess.withServer { moto in
                let credentials = try await MotoIAM.createS3User(on: moto)
                try moto.enableAuthentication()
                let client = try MotoS3.client(moto, bucket: "checked", credentials: credentials)
                try await client.createBucket()

                try await TestFile.withDirectory { directory in
                    let file = try TestFile.random(size: 11 << 20, in: directory)
                    try await client.putObject(key: "signed.bin", fileAt: file.path, metadata: ["title": "Checked"])
                    let unsigned = try MotoS3.client(moto, bucket: "checked", credentials: credentials, payloadSigning: .unsigned)
                    try await unsigned.putObject(key: "unsigned.bin", fileAt: file.path)
                    #expect(try await client.headObject(key: "signed.bin").size == 11 << 20)
                    #expect(try await client.listObjectsV2(prefix: "s", maxKeys: 5).objects.map(\.key) == ["signed.bin"])
                    let result = try await MultipartUploader(client: client, configuration: .init(partSize: 5 << 20, multipartThreshold: 5 << 20))
                        .upload(fileAt: file.path, to: "multipart.bin")
                    #expect(result.partCount == 3)
                }

                var wrong = credentials
                wrong.secretAccessKey += "x"
                let forged = try MotoS3.client(moto, bucket: "checked", credentials: wrong)
                let error = await #expect(throws: S3Error.self) { try await forged.putObject(key: "forged.bin", bytes: [1, 2, 3]) }
                #expect(error?.code == .signatureDoesNotMatch)
                #expect(error?.status == 403)
                #expect(error?.description.contains(wrong.secretAccessKey) == false)
                let listError = await #expect(throws: S3Error.self) { try await forged.listObjectsV2() }
                #expect(listError?.code == .signatureDoesNotMatch)

                let stranger = try MotoS3.client(moto, bucket: "checked", credentials: S3Credentials(accessKeyID: "AKIANOTAUSERATALL00", secretAccessKey: "x"))
                let strangerError = await #expect(throws: S3Error.self) { try await stranger.listObjectsV2() }
                #expect(strangerError?.code == .invalidAccessKeyID)
                #expect(strangerError?.status == 403)
            }
        }
    }
}
