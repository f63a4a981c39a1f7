extension Job {
    /// Whether the user `scope` sees (and, with the role for it, controls) this job: their own
    /// and no one's (``ownerID`` nil). A nil `scope` sees every job (admins; viewers, who read).
    public func isVisible(to scope: Int64?) -> Bool {
        guard let scope, let ownerID else { return true }
        return ownerID == scope
    }
}
