import Logging
import SpoolCore
import Synchronization

/// Checks format expressions with yt-dlp's own parser (``YtDlp/checkFormat(_:timeout:)``: the warm
/// fork server, else a short helper process), remembering the last ``cacheLimit`` verdicts.
///
/// When yt-dlp (or its Python) is missing, or the check does not answer within ``timeout``, the
/// expression is accepted and a log line says it was not checked.
public final class YtDlpFormatValidator: FormatValidator {
    private let ytDlp: Mutex<YtDlp?>
    private let verdicts = Mutex(Verdicts())
    private let logger: Logger
    /// How many expressions' verdicts are kept.
    public let cacheLimit: Int
    /// The longest a submission waits for an unknown expression's check.
    public let timeout: Duration

    private struct Verdicts {
        var byFormat: [String: FormatVerdict] = [:]
        var order: [String] = []
    }

    /// Creates a validator; `ytDlp` may also be given later (``use(_:)``).
    public init(ytDlp: YtDlp? = nil, cacheLimit: Int = 1024, timeout: Duration = .seconds(6), logger: Logger = Logger(label: "spool.media.format")) {
        self.ytDlp = Mutex(ytDlp)
        self.cacheLimit = cacheLimit
        self.timeout = timeout
        self.logger = logger
    }

    /// Checks with `ytDlp` from now on (the runner whose fork server the downloads use).
    public func use(_ ytDlp: YtDlp) {
        self.ytDlp.withLock { $0 = ytDlp }
    }

    /// The remembered verdict of `format`, if it was checked.
    public func cachedVerdict(of format: String) -> FormatVerdict? {
        verdicts.withLock { $0.byFormat[format] }
    }

    /// Throws `.invalidFormat` with yt-dlp's message when yt-dlp's parser rejects `format`.
    public func validate(_ format: String) async throws(SpoolError) {
        let verdict: FormatVerdict
        if let known = cachedVerdict(of: format) {
            verdict = known
        } else {
            guard let runner = ytDlp.withLock({ $0 }), let checked = await runner.checkFormat(format, timeout: timeout) else {
                logger.notice("format not checked (yt-dlp or its Python is unavailable, or it did not answer); accepted", metadata: ["format": "\(format.prefix(80))"])
                return
            }
            remember(checked, for: format)
            verdict = checked
        }
        if case .invalid(let message) = verdict {
            throw SpoolError(.invalidFormat, "formatPreset '\(format.prefix(80))' is not a valid yt-dlp format: \(message)")
        }
    }

    private func remember(_ verdict: FormatVerdict, for format: String) {
        verdicts.withLock { cache in
            guard cache.byFormat.updateValue(verdict, forKey: format) == nil else { return }
            cache.order.append(format)
            if cache.order.count > cacheLimit {
                cache.byFormat.removeValue(forKey: cache.order.removeFirst())
            }
        }
    }
}
