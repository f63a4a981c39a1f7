import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SpoolEmbedded

/// Serves the static web UI at `/` (index.html, JS modules, CSS, icons) for paths no route answers.
///
/// Files come from `PUBLIC_DIR` when set, else from the copy embedded in the binary. Hummingbird's
/// `FileMiddleware` does the serving: content types by extension, `ETag`/`Last-Modified` with
/// `304`, byte ranges, and no `..` in paths. Every file is `Cache-Control: no-cache` (the UI has
/// no build step, so names carry no content hash: browsers revalidate and get `304` when unchanged).
/// UI responses carry a strict Content-Security-Policy: scripts, styles and connections only from
/// this origin; images may come from media sites (thumbnails).
struct WebUIMiddleware: RouterMiddleware {
    typealias Context = SpoolRequestContext

    /// The Content-Security-Policy of UI pages.
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: https: http:",
        "media-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
        "form-action 'self'",
    ].joined(separator: "; ")

    private let files: FileMiddleware<SpoolRequestContext, LocalFileSystem>

    /// Serves `directory`.
    init(directory: String) {
        var logger = Logger(label: "spool.webui")
        logger.logLevel = .warning
        files = FileMiddleware(
            directory,
            cacheControl: CacheControl([(MediaType(type: .any), [.noCache])]),
            searchForIndexHtml: true,
            logger: logger
        )
    }

    /// The folder to serve: the configured one, else the embedded UI written out once (nil, with
    /// the UI off, when that cannot be written).
    static func directory(configured: String?) -> String? {
        configured ?? (try? EmbeddedFiles.webUIFolder())
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await files.handle(request, context: context, next: next)
        let path = request.uri.path
        if !path.hasPrefix("/api/"), path != "/healthz", path != "/metrics" {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
            response.headers[.xContentTypeOptions] = "nosniff"
            response.headers[.referrerPolicy] = "no-referrer"
        }
        return response
    }
}

extension HTTPField.Name {
    /// `Content-Security-Policy`.
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    /// `X-Content-Type-Options`.
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    /// `Referrer-Policy`.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
