import Foundation
import SpoolCore

/// `GET /api/hw` and `POST /api/hw/detect`: the hardware video encoders ffmpeg was built with,
/// each with the result of a real test encode on this machine. Every member is always present.
public struct HardwareReportDTO: Sendable, Codable, Hashable {
    /// One hardware encoder and its test result.
    public struct Encoder: Sendable, Codable, Hashable {
        /// ffmpeg's encoder name (`hevc_nvenc`).
        public var name: String
        /// The codec it writes.
        public var codec: VideoCodec
        /// The acceleration API (`nvenc`, `amf`, `qsv`, `vaapi`, `videotoolbox`, `v4l2m2m`).
        public var api: HardwareAPI
        /// Whether the test encode worked.
        public var works: Bool
        /// ffmpeg's reason when it did not.
        public var error: String?
        /// How long the test took, in seconds.
        public var seconds: Double

        /// Copies a core status.
        public init(_ status: HardwareEncoderStatus) {
            name = status.name
            codec = status.codec
            api = status.api
            works = status.works
            error = status.error
            seconds = status.seconds
        }

        /// Encodes every member, nil as `null`.
        public func encode(to encoder: any Swift.Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(codec, forKey: .codec)
            try c.encode(api, forKey: .api)
            try c.encode(works, forKey: .works)
            try c.encode(error, forKey: .error)
            try c.encode(seconds, forKey: .seconds)
        }
    }

    /// When the detection ran.
    public var checkedAt: Date
    /// Why nothing could be tested (ffmpeg missing or failing), else nil.
    public var error: String?
    /// The encoders, in the order Spool prefers them.
    public var encoders: [Encoder]

    /// The API view of a report.
    public init(_ report: HardwareReport) {
        checkedAt = report.checkedAt
        error = report.error
        encoders = report.encoders.map(Encoder.init)
    }

    private enum CodingKeys: String, CodingKey {
        case checkedAt, error, encoders
    }

    /// Encodes every member, nil as `null`.
    public func encode(to encoder: any Swift.Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(checkedAt, forKey: .checkedAt)
        try c.encode(error, forKey: .error)
        try c.encode(encoders, forKey: .encoders)
    }
}
