import NIOCore

extension EngineIOSession {
    // MARK: Heartbeat

    /// Pings every `pingInterval` and closes the session when a pong does not come within `pingTimeout`.
    func heartbeat() async {
        while true {
            do {
                try await Task.sleep(for: options.pingInterval)
            } catch {
                return
            }
            state.withLock { $0.pongReceived = false }
            do {
                try await send([ByteBuffer(string: "2")])
            } catch {
                await close(reason: "transport error")
                return
            }
            guard await waitForPong() else {
                if !Task.isCancelled { await close(reason: "ping timeout") }
                return
            }
        }
    }

    /// Whether a pong came within `pingTimeout`.
    private func waitForPong() async -> Bool {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: self.options.pingTimeout)
                self.resolvePong(false)
            }
            let received = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate: Bool? = state.withLock { state in
                    if state.closed { return false }
                    if state.pongReceived { return true }
                    state.pongWaiter = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
            group.cancelAll()
            return received
        }
    }

    /// A `3` came.
    func pongReceived() {
        state.withLock { $0.pongReceived = true }
        resolvePong(true)
    }

    private func resolvePong(_ received: Bool) {
        state.withLock { state in
            defer { state.pongWaiter = nil }
            return state.pongWaiter
        }?.resume(returning: received)
    }

    /// Closes the session when no namespace is connected within `connectTimeout`.
    func enforceConnectTimeout() async {
        do {
            try await Task.sleep(for: options.connectTimeout)
        } catch {
            return
        }
        if !socket.isConnected { await close(reason: "no namespace connected in time") }
    }
}
