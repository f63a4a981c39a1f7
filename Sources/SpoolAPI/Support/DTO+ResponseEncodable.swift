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
extension SourceDTO: ResponseEncodable {}
extension SourceListResponse: ResponseEncodable {}
extension SourceItemDTO: ResponseEncodable {}
extension SourceItemListResponse: ResponseEncodable {}
extension FailedItemListResponse: ResponseEncodable {}
extension SyncSourceResponse: ResponseEncodable {}
extension SourcePreviewResponse: ResponseEncodable {}
extension RetentionPlanResponse: ResponseEncodable {}
extension RetentionResultResponse: ResponseEncodable {}
extension RetentionReportResponse: ResponseEncodable {}
extension ProfileDTO: ResponseEncodable {}
extension ProfileListResponse: ResponseEncodable {}
extension ProcessingProfileDTO: ResponseEncodable {}
extension ProcessingProfileListResponse: ResponseEncodable {}
extension HardwareReportDTO: ResponseEncodable {}
extension WebhookDTO: ResponseEncodable {}
extension WebhookListResponse: ResponseEncodable {}
extension CreateWebhookResponse: ResponseEncodable {}
extension WebhookDeliveryDTO: ResponseEncodable {}
extension WebhookDeliveryListResponse: ResponseEncodable {}
extension StorageTargetsResponse: ResponseEncodable {}
extension BatchResponse: ResponseEncodable {}
extension BatchListResponse: ResponseEncodable {}
extension V1JobStatus: ResponseEncodable {}
extension UserAccountDTO: ResponseEncodable {}
extension UserListResponse: ResponseEncodable {}
extension AuditListResponse: ResponseEncodable {}
