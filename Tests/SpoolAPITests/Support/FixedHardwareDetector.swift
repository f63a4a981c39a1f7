import Foundation
import SpoolCore
import Synchronization

/// A ``HardwareEncoderDetector`` for API tests: answers a fixed report, stamped with the time of
/// each detection, and counts the detections.
final class FixedHardwareDetector: HardwareEncoderDetector {
    /// What every detection answers (its `checkedAt` is replaced by the detection's time).
    let report: HardwareReport
    private let count = Mutex(0)

    /// Creates the detector.
    init(_ report: HardwareReport) {
        self.report = report
    }

    /// How many detections ran.
    var detections: Int { count.withLock { $0 } }

    func detect() async -> HardwareReport {
        count.withLock { $0 += 1 }
        var report = report
        report.checkedAt = Date()
        return report
    }

    /// A machine like the test host: ffmpeg has NVENC and VA-API compiled in, neither works.
    static let noWorkingEncoder = HardwareReport(checkedAt: Date(timeIntervalSince1970: 0), encoders: [
        HardwareEncoderStatus(name: "hevc_nvenc", codec: .hevc, api: .nvenc, works: false, error: "Cannot load libcuda.so.1", seconds: 0.08),
        HardwareEncoderStatus(name: "h264_vaapi", codec: .h264, api: .vaapi, works: false,
                              error: "No VA display found for device /dev/dri/renderD128.", seconds: 0.05),
    ])
}
