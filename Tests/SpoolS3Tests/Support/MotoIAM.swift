import AsyncHTTPClient
import Foundation
import NIOCore
import SpoolTesting
@testable import SpoolS3

/// IAM on a moto server, spoken with this module's signer (service `iam`): a user with an access
/// key allowed `s3:*`, for tests that turn on moto's signature checks.
enum MotoIAM {
    /// Creates user `name` with a policy allowing every S3 action and returns its new access key.
    static func createS3User(on moto: MotoServerProcess, name: String = "spool") async throws -> S3Credentials {
        _ = try await call(moto, ["Action": "CreateUser", "UserName": name])
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#
        _ = try await call(moto, ["Action": "PutUserPolicy", "UserName": name, "PolicyName": "s3-all", "PolicyDocument": policy])
        let created = try await call(moto, ["Action": "CreateAccessKey", "UserName": name])
        guard let key = created.child("CreateAccessKeyResult")?.child("AccessKey"),
            let id = key.text(of: "AccessKeyId"), let secret = key.text(of: "SecretAccessKey")
        else { throw S3Error(code: .invalidResponse, message: "CreateAccessKey answered without a key") }
        return S3Credentials(accessKeyID: id, secretAccessKey: secret)
    }

    /// One IAM Query API call (a signed form POST); the answer's root element.
    static func call(_ moto: MotoServerProcess, _ parameters: [String: String]) async throws -> S3XMLElement {
        var form = parameters
        form["Version"] = "2010-05-08"
        let body = form.sorted { $0.key < $1.key }
            .map { "\(SigV4Encoding.encode($0.key, keepingSlashes: false))=\(SigV4Encoding.encode($0.value, keepingSlashes: false))" }
            .joined(separator: "&")
        let host = "127.0.0.1:\(moto.port)"
        let signer = SigV4Signer(credentials: MotoS3.credentials, region: "us-east-1", service: "iam")
        let signed = signer.sign(
            SigV4Request(
                method: "POST", path: "/", headers: [("host", host), ("content-type", "application/x-www-form-urlencoded; charset=utf-8")],
                payload: .bytes(Array(body.utf8))
            ),
            date: Date()
        )
        var request = HTTPClientRequest(url: "http://\(host)/")
        request.method = .POST
        for (name, value) in signed.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = Array(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        guard response.status.code == 200 else {
            throw S3Error(code: "IAM", status: Int(response.status.code), message: String(decoding: bytes, as: UTF8.self))
        }
        return try S3XMLElement.parse(bytes)
    }
}
