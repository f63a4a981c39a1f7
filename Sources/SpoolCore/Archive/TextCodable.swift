/// A value that travels in JSON as its one-line text form (`"every 6h"`, `"newest:2"`,
/// `"archive"`): encodes ``text``, decodes with ``init(text:)`` and refuses other text with
/// a message naming ``textName`` and ``textForm``.
public protocol TextCodable: Codable {
    /// The text form.
    var text: String { get }
    /// The field's name in messages (`schedule`, `backlog`).
    static var textName: String { get }
    /// What the text form looks like, for the error when it does not parse.
    static var textForm: String { get }
    /// The value written as `text`; nil when it is not one.
    init?(text: String)
}

extension TextCodable {
    /// Decodes the text form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(text: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(Self.textName) '\(text)' is not \(Self.textForm)")
        }
        self = value
    }

    /// Encodes the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
