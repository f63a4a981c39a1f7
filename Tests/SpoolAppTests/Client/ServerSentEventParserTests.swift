import SpoolApp
import Testing

@Suite("Server-sent event parser")
struct ServerSentEventParserTests {
    @Test("parses id, event and data fields and dispatches on an empty line")
    func basicFrame() {
        var parser = ServerSentEventParser()
        let events = parser.feed(Array("id: 7\nevent: state_change\ndata: {\"a\":1}\n\n".utf8))
        #expect(events == [ServerSentEvent(id: "7", event: "state_change", data: "{\"a\":1}")])
        #expect(parser.lastEventID == "7")
    }

    @Test("reassembles frames split across chunks at any byte, with CRLF and CR line ends")
    func splitChunks() {
        let text = "id: 1\r\nevent: log\r\ndata: one\r\n\r\nid: 2\rdata: two\r\r: heartbeat\n\ndata: three\n\n"
        let bytes = Array(text.utf8)
        for size in 1...bytes.count {
            var parser = ServerSentEventParser()
            var events: [ServerSentEvent] = []
            var index = 0
            while index < bytes.count {
                events += parser.feed(bytes[index..<min(index + size, bytes.count)])
                index += size
            }
            #expect(events.map(\.data) == ["one", "two", "three"], "chunk size \(size)")
            #expect(events.map(\.id) == ["1", "2", nil])
            #expect(events.first?.event == "log")
            #expect(parser.lastEventID == "2")
            #expect(parser.comments == 1)
        }
    }

    @Test("joins multi-line data, drops only one leading space, defaults the type to message")
    func multilineData() {
        var parser = ServerSentEventParser()
        let events = parser.feed(Array("data:first\ndata:  second\ndata\n\n".utf8))
        #expect(events == [ServerSentEvent(data: "first\n second\n")])
    }

    @Test("an event without data is not dispatched but its id still counts")
    func idOnly() {
        var parser = ServerSentEventParser(lastEventID: "3")
        #expect(parser.feed(Array("id: 9\n\n".utf8)).isEmpty)
        #expect(parser.lastEventID == "9")
    }

    @Test("retry sets the reconnection delay; invalid values are ignored")
    func retry() {
        var parser = ServerSentEventParser()
        _ = parser.feed(Array("retry: 1500\n\nretry: soon\n\n".utf8))
        #expect(parser.retry == 1500)
    }

    @Test("reset drops a half-received event but keeps the last id")
    func resetDropsPartial() {
        var parser = ServerSentEventParser()
        _ = parser.feed(Array("id: 4\ndata: done\n\nid: 5\ndata: partial".utf8))
        parser.reset()
        #expect(parser.feed(Array("data: fresh\n\n".utf8)).map(\.data) == ["fresh"])
        #expect(parser.lastEventID == "4")
    }
}
