import Foundation
import Yams

/// Every Kubernetes object under deploy/k8s/ (kustomization.yaml aside).
struct Manifests {
    static let folder = "deploy/k8s"

    /// One object and the file it came from.
    struct Object {
        let file: String
        let node: Node
        var kind: String { node["kind"]?.text ?? "" }
        var name: String { node[path: "metadata", "name"]?.text ?? "" }
    }

    let objects: [Object]
    let kustomization: Node

    init() throws {
        var objects: [Object] = []
        for file in try Repository.files(in: Self.folder, suffix: ".yaml") where !file.hasSuffix("/kustomization.yaml") {
            objects += try Repository.yamlDocuments(file).map { Object(file: file, node: $0) }
        }
        self.objects = objects
        guard let kustomization = try Repository.yamlDocuments("\(Self.folder)/kustomization.yaml").first else {
            throw DeploymentFileError("kustomization.yaml is empty")
        }
        self.kustomization = kustomization
    }

    /// Objects of a kind.
    func all(_ kind: String) -> [Object] { objects.filter { $0.kind == kind } }

    /// The object of a kind and name.
    func named(_ kind: String, _ name: String) -> Object? { objects.first { $0.kind == kind && $0.name == name } }

    /// Workloads (Deployments and StatefulSets).
    var workloads: [Object] { objects.filter { ["Deployment", "StatefulSet"].contains($0.kind) } }

    /// A workload's pod template spec.
    static func podSpec(_ workload: Object) -> Node? { workload.node[path: "spec", "template", "spec"] }

    /// A workload's containers.
    static func containers(_ workload: Object) -> [Node] { podSpec(workload)?["containers"]?.array() ?? [] }

    /// Whether a container runs the Spool image (`spool` or `…/spool`, any tag).
    static func isSpool(_ container: Node) -> Bool {
        guard let image = container["image"]?.text else { return false }
        let name = image.split(separator: ":").first.map(String.init) ?? image
        return name == "spool" || name.hasSuffix("/spool")
    }

    /// The Deployments running Spool.
    var spoolDeployments: [Object] {
        all("Deployment").filter { Self.containers($0).contains(where: Self.isSpool) }
    }

    /// The keys of a ConfigMap's `data` or a Secret's `stringData`/`data`.
    func keys(of kind: String, _ name: String) -> [String] {
        guard let object = named(kind, name) else { return [] }
        return ["data", "stringData"].flatMap { object.node[$0]?.keys ?? [] }
    }

    /// A ConfigMap's or Secret's value for a key (`stringData` or `data`, base64-decoded).
    func value(of kind: String, _ name: String, key: String) -> String? {
        guard let object = named(kind, name) else { return nil }
        if let text = object.node[path: "stringData", key]?.text { return text }
        guard let text = object.node[path: "data", key]?.text else { return nil }
        return kind == "Secret" ? Data(base64Encoded: text).flatMap { String(data: $0, encoding: .utf8) } : text
    }

    /// Every variable a container gets: its `env` names and the keys of its `envFrom` sources.
    func environmentNames(of container: Node) -> [String] {
        let direct = container["env"]?.array().compactMap { $0["name"]?.text } ?? []
        let sourced = (container["envFrom"]?.array() ?? []).flatMap { source -> [String] in
            if let name = source[path: "configMapRef", "name"]?.text { return keys(of: "ConfigMap", name) }
            if let name = source[path: "secretRef", "name"]?.text { return keys(of: "Secret", name) }
            return []
        }
        return direct + sourced
    }

    /// A container's value for a variable: a literal `env` value, else a referenced ConfigMap/Secret key.
    func environmentValue(_ name: String, of container: Node) -> String? {
        if let entry = container["env"]?.array().first(where: { $0["name"]?.text == name }) {
            if let value = entry["value"]?.text { return value }
            if let ref = entry[path: "valueFrom", "secretKeyRef"], let secret = ref["name"]?.text, let key = ref["key"]?.text {
                return value(of: "Secret", secret, key: key)
            }
            if let ref = entry[path: "valueFrom", "configMapKeyRef"], let map = ref["name"]?.text, let key = ref["key"]?.text {
                return value(of: "ConfigMap", map, key: key)
            }
            return nil
        }
        for source in container["envFrom"]?.array() ?? [] {
            if let map = source[path: "configMapRef", "name"]?.text, let value = value(of: "ConfigMap", map, key: name) { return value }
            if let secret = source[path: "secretRef", "name"]?.text, let value = value(of: "Secret", secret, key: name) { return value }
        }
        return nil
    }

    /// The number of a container port given by number or by name.
    static func port(_ reference: Node?, in container: Node) -> Int? {
        guard let reference else { return nil }
        if let number = reference.int { return number }
        return container["ports"]?.array().first { $0["name"]?.text == reference.text }?["containerPort"]?.int
    }
}
