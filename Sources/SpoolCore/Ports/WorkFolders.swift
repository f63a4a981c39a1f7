/// The jobs' work folders on this machine (`DOWNLOAD_TEMP_DIR/<jobId>`), as the sweep of
/// leftovers sees them.
public protocol WorkFolders: Sendable {
    /// The jobs that have a work folder, read from the folder names; a name that is not a
    /// well-formed job id (``JobID/isWellFormed``), or that is not a folder, is skipped.
    func workFolderIDs() throws -> [JobID]

    /// Bytes of the files in the job's work folder (0 when there is none).
    func workFolderBytes(for id: JobID) -> Int64

    /// Removes the job's work folder with everything in it.
    func removeWorkFolder(for id: JobID) async throws
}
