import Foundation
import HummingbirdTesting
import SpoolAPI
import SpoolCore
import Testing

@Suite("Hardware encoder routes")
struct HardwareRouteTests {
    @Test("GET /api/hw detects on first use and answers the same report after; POST /api/hw/detect detects again")
    func detectOnceThenOnDemand() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer("root", role: .admin)
        try await api.test { client throws in
            #expect(api.detector.detections == 0, "nothing runs before the first request")
            let first = try await client.send(.get, "/api/hw", headers: bearer)
            #expect(first.status == .ok)
            let report = try first.decode(HardwareReportDTO.self)
            #expect(api.detector.detections == 1)
            #expect(report.error == nil)
            #expect(report.encoders.map(\.name) == ["hevc_nvenc", "h264_vaapi"])
            #expect(report.encoders.allSatisfy { !$0.works })
            #expect(report.encoders.first?.error == "Cannot load libcuda.so.1" && report.encoders.first?.api == .nvenc && report.encoders.first?.codec == .hevc)

            let object = try first.object()
            #expect(Set(object.keys) == ["checkedAt", "error", "encoders"])
            #expect(object["error"] is NSNull)
            let encoder = try #require((object["encoders"] as? [[String: Any]])?.first)
            #expect(Set(encoder.keys) == ["name", "codec", "api", "works", "error", "seconds"])
            #expect((object["checkedAt"] as? String)?.hasSuffix("Z") == true)

            let second = try await client.send(.get, "/api/hw", headers: bearer).decode(HardwareReportDTO.self)
            #expect(second == report && api.detector.detections == 1, "the report is kept")
            let detected = try await client.send(.post, "/api/hw/detect", headers: bearer)
            #expect(detected.status == .ok)
            let fresh = try detected.decode(HardwareReportDTO.self)
            #expect(api.detector.detections == 2)
            #expect(fresh.checkedAt >= report.checkedAt && fresh.encoders == report.encoders)
            #expect(try await client.send(.get, "/api/hw", headers: bearer).decode(HardwareReportDTO.self) == fresh)
        }
    }

    @Test("a detection that could test nothing answers its reason")
    func detectionError() async throws {
        let api = try ArchiveTestAPI(hardwareReport: HardwareReport(checkedAt: Date(), encoders: [], error: "ffmpeg was not found (FFMPEG_PATH)"))
        let bearer = try await api.bearer("root", role: .admin)
        try await api.test { client throws in
            let report = try await client.send(.get, "/api/hw", headers: bearer).decode(HardwareReportDTO.self)
            #expect(report.error == "ffmpeg was not found (FFMPEG_PATH)" && report.encoders.isEmpty)
        }
    }

    @Test("the routes need a token; viewers may read the report but not run a detection")
    func authorization() async throws {
        let api = try ArchiveTestAPI()
        let viewer = try await api.bearer("vera", role: .viewer)
        try await api.test { client throws in
            #expect(try await client.send(.get, "/api/hw").status == .unauthorized)
            #expect(try await client.send(.post, "/api/hw/detect").status == .unauthorized)
            #expect(try await client.send(.get, "/api/hw", headers: viewer).status == .ok)
            #expect(try await client.send(.post, "/api/hw/detect", headers: viewer).status == .forbidden)
        }
        #expect(api.detector.detections == 1)
    }
}
