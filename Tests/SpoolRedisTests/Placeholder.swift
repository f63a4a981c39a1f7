import Testing
@testable import SpoolRedis
