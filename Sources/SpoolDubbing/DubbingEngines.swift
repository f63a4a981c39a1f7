import SpoolCore

/// The dubbing engines Spool ships, by name.
public enum DubbingEngines {}
