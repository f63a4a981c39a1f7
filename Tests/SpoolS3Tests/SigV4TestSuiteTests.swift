import Testing
@testable import SpoolS3

@Suite("SigV4: AWS's published test suite")
struct SigV4TestSuiteTests {
    @Test("the suite's vectors are all there (23 kept of 31)")
    func vectorsPresent() {
        #expect(SigV4TestVector.names.count == 23)
        #expect(SigV4TestVector.names.contains("get-vanilla"))
        #expect(SigV4TestVector.names.contains("post-x-www-form-urlencoded"))
    }

    @Test("canonical request, string to sign and Authorization match byte for byte", arguments: SigV4TestVector.names)
    func vector(name: String) throws {
        let vector = try SigV4TestVector(name)
        let token = name.hasPrefix("post-sts") ? SigV4TestVector.sessionToken : nil
        let credentials = S3Credentials(
            accessKeyID: SigV4TestVector.credentials.accessKeyID, secretAccessKey: SigV4TestVector.credentials.secretAccessKey, sessionToken: token
        )
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        let signed = signer.sign(vector.request, date: SigV4TestVector.date)
        #expect(signed.canonicalRequest == vector.canonicalRequest)
        #expect(signed.stringToSign == vector.stringToSign)
        #expect(signed.authorization == vector.authorization)
        #expect(signed.headers.last?.name == "Authorization")
        #expect(signed.headers.filter { $0.name.lowercased() == "x-amz-date" }.map(\.value) == ["20150830T123600Z"])
    }

    @Test("the signing key is the HMAC chain over date, region, service and aws4_request")
    func signingKey() {
        // The key of AWS's "deriving the signing key" example (iam, 20120215).
        let signer = SigV4Signer(
            credentials: S3Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1", service: "iam"
        )
        let key = signer.signingKey(dateStamp: "20120215").withUnsafeBytes { Hex.encode($0) }
        #expect(key == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }
}
