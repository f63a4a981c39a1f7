import Foundation
import Hummingbird
import SpoolAPIModels
import SpoolCore

/// An error on its way to an HTTP client: a status, a stable code and a message without internals.
///
/// Every error leaving a route becomes one of these (see ``ErrorMiddleware``); its body is
/// `{"error":{"code":"…","message":"…"}}`.
public struct APIError: HTTPResponseError, Sendable, Hashable, CustomStringConvertible {
    /// HTTP status.
    public var status: HTTPResponse.Status
    /// Stable code.
    public var code: SpoolError.Code
    /// Message safe to show a user.
    public var message: String
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`).
    public var headers: HTTPFields

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, code: SpoolError.Code, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// Maps a domain error; codes that are not the client's fault become a generic 500.
    public init(_ error: SpoolError) {
        let status = Self.status(for: error.code)
        if status == .internalServerError {
            self.init(.internalServerError, code: .internalError, message: Self.internalMessage)
        } else {
            self.init(status, code: error.code, message: error.message)
        }
        if error.code == .unauthorized {
            headers[.wwwAuthenticate] = "Bearer"
        }
    }

    /// The HTTP status of a domain error code.
    public static func status(for code: SpoolError.Code) -> HTTPResponse.Status {
        switch code {
        case .invalidInput, .invalidURL, .invalidFormat, .invalidTemplate, .malformedJSON, .unknownField, .unsupportedLanguage, .providerUnavailable: .badRequest
        case .payloadTooLarge: .contentTooLarge
        case .notFound: .notFound
        case .illegalTransition, .conflict: .conflict
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .rateLimited: .tooManyRequests
        case .insufficientStorage: .init(code: 507, reasonPhrase: "Insufficient Storage")
        case .mediaNotFound, .mediaForbidden, .unsupportedURL, .videoUnavailable, .geoBlocked: .unprocessableContent
        case .downloadFailed, .toolMissing, .toolFailed, .stalled, .outputEscapesLibrary, .leaseLost, .canceled, .storage, .uploadFailed, .internalError,
             .dubbingFailed, .dubbingRejected, .noSubtitles:
            .internalServerError
        }
    }

    /// Maps an HTTP error raised by Hummingbird itself (unknown route, oversized body, bad encoding).
    init(status: HTTPResponse.Status, message: String?) {
        switch status.code {
        case 404: self.init(.notFound, code: .notFound, message: "no such resource")
        case 413: self.init(.contentTooLarge, code: .payloadTooLarge, message: "request body is too large")
        case 401: self.init(.unauthorized, code: .unauthorized, message: message ?? "authentication required", headers: [.wwwAuthenticate: "Bearer"])
        case 403: self.init(.forbidden, code: .forbidden, message: message ?? "forbidden")
        case 400..<500: self.init(status, code: .invalidInput, message: message ?? status.reasonPhrase)
        default: self.init(.internalServerError, code: .internalError, message: Self.internalMessage)
        }
    }

    /// The message of every unexpected error.
    static let internalMessage = "internal error; the server log has the details"

    /// `401 unauthorized`.
    static func unauthorized(_ message: String) -> APIError {
        APIError(.unauthorized, code: .unauthorized, message: message, headers: [.wwwAuthenticate: "Bearer"])
    }

    /// `403 forbidden`.
    static func forbidden(_ message: String) -> APIError {
        APIError(.forbidden, code: .forbidden, message: message)
    }

    /// `429 rate_limited` with a `Retry-After` header.
    static func rateLimited(_ message: String, retryAfter: Duration) -> APIError {
        let seconds = max(1, Int(retryAfter.components.seconds) + (retryAfter.components.attoseconds > 0 ? 1 : 0))
        return APIError(.tooManyRequests, code: .rateLimited, message: "\(message); retry in \(seconds) s", headers: [.retryAfter: String(seconds)])
    }

    /// Writes `{"error":{"code","message"}}` with the status and headers.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try SpoolJSON.makeEncoder().encode(ErrorResponse(code: code.rawValue, message: message))
        var fields: HTTPFields = [.contentType: "application/json; charset=utf-8", .contentLength: String(data.count)]
        fields.append(contentsOf: headers)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `code: message`.
    public var description: String { "\(status.code) \(code.rawValue): \(message)" }
}
