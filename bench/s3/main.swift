// The Swift side of bench/s3_upload.sh: uploads one file with SpoolS3's MultipartUploader and prints
// the time the upload took (HEAD verification included), measured inside the process.
// Usage: S3Bench <endpoint> <bucket> <key> <file> [part MiB=16] [concurrency=4] [--create-bucket]
// S3BENCH_PAYLOAD=signed|unsigned and S3BENCH_CHECKSUM=none override the client's defaults (over
// http: SHA-256 payload signing and CRC-32 checksums, as boto3 does).
import Foundation
import SpoolS3

let arguments = CommandLine.arguments.filter { $0 != "--create-bucket" }
guard arguments.count >= 5, let endpoint = URL(string: arguments[1]) else {
    print("usage: S3Bench <endpoint> <bucket> <key> <file> [part MiB=16] [concurrency=4] [--create-bucket]")
    exit(2)
}
let partMiB = arguments.count > 5 ? Int64(arguments[5]) ?? 16 : 16
let concurrency = arguments.count > 6 ? Int(arguments[6]) ?? 4 : 4
let environment = ProcessInfo.processInfo.environment
let payload: S3Client.Configuration.PayloadSigning = switch environment["S3BENCH_PAYLOAD"] {
case "signed": .signed
case "unsigned": .unsigned
default: .automatic
}
do {
    let client = try S3Client(configuration: .init(
        endpoint: endpoint, bucket: arguments[2],
        credentials: S3Credentials(accessKeyID: "AKIASPOOLBENCHKEY001", secretAccessKey: "bench-secret"),
        payloadSigning: payload, checksum: environment["S3BENCH_CHECKSUM"] == "none" ? .none : .crc32
    ))
    if CommandLine.arguments.contains("--create-bucket") {
        try await client.createBucket()
    }
    let uploader = MultipartUploader(
        client: client, configuration: .init(partSize: partMiB << 20, multipartThreshold: 64 << 20, concurrency: concurrency)
    )
    let start = ContinuousClock.now
    let result = try await uploader.upload(fileAt: arguments[4], to: arguments[3])
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("S3BENCH spool \(String(format: "%.3f", seconds)) \(result.size) \(result.partCount)")
} catch {
    print("S3Bench: \(error)")
    exit(1)
}
