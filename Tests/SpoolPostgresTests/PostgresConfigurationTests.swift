import SpoolCore
import SpoolPostgres
import Testing

@Suite("DATABASE_URL parsing")
struct PostgresConfigurationTests {
    @Test("every part of the URL is read, user and password percent-decoded")
    func readsEveryPart() throws {
        let configuration = try PostgresDatabase.Configuration(url: "postgres://spool%40app:p%3Ass%2Fw@db.internal:6543/spool_prod?sslmode=require&pool_size=25")
        #expect(configuration.host == "db.internal")
        #expect(configuration.port == 6543)
        #expect(configuration.username == "spool@app")
        #expect(configuration.password == "p:ss/w")
        #expect(configuration.database == "spool_prod")
        #expect(configuration.tls == .require)
        #expect(configuration.maximumConnections == 25)
    }

    @Test("defaults: port 5432, TLS preferred, database named after the user")
    func defaults() throws {
        let configuration = try PostgresDatabase.Configuration(url: "postgresql://spool@localhost")
        #expect(configuration.port == 5432)
        #expect(configuration.password == nil)
        #expect(configuration.database == "spool")
        #expect(configuration.tls == .prefer)
        #expect(try PostgresDatabase.Configuration(url: "postgres://u@h/d?sslmode=disable").tls == .disable)
        #expect(try PostgresDatabase.Configuration(url: "postgres://u@h/d?sslmode=verify-full").tls == .verifyFull)
        #expect(try PostgresDatabase.Configuration(url: "postgres://u@[::1]:5433/d").host == "::1")
    }

    @Test("bad URLs are invalid input and the message never shows the password", arguments: [
        "mysql://u:secret@h/d", "postgres:///d", "postgres://u:secret@h/d?sslmode=sometimes", "postgres://u:secret@h/d?pool_size=0",
    ])
    func rejectsBadURLs(_ url: String) {
        let error = #expect(throws: SpoolError.self) { try PostgresDatabase.Configuration(url: url) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("secret") == false)
    }

    @Test("the redacted URL hides the password")
    func redactsThePassword() throws {
        let configuration = try PostgresDatabase.Configuration(url: "postgres://spool:secret@db:5432/spool?sslmode=disable")
        #expect(configuration.redactedURL == "postgres://spool:***@db:5432/spool?sslmode=disable")
    }
}
