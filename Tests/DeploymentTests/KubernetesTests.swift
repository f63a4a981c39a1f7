import Foundation
@testable import SpoolApp
import Testing
import Yams

/// The manifests under deploy/k8s/, checked against each other and against what Spool reads.
@Suite("Kubernetes manifests")
struct KubernetesTests {
    static let workers: [(stage: String, healthPort: Int, concurrency: String)] = [
        ("download", 8001, "DOWNLOAD_CONCURRENCY"), ("dub", 8002, "DUBBING_CONCURRENCY"), ("mux", 8003, "MUXING_CONCURRENCY"),
        ("sync", 8004, "SYNC_CONCURRENCY"), ("process", 8005, "PROCESSING_CONCURRENCY"),
    ]
    /// Queues a worker runs beside its own stage's: the syncer also runs the maintenance tasks, the
    /// processor the uploads to object storage.
    static let extraStages: [String: [String]] = ["sync": ["generic"], "process": ["upload"]]

    /// The role of the Deployment whose own queue is `stage`'s.
    static func role(of stage: String) -> Role {
        .worker(stages: Set([stage] + (extraStages[stage] ?? [])))
    }

    @Test("kustomization lists existing files, and every object has a kind and a name")
    func kustomization() throws {
        let manifests = try Manifests()
        let resources = manifests.kustomization["resources"]?.texts ?? []
        #expect(resources.count >= 10)
        let files = Set(manifests.objects.map(\.file))
        for resource in resources {
            #expect(files.contains("\(Manifests.folder)/\(resource)"), "kustomization lists a missing \(resource)")
        }
        #expect(manifests.kustomization["namespace"]?.text == manifests.all("Namespace").first?.name)
        for object in manifests.objects {
            #expect(object.node["apiVersion"]?.text?.isEmpty == false && !object.kind.isEmpty && !object.name.isEmpty, "\(object.file)")
        }
    }

    @Test("every variable set on a Spool container is one Spool reads")
    func spoolEnvironment() throws {
        let manifests = try Manifests()
        #expect(manifests.spoolDeployments.count == 6)
        for deployment in manifests.spoolDeployments {
            for container in Manifests.containers(deployment) {
                let names = manifests.environmentNames(of: container)
                #expect(names.contains("REDIS_URL") && names.contains("DATABASE_URL") && names.contains("MEDIA_ROOT"), "\(deployment.name)")
                let unknown = Set(names).subtracting(SpoolConfiguration.environmentVariables)
                #expect(unknown.isEmpty, "\(deployment.name) sets variables Spool does not read: \(unknown.sorted())")
                for source in container["envFrom"]?.array() ?? [] {
                    let map = source[path: "configMapRef", "name"]?.text
                    let secret = source[path: "secretRef", "name"]?.text
                    #expect(map.map { manifests.named("ConfigMap", $0) != nil } ?? secret.map { manifests.named("Secret", $0) != nil } ?? false)
                }
            }
        }
        for workload in manifests.all("StatefulSet") {
            for container in Manifests.containers(workload) {
                let unknown = Set(manifests.environmentNames(of: container)).subtracting(OtherVariables.datastore)
                #expect(unknown.isEmpty, "\(workload.name) sets unexpected variables: \(unknown.sorted())")
            }
        }
    }

    @Test("one image, and each Deployment runs a real role")
    func imagesAndRoles() throws {
        let manifests = try Manifests()
        let containers = manifests.spoolDeployments.flatMap(Manifests.containers)
        let images = Set(containers.compactMap { $0["image"]?.text })
        #expect(images.count == 1)
        let compose = try ComposeFile()
        #expect(images.first == compose.services["gateway"]?["image"]?.text, "the image differs from docker-compose.yml's")
        let override = manifests.kustomization["images"]?.array().first
        #expect(images.first?.hasPrefix((override?["name"]?.text ?? "?") + ":") == true, "kustomization's images entry does not match")
        var roles: [Role] = []
        for container in containers {
            let words = (container["command"]?.texts ?? []) + (container["args"]?.texts ?? [])
            let role = try #require(Role(words), "not a Spool role: \(words)")
            roles.append(role)
        }
        #expect(roles.filter { $0 == .gateway }.count == 1)
        for worker in Self.workers {
            #expect(roles.filter { $0 == Self.role(of: worker.stage) }.count == 1, "one Deployment for \(worker.stage)")
        }
    }

