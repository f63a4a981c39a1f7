import Yams

extension Node {
    /// The scalar's text, if this is a scalar.
    var text: String? { scalar?.string }

    /// The mapping's entries as text keys (empty if not a mapping).
    var entries: [(key: String, value: Node)] {
        mapping.map { mapping in mapping.compactMap { pair in pair.key.text.map { ($0, pair.value) } } } ?? []
    }

    /// The mapping's keys as text.
    var keys: [String] { entries.map(\.key) }

    /// The value at a path of mapping keys.
    subscript(path keys: String...) -> Node? {
        var node: Node? = self
        for key in keys { node = node?[key] }
        return node
    }

    /// The sequence's scalars as text.
    var texts: [String] { array().compactMap(\.text) }
}
