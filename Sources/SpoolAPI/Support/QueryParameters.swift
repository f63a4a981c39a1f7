import Foundation
import Hummingbird
import SpoolCore

/// Typed access to a request's query string; a value out of range is `400 invalid_input`.
struct QueryParameters {
    private let request: Request

    init(_ request: Request) {
        self.request = request
    }


    /// A non-empty string, at most `maxLength` characters.
    func string(_ name: String, maxLength: Int = 200) throws -> String? {
        guard let value = request.uri.queryParameters[name[...]], !value.isEmpty else { return nil }
        guard value.unicodeScalars.count <= maxLength else {
            throw SpoolError(.invalidInput, "\(name) must be at most \(maxLength) characters")
        }
        return String(value)
    }

    /// An integer in `range`, `defaultValue` when absent.
    /// A parameter whose value must not be empty when it is given (numbers, booleans, enums):
    /// `?limit=` is an error, not the default.
    func nonEmpty(_ name: String, maxLength: Int) throws -> String? {
        guard let value = request.uri.queryParameters[name[...]] else { return nil }
        guard !value.isEmpty else { throw SpoolError(.invalidInput, "\(name) must not be empty") }
        return try string(name, maxLength: maxLength)
    }

    func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = try nonEmpty(name, maxLength: 20) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw SpoolError(.invalidInput, "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A non-negative 64-bit integer, nil when absent.
    func eventID(_ name: String) throws -> Int64? {
        guard let text = try nonEmpty(name, maxLength: 20) else { return nil }
        return try Self.parseEventID(text, name: name)
    }

    /// `true` or `false`, `defaultValue` when absent.
    func bool(_ name: String, default defaultValue: Bool) throws -> Bool {
        switch try nonEmpty(name, maxLength: 5) {
        case nil: return defaultValue
        case "true": return true
        case "false": return false
        default: throw SpoolError(.invalidInput, "\(name) must be true or false")
        }
    }

    /// A comma-separated list (`a,b`, the OpenAPI `form` style without explode); an empty value is an
    /// empty list, an empty item is invalid.
    func list(_ name: String, maxItems: Int = 100) throws -> [String] {
        let values = request.uri.queryParameters[values: name[...]]
        let items = values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }.map(String.init)
        guard !items.contains(where: \.isEmpty) else {
            throw SpoolError(.invalidInput, "\(name) must be a comma-separated list without empty items")
        }
        guard items.count <= maxItems else {
            throw SpoolError(.invalidInput, "\(name) takes at most \(maxItems) values")
        }
        return items
    }

    /// A value of an enum, `defaultValue` when absent.
    func value<Value: RawRepresentable>(_ name: String, default defaultValue: Value) throws -> Value where Value.RawValue == String, Value: CaseIterable {
        guard let text = try nonEmpty(name, maxLength: 32) else { return defaultValue }
        guard let value = Value(rawValue: text) else {
            throw SpoolError(.invalidInput, "\(name) must be one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// Parses a non-negative event id.
    static func parseEventID(_ text: String, name: String) throws -> Int64 {
        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), value >= 0 else {
            throw SpoolError(.invalidInput, "\(name) must be a non-negative integer")
        }
        return value
    }
}
