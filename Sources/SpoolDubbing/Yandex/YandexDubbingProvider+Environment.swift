import SpoolCore
import YandexVOT

extension YandexDubbingProvider {
    /// Reads the engine's settings from the environment.
    ///
    /// - `YANDEX_VOT_HOST`: API host or base URL (default `api.browser.yandex.ru`; with the proxy, `vot-worker.toil.cc`).
    /// - `YANDEX_VOT_PROXY`: `true`/`1`/`yes` when the host is a vot-worker proxy.
    /// - `YANDEX_VOT_TIMEOUT`: seconds per API call (default 15).
    /// - `YANDEX_VOT_MAX_WAIT`: seconds to wait for a translation in total (default 1800).
    /// - `YANDEX_OAUTH_TOKEN`: a Yandex OAuth token (optional; enables lively voices).
    ///
    /// - Throws: ``SpoolError`` (`invalid_input`) for values that do not parse.
    public static func settings(from environment: [String: String]) throws -> (VOTClient.Configuration, Options) {
        func value(_ name: String) -> String? {
            environment[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func seconds(_ name: String) throws -> Duration? {
            guard let text = value(name) else { return nil }
            guard let number = Double(text), number > 0 else { throw SpoolError(.invalidInput, "\(name) must be a positive number of seconds") }
            return .milliseconds(Int64(number * 1000))
        }
        var proxy = false
        if let text = value("YANDEX_VOT_PROXY")?.lowercased() {
            switch text {
            case "1", "true", "yes", "on": proxy = true
            case "0", "false", "no", "off": proxy = false
            default: throw SpoolError(.invalidInput, "YANDEX_VOT_PROXY must be true or false")
            }
        }
        var configuration = VOTClient.Configuration(
            host: value("YANDEX_VOT_HOST") ?? (proxy ? VOTClient.Configuration.defaultWorkerHost : VOTClient.Configuration.defaultHost),
            workerProxy: proxy,
            oauthToken: value("YANDEX_OAUTH_TOKEN")
        )
        do {
            _ = try configuration.baseURL()
        } catch {
            throw SpoolError(.invalidInput, "YANDEX_VOT_HOST: \(error.description)")
        }
        if let timeout = try seconds("YANDEX_VOT_TIMEOUT") { configuration.requestTimeout = timeout }
        var options = Options()
        if let wait = try seconds("YANDEX_VOT_MAX_WAIT") { options.translator.maxTotalWait = wait }
        return (configuration, options)
    }
}
