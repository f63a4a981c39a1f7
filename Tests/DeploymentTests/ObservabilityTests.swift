import Foundation
import SpoolTesting
import Testing

/// The alerting rules, their Prometheus configuration and the Grafana dashboard under deploy/,
/// checked with Prometheus's own `promtool` (Debian's `prometheus` package).
@Suite("Observability files")
struct ObservabilityTests {
    static let rules = "deploy/prometheus/spool-alerts.yml"
    static let ruleTests = "deploy/prometheus/spool-alerts.test.yml"
    static let config = "deploy/prometheus/prometheus.yml"
    static let dashboard = "deploy/grafana/spool-dashboard.json"

    @Test("promtool accepts the alerting rules, and their unit tests pass")
    func rules() async throws {
        let folder = Repository.root.appendingPathComponent("deploy/prometheus")
        let check = try await Promtool.run(["check", "rules", "spool-alerts.yml"], in: folder)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("SUCCESS: 9 rules found"), "\(check.output)")
        let unit = try await Promtool.run(["test", "rules", "spool-alerts.test.yml"], in: folder)
        #expect(unit.status == 0, "\(unit.output)")
        #expect(unit.output.contains("SUCCESS"), "\(unit.output)")
    }

    @Test("every alert has a unit test that sees it fire")
    func everyAlertTested() throws {
        let alerts = try Repository.text(Self.rules).matches(of: /- alert: (\w+)/).map { String($0.1) }
        #expect(alerts.count == 9)
        let tests = try Repository.text(Self.ruleTests)
        for alert in alerts {
            let firing = tests.matches(of: /alertname: (\w+)\n\s+exp_alerts:\n\s+- exp_labels/).map { String($0.1) }
            #expect(firing.contains(alert), "\(alert) has no test in which it fires")
        }
    }

    @Test("promtool accepts the example Prometheus configuration")
    func configuration() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-prometheus-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = folder.appendingPathComponent("spool-token")
        try Data("spl_example".utf8).write(to: token)
        let text = try Repository.text(Self.config).replacingOccurrences(of: "/etc/prometheus/spool-token", with: token.path)
        #expect(text.contains(token.path), "the example names its token file")
        try Data(text.utf8).write(to: folder.appendingPathComponent("prometheus.yml"))
        try Data(try Repository.text(Self.rules).utf8).write(to: folder.appendingPathComponent("spool-alerts.yml"))
        let check = try await Promtool.run(["check", "config", "prometheus.yml"], in: folder)
        #expect(check.status == 0, "\(check.output)")
    }

    @Test("the dashboard is a Grafana dashboard whose panels query Prometheus without overlapping")
    func dashboard() throws {
        let data = Data(try Repository.text(Self.dashboard).utf8)
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(dashboard["uid"] as? String == "spool-overview")
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        #expect(panels.count >= 12)
        let ids = panels.compactMap { $0["id"] as? Int }
        #expect(Set(ids).count == panels.count, "panel ids are unique")
        var cells = Set<[Int]>()
        for panel in panels {
            let title = panel["title"] as? String ?? "?"
            let targets = try #require(panel["targets"] as? [[String: Any]], "\(title)")
            #expect(!targets.isEmpty && targets.allSatisfy { ($0["expr"] as? String)?.contains("spool_") == true || ($0["expr"] as? String)?.hasPrefix("up{") == true }, "\(title)")
            let grid = try #require(panel["gridPos"] as? [String: Int], "\(title)")
            let (x, y, w, h) = (grid["x"] ?? -1, grid["y"] ?? -1, grid["w"] ?? 0, grid["h"] ?? 0)
            #expect(x >= 0 && w > 0 && x + w <= 24 && h > 0, "\(title) fits the 24-column grid")
            for column in x..<(x + w) {
                for row in y..<(y + h) {
                    #expect(cells.insert([column, row]).inserted, "\(title) overlaps another panel")
                }
            }
        }
    }
}

/// Runs `promtool` and collects its output.
enum Promtool {
    /// Runs `promtool arguments` in `folder`; stdout and stderr together.
    static func run(_ arguments: [String], in folder: URL) async throws -> (status: Int32, output: String) {
        let run = try await ChildRun.run("/usr/bin/env", ["promtool"] + arguments, directory: folder)
        return (run.status, run.output)
    }
}
