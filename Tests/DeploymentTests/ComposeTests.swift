import Foundation
@testable import SpoolApp
import Testing
import Yams

/// docker-compose.yml and deploy/compose.env.example, read as Docker Compose would read them.
@Suite("Docker Compose")
struct ComposeTests {
    static let workers: [String: (stage: String, healthPort: Int)] = [
        "downloader": ("download", 8001), "dubber": ("dub", 8002), "muxer": ("mux", 8003), "syncer": ("sync", 8004), "processor": ("process", 8005),
    ]
    /// Queues a worker runs beside its own stage's: the syncer also runs the maintenance tasks, the
    /// processor the uploads to object storage.
    static let extraStages: [String: [String]] = ["syncer": ["generic"], "processor": ["upload"]]
    static let spoolServices = ["gateway", "downloader", "dubber", "muxer", "syncer", "processor", "spool"]

    /// The `--stage` list of a worker service.
    static func stages(of name: String) -> [String] {
        [workers[name]?.stage ?? name] + (extraStages[name] ?? [])
    }

    @Test("the seed's five services, the source checker, postgres, and the all-in-one service")
    func services() throws {
        let compose = try ComposeFile()
        #expect(Set(compose.services.keys) == ["redis", "postgres", "gateway", "downloader", "dubber", "muxer", "syncer", "processor", "spool"])
        #expect(compose.services["spool"]?["profiles"]?.texts == ["all-in-one"])
        for name in Self.spoolServices where name != "spool" {
            #expect(compose.services[name]?["profiles"] == nil, "\(name) must run without a profile")
        }
    }

