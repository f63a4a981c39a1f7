import Foundation
import Testing
import YandexVOT

/// The test vectors of spec §3.7: signatures, encoded requests and decoded answers, byte for byte.
@Suite("VOT wire format")
struct VOTWireFormatTests {
    let signer = VOTSigner()
    let uuid = "0123456789ABCDEF0123456789ABCDEF"

    @Test("session create body and its signature")
    func sessionBody() throws {
        var message = VOTProto_YandexSessionRequest()
        message.uuid = uuid
        message.module = "video-translation"
        let body: [UInt8] = try message.serializedBytes()
        #expect(hex(body) == "0a2030313233343536373839414243444546303132333435363738394142434445461211766964656f2d7472616e736c6174696f6e")
        #expect(signer.signature(of: body) == "4e9fe6073fe525ef1550e52cf82f767e04c321c1d877182ea7ef5d9f88047ccd")
    }

    @Test("Sec-Vtrans-Token for the translate path")
    func token() {
        let token = signer.token(uuid: uuid, path: "/video-translation/translate", componentVersion: "26.6.4.760")
        #expect(token == "963bdd052fccac36eb8e66d816a2acba490a74835ee12b4a94bc4b855127ad95:\(uuid):/video-translation/translate:26.6.4.760")
        let subtitles = signer.token(uuid: uuid, path: "/video-subtitles/get-subtitles", componentVersion: "26.6.4.760")
        #expect(subtitles.hasPrefix("4d4a6e8d95bbd96d5bc33e18a293d7ad805102a44665f1358a444d1e9426761e:"))
    }

    @Test("translate body with the reference clients' defaults")
    func translateBody() throws {
        let request = VOTTranslationRequest(url: "https://youtu.be/LK6nLR1bzpI", duration: 310, sourceLanguage: "en", targetLanguage: "ru")
        let body: [UInt8] = try request.message.serializedBytes()
        #expect(hex(body) == "1a1c68747470733a2f2f796f7574752e62652f4c4b366e4c5231627a7049280131000000000060734038014202656e720272757801800102")
        #expect(signer.signature(of: body) == "69593b9c47a27e56af16c9582c12a5df0c5c07d2511b15ee52b2d87c435be83e")
        let unknownDuration: [UInt8] = try VOTTranslationRequest(url: "https://youtu.be/LK6nLR1bzpI").message.serializedBytes()
        #expect(unknownDuration == body, "no duration sends 310 s, en → ru")
    }

    @Test("subtitles body and its signature")
    func subtitlesBody() throws {
        var message = VOTProto_SubtitlesRequest()
        message.url = "https://youtu.be/LK6nLR1bzpI"
        message.language = "en"
        let body: [UInt8] = try message.serializedBytes()
        #expect(hex(body) == "0a1c68747470733a2f2f796f7574752e62652f4c4b366e4c5231627a70491202656e")
        #expect(signer.signature(of: body) == "d9a316413221f252a1fbbd3b3f2a17ebb6b9f8c49adc7bc216dcf351c4476012")
    }

    @Test("answers decode: waiting, finished, session")
    func decodeSamples() throws {
        let waiting = try VOTProto_VideoTranslationResponse(serializedBytes: bytes("2002282e3a057469643432"))
        #expect(waiting.status == 2 && waiting.remainingTime == 46 && waiting.translationID == "tid42" && !waiting.hasURL)
        let finished = try VOTProto_VideoTranslationResponse(serializedBytes: bytes(
            "0a3868747470733a2f2f767472616e732e73332d707269766174652e6d64732e79616e6465782e6e65742f7474732f70726f642f61612e6d7033110000000000806a4020013a057469643432"
        ))
        #expect(finished.url == "https://vtrans.s3-private.mds.yandex.net/tts/prod/aa.mp3")
        #expect(finished.duration == 212 && finished.status == 1 && finished.translationID == "tid42")
        let session = try VOTProto_YandexSessionResponse(serializedBytes: bytes("0a095345435245544b455910901c"))
        #expect(session.secretKey == "SECRETKEY" && session.expires == 3600)
    }

    @Test("UUIDs are 32 uppercase hex digits and differ")
    func uuids() {
        let first = VOTSigner.makeUUID()
        #expect(first.count == 32 && first.allSatisfy { "0123456789ABCDEF".contains($0) })
        #expect(first != VOTSigner.makeUUID())
    }

    @Test("a different key gives a different signature")
    func otherKey() {
        let body = Array("abc".utf8)
        #expect(VOTSigner(key: "other").signature(of: body) != signer.signature(of: body))
    }

    @Test("YouTube links become https://youtu.be/<id>; others stay")
    func canonicalURLs() {
        #expect(VOTVideoURL.canonical("https://www.youtube.com/watch?v=LK6nLR1bzpI&t=10") == "https://youtu.be/LK6nLR1bzpI")
        #expect(VOTVideoURL.canonical("https://m.youtube.com/shorts/abc_DEF-1") == "https://youtu.be/abc_DEF-1")
        #expect(VOTVideoURL.canonical("https://youtu.be/LK6nLR1bzpI?si=x") == "https://youtu.be/LK6nLR1bzpI")
        #expect(VOTVideoURL.canonical("https://vimeo.com/12345") == "https://vimeo.com/12345")
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    private func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }
}
