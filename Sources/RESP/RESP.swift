/// Namespace of Spool's Redis client.
public enum RESP {}
