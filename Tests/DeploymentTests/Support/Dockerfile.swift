import Foundation

/// A Dockerfile split into stages of instructions (continuation lines joined, comments dropped).
struct Dockerfile {
    /// One instruction: `RUN apt-get …` → ("RUN", "apt-get …").
    struct Instruction {
        let keyword: String
        let arguments: String

        /// The arguments of the exec (JSON array) form, or nil.
        var execForm: [String]? {
            guard let data = arguments.data(using: .utf8) else { return nil }
            return try? JSONDecoder().decode([String].self, from: data)
        }
    }

    /// One `FROM` stage.
    struct Stage {
        let from: String
        let name: String?
        var instructions: [Instruction] = []

        func all(_ keyword: String) -> [Instruction] { instructions.filter { $0.keyword == keyword } }
        func last(_ keyword: String) -> Instruction? { all(keyword).last }

        /// `ENV` assignments of this stage (`NAME=value` pairs).
        var environment: [String: String] {
            var values: [String: String] = [:]
            for instruction in all("ENV") {
                for match in instruction.arguments.matches(of: /([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/) {
                    values[String(match.1)] = String(match.2).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                }
            }
            return values
        }
    }

    /// Instructions before the first `FROM` (`ARG`s).
    var preamble: [Instruction] = []
    var stages: [Stage] = []

    init(_ text: String) {
        var logical: [String] = []
        var current = ""
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") { continue }
            if line.hasSuffix("\\") {
                current += line.dropLast() + " "
            } else {
                current += line
                if !current.trimmingCharacters(in: .whitespaces).isEmpty { logical.append(current) }
                current = ""
            }
        }
        for line in logical {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let instruction = Instruction(keyword: parts[0].uppercased(), arguments: parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
            if instruction.keyword == "FROM" {
                let words = instruction.arguments.split(separator: " ").map(String.init)
                let name = words.count >= 3 && words[1].uppercased() == "AS" ? words[2] : nil
                stages.append(Stage(from: words.first ?? "", name: name))
            } else if stages.isEmpty {
                preamble.append(instruction)
            } else {
                stages[stages.count - 1].instructions.append(instruction)
            }
        }
    }

    /// The default of a build argument declared before the first stage.
    func argument(_ name: String) -> String? {
        for instruction in preamble where instruction.keyword == "ARG" {
            let parts = instruction.arguments.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.first == name, parts.count == 2 { return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }
}
