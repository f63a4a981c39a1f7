import Foundation
import SpoolQueue
import Testing

@Suite("TaskKey")
struct TaskKeyTests {
    @Test("a key codes as a plain string")
    func codesAsAString() throws {
        let key: TaskKey = "source:42"
        let data = try JSONEncoder().encode([key])
        #expect(String(decoding: data, as: UTF8.self) == #"["source:42"]"#)
        #expect(try JSONDecoder().decode([TaskKey].self, from: data) == [TaskKey(rawValue: "source:42")])
    }

    @Test("keys order and print by their text")
    func orderAndText() {
        let keys: [TaskKey] = ["sweep:retention", "source:42", "3f2c0000-0000-4000-8000-000000000000"]
        #expect(keys.sorted().map(\.description) == ["3f2c0000-0000-4000-8000-000000000000", "source:42", "sweep:retention"])
        #expect(TaskKey("source:42") == TaskKey(rawValue: "source:42"))
    }
}
