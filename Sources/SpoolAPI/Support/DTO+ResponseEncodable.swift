import Hummingbird
import SpoolAPIModels

// Route results are encoded with the context's encoder (``SpoolJSON``).

extension JobResponse: ResponseEncodable {}
extension JobListResponse: ResponseEncodable {}
extension JobDetailResponse: ResponseEncodable {}
extension EventListResponse: ResponseEncodable {}
extension QueueOverviewResponse: ResponseEncodable {}
extension LoginResponse: ResponseEncodable {}
extension TokenListResponse: ResponseEncodable {}
extension CreateTokenResponse: ResponseEncodable {}
extension HealthReport: ResponseEncodable {}
extension FileLinkResponse: ResponseEncodable {}
