import SpoolCore

/// The body of `POST /api/jobs/:id/move`: `{"to": "top" | "up" | "down" | "bottom"}`.
public struct MoveJobRequest: Sendable, Codable, Hashable {
    /// Where to move the job in its queue.
    public var to: QueueMove

    /// Creates a move request.
    public init(to: QueueMove) {
        self.to = to
    }

    /// Decodes strictly: unknown members and unknown directions are rejected.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let raw = try c.decodeIfPresent(String.self, forKey: .to) else {
            throw SpoolError(.invalidInput, "to is required (top, up, down or bottom)")
        }
        guard let move = QueueMove(rawValue: raw) else {
            throw SpoolError(.invalidInput, "to must be one of top, up, down, bottom")
        }
        to = move
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case to
    }
}
