import ArgumentParser

/// `--container` values.
enum ContainerChoice: String, CaseIterable, ExpressibleByArgument {
    case mkv, mp4
}

/// `--priority` values.
enum PriorityChoice: String, CaseIterable, ExpressibleByArgument {
    case low, normal, high
}

/// `spool move` directions.
enum MoveChoice: String, CaseIterable, ExpressibleByArgument {
    case top, up, down, bottom
}

/// `spool ls --sort` keys.
enum SortChoice: String, CaseIterable, ExpressibleByArgument {
    case queue, created, updated, title, progress, state
}

/// `spool logs --level` values.
enum LevelChoice: String, CaseIterable, ExpressibleByArgument {
    case debug, info, warning, error
}

/// `spool sources add --shorts/--streams` values.
enum InclusionChoice: String, CaseIterable, ExpressibleByArgument {
    case include, exclude, only
}

/// `spool sources edit --enable/--disable`.
enum SwitchChoice: String, EnumerableFlag {
    case enable, disable

    static func help(for value: SwitchChoice) -> ArgumentHelp? {
        value == .enable ? "Check the source on its schedule." : "Stop checking the source (its files stay)."
    }
}
