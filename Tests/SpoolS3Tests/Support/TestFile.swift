import Crypto
import Foundation
import SpoolS3

/// Files for upload tests, in a temporary folder removed afterwards.
enum TestFile {
    /// Runs `body` with a fresh temporary folder and removes it afterwards.
    static func withDirectory<Result>(_ body: (URL) async throws -> Result) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-s3-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(directory)
    }

    /// Writes `size` bytes of random-looking data: one random MiB repeated, each MiB stamped with its
    /// index and a seed, so that no two parts (nor two files) are alike.
    static func random(size: Int64, named name: String = "file.bin", in directory: URL, seed: UInt64 = .random(in: 0...UInt64.max)) throws -> URL {
        let url = directory.appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var generator = SystemRandomNumberGenerator()
        var block = [UInt8](repeating: 0, count: 1 << 20)
        for index in block.indices { block[index] = UInt8.random(in: 0...255, using: &generator) }
        var written: Int64 = 0
        var index: UInt64 = 0
        while written < size {
            withUnsafeBytes(of: index.littleEndian) { block.replaceSubrange(0..<8, with: $0) }
            withUnsafeBytes(of: seed.littleEndian) { block.replaceSubrange(8..<16, with: $0) }
            let count = Int(min(Int64(block.count), size - written))
            try handle.write(contentsOf: block[..<count])
            written += Int64(count)
            index += 1
        }
        return url
    }

    /// The bytes of a file's range.
    static func bytes(of url: URL, offset: Int64, count: Int) throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        return Array(try handle.read(upToCount: count) ?? Data())
    }

    /// The ETag S3 gives a multipart object of this file in parts of `partSize`: the MD5 of the
    /// parts' MD5s, then `-<parts>`.
    static func multipartETag(of url: URL, partSize: Int64) throws -> String {
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int64
        var digests: [UInt8] = []
        var offset: Int64 = 0
        var parts = 0
        while offset < size {
            let count = Int(min(partSize, size - offset))
            digests += Insecure.MD5.hash(data: try bytes(of: url, offset: offset, count: count))
            offset += Int64(count)
            parts += 1
        }
        return Insecure.MD5.hash(data: digests).map { String(format: "%02x", $0) }.joined() + "-\(parts)"
    }

    /// The composite CRC-32 of a file in parts of `partSize` (one part: the file's own CRC-32).
    static func compositeCRC32(of url: URL, partSize: Int64) throws -> UInt32 {
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int64
        var checksums: [UInt32] = []
        var offset: Int64 = 0
        while offset < size {
            let count = Int(min(partSize, size - offset))
            var crc = CRC32()
            crc.update(try bytes(of: url, offset: offset, count: count))
            checksums.append(crc.value)
            offset += Int64(count)
        }
        return checksums.count == 1 ? checksums[0] : CRC32.composite(of: checksums).value
    }

    /// The MD5 of a whole file (the ETag of a single-PUT object), lowercase hex.
    static func md5(of url: URL) throws -> String {
        Insecure.MD5.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
    }
}
