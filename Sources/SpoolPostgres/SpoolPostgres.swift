/// Namespace of the PostgreSQL backend.
public enum SpoolPostgres {}
