import Testing

/// The command parser the deployment tests rely on accepts Spool's roles and nothing else.
@Suite("Roles")
struct RoleTests {
    @Test("serve, gateway and worker stages are recognised")
    func valid() {
        #expect(Role(["serve"]) == .serve)
        #expect(Role(["gateway"]) == .gateway)
        #expect(Role(["worker", "--stage", "download"]) == .worker(stages: ["download"]))
        #expect(Role(["worker", "--stage=dub,mux"]) == .worker(stages: ["dub", "mux"]))
    }

    @Test("unknown commands and stages are rejected")
    func invalid() {
        #expect(Role(["server"]) == nil)
        #expect(Role(["worker"]) == nil)
        #expect(Role(["worker", "--stage", "dubbing"]) == nil)
        #expect(Role(["gateway", "--port", "3000"]) == nil)
    }
}
