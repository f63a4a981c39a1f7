import Testing
@testable import YandexVOT
