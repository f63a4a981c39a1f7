import Foundation
import HummingbirdTesting
import SpoolAPI
import SpoolCore
import Testing

@Suite("Jobs with processing")
struct JobProcessingTests {
    @Test("POST /api/jobs with process keeps a copy of the profile; the job names it and plans the process stage")
    func createWithProcess() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer("root", role: .admin)
        try await api.test { client throws in
            #expect(try await client.send(.put, "/api/processing/profiles/phone", headers: bearer,
                                          json: #"{"quality":"480p","codec":"hevc","targetSizeMB":50}"#).status == .ok)
            let response = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/v/1","process":"phone"}"#)
            #expect(response.status == .created, "\(response.text)")
            let job = try response.decode(JobResponse.self).job
            #expect(job.process == "phone" && job.processingReport == nil)
            #expect(job.stages.map(\.name) == [.download, .process])
            let stored = try #require(try await api.jobs.job(job.id))
            #expect(stored.options.processing == ProcessingProfile(name: "phone", quality: .p480, codec: .hevc, targetSizeMB: 50))

            // Editing the profile later changes new jobs only.
            #expect(try await client.send(.put, "/api/processing/profiles/phone", headers: bearer, json: #"{"codec":"av1"}"#).status == .ok)
            #expect(try await api.jobs.job(job.id)?.options.processing?.codec == .hevc)
            let shipped = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/v/2","process":"1080p-av1"}"#)
                .decode(JobResponse.self).job
            #expect(try await api.jobs.job(shipped.id)?.options.processing == ProcessingProfile.builtIn(named: "1080p-av1"))

            let plain = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/v/3"}"#).decode(JobResponse.self).job
            #expect(plain.process == nil && plain.stages.map(\.name) == [.download])
        }
    }

    @Test("an unknown profile is 400 invalid_input naming it and how to list the profiles; nothing is stored or queued")
    func unknownProfile() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer("root", role: .admin)
        try await api.test { client throws in
            let response = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/v/1","process":"720p-vp9"}"#)
            #expect(response.status == .badRequest && response.errorCode == "invalid_input")
            let message = try #require(response.errorMessage)
            #expect(message.contains("'720p-vp9'") && message.contains("GET /api/processing/profiles") && message.contains("spool processing ls"), "\(message)")
            let typed = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/v/1","process":7}"#)
            #expect(typed.status == .badRequest && typed.errorCode == "invalid_input" && typed.errorMessage?.contains("process") == true)
        }
        #expect(try await api.jobs.list(JobQuery()).total == 0)
        #expect(await api.driver.entries(in: .download).isEmpty)
    }

    @Test("a server without processing profiles refuses process")
    func processingNotAvailable() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer("root", role: .admin)
        try await api.test { client in
            let response = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/v/1","process":"720p-h264"}"#)
            #expect(response.status == .badRequest && response.errorCode == "invalid_input")
            #expect(try await client.send(.get, "/api/processing/profiles", headers: bearer).status == .notFound)
            #expect(try await client.send(.get, "/api/hw", headers: bearer).status == .notFound)
        }
        #expect(await api.store.list(JobQuery()).total == 0)
    }

    @Test("job JSON in detail and list carries the processing report and the encode's fps and speed factor")
    func reportAndProgress() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer("root", role: .admin)
        try await api.test { client throws in
            let created = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/v/1","process":"720p-hevc"}"#)
                .decode(JobResponse.self).job
            let report = ProcessingReport(
                profile: "720p-hevc", mode: .encode, encoder: "libx265", hardware: false,
                fallbackReason: "no working hardware encoder for hevc (hevc_nvenc: Cannot load libcuda.so.1)",
                input: .init(size: 52_000_000, bitRate: 6_933_333, videoCodec: "h264", width: 1920, height: 1080, duration: 60, audioTracks: 2),
                output: .init(size: 9_000_000, bitRate: 1_200_000, videoCodec: "hevc", width: 1280, height: 720, duration: 60.02, audioTracks: 2),
                seconds: 31.5, speed: 1.9
            )
            _ = try await api.jobs.modify(created.id) { job in
                job.state = .processing
                job.progress = JobProgress(stage: .process, percent: 40, eta: 12, fps: 96.5, speedFactor: 1.6)
                job.processingReport = report
                return []
            }
            let detail = try await client.send(.get, "/api/jobs/\(created.id)", headers: bearer)
            let job = try detail.decode(JobDetailResponse.self).job
            #expect(job.process == "720p-hevc")
            #expect(job.progress.fps == 96.5 && job.progress.speedFactor == 1.6 && job.progress.stage == .process)
            #expect(job.processingReport == ProcessingReportDTO(report))

            let object = try #require(try detail.object()["job"] as? [String: Any])
            let json = try #require(object["processingReport"] as? [String: Any])
            #expect(Set(json.keys) == [
                "profile", "mode", "encoder", "hardware", "fallbackReason", "input", "output", "seconds", "speed", "quality", "originalPath",
            ])
            #expect(json["quality"] is NSNull && json["originalPath"] is NSNull && json["mode"] as? String == "encode")
            let output = try #require(json["output"] as? [String: Any])
            #expect(Set(output.keys) == ["size", "bitRate", "videoCodec", "width", "height", "duration", "audioTracks"])
            #expect(output["height"] as? Int == 720 && output["videoCodec"] as? String == "hevc")

            let list = try await client.send(.get, "/api/jobs", headers: bearer).decode(JobListResponse.self)
            #expect(list.jobs.first?.processingReport == ProcessingReportDTO(report) && list.jobs.first?.progress.fps == 96.5)
        }
    }

    @Test("a two-pass report with a quality score and a kept original encodes every member")
    func fullReportJSON() throws {
        let report = ProcessingReport(
            profile: "phone", mode: .twoPass, encoder: "hevc_vaapi", hardware: true, input: .init(audioTracks: 1), output: .init(size: 1),
            seconds: 2, quality: .init(metric: .vmaf, value: 93.25, sampleSeconds: 30), originalPath: "/media/library/a.mkv"
        )
        let text = String(decoding: try SpoolJSON.makeEncoder().encode(ProcessingReportDTO(report)), as: UTF8.self)
        #expect(text.contains(#""mode":"two_pass""#) && text.contains(#""quality":{"metric":"vmaf","sampleSeconds":30,"value":93.25}"#), "\(text)")
        #expect(text.contains(#""input":{"audioTracks":1,"bitRate":null,"duration":null,"height":null,"size":null,"videoCodec":null,"width":null}"#), "\(text)")
        #expect(text.contains(#""speed":null"#) && text.contains(#""fallbackReason":null"#) && text.contains(#""originalPath":"/media/library/a.mkv""#))
        #expect(try SpoolJSON.makeDecoder().decode(ProcessingReportDTO.self, from: Data(text.utf8)) == ProcessingReportDTO(report))
    }
}
