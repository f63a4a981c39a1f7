import ArgumentParser
import Foundation
import SpoolApp

/// Printing helpers shared by the commands.
enum CommandOutput {
    /// Prints lines to standard output.
    static func print(_ lines: [String]) {
        Terminal.write(lines.map { $0 + "\n" }.joined())
    }

    /// Prints a JSON body, indented.
    static func printJSON(_ data: Data) {
        Terminal.write(ClientJSON.prettyPrinted(data) + "\n")
    }

    /// Prints an encodable value as indented JSON in the API's style.
    static func printJSON(_ value: some Encodable) throws {
        let data = try ClientJSON.makeEncoder(pretty: true).encode(value)
        Terminal.write(String(decoding: data, as: UTF8.self) + "\n")
    }

    /// Prints `spool: <message>` to standard error (for a failure that does not stop the command).
    static func warn(_ message: String) {
        Terminal.writeError("spool: \(message)\n")
    }

    /// Runs `body` for each item, printing each failure as `spool: <message>` and going on; exits
    /// with the first failure's code at the end.
    static func forEach<Item>(_ items: [Item], _ body: (Item) async throws -> Void) async throws {
        var firstCode: Int32?
        for item in items {
            do {
                try await body(item)
            } catch let error as ClientError {
                warn(error.message)
                firstCode = firstCode ?? error.exitCode
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                warn(String(describing: error))
                firstCode = firstCode ?? 1
            }
        }
        if let firstCode { throw ExitCode(firstCode) }
    }
}
