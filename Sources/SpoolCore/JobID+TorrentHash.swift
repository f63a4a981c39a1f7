extension JobID {
    /// The 40-hex SHA-1 of the id's text: the job's `hashString` in the Transmission RPC and
    /// `TR_TORRENT_HASH` for done-scripts, so a script and a remote name the job alike.
    public var torrentHash: String { SHA1Hex.digest(rawValue) }
}
