import Foundation
import SpoolCore

extension KeyedDecodingContainer {
    /// A member that may be absent (outer nil, "leave it as it is") or `null` (inner nil, "clear it"),
    /// as change requests need.
    func decodeNullable<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value?? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) { return .some(nil) }
        return .some(try decode(Value.self, forKey: key))
    }

    /// A member whose type checks its own text form (a schedule, a backlog): its decoder's message
    /// names the member and the accepted forms, so it becomes the `invalid_input` message.
    func decodeText<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value? {
        do {
            return try decodeIfPresent(Value.self, forKey: key)
        } catch DecodingError.dataCorrupted(let context) where !context.debugDescription.isEmpty {
            throw SpoolError(.invalidInput, context.debugDescription)
        }
    }

    /// A member holding one of an enum's raw values; another value is `invalid_input` naming the
    /// member (`name`, as the client wrote it with its parents) and the accepted values.
    func decodeChoice<Value: RawRepresentable & CaseIterable>(_ type: Value.Type, forKey key: Key, name: String) throws -> Value?
    where Value.RawValue == String {
        guard let raw = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let value = Value(rawValue: raw) else {
            throw SpoolError(.invalidInput, "\(name) must be one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// A `YYYY-MM-DD` day that may be absent or `null`; another text is `invalid_input` naming the member.
    func decodeDay(forKey key: Key, name: String) throws -> Date?? {
        guard let text = try decodeNullable(String.self, forKey: key) else { return nil }
        guard let text else { return .some(nil) }
        guard let day = DayText.parse(text) else { throw SpoolError(.invalidInput, "\(name) must be a day YYYY-MM-DD") }
        return .some(day)
    }
}

extension KeyedEncodingContainer {
    /// Encodes a change member: nothing when absent, `null` when it clears the value.
    mutating func encodeChange<Value: Encodable>(_ value: Value??, forKey key: Key) throws {
        guard let value else { return }
        try encode(value, forKey: key)
    }
}
