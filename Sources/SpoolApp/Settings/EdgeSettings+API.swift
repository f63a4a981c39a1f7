import SpoolAPI

extension APIDependencies.Configuration {
    /// This configuration with the edge settings applied: TLS (read again; checked at start),
    /// timeouts, the connection limit, the Host and CORS allow-lists and the trusted proxies.
    func with(edge: EdgeSettings) -> Self {
        var copy = self
        copy.tls = try? edge.tlsConfiguration()
        copy.headerTimeout = edge.headerTimeout
        copy.idleTimeout = edge.idleTimeout
        copy.maxConnections = edge.maxConnections
        copy.allowedHosts = edge.allowedHosts
        copy.corsOrigins = edge.corsOrigins
        copy.trustedProxies = edge.trustedProxies
        return copy
    }
}
