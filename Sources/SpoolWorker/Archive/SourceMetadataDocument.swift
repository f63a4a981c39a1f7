import Foundation

/// The `metadata.json` a check keeps in a source's folder (seed 004's channel metadata).
struct SourceMetadataDocument: Encodable {
    let name: String
    let url: String
    let extractor: String?
    let feedURL: String?
    let lastFullIndexAt: Date?
    let checkedAt: Date
    /// Items per phase (`downloaded`, `seen`, `filtered`, …).
    let items: [String: Int]
}
