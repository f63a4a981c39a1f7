import Foundation
@testable import SpoolApp
import Testing

/// LOGIN_FAILURES_PER_ADDRESS and LOGIN_FAILURES_PER_USER: the login throttle's two budgets.
@Suite("Login throttle settings")
struct LoginThrottleSettingsTests {
    @Test("count/duration sets each budget; unset keeps 30/10m per address and 10/1m per user; 0 turns one off")
    func parsing() throws {
        let defaults = try SpoolConfiguration.fromEnvironment([:]).server
        #expect(defaults.loginFailuresPerAddress.limit == 30 && defaults.loginFailuresPerAddress.window == .seconds(600))
        #expect(defaults.loginFailuresPerUser.limit == 10 && defaults.loginFailuresPerUser.window == .seconds(60))

        let set = try SpoolConfiguration.fromEnvironment(["LOGIN_FAILURES_PER_ADDRESS": "100/1h", "LOGIN_FAILURES_PER_USER": " 3 / 90s "]).server
        #expect(set.loginFailuresPerAddress.limit == 100 && set.loginFailuresPerAddress.window == .seconds(3_600))
        #expect(set.loginFailuresPerUser.limit == 3 && set.loginFailuresPerUser.window == .seconds(90))

        let off = try SpoolConfiguration.fromEnvironment(["LOGIN_FAILURES_PER_ADDRESS": "0"]).server
        #expect(!off.loginFailuresPerAddress.isEnabled)
        #expect(off.loginFailuresPerUser.isEnabled)
    }

    @Test("a value that is not count/duration is refused with the variable's name and the syntax")
    func badValues() throws {
        for value in ["10", "ten/1m", "10/soon", "10/0s", "-1/1m", "1.5/1m", "/1m", "10/", "2000000/1m", "1/2/3"] {
            for variable in ["LOGIN_FAILURES_PER_ADDRESS", "LOGIN_FAILURES_PER_USER"] {
                let error = try #require(throws: ConfigurationError.self, "\(variable)=\(value)") {
                    try SpoolConfiguration.fromEnvironment([variable: value])
                }
                #expect(error.variable == variable)
                #expect("\(error)".contains("like 10/1m") && "\(error)".contains("'\(value)'"), "\(error)")
            }
        }
    }
}
