import Foundation
import HTTPTypes
import HummingbirdTesting
import SpoolAPI
import SpoolCore
import SpoolQueue
import Testing

@Suite("Source routes")
struct SourceRouteTests {
    static let feed = "http://127.0.0.1:8080/shows/news.xml"

    @Test("POST /api/sources stores the source with its defaults and queues its first index in q:sync")
    func create() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer()
        try await api.test { client throws in
            let response = try await client.send(.post, "/api/sources", headers: bearer, json: #"{"url":"\#(Self.feed)","backlog":"newest:2"}"#)
            #expect(response.status == .created)
            let source = try response.decode(SourceDTO.self)
            #expect(response.headers[.location] == "/api/sources/\(source.id)")
            #expect(source.name == "news" && source.enabled && source.schedule.text == "every 360m" && source.backlog == .newest(2))
            #expect(source.layout == .archive && source.tabs == SourceTabs() && source.feedUrl == nil && source.profileId == nil)
            #expect(source.status.nextCheckAt != nil && source.status.lastCheckAt == nil)
            #expect(source.progress == SourceProgressDTO(SourceProgress(sourceID: source.id, activity: "idle", new: 0, counts: [:])))
            #expect(try await api.syncEntries() == ["source:\(source.id)": .check])
        }
    }

    @Test("POST /api/sources refuses unknown members, bad filters and a URL followed already")
    func createRefusals() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer()
        try await api.test { client throws in
            let unknown = try await client.send(.post, "/api/sources", headers: bearer, json: #"{"url":"\#(Self.feed)","colour":"red"}"#)
            #expect(unknown.status == .badRequest && unknown.errorCode == "unknown_field")
            let regex = try await client.send(.post, "/api/sources", headers: bearer, json: #"{"url":"\#(Self.feed)","filters":{"titleRegex":"(unclosed"}}"#)
            #expect(regex.status == .badRequest && regex.errorCode == "invalid_input")
            #expect(regex.errorMessage?.contains("titleRegex") == true, "\(regex.errorMessage ?? "")")
            let schedule = try await client.send(.post, "/api/sources", headers: bearer, json: #"{"url":"\#(Self.feed)","schedule":"hourly"}"#)
            #expect(schedule.status == .badRequest && schedule.errorMessage?.hasPrefix("schedule 'hourly'") == true)
            let noURL = try await client.send(.post, "/api/sources", headers: bearer, json: #"{"name":"x"}"#)
            #expect(noURL.status == .badRequest && noURL.errorCode == "invalid_url")
            #expect(try await client.send(.post, "/api/sources", headers: bearer, json: #"{"url":"\#(Self.feed)"}"#).status == .created)
            let duplicate = try await client.send(.post, "/api/sources", headers: bearer, json: #"{"url":"\#(Self.feed)","name":"Again"}"#)
            #expect(duplicate.status == .conflict && duplicate.errorCode == "conflict")
            #expect(try await api.sources.sources().count == 1)
        }
    }

    @Test("GET lists and shows sources; PATCH changes settings but never the URL or the backlog")
    func listShowPatch() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer()
        let first = try await api.addSource(Self.feed, backlog: .newest(2))
        let second = try await api.addSource("http://127.0.0.1:8080/other.xml", name: "Other")
        try await api.test { client throws in
            let list = try await client.send(.get, "/api/sources", headers: bearer).decode(SourceListResponse.self)
            #expect(list.sources.map(\.id) == [first.id, second.id] && list.sources.map(\.name) == ["News", "Other"])
            let shown = try await client.send(.get, "/api/sources/\(first.id)", headers: bearer)
            #expect(shown.status == .ok)
            #expect(try shown.decode(SourceDTO.self).url == Self.feed)
            #expect(try await client.send(.get, "/api/sources/999", headers: bearer).status == .notFound)
            #expect(try await client.send(.get, "/api/sources/abc", headers: bearer).status == .notFound)

            let patch = #"{"name":"Daily news","enabled":false,"schedule":"daily 04:30","filters":{"minDuration":90},"retention":{"keepNewest":3},"url":"\#(Self.feed)"}"#
            let patched = try await client.send(.patch, "/api/sources/\(first.id)", headers: bearer, json: patch)
            #expect(patched.status == .ok)
            let source = try patched.decode(SourceDTO.self)
            #expect(source.name == "Daily news" && !source.enabled && source.schedule == .daily(hour: 4, minute: 30))
            #expect(source.filters.minDuration == 90 && source.retention.keepNewest == 3 && source.backlog == .newest(2))
            let url = try await client.send(.patch, "/api/sources/\(first.id)", headers: bearer, json: #"{"url":"http://127.0.0.1:8080/new.xml"}"#)
            #expect(url.status == .badRequest && url.errorCode == "invalid_input" && url.errorMessage?.hasPrefix("url ") == true)
            let backlog = try await client.send(.patch, "/api/sources/\(first.id)", headers: bearer, json: #"{"backlog":"all"}"#)
            #expect(backlog.status == .badRequest && backlog.errorMessage?.hasPrefix("backlog ") == true)
            let unknown = try await client.send(.patch, "/api/sources/\(first.id)", headers: bearer, json: #"{"status":{}}"#)
            #expect(unknown.status == .badRequest && unknown.errorCode == "unknown_field")
            #expect(try await api.sources.source(first.id)?.url == Self.feed)
        }
    }

    @Test("DELETE removes a source and its queued check; the source is gone afterwards")
    func delete() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer()
        let source = try await api.addSource(Self.feed)
        #expect(try await api.syncEntries().keys.contains("source:\(source.id)"))
        try await api.test { client throws in
            #expect(try await client.send(.delete, "/api/sources/\(source.id)?deleteFiles=maybe", headers: bearer).status == .badRequest)
            #expect(try await client.send(.delete, "/api/sources/\(source.id)", headers: bearer).status == .noContent)
            #expect(try await client.send(.get, "/api/sources/\(source.id)", headers: bearer).status == .notFound)
            #expect(try await client.send(.delete, "/api/sources/\(source.id)", headers: bearer).status == .notFound)
        }
        #expect(try await api.syncEntries().isEmpty)
    }

    @Test("POST /api/sources/{id}/sync queues a check of the chosen mode (202)")
    func sync() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer()
        let source = try await api.addSource(Self.feed)
        try await api.test { client throws in
            let full = try await client.send(.post, "/api/sources/\(source.id)/sync?mode=full", headers: bearer)
            #expect(full.status == .accepted)
            #expect(try full.decode(SyncSourceResponse.self) == SyncSourceResponse(sourceId: source.id, mode: .full))
            #expect(try await api.syncEntries()["source:\(source.id)"] == .full)
            let fast = try await client.send(.post, "/api/sources/\(source.id)/sync?mode=fast", headers: bearer)
            #expect(fast.status == .accepted)
            #expect(try fast.decode(SyncSourceResponse.self).mode == .fast)
            #expect(try await api.syncEntries() == ["source:\(source.id)": .full, "source:\(source.id):fast": .fast])
            #expect(try await client.send(.post, "/api/sources/\(source.id)/sync?mode=slow", headers: bearer).status == .badRequest)
            #expect(try await client.send(.post, "/api/sources/42/sync", headers: bearer).status == .notFound)
        }
    }

    @Test("the source routes need a token; viewers may read but not change")
    func auth() async throws {
        let api = try ArchiveTestAPI()
        let viewer = try await api.bearer("vera", role: .viewer)
        let source = try await api.addSource(Self.feed)
        try await api.test { client throws in
            for (method, path) in [(HTTPRequest.Method.get, "/api/sources"), (.post, "/api/sources"), (.get, "/api/sources/\(source.id)/media"),
                                   (.get, "/api/archive/failed"), (.get, "/api/profiles"), (.post, "/api/sources/preview")] {
                let response = try await client.send(method, path, json: method == .post ? "{}" : nil)
                #expect(response.status == .unauthorized, "\(method) \(path)")
            }
            #expect(try await client.send(.get, "/api/sources", headers: viewer).status == .ok)
            #expect(try await client.send(.get, "/api/sources/\(source.id)/retention", headers: viewer).status == .ok)
            #expect(try await client.send(.post, "/api/sources", headers: viewer, json: #"{"url":"http://127.0.0.1:8080/x.xml"}"#).status == .forbidden)
            #expect(try await client.send(.post, "/api/sources/\(source.id)/sync", headers: viewer).status == .forbidden)
            #expect(try await client.send(.post, "/api/profiles", headers: viewer, json: #"{"name":"p"}"#).status == .forbidden)
        }
    }
}
