import Testing
@testable import SpoolPostgres
