import SpoolCore

/// One RPC call, in either of the two forms Transmission speaks.
///
/// The legacy form is `{"method":"torrent-get","arguments":{…},"tag":N}` with kebab-case and
/// camelCase names, answered with `{"result":"success","arguments":{…},"tag":N}`. JSON-RPC 2.0
/// (Transmission 4.1) is `{"jsonrpc":"2.0","method":"torrent_get","params":{…},"id":…}` with
/// snake_case names, answered with `result` or an `error` object. Inside, method names and argument
/// keys are kept in snake_case (legacy names convert to it without loss), and answers are built
/// with legacy names, which ``TransmissionNames/snakeCase(_:)`` converts for JSON-RPC.
struct TransmissionCall: Sendable {
    /// Which form the call came in, with what must be echoed.
    enum Form: Sendable, Hashable {
        /// The legacy form; its `tag`, if any, is echoed.
        case legacy(tag: JSONValue?)
        /// JSON-RPC 2.0; nil `id` is a notification (no answer).
        case jsonRPC(id: JSONValue?)
    }

    /// The form.
    var form: Form
    /// The method, snake_case (`torrent_get`).
    var method: String
    /// The arguments with snake_case keys.
    var arguments: [String: JSONValue]

    /// Whether answers use snake_case names.
    var snakeCase: Bool {
        if case .jsonRPC = form { return true }
        return false
    }

    /// Reads one call from a decoded request body.
    /// - Throws: ``TransmissionError`` for a body that is not a call.
    init(_ value: JSONValue) throws {
        guard case .object(let members) = value else {
            throw TransmissionError.invalidRequest("the request must be a JSON object")
        }
        let isJSONRPC = members["jsonrpc"] != nil
        if isJSONRPC {
            guard members["jsonrpc"] == .string("2.0") else { throw TransmissionError.invalidRequest("jsonrpc must be \"2.0\"") }
        }
        guard let method = members["method"]?.stringValue, !method.isEmpty else {
            throw TransmissionError.invalidRequest("the request names no method")
        }
        let key = isJSONRPC ? "params" : "arguments"
        switch members[key] {
        case nil, .null?: arguments = [:]
        case .object(let object)?: arguments = TransmissionNames.snakeCaseKeys(object)
        default: throw TransmissionError.invalidParams("\(key) must be an object")
        }
        self.method = TransmissionNames.snakeCase(method)
        form = isJSONRPC ? .jsonRPC(id: members["id"]) : .legacy(tag: members["tag"])
    }

    /// The answer to this call: `arguments` on success, else the error.
    func answer(_ outcome: Result<[String: JSONValue], TransmissionError>) -> JSONValue {
        switch (form, outcome) {
        case (.legacy(let tag), .success(let arguments)):
            return Self.legacy(result: "success", arguments: arguments, tag: tag)
        case (.legacy(let tag), .failure(let error)):
            return Self.legacy(result: error.message, arguments: [:], tag: tag)
        case (.jsonRPC(let id), .success(let arguments)):
            return .object(["jsonrpc": .string("2.0"), "result": TransmissionNames.snakeCaseKeys(.object(arguments)), "id": id ?? .null])
        case (.jsonRPC(let id), .failure(let error)):
            return Self.jsonRPCError(error, id: id ?? .null)
        }
    }

    /// A legacy answer.
    static func legacy(result: String, arguments: [String: JSONValue], tag: JSONValue?) -> JSONValue {
        var object: [String: JSONValue] = ["result": .string(result), "arguments": .object(arguments)]
        if let tag { object["tag"] = tag }
        return .object(object)
    }

    /// A JSON-RPC 2.0 error answer, the detail in `data.error_string` as Transmission 4.1 sends it.
    static func jsonRPCError(_ error: TransmissionError, id: JSONValue) -> JSONValue {
        .object([
            "jsonrpc": .string("2.0"),
            "error": .object([
                "code": .integer(Int64(error.code.rawValue)),
                "message": .string(error.code.message),
                "data": .object(["error_string": .string(error.message)]),
            ]),
            "id": id,
        ])
    }
}
