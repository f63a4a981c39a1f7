import Hummingbird
import SpoolAPIModels
import SpoolCore

/// `/api/hw`: the hardware video encoders ffmpeg was built with and whether each really works
/// here (a test encode per candidate), detected on first use and again on request.
struct HardwareController: Sendable {
    let hardware: HardwareEncoders

    /// Registers the routes on a group mounted at `/api/hw`.
    func addRoutes(to group: RouterGroup<SpoolRequestContext>) {
        group.get(use: show)
            .post("detect", use: detect)
    }

    /// The last detection (running one first when there is none).
    @Sendable func show(_ request: Request, context: SpoolRequestContext) async throws -> HardwareReportDTO {
        HardwareReportDTO(await hardware.report())
    }

    /// Detects again and answers with the new report.
    @Sendable func detect(_ request: Request, context: SpoolRequestContext) async throws -> HardwareReportDTO {
        let report = await hardware.report(refresh: true)
        context.logger.info("hardware encoders detected", metadata: ["hw.working": .stringConvertible(report.encoders.filter(\.works).count)])
        return HardwareReportDTO(report)
    }
}
