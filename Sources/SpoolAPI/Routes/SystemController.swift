import Foundation
import Hummingbird
import Prometheus
import SpoolEmbedded

/// `/healthz`, `/metrics` and `/api/openapi.yaml`.
struct SystemController: Sendable {
    let health: @Sendable () async -> HealthReport
    let registry: PrometheusCollectorRegistry
    let refreshMetrics: @Sendable () async -> Void
    let openAPIDocument: ByteBuffer

    init(health: @escaping @Sendable () async -> HealthReport, registry: PrometheusCollectorRegistry, refreshMetrics: @escaping @Sendable () async -> Void) {
        self.health = health
        self.registry = registry
        self.refreshMetrics = refreshMetrics
        self.openAPIDocument = Self.loadOpenAPIDocument()
    }

    @Sendable func healthz(_ request: Request, context: SpoolRequestContext) async throws -> EditedResponse<HealthReport> {
        let report = await health()
        return EditedResponse(status: report.isHealthy ? .ok : .serviceUnavailable, headers: [.cacheControl: "no-store"], response: report)
    }

    @Sendable func metrics(_ request: Request, context: SpoolRequestContext) async throws -> Response {
        await refreshMetrics()
        let buffer = ByteBuffer(bytes: registry.emitToBuffer())
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .contentLength: String(buffer.readableBytes)],
            body: .init(byteBuffer: buffer)
        )
    }

    @Sendable func openAPI(_ request: Request, context: SpoolRequestContext) async throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/yaml; charset=utf-8", .contentLength: String(openAPIDocument.readableBytes)],
            body: .init(byteBuffer: openAPIDocument)
        )
    }

    /// The OpenAPI document embedded in the binary.
    private static func loadOpenAPIDocument() -> ByteBuffer {
        ByteBuffer(bytes: EmbeddedFiles.openAPIDocument)
    }
}

