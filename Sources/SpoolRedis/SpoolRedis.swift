/// Namespace of the Redis backend.
public enum SpoolRedis {}
