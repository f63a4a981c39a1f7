import Testing
@testable import SpoolS3

@Suite("Multipart plan")
struct MultipartPlanTests {
    static let mebibyte: Int64 = 1 << 20

    @Test("100 MiB in 16 MiB parts: 7 parts, the last 4 MiB")
    func hundredMebibytes() throws {
        let plan = try MultipartPlan(fileSize: 100 * Self.mebibyte, preferredPartSize: 16 * Self.mebibyte)
        #expect(plan.partSize == 16 * Self.mebibyte)
        #expect(plan.partCount == 7)
        #expect(plan.range(ofPart: 1) == (0, 16 * Self.mebibyte))
        #expect(plan.range(ofPart: 7) == (96 * Self.mebibyte, 4 * Self.mebibyte))
    }

    @Test("a file that would need more than 10,000 parts gets bigger parts, in whole MiB", arguments: [
        200 << 30, 1 << 40, (5 << 40) - 1, 10_000 * (16 << 20) + 1,
    ] as [Int64])
    func grows(fileSize: Int64) throws {
        let plan = try MultipartPlan(fileSize: fileSize, preferredPartSize: 16 * Self.mebibyte)
        #expect(plan.partCount <= 10_000)
        #expect(plan.partSize > 16 * Self.mebibyte)
        #expect(plan.partSize % Self.mebibyte == 0)
        #expect(plan.partSize <= MultipartPlan.maximumPartSize)
        #expect(Int64(plan.partCount - 1) * plan.partSize < fileSize)
    }

    @Test("exactly 10,000 parts of 16 MiB stay 16 MiB")
    func exactlyTenThousand() throws {
        let plan = try MultipartPlan(fileSize: 10_000 * 16 * Self.mebibyte, preferredPartSize: 16 * Self.mebibyte)
        #expect(plan.partSize == 16 * Self.mebibyte)
        #expect(plan.partCount == 10_000)
    }

    @Test("parts never go below S3's 5 MiB")
    func minimum() throws {
        let plan = try MultipartPlan(fileSize: 12 * Self.mebibyte, preferredPartSize: 1 * Self.mebibyte)
        #expect(plan.partSize == 5 * Self.mebibyte)
        #expect(plan.partCount == 3)
    }

    @Test("the ranges cover the file exactly once", arguments: [1, 5 << 20, (5 << 20) + 1, 100 << 20, 333_333_333] as [Int64])
    func ranges(fileSize: Int64) throws {
        let plan = try MultipartPlan(fileSize: fileSize, preferredPartSize: 5 * Self.mebibyte)
        var next: Int64 = 0
        for number in 1...plan.partCount {
            let (offset, length) = plan.range(ofPart: number)
            #expect(offset == next)
            #expect(length > 0)
            next += length
        }
        #expect(next == fileSize)
    }

    @Test("beyond 10,000 parts of 5 GiB is refused")
    func tooLarge() {
        #expect(throws: S3Error.self) { try MultipartPlan(fileSize: 10_000 * MultipartPlan.maximumPartSize + 1, preferredPartSize: 16 * Self.mebibyte) }
    }

    @Test("a multipart ETag tells its part count; a plain one does not")
    func etagParts() {
        #expect(S3ETag.partCount("\"9b2cf535f27731c974343645a3985328-7\"") == 7)
        #expect(S3ETag.partCount("9b2cf535f27731c974343645a3985328") == nil)
        #expect(S3ETag.unquoted("W/\"abc\"") == "abc")
    }
}
