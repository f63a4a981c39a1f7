import Foundation
import SpoolAPI
import SpoolCore
import Testing

@Suite("Source and profile wire formats")
struct SourceCodingTests {
    private func decode<Value: Decodable>(_ type: Value.Type, _ json: String) throws -> Value {
        try SpoolJSON.makeDecoder().decode(type, from: Data(json.utf8))
    }

    private func encode(_ value: some Encodable) throws -> String {
        String(decoding: try SpoolJSON.makeEncoder().encode(value), as: UTF8.self)
    }

    /// The message of the `invalid_input` error decoding `json` throws.
    private func invalidInput<Value: Decodable>(_ type: Value.Type, _ json: String) -> String? {
        do {
            _ = try decode(type, json)
            return nil
        } catch let error as SpoolError where error.code == .invalidInput {
            return error.message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test("a create request with only a URL takes the defaults; the name comes from the URL")
    func createDefaults() throws {
        let source = try decode(CreateSourceRequest.self, #"{"url":"http://127.0.0.1:8080/feeds/news.xml"}"#).source
        #expect(source.name == "news")
        #expect(source.enabled && source.tabs == SourceTabs() && source.schedule == .interval(minutes: 360))
        #expect(source.backlog == .none && source.layout == .archive && source.filters == SourceFilters() && source.retention == Retention())
        #expect(source.feedURL == nil && source.profileID == nil)
    }

    @Test("names derive from the last meaningful path component, else the host", arguments: [
        ("https://www.youtube.com/@news/videos", "@news"),
        ("https://www.youtube.com/channel/UC123/streams", "UC123"),
        ("http://127.0.0.1:8080/feed.xml", "feed"),
        ("https://example.com/", "example.com"),
        ("https://example.com/shows/My%20Show/", "My Show"),
        ("https://www.youtube.com/playlist?list=PL1", "www.youtube.com"),
    ])
    func derivedNames(url: String, name: String) {
        #expect(CreateSourceRequest.derivedName(from: url) == name)
    }

    @Test("a create request reads every member; text forms are parsed")
    func createEverything() throws {
        let json = """
            {"url":"https://example.com/c","name":" News ","enabled":false,"tabs":{"shorts":false},"schedule":"daily 04:30",
             "feedUrl":"https://example.com/feed.atom","profileId":3,
             "filters":{"titleRegex":"trailer","invertTitleRegex":true,"minDuration":60,"maxDuration":3600,"publishedAfter":"2024-02-29","shorts":"exclude","streams":"only"},
             "retention":{"keepNewest":5,"maxAgeDays":null},"layout":"media-server","backlog":"since:2024-01-01"}
            """
        let source = try decode(CreateSourceRequest.self, json).source
        #expect(source.name == "News" && !source.enabled)
        #expect(source.tabs == SourceTabs(videos: true, shorts: false, streams: true))
        #expect(source.schedule == .daily(hour: 4, minute: 30))
        #expect(source.feedURL == "https://example.com/feed.atom" && source.profileID == 3)
        #expect(source.filters == SourceFilters(
            titleRegex: "trailer", invertTitleRegex: true, minDuration: 60, maxDuration: 3600, publishedAfter: DayText.parse("2024-02-29"),
            shorts: .exclude, streams: .only
        ))
        #expect(source.retention == Retention(keepNewest: 5))
        let since = try #require(DayText.parse("2024-01-01"))
        #expect(source.layout == .mediaServer && source.backlog == .since(since))
    }

    @Test("unknown members are unknown_field, nested ones named with their parent")
    func unknownFields() {
        #expect(throws: SpoolError(.unknownField, "unknown field 'colour'")) {
            try decode(CreateSourceRequest.self, #"{"url":"https://a.example/","colour":"red"}"#)
        }
        #expect(throws: SpoolError(.unknownField, "unknown field 'filters.titleRegexp'")) {
            try decode(CreateSourceRequest.self, #"{"url":"https://a.example/","filters":{"titleRegexp":"x"}}"#)
        }
        #expect(throws: SpoolError(.unknownField, "unknown field 'tabs.live'")) {
            try decode(PatchSourceRequest.self, #"{"tabs":{"live":true}}"#)
        }
        #expect(throws: SpoolError(.unknownField, "unknown field 'id'")) {
            try decode(CreateSourceRequest.self, #"{"url":"https://a.example/","id":4}"#)
        }
    }

    @Test("bad schedules, backlogs and filter values are invalid_input naming the member")
    func badValues() {
        let schedule = invalidInput(CreateSourceRequest.self, #"{"url":"https://a.example/","schedule":"every 2m"}"#)
        #expect(schedule?.hasPrefix("schedule 'every 2m' is not") == true, "\(schedule ?? "accepted")")
        let backlog = invalidInput(CreateSourceRequest.self, #"{"url":"https://a.example/","backlog":"newest"}"#)
        #expect(backlog?.hasPrefix("backlog 'newest' is not") == true, "\(backlog ?? "accepted")")
        #expect(invalidInput(CreateSourceRequest.self, #"{"url":"https://a.example/","filters":{"shorts":"maybe"}}"#)
            == "filters.shorts must be one of include, exclude, only")
        #expect(invalidInput(CreateSourceRequest.self, #"{"url":"https://a.example/","filters":{"publishedAfter":"2024-02-30"}}"#)
            == "filters.publishedAfter must be a day YYYY-MM-DD")
        #expect(invalidInput(PatchSourceRequest.self, #"{"schedule":"weekly"}"#)?.hasPrefix("schedule 'weekly'") == true)
    }

    @Test("create requests encode only what is set and read back the same")
    func createRoundTrip() throws {
        #expect(try encode(CreateSourceRequest(url: "https://a.example/")) == #"{"url":"https://a.example/"}"#)
        let request = CreateSourceRequest(
            url: "https://a.example/", name: "A", tabs: SourceTabsChange(only: [.videos]), schedule: .interval(minutes: 120), feedUrl: .some(nil),
            profileId: .some(2), filters: SourceFiltersChange(titleRegex: .some("x"), publishedAfter: .some(DayText.parse("2025-01-02"))),
            retention: RetentionChange(keepNewest: .some(3)), layout: .custom("%(id)s.%(ext)s"), backlog: .newest(4)
        )
        let json = try encode(request)
        #expect(json.contains(#""feedUrl":null"#) && json.contains(#""publishedAfter":"2025-01-02""#) && json.contains(#""backlog":"newest:4""#))
        #expect(try decode(CreateSourceRequest.self, json) == request)
    }

    @Test("a patch changes what it names, null clears, url and backlog may only be sent unchanged")
    func patch() throws {
        var source = Source(
            id: 1, name: "News", url: "https://a.example/", feedURL: "https://a.example/feed", profileID: 2,
            filters: SourceFilters(titleRegex: "x", minDuration: 10), retention: Retention(keepNewest: 3), backlog: .newest(2)
        )
        let patch = try decode(PatchSourceRequest.self, """
            {"name":"Daily","feedUrl":null,"filters":{"titleRegex":null,"maxDuration":600},"retention":{"maxAgeDays":30},
             "url":"https://a.example/","backlog":"newest:2"}
            """)
        try patch.checkFixedMembers(of: source)
        patch.apply(to: &source)
        #expect(source.name == "Daily" && source.feedURL == nil && source.profileID == 2)
        #expect(source.filters == SourceFilters(minDuration: 10, maxDuration: 600))
        #expect(source.retention == Retention(keepNewest: 3, maxAgeDays: 30))
        #expect(throws: SpoolError.self) { try decode(PatchSourceRequest.self, #"{"url":"https://b.example/"}"#).checkFixedMembers(of: source) }
        do {
            try decode(PatchSourceRequest.self, #"{"backlog":"all"}"#).checkFixedMembers(of: source)
            Issue.record("a backlog change was accepted")
        } catch let error as SpoolError {
            #expect(error.code == .invalidInput && error.message.hasPrefix("backlog "))
        }
    }

    @Test("a source encodes every member, unset ones as null, in the API's text forms")
    func sourceShape() throws {
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        let source = Source(
            id: 7, name: "News", url: "http://127.0.0.1:8080/feed.xml", filters: SourceFilters(publishedAfter: DayText.parse("2024-03-01")),
            backlog: .newest(2), createdAt: created, status: SourceStatus(nextCheckAt: created)
        )
        let progress = SourceProgress(sourceID: 7, activity: "idle", new: 0, counts: [.downloaded: 2, .seen: 3])
        let object = try #require(JSONSerialization.jsonObject(with: try SpoolJSON.makeEncoder().encode(SourceDTO(source, progress: progress))) as? [String: Any])
        #expect(Set(object.keys) == ["id", "name", "url", "enabled", "tabs", "schedule", "feedUrl", "profileId", "filters", "retention", "layout",
                                     "backlog", "createdAt", "status", "progress"])
        #expect(object["schedule"] as? String == "every 360m" && object["backlog"] as? String == "newest:2" && object["layout"] as? String == "archive")
        #expect(object["feedUrl"] is NSNull && object["profileId"] is NSNull)
        let filters = try #require(object["filters"] as? [String: Any])
        #expect(filters["publishedAfter"] as? String == "2024-03-01" && filters["titleRegex"] is NSNull && filters["shorts"] as? String == "include")
        #expect((object["retention"] as? [String: Any])?.count == 3)
        let status = try #require(object["status"] as? [String: Any])
        #expect(status["lastCheckAt"] is NSNull && status["nextCheckAt"] as? String == "2023-11-14T22:13:20.000Z" && status.count == 4)
        let counts = try #require(object["progress"] as? [String: Any])
        #expect(counts["listed"] as? Int == 5 && counts["done"] as? Int == 2 && counts["skipped"] as? Int == 3 && counts["activity"] as? String == "idle")
        #expect(try decode(SourceDTO.self, try encode(SourceDTO(source, progress: progress))) == SourceDTO(source, progress: progress))
    }