    /// The Spool Deployment running a role.
    static func deployment(_ role: Role, in manifests: Manifests) throws -> (Manifests.Object, Node) {
        for deployment in manifests.spoolDeployments {
            for container in Manifests.containers(deployment) where Manifests.isSpool(container) {
                if Role((container["command"]?.texts ?? []) + (container["args"]?.texts ?? [])) == role { return (deployment, container) }
            }
        }
        throw DeploymentFileError("no Deployment runs \(role)")
    }

    @Test("the gateway: two replicas, /healthz on PORT, and a Service in front")
    func gateway() throws {
        let manifests = try Manifests()
        let (deployment, container) = try Self.deployment(.gateway, in: manifests)
        #expect((deployment.node[path: "spec", "replicas"]?.int ?? 0) >= 2)
        let port = try #require(manifests.environmentValue("PORT", of: container).flatMap(Int.init))
        #expect(Manifests.port(container[path: "readinessProbe", "httpGet", "port"], in: container) == port)
        #expect(container[path: "readinessProbe", "httpGet", "path"]?.text == "/healthz")
        let service = try #require(manifests.all("Service").first { service in
            let selector = service.node[path: "spec", "selector"]?.entries ?? []
            let labels = deployment.node[path: "spec", "template", "metadata", "labels"]
            return !selector.isEmpty && selector.allSatisfy { labels?[$0.key]?.text == $0.value.text }
        }, "no Service selects the gateway's pods")
        for servicePort in service.node[path: "spec", "ports"]?.array() ?? [] {
            #expect(Manifests.port(servicePort["targetPort"], in: container) == port)
        }
        #expect(deployment.node[path: "spec", "template", "metadata", "annotations", "prometheus.io/port"]?.text == String(port))
    }

    @Test("workers: seed health ports, /health probes, resources, and grace above SHUTDOWN_TIMEOUT")
    func workers() throws {
        let manifests = try Manifests()
        for worker in Self.workers {
            let (deployment, container) = try Self.deployment(Self.role(of: worker.stage), in: manifests)
            #expect(manifests.environmentValue("HEALTH_PORT", of: container) == String(worker.healthPort), "\(deployment.name)")
            #expect(manifests.environmentValue(worker.concurrency, of: container).flatMap(Int.init) != nil, "\(deployment.name) sets \(worker.concurrency)")
            for probe in ["readinessProbe", "livenessProbe"] {
                #expect(container[path: probe, "httpGet", "path"]?.text == "/health", "\(deployment.name) \(probe)")
                #expect(Manifests.port(container[path: probe, "httpGet", "port"], in: container) == worker.healthPort, "\(deployment.name) \(probe)")
            }
            let timeout = try #require(manifests.environmentValue("SHUTDOWN_TIMEOUT", of: container).flatMap(EnvironmentReader.parseDuration))
            let grace = try #require(Manifests.podSpec(deployment)?["terminationGracePeriodSeconds"]?.int)
            #expect(Duration.seconds(grace) > timeout, "\(deployment.name): \(grace)s ≤ \(timeout)")
        }
    }

    @Test("every container has requests, limits and probes")
    func resourcesAndProbes() throws {
        let manifests = try Manifests()
        #expect(manifests.workloads.count == 8)
        for workload in manifests.workloads {
            for container in Manifests.containers(workload) {
                for part in ["requests", "limits"] {
                    for resource in ["cpu", "memory"] {
                        #expect(container[path: "resources", part, resource]?.text != nil, "\(workload.name): \(part).\(resource)")
                    }
                }
                #expect(container["readinessProbe"] != nil && container["livenessProbe"] != nil, "\(workload.name)")
            }
        }
    }

    @Test("the gateway and workers share one ReadWriteMany volume at MEDIA_ROOT")
    func mediaVolume() throws {
        let manifests = try Manifests()
        var claims: Set<String> = []
        for deployment in manifests.spoolDeployments {
            let volumes = Manifests.podSpec(deployment)?["volumes"]?.array() ?? []
            for container in Manifests.containers(deployment) {
                let root = try #require(manifests.environmentValue("MEDIA_ROOT", of: container))
                let mount = try #require(container["volumeMounts"]?.array().first { $0["mountPath"]?.text == root }, "\(deployment.name) lacks \(root)")
                let volume = volumes.first { $0["name"]?.text == mount["name"]?.text }
                claims.insert(try #require(volume?[path: "persistentVolumeClaim", "claimName"]?.text, "\(deployment.name): not a PVC"))
            }
        }
        #expect(claims.count == 1)
        let claim = try #require(manifests.named("PersistentVolumeClaim", claims.first ?? ""))
        #expect(claim.node[path: "spec", "accessModes"]?.texts == ["ReadWriteMany"])
    }

    @Test("each worker Deployment has a ScaledObject on its queue's length")
    func autoscaling() throws {
        let manifests = try Manifests()
        let metrics = try Repository.text("Sources/SpoolApp/JobMetrics.swift")
        #expect(metrics.contains("\"spool_queue_entries\""), "the gauge the triggers query is gone")
        for worker in Self.workers {
            let (deployment, container) = try Self.deployment(Self.role(of: worker.stage), in: manifests)
            let scaled = manifests.all("ScaledObject").filter { $0.node[path: "spec", "scaleTargetRef", "name"]?.text == deployment.name }
            #expect(scaled.count == 1, "\(deployment.name): \(scaled.count) ScaledObjects")
            let spec = try #require(scaled.first?.node["spec"])
            let minimum = try #require(spec["minReplicaCount"]?.int)
            let maximum = try #require(spec["maxReplicaCount"]?.int)
            #expect(0 <= minimum && minimum <= maximum)
            if worker.stage == "download" { #expect(maximum <= 3, "downloads stay few (seed 000)") }
            let triggers = spec["triggers"]?.array() ?? []
            #expect(!triggers.isEmpty)
            for trigger in triggers {
                #expect(trigger["type"]?.text == "prometheus")
                let query = trigger[path: "metadata", "query"]?.text ?? ""
                #expect(query.contains("spool_queue_entries") && query.contains("queue=\"q:\(worker.stage)\""), "\(query)")
                let threshold = try #require(trigger[path: "metadata", "threshold"]?.text.flatMap(Double.init))
                // The target per replica is the replica's concurrency.
                let concurrency = try #require(manifests.environmentValue(worker.concurrency, of: container).flatMap(Double.init))
                #expect(threshold == concurrency, "\(deployment.name): threshold \(threshold), concurrency \(concurrency)")
            }
        }
    }

    @Test("redis: StatefulSet with a volume claim, AOF, password, noeviction; URLs match the secrets")
    func redisAndPostgres() throws {
        let manifests = try Manifests()
        let redis = try #require(manifests.named("StatefulSet", "redis"))
        let container = try #require(Manifests.containers(redis).first)
        #expect(container["image"]?.text?.hasPrefix("redis:7") == true)
        #expect(redis.node[path: "spec", "volumeClaimTemplates"]?.array().isEmpty == false)
        let service = try #require(manifests.named("Service", redis.node[path: "spec", "serviceName"]?.text ?? ""))
        #expect(service.node[path: "spec", "clusterIP"]?.text == "None")
        let words = (container["command"]?.texts ?? []) + (container["args"]?.texts ?? [])
        let options = RedisOptions(words)
        #expect(options["appendonly"] == "yes")
        #expect(options["maxmemory-policy"] == "noeviction")
        #expect(options["maxmemory"] != nil)
        let passwordReference = try #require(options["requirepass"])
        let password = try #require(passwordReference.wholeMatch(of: /\$\(([A-Z_]+)\)/).flatMap { manifests.environmentValue(String($0.1), of: container) })

        let (_, gateway) = try Self.deployment(.gateway, in: manifests)
        let redisURL = try #require(manifests.environmentValue("REDIS_URL", of: gateway).flatMap(URL.init(string:)))
        #expect(redisURL.host == service.name && redisURL.password == password && redisURL.port == 6379)

        let postgres = try #require(manifests.named("StatefulSet", "postgres"))
        let database = try #require(Manifests.containers(postgres).first)
        let databaseURL = try #require(manifests.environmentValue("DATABASE_URL", of: gateway).flatMap(URL.init(string:)))
        #expect(databaseURL.host == postgres.node[path: "spec", "serviceName"]?.text && databaseURL.port == 5432)
        #expect(databaseURL.user == manifests.environmentValue("POSTGRES_USER", of: database))
        #expect(databaseURL.password == manifests.environmentValue("POSTGRES_PASSWORD", of: database))
        #expect(databaseURL.path == "/" + (manifests.environmentValue("POSTGRES_DB", of: database) ?? ""))
    }
}
