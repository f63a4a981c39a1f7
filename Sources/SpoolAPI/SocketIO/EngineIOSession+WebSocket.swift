import HummingbirdWebSocket
import NIOCore

extension EngineIOSession {
    /// Handles one Engine.IO text packet from the client (either transport).
    func receive(text: String) async {
        switch text.utf8.first {
        case UInt8(ascii: "1"):
            await close(reason: "client close")
        case UInt8(ascii: "3"):
            pongReceived()
        case UInt8(ascii: "4"):
            await socket.receive(text.dropFirst(), on: self)
        case UInt8(ascii: "5"), UInt8(ascii: "6"):
            break
        case UInt8(ascii: "2"):
            // Pings come from the server in v4; `2probe` is only valid on an upgrading WebSocket.
            await close(reason: "invalid heartbeat direction")
        default:
            await close(reason: "parse error: unknown packet type")
        }
    }

    /// Handles one binary message (a Socket.IO attachment).
    func receive(binary: ByteBuffer) async {
        await socket.receive(binary: binary, on: self)
    }

    /// Reads a WebSocket that carries the session until it ends, then closes the session.
    func read(_ inbound: WebSocketInboundStream) async {
        do {
            for try await message in inbound.messages(maxSize: options.maxPayload) {
                try Task.checkCancellation()
                switch message {
                case .text(let text): await receive(text: text)
                case .binary(let bytes): await receive(binary: bytes)
                }
            }
            await close(reason: "transport close")
        } catch {
            await close(reason: error is CancellationError ? "server close" : "transport error")
        }
    }

    /// Serves a WebSocket that upgrades this polling session (`sid` given): `2probe` → `3probe`,
    /// then `5`, then it carries the session. If it closes, or the upgrade does not finish within
    /// `upgradeTimeout`, before `5`, the session goes on polling; after `5`, its end closes the session.
    func upgrade(inbound: WebSocketInboundStream, sender: WebSocketSender) async {
        guard claimUpgrade() else { return }
        let upgraded = await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.readUpgrade(inbound, sender: sender) }
            group.addTask {
                // Until `5` comes (checked every 50 ms, for at most upgradeTimeout), then until the
                // session closes, so that a session the server closes closes its WebSocket at once.
                let deadline = ContinuousClock.now + self.options.upgradeTimeout
                while !self.hasUpgraded {
                    guard ContinuousClock.now < deadline, !self.isClosed, !Task.isCancelled else { return false }
                    try? await Task.sleep(for: .milliseconds(50))
                }
                await self.waitUntilClosed()
                return true
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !upgraded { abandonUpgrade() }
    }

    private func readUpgrade(_ inbound: WebSocketInboundStream, sender: WebSocketSender) async -> Bool {
        var phase = 0  // 0: waiting for 2probe, 1: waiting for 5, 2: upgraded
        do {
            for try await message in inbound.messages(maxSize: options.maxPayload) {
                try Task.checkCancellation()
                switch (phase, message) {
                case (0, .text("2probe")):
                    try await sender.send(texts: [ByteBuffer(string: "3probe")])
                    probed()
                    phase = 1
                case (0, _):
                    return false
                case (1, .text("5")):
                    try await flush(to: sender)
                    phase = 2
                case (1, _):
                    continue
                case (_, .text(let text)):
                    await receive(text: text)
                case (_, .binary(let bytes)):
                    await receive(binary: bytes)
                }
            }
        } catch {}
        guard phase == 2 else { return false }
        await close(reason: "transport close")
        return true
    }

    // MARK: Upgrade

    /// Takes the right to upgrade (one WebSocket at a time, only from polling).
    func claimUpgrade() -> Bool {
        state.withLock { state in
            guard !state.closed, !state.upgradeClaimed, case .polling = state.transport else { return false }
            state.upgradeClaimed = true
            return true
        }
    }

    /// Whether the session may still be upgraded (for the WebSocket router's decision).
    var canUpgrade: Bool {
        state.withLock { state in
            guard !state.closed, !state.upgradeClaimed, case .polling = state.transport else { return false }
            return true
        }
    }

    /// `3probe` went out: a waiting poll gets `6`, and so will the next ones.
    func probed() {
        let poll: CheckedContinuation<PollAnswer, Never>? = state.withLock { state in
            guard !state.closed else { return nil }
            state.transport = .upgrading
            defer { state.poll = nil }
            return state.poll
        }
        poll?.resume(returning: .noop)
    }

    /// `5` came: writes what waits to the WebSocket, then sends everything there.
    func flush(to sender: WebSocketSender) async throws {
        state.withLock { $0.transport = .flushing(sender) }
        while true {
            let batch: ([ByteBuffer], [CheckedContinuation<Bool, Never>])? = state.withLock { state in
                guard !state.queue.isEmpty else {
                    state.transport = .websocket(sender)
                    return nil
                }
                return Self.takeQueue(&state)
            }
            guard let (packets, drained) = batch else { return }
            try await sender.send(texts: packets)
            for drain in drained { drain.resume(returning: true) }
        }
    }

    /// Whether the session moved to its WebSocket.
    var hasUpgraded: Bool {
        state.withLock { state in
            switch state.transport {
            case .flushing, .websocket: true
            case .polling, .upgrading: false
            }
        }
    }

    /// The upgrading WebSocket went away before `5`: back to polling (another upgrade may come).
    func abandonUpgrade() {
        state.withLock { state in
            state.upgradeClaimed = false
            if case .upgrading = state.transport { state.transport = .polling }
        }
    }
}
