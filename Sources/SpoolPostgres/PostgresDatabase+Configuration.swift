import Foundation
import PostgresNIO
import SpoolCore

extension PostgresDatabase {
    /// Where the database is and how to talk to it.
    ///
    /// Usually made from a `DATABASE_URL` with ``init(url:)``.
    public struct Configuration: Sendable {
        /// How connections use TLS (libpq's `sslmode`).
        public enum TLSMode: String, Sendable, CaseIterable {
            /// Plain TCP.
            case disable
            /// TLS when the server offers it, without verifying its certificate (libpq `allow`/`prefer`).
            case prefer
            /// TLS always, without verifying the certificate (libpq `require`).
            case require
            /// TLS always, verifying that a trusted authority signed the certificate, not the host name (libpq `verify-ca`).
            case verifyCA = "verify-ca"
            /// TLS always, verifying the certificate and host name (libpq `verify-full`).
            case verifyFull = "verify-full"
        }

        /// Server host name or address.
        public var host: String
        /// Server port.
        public var port: Int
        /// Role to log in as.
        public var username: String
        /// Its password, if any.
        public var password: String?
        /// Database name.
        public var database: String
        /// TLS use.
        public var tls: TLSMode
        /// PEM file of the authorities `verify-ca` and `verify-full` trust (libpq's `sslrootcert`);
        /// nil trusts the system's.
        public var caFile: String?
        /// Most connections the pool opens (per process).
        public var maximumConnections: Int
        /// How long opening one connection may take.
        public var connectTimeout: Duration

        /// Creates a configuration.
        public init(
            host: String = "127.0.0.1", port: Int = 5432, username: String = "postgres", password: String? = nil,
            database: String = "spool", tls: TLSMode = .prefer, maximumConnections: Int = 10, connectTimeout: Duration = .seconds(10)
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.tls = tls
            self.maximumConnections = maximumConnections
            self.connectTimeout = connectTimeout
        }

        /// Parses `postgres://user:password@host:port/database?sslmode=disable` (also `postgresql://`).
        ///
        /// User and password are percent-decoded; the port defaults to 5432, the user to `postgres`,
        /// the database to the user's name. Query items: `sslmode` (`disable`, `allow`, `prefer`,
        /// `require`, `verify-ca`, `verify-full`; default `prefer`) and `pool_size` (most connections).
        /// - Throws: `SpoolError(.invalidInput)` naming what is wrong (never echoing the password).
        public init(url: String) throws {
            guard let components = URLComponents(string: url),
                  let scheme = components.scheme?.lowercased(), ["postgres", "postgresql"].contains(scheme)
            else {
                throw SpoolError(.invalidInput, "DATABASE_URL must look like postgres://user:password@host:5432/database")
            }
            guard let host = components.host, !host.isEmpty else {
                throw SpoolError(.invalidInput, "DATABASE_URL has no host")
            }
            let username = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
            let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            self.init(
                host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host,
                port: components.port ?? 5432,
                username: username,
                password: components.password.flatMap { $0.removingPercentEncoding },
                database: path.isEmpty ? username : (path.removingPercentEncoding ?? path)
            )
            for item in components.queryItems ?? [] {
                switch item.name {
                case "sslmode":
                    tls = try Self.tlsMode(item.value ?? "")
                case "sslrootcert":
                    guard let path = item.value, !path.isEmpty, FileManager.default.isReadableFile(atPath: path) else {
                        throw SpoolError(.invalidInput, "DATABASE_URL sslrootcert names \(item.value ?? "nothing"), which cannot be read")
                    }
                    caFile = path
                case "pool_size":
                    guard let size = item.value.flatMap(Int.init), size > 0 else {
                        throw SpoolError(.invalidInput, "DATABASE_URL pool_size must be a positive whole number")
                    }
                    maximumConnections = size
                default:
                    continue
                }
            }
        }

        private static func tlsMode(_ value: String) throws -> TLSMode {
            switch value {
            case "disable": return .disable
            case "allow", "prefer": return .prefer
            case "require": return .require
            case "verify-ca": return .verifyCA
            case "verify-full": return .verifyFull
            default:
                throw SpoolError(.invalidInput, "DATABASE_URL sslmode '\(value)' is not one of disable, allow, prefer, require, verify-ca, verify-full")
            }
        }

        /// The URL without the password (for logs and `spool doctor`).
        public var redactedURL: String {
            let user = username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? username
            let secret = password == nil ? "" : ":***"
            let address = host.contains(":") ? "[\(host)]" : host
            let root = caFile.map { "&sslrootcert=\($0.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? $0)" } ?? ""
            return "postgres://\(user)\(secret)@\(address):\(port)/\(database)?sslmode=\(tls.rawValue)\(root)"
        }

        /// The postgres-nio client configuration.
        var clientConfiguration: PostgresClient.Configuration {
            var configuration = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: clientTLS
            )
            configuration.options.maximumConnections = max(maximumConnections, 1)
            configuration.options.connectTimeout = connectTimeout
            return configuration
        }

        private var clientTLS: PostgresClient.Configuration.TLS {
            var unverified = TLSConfiguration.makeClientConfiguration()
            unverified.certificateVerification = .none
            switch tls {
            case .disable: return .disable
            case .prefer: return .prefer(unverified)
            case .require: return .require(unverified)
            case .verifyCA, .verifyFull:
                var verified = TLSConfiguration.makeClientConfiguration()
                if let caFile { verified.trustRoots = .file(caFile) }
                if tls == .verifyCA { verified.certificateVerification = .noHostnameVerification }
                return .require(verified)
            }
        }
    }
}
