import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SpoolCore

extension DirectDownloader {
    /// Asks the server whether `request.url` is a plain media file: a `HEAD`, and when that is
    /// refused or leaves the length or byte ranges unclear, a `GET` of the first byte.
    ///
    /// A file is direct when its type is `video/*` or `audio/*` (not a playlist), or
    /// `application/octet-stream` with a media extension in its name; its length is known; and the
    /// request's output template is one ``OutputTemplateRenderer`` renders. The answer says whether
    /// the server accepts byte ranges (`Accept-Ranges: bytes`, or a 206 to the one-byte request).
    public func probe(_ request: MediaDownloadRequest) async -> DirectFileProbe {
        guard let url = URL(string: request.url), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            return .notDirect("not an http(s) URL")
        }
        let answer: DirectFileProbe
        do {
            answer = try await HTTPClient.withHTTPClient(configuration: probeConfiguration) { client in
                try await probe(request.url, client: client)
            }
        } catch {
            return .notDirect("the server could not be asked (\(error))")
        }
        // The file must also get the name yt-dlp would give it.
        if case .file(let file) = answer, DirectFileName(file: file)?.relativePath(template: request.outputTemplate) == nil {
            return .notDirect("the output template uses fields or syntax only yt-dlp renders")
        }
        return answer
    }

    /// The probe's two requests on `client`.
    private func probe(_ url: String, client: HTTPClient) async throws -> DirectFileProbe {
        let head = try await ask(url, method: .HEAD, range: false, client: client)
        // The length a successful HEAD gave, for a GET that answers without one.
        var headLength: Int64?
        if (200..<300).contains(head.status.code) {
            let answer = ProbeAnswer(url: url, response: head)
            if let reason = answer.notMedia { return .notDirect(reason) }
            headLength = answer.contentLength
            if answer.acceptsRanges, let file = answer.file(length: answer.contentLength, rangesAccepted: true) { return .file(file) }
        } else if [404, 410].contains(head.status.code) {
            return .notDirect("HTTP Error \(head.status.code): \(head.status.reasonPhrase)")
        }
        // HEAD refused, or no length or Accept-Ranges: ask for the first byte.
        let ranged = try await ask(url, method: .GET, range: true, client: client)
        let answer = ProbeAnswer(url: url, response: ranged)
        switch ranged.status {
        case .partialContent:
            _ = try? await ranged.body.collect(upTo: 1024)
            if let reason = answer.notMedia { return .notDirect(reason) }
            let total = ranged.headers.first(name: "content-range").flatMap(ContentRange.init)?.total
            guard let file = answer.file(length: total, rangesAccepted: true) else {
                return .notDirect("the server does not tell the file's length")
            }
            return .file(file)
        case .ok:
            // The body is the whole file: dropping the response cancels it.
            if let reason = answer.notMedia { return .notDirect(reason) }
            guard let file = answer.file(length: answer.contentLength ?? headLength, rangesAccepted: false) else {
                return .notDirect("the server does not tell the file's length")
            }
            return .file(file)
        default:
            return .notDirect("HTTP Error \(ranged.status.code): \(ranged.status.reasonPhrase)")
        }
    }

    /// A probe's client: redirects followed, no decompression, and a refused connection fails at
    /// once instead of being retried until the connect timeout.
    private var probeConfiguration: HTTPClient.Configuration {
        var http = HTTPClient.Configuration()
        http.decompression = .disabled
        http.redirectConfiguration = .follow(max: 10, allowCycles: false)
        http.timeout = .init(connect: .nanoseconds(configuration.connectTimeout.nanoseconds), read: .nanoseconds(configuration.readTimeout.nanoseconds))
        http.connectionPool.retryConnectionEstablishment = false
        return http
    }

    /// One probe request (redirects followed), with a deadline.
    private func ask(_ url: String, method: HTTPMethod, range: Bool, client: HTTPClient) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Accept", value: "*/*")
        request.headers.add(name: "Accept-Encoding", value: "identity")
        if range { request.headers.add(name: "Range", value: "bytes=0-0") }
        return try await client.execute(request, deadline: .now() + .nanoseconds(configuration.connectTimeout.nanoseconds + configuration.readTimeout.nanoseconds))
    }
}

/// What one probe response says about the file.
struct ProbeAnswer {
    let url: String
    let redirectedURL: String?
    let mediaType: String
    let contentLength: Int64?
    let acceptsRanges: Bool
    let etag: String?
    let lastModified: String?
    let suggestedName: String?

    init(url: String, response: HTTPClientResponse) {
        let headers = response.headers
        self.url = url
        let final = response.url?.absoluteString
        self.redirectedURL = final == url ? nil : final
        self.mediaType = MediaFileType.essence(of: headers.first(name: "content-type") ?? "application/octet-stream")
        self.contentLength = headers.first(name: "content-length").flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
        self.acceptsRanges = headers[canonicalForm: "accept-ranges"].contains { $0.lowercased() == "bytes" }
        self.etag = headers.first(name: "etag")
        self.lastModified = headers.first(name: "last-modified")
        self.suggestedName = headers.first(name: "content-disposition").flatMap(ContentDisposition.fileName(in:))
    }

    /// Why this is not a media file, or nil when it is one.
    var notMedia: String? {
        let name = suggestedName.flatMap(MediaFileType.pathExtension(of:)) ?? MediaFileType.pathExtension(of: DirectFileName.urlBasename(redirectedURL ?? url))
        if MediaFileType.fileExtension(mediaType: mediaType, nameExtension: name) != nil { return nil }
        if mediaType == "application/octet-stream" || mediaType == "binary/octet-stream" {
            return "the URL answers \(mediaType) without a media file extension"
        }
        return "the URL answers \(mediaType)"
    }

    /// The file, when its length is known.
    func file(length: Int64?, rangesAccepted: Bool) -> DirectFile? {
        guard let length, length > 0 else { return nil }
        return DirectFile(
            url: url, length: length, mediaType: mediaType, etag: etag, lastModified: lastModified,
            suggestedName: suggestedName, redirectedURL: redirectedURL, acceptsRanges: rangesAccepted
        )
    }
}
