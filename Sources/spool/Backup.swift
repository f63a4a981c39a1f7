import ArgumentParser
import Foundation
import SpoolApp
import SpoolCore

/// `spool backup FILE`: a consistent copy of the SQLite database, also while the server runs.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to FILE while the server may be running.",
        discussion: """
            Uses SQLite's online backup: the copy is one consistent snapshot, checked with \
            PRAGMA integrity_check and written as a single file. Media files are not part of it; \
            back up MEDIA_ROOT with your usual file backup.
            """
    )

    @OptionGroup var options: ServerOptions

    @Argument(help: "The file to write.")
    var file: String

    @Flag(help: "Replace FILE if it exists.")
    var replace = false

    func run() async throws {
        if !replace, FileManager.default.fileExists(atPath: file) {
            throw ValidationError("\(file) exists; pass --replace to overwrite it")
        }
        let summary = try Administration.backup(try options.configuration(), to: file, replace: replace)
        print("\(summary.path): \(ByteCount.format(summary.bytes)), \(summary.jobs) jobs, \(summary.users) users, schema \(summary.migrations.last ?? "empty")")
    }
}

/// `spool restore FILE`: replaces the database with a backup.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the database with a backup made by `spool backup`.",
        discussion: """
            Stop the server first. The current database is kept as DB_PATH.before-restore; an \
            older backup is migrated when the server next starts.
            """
    )

    @OptionGroup var options: ServerOptions

    @Argument(help: "The backup to restore.")
    var file: String

    func run() async throws {
        let (restored, previous) = try Administration.restore(try options.configuration(), from: file)
        print("\(restored.path): restored \(restored.jobs) jobs and \(restored.users) users from \(file)")
        if let previous { print("the previous database is kept in \(previous)") }
    }
}