    @Test("every variable given to a Spool service is one Spool reads")
    func spoolEnvironment() throws {
        let compose = try ComposeFile()
        for name in Self.spoolServices {
            let service = try #require(compose.services[name])
            let environment = ComposeFile.environment(of: service)
            #expect(!environment.isEmpty)
            let unknown = Set(environment.keys).subtracting(SpoolConfiguration.environmentVariables)
            #expect(unknown.isEmpty, "\(name) sets variables Spool does not read: \(unknown.sorted())")
            #expect(service["env_file"] == nil, "\(name): keep settings in `environment` where these tests see them")
        }
        for name in ["redis", "postgres"] {
            let environment = ComposeFile.environment(of: try #require(compose.services[name]))
            let unknown = Set(environment.keys).subtracting(OtherVariables.datastore)
            #expect(unknown.isEmpty, "\(name) sets unexpected variables: \(unknown.sorted())")
        }
    }

    @Test("compose.env.example sets every required substitution and nothing unused")
    func exampleFile() throws {
        let compose = try ComposeFile()
        #expect(compose.missingRequired.isEmpty, "required but empty in the example: \(compose.missingRequired.sorted())")
        #expect(compose.substitutedNames.contains("REDIS_PASSWORD") && compose.substitutedNames.contains("POSTGRES_PASSWORD"))
        let names = Set(compose.example.keys)
        #expect(compose.substitutedNames.subtracting(names).isEmpty, "not in the example: \(compose.substitutedNames.subtracting(names).sorted())")
        #expect(names.subtracting(compose.substitutedNames).isEmpty, "unused by docker-compose.yml: \(names.subtracting(compose.substitutedNames).sorted())")
        let unknown = names.subtracting(SpoolConfiguration.environmentVariables).subtracting(OtherVariables.compose)
        #expect(unknown.isEmpty, "neither Spool's nor Compose's: \(unknown.sorted())")
    }

    @Test("one image for every Spool service, each running a real role")
    func imagesAndCommands() throws {
        let compose = try ComposeFile()
        let images = Set(Self.spoolServices.compactMap { compose.services[$0]?["image"]?.text })
        #expect(images == ["spool:latest"])
        #expect(ComposeFile.command(of: try #require(compose.services["gateway"])) == ["gateway"])
        #expect(ComposeFile.command(of: try #require(compose.services["spool"])) == ["serve"])
        for name in Self.workers.keys {
            let command = ComposeFile.command(of: try #require(compose.services[name]))
            #expect(command == ["worker", "--stage", Self.stages(of: name).joined(separator: ",")], "\(name): \(command)")
            #expect(Role(command) == .worker(stages: Set(Self.stages(of: name))))
        }
    }

    @Test("a worker runs the maintenance queue with the gateway's retention settings")
    func maintenance() throws {
        let compose = try ComposeFile()
        var runners: [String] = []
        for name in Self.spoolServices where name != "spool" {
            guard case .worker(let stages)? = Role(ComposeFile.command(of: try #require(compose.services[name]))) else { continue }
            if stages.contains("generic") { runners.append(name) }
        }
        #expect(runners == ["syncer"], "q:generic needs exactly one worker service")
        let gateway = ComposeFile.environment(of: try #require(compose.services["gateway"]))
        let syncer = ComposeFile.environment(of: try #require(compose.services["syncer"]))
        #expect(gateway["MAINTENANCE_INTERVAL"] != nil, "the gateway schedules the maintenance")
        for name in ["RETENTION_MAX_AGE_DAYS", "RETENTION_KEEP_NEWEST", "RETENTION_MAX_TOTAL_SIZE_MB"] {
            #expect(gateway[name] != nil && gateway[name] == syncer[name], "\(name): the dry run and the scheduled run must use the same rules")
        }
    }

    @Test("health checks ask the port each process listens on")
    func healthChecks() throws {
        let compose = try ComposeFile()
        for (name, worker) in Self.workers {
            let service = try #require(compose.services[name])
            let environment = ComposeFile.environment(of: service)
            #expect(environment["HEALTH_PORT"] == String(worker.healthPort), "\(name): seed port \(worker.healthPort)")
            let test = ComposeFile.healthcheck(of: service)
            #expect(test.contains("http://127.0.0.1:\(worker.healthPort)/health"), "\(name): \(test)")
            #expect(service["ports"] == nil, "\(name) must publish no port, or --scale would clash")
        }
        for name in ["gateway", "spool"] {
            let service = try #require(compose.services[name])
            let port = try #require(ComposeFile.environment(of: service)["PORT"])
            #expect(ComposeFile.healthcheck(of: service).contains("http://127.0.0.1:\(port)/healthz"))
            let published = service["ports"]?.texts ?? []
            #expect(published.count == 1 && published.allSatisfy { $0.hasSuffix(":\(port)") }, "\(name) publishes \(published)")
        }
        #expect(ComposeFile.healthcheck(of: try #require(compose.services["redis"])).joined(separator: " ").contains("redis-cli"))
        #expect(ComposeFile.healthcheck(of: try #require(compose.services["postgres"])).joined(separator: " ").contains("pg_isready"))
    }

    @Test("every Spool service mounts the media volume at its MEDIA_ROOT")
    func mediaVolume() throws {
        let compose = try ComposeFile()
        #expect(compose.root["volumes"]?.keys.contains("media") == true)
        var roots: Set<String> = []
        for name in Self.spoolServices {
            let service = try #require(compose.services[name])
            let root = try #require(ComposeFile.environment(of: service)["MEDIA_ROOT"])
            roots.insert(root)
            #expect(service["volumes"]?.texts.contains("media:\(root)") == true, "\(name) lacks media:\(root)")
        }
        #expect(roots.count == 1)
        let allInOne = try #require(compose.services["spool"])
        let database = try #require(ComposeFile.environment(of: allInOne)["DB_PATH"])
        let mounts = allInOne["volumes"]?.texts.compactMap { $0.split(separator: ":").last.map(String.init) } ?? []
        #expect(mounts.contains { database.hasPrefix($0 + "/") }, "the all-in-one database \(database) must live on a volume")
    }

    @Test("the distributed services reach redis and postgres with the passwords those are given")
    func backendURLs() throws {
        let compose = try ComposeFile()
        let redisCommand = ComposeFile.command(of: try #require(compose.services["redis"]))
        let redisPassword = try #require(redisCommand.firstIndex(of: "--requirepass").map { redisCommand[$0 + 1] })
        let postgres = ComposeFile.environment(of: try #require(compose.services["postgres"]))
        for name in Self.spoolServices where name != "spool" {
            let environment = ComposeFile.environment(of: try #require(compose.services[name]))
            let redisText = try #require(environment["REDIS_URL"], "\(name) lacks REDIS_URL")
            let redis = try #require(URL(string: redisText))
            #expect(redis.scheme == "redis" && redis.host == "redis" && redis.port == 6379)
            #expect(redis.password == redisPassword, "\(name): REDIS_URL password differs from requirepass")
            let databaseText = try #require(environment["DATABASE_URL"], "\(name) lacks DATABASE_URL")
            let database = try #require(URL(string: databaseText))
            #expect(database.scheme == "postgres" && database.host == "postgres" && database.port == 5432)
            #expect(database.user == postgres["POSTGRES_USER"] && database.password == postgres["POSTGRES_PASSWORD"])
            #expect(database.path == "/" + (postgres["POSTGRES_DB"] ?? ""))
            let dependencies = compose.services[name]?["depends_on"]?.entries ?? []
            #expect(!dependencies.isEmpty, "\(name) must wait for its backends")
            for dependency in dependencies {
                #expect(dependency.value["condition"]?.text == "service_healthy", "\(name) → \(dependency.key)")
                #expect(compose.services[dependency.key]?["healthcheck"] != nil)
            }
        }
        let allInOne = ComposeFile.environment(of: try #require(compose.services["spool"]))
        #expect(allInOne["REDIS_URL"] == nil && allInOne["DATABASE_URL"] == nil, "all-in-one runs on the embedded backend")
        #expect(compose.services["spool"]?["depends_on"] == nil)
    }

    @Test("redis is durable, password protected and never evicts")
    func redisSettings() throws {
        let compose = try ComposeFile()
        let redis = try #require(compose.services["redis"])
        #expect(redis["image"]?.text?.hasPrefix("redis:7") == true)
        let options = RedisOptions(ComposeFile.command(of: redis))
        #expect(options["appendonly"] == "yes")
        #expect(options["maxmemory-policy"] == "noeviction")
        #expect(options["maxmemory"].map { !$0.isEmpty } == true)
        #expect(options["requirepass"].map { !$0.isEmpty } == true)
        #expect(redis["volumes"]?.texts.contains { $0.hasSuffix(":/data") } == true)
    }

    @Test("stop grace periods outlast SHUTDOWN_TIMEOUT")
    func gracePeriods() throws {
        let compose = try ComposeFile()
        for name in Self.spoolServices {
            let service = try #require(compose.services[name])
            let timeout = try #require(ComposeFile.environment(of: service)["SHUTDOWN_TIMEOUT"].flatMap(EnvironmentReader.parseDuration))
            let grace = try #require(service["stop_grace_period"]?.text.flatMap(EnvironmentReader.parseDuration), "\(name) lacks stop_grace_period")
            #expect(grace > timeout, "\(name): \(grace) ≤ \(timeout)")
        }
    }
}
