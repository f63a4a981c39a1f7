import Testing
@testable import SpoolDubbing
