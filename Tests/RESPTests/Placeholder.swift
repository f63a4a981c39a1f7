import Testing
@testable import RESP