    @Test("items carry their phase; sourceId only in the dead-letter list")
    func items() throws {
        let entry = ListedEntry(mediaID: "a1", extractor: "generic", url: "http://127.0.0.1/a1.mp4", title: "One")
        let item = SourceItem(sourceID: 4, entry: entry, status: .queued, jobID: JobID("3f0c8a0e-5b7d-4c1e-9a53-2d2f6b1c9e10"),
                              jobState: .failed, position: 0, listedAt: Date(timeIntervalSince1970: 0))
        let plain = try encode(SourceItemDTO(item))
        #expect(plain.contains(#""phase":"failed""#) && plain.contains(#""jobState":"FAILED""#) && plain.contains(#""retryAt":null"#))
        #expect(!plain.contains("sourceId"))
        #expect(try encode(SourceItemDTO(item, includeSource: true)).contains(#""sourceId":4"#))
        let page = SourceItemListResponse(items: [], counts: [.failed: 1])
        #expect(page.counts.count == SourceItemPhase.allCases.count && page.counts["failed"] == 1 && page.counts["seen"] == 0)
        #expect(throws: SpoolError(.invalidInput, "keep is required (true or false)")) { try decode(PatchSourceItemRequest.self, "{}") }
    }

    @Test("a preview decides as a first index: filters and availability, then the backlog")
    func previewTriage() throws {
        let day = { (text: String) in DayText.parse(text) }
        let listed = [
            ListedEntry(mediaID: "e5", extractor: "generic", url: "u5", title: "Episode 5", publishedAt: day("2026-01-05"), duration: 600),
            ListedEntry(mediaID: "e4", extractor: "generic", url: "u4", title: "Trailer", publishedAt: day("2026-01-04"), duration: 20),
            ListedEntry(mediaID: "e3", extractor: "generic", url: "u3", title: "Episode 3", publishedAt: day("2026-01-03"), duration: 600),
            ListedEntry(mediaID: "e2", extractor: "generic", url: "u2", title: "Live", publishedAt: day("2026-01-02"), liveStatus: "is_upcoming"),
            ListedEntry(mediaID: "e1", extractor: "generic", url: "u1", title: "Episode 1", publishedAt: day("2026-01-01"), duration: 600),
            ListedEntry(mediaID: "e0", extractor: "generic", url: "u0", title: "Episode 0", publishedAt: day("2025-12-31"), duration: 600),
        ]
        let source = Source(name: "S", url: "https://a.example/", filters: SourceFilters(minDuration: 60), backlog: .newest(2))
        let preview = SourcePreviewResponse(triaging: listed, for: source, now: Date(timeIntervalSince1970: 0))
        #expect(preview.listed == 6 && preview.wouldQueue == 2 && preview.filtered == 1 && preview.deferred == 1 && preview.seen == 2)
        #expect(preview.entries.map(\.decision) == [.queue, .filtered, .queue, .deferred, .seen, .seen])
        #expect(preview.entries[1].reason?.contains("shorter than 60 s") == true)
        let all = SourcePreviewResponse(triaging: listed, for: Source(name: "S", url: "https://a.example/", backlog: .all), now: Date())
        #expect(all.wouldQueue == 5 && all.seen == 0)
        let many = (0..<80).map { ListedEntry(mediaID: "m\($0)", extractor: "generic", url: "u\($0)") }
        #expect(SourcePreviewResponse(triaging: many, for: source, now: Date()).entries.count == SourcePreviewResponse.shownEntries)
    }

