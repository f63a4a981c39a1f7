import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension VOTClient {
    /// The largest answer body read from an API call.
    static let maxResponseBytes = 4 * 1024 * 1024

    /// Sends `request` directly or in the worker envelope and returns the body of a 200 answer.
    ///
    /// - Throws: ``VOTError`` for anything but HTTP 200 (the body is then not decoded).
    func perform(_ request: VOTWireRequest, _ operation: VOTOperation, timeout: Duration) async throws -> ByteBuffer {
        var http = HTTPClientRequest(url: try configuration.baseURL() + request.path)
        http.method = request.method
        let bytes: [UInt8]
        if configuration.workerProxy {
            for (name, value) in request.workerHeaders() { http.headers.add(name: name, value: value) }
            bytes = try request.workerEnvelope()
        } else {
            for (name, value) in request.headers { http.headers.add(name: name, value: value) }
            bytes = request.bodyBytes
        }
        http.body = .bytes(ByteBuffer(bytes: bytes))
        logger.debug("VOT request", metadata: ["vot.path": "\(request.path)", "vot.bytes": "\(bytes.count)"])
        do {
            let response = try await httpClient.execute(http, timeout: TimeAmount(timeout))
            let body = try await response.body.collect(upTo: Self.maxResponseBytes)
            logger.debug("VOT response", metadata: ["vot.path": "\(request.path)", "vot.status": "\(response.status.code)"])
            if configuration.workerProxy, response.status == .noContent,
               let status = response.headers.first(name: "X-Yandex-Status"), status != "success" {
                throw VOTError.worker(operation, status)
            }
            guard response.status == .ok else {
                let text = String(decoding: body.readableBytesView.prefix(512), as: UTF8.self)
                throw VOTError.httpStatus(operation, status: Int(response.status.code), body: text)
            }
            return body
        } catch {
            throw Self.mapTransport(error, operation)
        }
    }

    /// Turns AsyncHTTPClient and NIO failures into ``VOTError`` (or `CancellationError` when cancelled).
    static func mapTransport(_ error: any Error, _ operation: VOTOperation) -> any Error {
        if error is VOTError || error is CancellationError { return error }
        if Task.isCancelled { return CancellationError() }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .connectTimeout:
                return VOTError.timedOut(operation)
            case .cancelled:
                return CancellationError()
            default:
                return VOTError.transport(operation, client.shortDescription)
            }
        }
        if error is NIOTooManyBytesError {
            return VOTError.decode(operation, "answer too large")
        }
        return VOTError.transport(operation, String(describing: error))
    }
}

extension HTTPClientError {
    /// `HTTPClientError.remoteConnectionClosed` → `remoteConnectionClosed`.
    fileprivate var shortDescription: String {
        let text = String(describing: self)
        return text.hasPrefix("HTTPClientError.") ? String(text.dropFirst("HTTPClientError.".count)) : text
    }
}
