import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SpoolAPIModels
import SpoolCore

/// `POST /transmission/rpc` (with or without a trailing slash): Transmission's RPC, so
/// `transmission-remote`, Transmission Remote GUI and the mobile remotes can list, add, start,
/// stop, move and remove jobs.
///
/// Every request passes, in order: the `Host` allow-list (421 otherwise, against DNS rebinding),
/// authentication (401 with a Basic challenge), and the `X-Transmission-Session-Id` check (409
/// carrying this process's id, which the client sends again; against CSRF). Answers are HTTP 200
/// in the RPC's own shape, failures included (see ``TransmissionCall``).
struct TransmissionController: Sendable {
    /// The session-id header.
    static let sessionIDField = HTTPField.Name("X-Transmission-Session-Id")!
    /// The RPC version header of Transmission 4.1 (sent on the 409).
    static let rpcVersionField = HTTPField.Name("X-Transmission-Rpc-Version")!

    let rpc: TransmissionRPC
    let authenticator: TransmissionAuthenticator
    let hosts: TransmissionHostFilter
    let maxBodyBytes: Int
    let clients: ClientAddressResolver
    /// Where calls that change something are recorded (`transmission.torrent_add`, …).
    let audit: AuditLog?

    /// Builds the controller; the session id is random per process.
    init(
        service: JobService, auth: AuthService, configuration: TransmissionConfiguration, libraryRoot: String?, defaults: JobDefaults,
        loginThrottle: LoginThrottle, jobCreationRateLimit: RateLimit, maxBodyBytes: Int, clients: ClientAddressResolver, audit: AuditLog? = nil
    ) {
        self.audit = audit
        rpc = TransmissionRPC(
            service: service, configuration: configuration, libraryRoot: libraryRoot, defaults: defaults,
            creationLimiter: RateLimiter(jobCreationRateLimit), sessionID: Self.makeSessionID(), startedAt: service.clock.now
        )
        authenticator = TransmissionAuthenticator(auth: auth, throttle: loginThrottle)
        hosts = TransmissionHostFilter(configuration)
        self.maxBodyBytes = maxBodyBytes
        self.clients = clients
    }

    /// Registers `POST /transmission/rpc` (the router serves `/transmission/rpc/` with it).
    func addRoutes(to router: Router<SpoolRequestContext>) {
        router.post("transmission/rpc", use: handle)
    }