    @Test("profile requests take defaults, decode strictly and encode a default engine as null")
    func profiles() throws {
        let profile = try decode(ProfileRequest.self, #"{"name":"Podcasts","format":"audio-m4a","sponsorBlock":"remove","voiceOver":{"targetLang":"ru"}}"#)
            .profile(id: 5)
        #expect(profile == Profile(id: 5, name: "Podcasts", format: "audio-m4a", sponsorBlock: .remove, voiceOver: VoiceOverChoice(targetLang: "ru")))
        #expect(try decode(ProfileRequest.self, #"{"id":9,"name":"X"}"#).profile() == Profile(name: "X"))
        #expect(throws: SpoolError(.invalidInput, "container must be one of mkv, mp4")) { try decode(ProfileRequest.self, #"{"name":"X","container":"avi"}"#) }
        #expect(throws: SpoolError(.unknownField, "unknown field 'voiceOver.voice'")) {
            try decode(ProfileRequest.self, #"{"name":"X","voiceOver":{"targetLang":"ru","voice":"x"}}"#)
        }
        let json = try encode(ProfileDTO(profile))
        #expect(json.contains(#""voiceOver":{"engine":null,"targetLang":"ru"}"#) && json.contains(#""writeNFO":false"#))
        #expect(try encode(ProfileDTO(Profile(id: 1, name: "D"))).contains(#""sponsorBlock":null"#))
    }
}
