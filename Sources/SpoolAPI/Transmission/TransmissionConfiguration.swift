/// Settings of the Transmission RPC endpoint (`/transmission/rpc`).
public struct TransmissionConfiguration: Sendable, Hashable {
    /// Extra names the `Host` header may carry (`TRANSMISSION_HOST_WHITELIST`, comma-separated),
    /// each a name or a pattern with `*` wildcards (`*.example.com`), like Transmission's
    /// `rpc-host-whitelist`; a lone `*` allows every name. `localhost`, the server's own bind
    /// address and IP literals are always allowed.
    public var hostWhitelist: [String]
    /// The address the server binds (`HOST`); requests naming it are allowed.
    public var bindHost: String?
    /// Downloads that run at once (`DOWNLOAD_CONCURRENCY`), shown as `download-queue-size`.
    public var downloadConcurrency: Int
    /// The daemon version string `session-get` reports.
    public var version: String

    /// Creates a configuration.
    public init(hostWhitelist: [String] = [], bindHost: String? = nil, downloadConcurrency: Int = 1, version: String = "Spool (Transmission RPC 17)") {
        self.hostWhitelist = hostWhitelist
        self.bindHost = bindHost
        self.downloadConcurrency = downloadConcurrency
        self.version = version
    }
}

extension APIDependencies.Configuration {
    /// This configuration with the Transmission RPC's settings replaced.
    public func with(transmission: TransmissionConfiguration) -> Self {
        var copy = self
        copy.transmission = transmission
        return copy
    }
}
