@testable import SpoolMedia
import Testing

/// Fixtures: stdout of yt-dlp 2026.10.26 run with Spool's arguments (`--limit-rate 100K`) against a
/// local `python3 -m http.server`, for a 135 KB MP4 and for its 5-segment HLS rendition.
@Suite("Download progress")
struct DownloadProgressTests {
    @Test("plain HTTP lines: exact total, growing bytes, integer eta, finished at 100 %")
    func httpLines() throws {
        let progress = try Fixture.lines("http-download.stdout").compactMap { DownloadProgress(templateLine: $0) }
        #expect(progress.count == 9)
        let first = try #require(progress.first)
        #expect(first == DownloadProgress(
            status: .downloading, downloadedBytes: 1024, totalBytes: 135_293, speed: 101_162.787_262_106_65, eta: 1,
            elapsed: 0.011_873_960_494_995_117
        ))
        let bytes = progress.compactMap(\.downloadedBytes)
        #expect(bytes == bytes.sorted() && bytes.last == 135_293)
        #expect(progress.allSatisfy { $0.totalBytes == 135_293 && $0.fragmentCount == nil })
        #expect(abs((first.percent ?? 0) - 100 * 1024 / 135_293.0) < 0.0001)
        #expect(progress.last?.status == .finished && progress.last?.percent == 100)
    }

    @Test("HLS lines: fragments, estimates instead of a total, fractional eta")
    func hlsLines() throws {
        let progress = try Fixture.lines("hls-download.stdout").compactMap { DownloadProgress(templateLine: $0) }
        #expect(progress.count == 34)
        let downloading = progress.filter { $0.status == .downloading }
        #expect(downloading.allSatisfy { $0.totalBytes == nil && $0.totalBytesEstimate != nil && $0.fragmentCount == 5 })
        #expect(downloading.first?.totalBytesEstimate == 153_220)
        #expect(downloading.compactMap(\.fragmentIndex).max() == 5)
        let withEta = try #require(downloading.first { $0.eta != nil })
        #expect(withEta.eta == 0.638_507_730_912_347_2)
        #expect(downloading.compactMap(\.percent).allSatisfy { (0...100).contains($0) })
        #expect(progress.last?.totalBytes == 159_424 && progress.last?.status == .finished)
    }

    @Test("the result line and other lines are not progress")
    func otherLines() throws {
        let lines = try Fixture.lines("http-download.stdout")
        #expect(lines.filter { DownloadProgress(templateLine: $0) == nil }.count == 1)
        for line in ["", "[download] 10%", "{\"filepath\":\"/x.mkv\",\"infojson\":null}", "{\"st\":\"resting\"}", "{\"st\":"] {
            #expect(DownloadProgress(templateLine: line) == nil, "\(line)")
        }
    }

    @Test("percent falls back to the estimate, then to fragments, and stays within 0–100")
    func percentFallbacks() {
        #expect(DownloadProgress(status: .downloading, downloadedBytes: 50, totalBytesEstimate: 200).percent == 25)
        #expect(DownloadProgress(status: .downloading, fragmentIndex: 3, fragmentCount: 4).percent == 75)
        #expect(DownloadProgress(status: .downloading, downloadedBytes: 300, totalBytes: 200).percent == 100)
        #expect(DownloadProgress(status: .downloading, downloadedBytes: 10).percent == nil)
        #expect(DownloadProgress(status: .downloading, downloadedBytes: 10, totalBytes: 0).percent == nil)
        #expect(DownloadProgress(status: .finished).percent == 100)
        let nulls = DownloadProgress(templateLine: #"{"st":"downloading","b":null,"tot":null,"est":null,"spd":null,"eta":null,"t":null,"frag":null,"frags":null}"#)
        #expect(nulls == DownloadProgress(status: .downloading))
    }
}
