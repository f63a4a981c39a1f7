/// What a Spool container runs, read from its command words (DESIGN.md: one binary, three roles).
enum Role: Equatable {
    case serve
    case gateway
    case worker(stages: Set<String>)

    /// The stages `spool worker --stage` accepts.
    static let stages: Set<String> = ["download", "dub", "mux", "process", "upload", "sync", "generic"]

    /// `serve`, `gateway`, or `worker --stage a,b` (also `--stage=a,b`); nil for anything else.
    init?(_ words: [String]) {
        switch words.first {
        case "serve"? where words.count == 1: self = .serve
        case "gateway"? where words.count == 1: self = .gateway
        case "worker"?:
            let rest = Array(words.dropFirst())
            let list: String
            if rest.count == 2, rest[0] == "--stage" {
                list = rest[1]
            } else if rest.count == 1, rest[0].hasPrefix("--stage=") {
                list = String(rest[0].dropFirst("--stage=".count))
            } else {
                return nil
            }
            let stages = Set(list.split(separator: ",").map(String.init))
            guard !stages.isEmpty, stages.isSubset(of: Self.stages) else { return nil }
            self = .worker(stages: stages)
        default: return nil
        }
    }
}

/// `redis-server` options given as `--name value` words.
struct RedisOptions {
    private var values: [String: String] = [:]

    init(_ words: [String]) {
        var index = words.startIndex
        while index < words.endIndex {
            let word = words[index]
            if word.hasPrefix("--"), index + 1 < words.endIndex {
                values[String(word.dropFirst(2))] = words[index + 1]
                index += 2
            } else {
                index += 1
            }
        }
    }

    subscript(name: String) -> String? { values[name] }
}