    /// 48 random letters and digits, like Transmission's.
    static func makeSessionID() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<48).map { _ in alphabet.randomElement(using: &generator)! })
    }

    @Sendable func handle(_ request: Request, context: SpoolRequestContext) async throws -> Response {
        guard hosts.allows(request.head.authority) else {
            context.logger.notice("transmission rpc: refused Host", metadata: ["http.host": .string(request.head.authority ?? "")])
            return Self.text(
                .init(code: 421, reasonPhrase: "Misdirected Request"),
                "421: Misdirected Request\nTransmission RPC: the Host header does not name this server. "
                    + "Add the name to TRANSMISSION_HOST_WHITELIST (comma-separated, * wildcards) to allow it.\n"
            )
        }
        let client = clients.client(peer: context.clientAddress, headers: request.headers)
        let user: User
        switch try await authenticator.authenticate(request, client: client) {
        case .user(let found):
            user = found
        case .refused(let reason):
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = "Basic realm=\"Spool Transmission RPC\", charset=\"UTF-8\""
            return Self.text(.unauthorized, "401: Unauthorized\n\(reason)\n", headers: headers)
        case .rateLimited(let wait):
            var headers = HTTPFields()
            headers[.retryAfter] = String(Int(wait.components.seconds) + 1)
            return Self.text(.tooManyRequests, "429: Too Many Requests\ntoo many password checks; try again later\n", headers: headers)
        }
        guard request.headers[Self.sessionIDField] == rpc.sessionID else {
            var headers = HTTPFields()
            headers[Self.sessionIDField] = rpc.sessionID
            headers[Self.rpcVersionField] = "6.0.0"
            return Self.text(
                .conflict,
                "409: Conflict\nYour request had an invalid session-id header. Send the X-Transmission-Session-Id of this answer with your request.\n",
                headers: headers
            )
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBodyBytes)
        } catch {
            return json(TransmissionCall.legacy(result: "request too large: at most \(maxBodyBytes) bytes", arguments: [:], tag: nil))
        }
        return json(await answer(Data(body.readableBytesView), user: user, client: client))
    }

    /// The answer to a request body: one call, or a JSON-RPC batch; nil when every call was a
    /// JSON-RPC notification.
    func answer(_ body: Data, user: User, client: String? = nil) async -> JSONValue? {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: body)
        } catch {
            // Unparsable: answer in the form the client most likely speaks.
            let error = TransmissionError.parseError("the request is not valid JSON")
            return String(decoding: body.prefix(4_096), as: UTF8.self).contains("\"jsonrpc\"")
                ? TransmissionCall.jsonRPCError(error, id: .null)
                : TransmissionCall.legacy(result: error.message, arguments: [:], tag: nil)
        }
        if case .array(let calls) = value {
            guard !calls.isEmpty else { return TransmissionCall.jsonRPCError(.invalidRequest("an empty batch"), id: .null) }
            var answers: [JSONValue] = []
            for call in calls {
                if let answer = await answer(to: call, user: user, client: client) { answers.append(answer) }
            }
            return answers.isEmpty ? nil : .array(answers)
        }
        return await answer(to: value, user: user, client: client)
    }

    private func answer(to value: JSONValue, user: User, client: String?) async -> JSONValue? {
        let call: TransmissionCall
        do {
            call = try TransmissionCall(value)
        } catch {
            let failure = TransmissionError(error)
            if value["jsonrpc"] != nil { return TransmissionCall.jsonRPCError(failure, id: value["id"] ?? .null) }
            return TransmissionCall.legacy(result: failure.message, arguments: [:], tag: value["tag"])
        }
        let outcome = await rpc.run(call, user: user)
        await record(call, user: user, outcome: outcome, client: client)
        if case .jsonRPC(nil) = call.form { return nil }
        return call.answer(outcome)
    }

    /// Records a call that changes something in the audit log: done (`success`), or refused to a
    /// viewer (`denied`); other failures changed nothing and are not recorded.
    private func record(_ call: TransmissionCall, user: User, outcome: Result<[String: JSONValue], TransmissionError>, client: String?) async {
        guard let audit, let level = rpc.policy.rpcLevel(call.method), level != .viewer, level != .public else { return }
        let result: AuditOutcome
        switch outcome {
        case .success: result = .success
        case .failure where !user.role.canWrite: result = .denied
        case .failure: return
        }
        var detail: [String: JSONValue] = [:]
        if let ids = call.arguments["ids"] {
            if case .array(let list) = ids, list.count > 50 { detail["ids"] = .number(Double(list.count)) } else { detail["ids"] = ids }
        }
        if case .success(let answer) = outcome, let added = answer["torrent-added"] ?? answer["torrent_added"] {
            detail["added"] = added["hashString"] ?? added["hash_string"] ?? added["id"]
        }
        await audit.record(AuditEntry(
            actor: .user(user), clientAddress: client, action: "transmission.\(call.method)", target: AuditTarget(kind: "job"), outcome: result,
            detail: detail.isEmpty ? nil : detail
        ))
    }

    /// A JSON answer (HTTP 200), or 204 for notifications only.
    private func json(_ value: JSONValue?) -> Response {
        guard let value else { return Response(status: .noContent) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(#"{"result":"internal error","arguments":{}}"#.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=UTF-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func text(_ status: HTTPResponse.Status, _ text: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/plain; charset=UTF-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
