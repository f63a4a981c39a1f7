import Foundation

/// An audio file to upload when the service asks for the video's audio (spec §5.3 B).
public struct VOTAudioFile: Sendable, Hashable {
    /// The `downloadType` the browser extension reports for audio it fetched itself.
    public static let defaultDownloadType = "web_api_steal_sig_and_n"

    /// The file (any audio format; the extension sends AAC or Opus, Spool sends WAV).
    public var path: String
    /// How the audio was obtained, as the service knows the ways.
    public var downloadType: String
    /// The YouTube format id, 0 when unknown.
    public var itag: Int

    /// Creates a description of an audio file.
    public init(path: String, downloadType: String = VOTAudioFile.defaultDownloadType, itag: Int = 0) {
        self.path = path
        self.downloadType = downloadType
        self.itag = itag
    }

    /// The upload's `fileId`: `{"downloadType":…,"itag":…,"minChunkSize":…,"fileSize":"<bytes>"}`.
    public func fileID(fileSize: Int64, chunkSize: Int) -> String {
        let type = (try? JSONEncoder().encode(downloadType)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        return "{\"downloadType\":\(type),\"itag\":\(itag),\"minChunkSize\":\(chunkSize),\"fileSize\":\"\(fileSize)\"}"
    }

    /// The upload requests for this file: one `audioInfo` when it fits in one chunk, else one
    /// `partialAudioInfo` per chunk, read from disk one at a time.
    func uploads(translationID: String, videoURL: String, chunkSize: Int) throws(VOTError) -> Uploads {
        let size: Int64
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        } catch {
            throw .audioUnreadable(URL(fileURLWithPath: path).lastPathComponent)
        }
        guard size > 0 else { throw .audioUnreadable("\(URL(fileURLWithPath: path).lastPathComponent) is empty") }
        let parts = max(1, Int((size + Int64(chunkSize) - 1) / Int64(chunkSize)))
        return Uploads(
            path: path, translationID: translationID, videoURL: videoURL, fileID: fileID(fileSize: size, chunkSize: chunkSize),
            chunkSize: chunkSize, count: parts
        )
    }

    /// The requests of one upload, made on demand.
    struct Uploads {
        let path: String
        let translationID: String
        let videoURL: String
        let fileID: String
        let chunkSize: Int
        /// How many requests.
        let count: Int

        /// Request `index` (0-based).
        func request(_ index: Int) throws(VOTError) -> VOTProto_VideoTranslationAudioRequest {
            let bytes = try read(from: Int64(index) * Int64(chunkSize), count: count == 1 ? Int.max : chunkSize)
            var message = VOTProto_VideoTranslationAudioRequest()
            message.translationID = translationID
            message.url = videoURL
            if count == 1 {
                var info = VOTProto_AudioBufferObject()
                info.fileID = fileID
                info.audioFile = bytes
                message.audioInfo = info
            } else {
                var chunk = VOTProto_PartialAudioBufferObject()
                chunk.chunkID = Int32(index)
                chunk.audioFile = bytes
                var info = VOTProto_ChunkAudioObject()
                info.audioBuffer = chunk
                info.audioPartsLength = Int32(count)
                info.fileID = fileID
                info.version = 1
                message.partialAudioInfo = info
            }
            return message
        }

        private func read(from offset: Int64, count: Int) throws(VOTError) -> Data {
            do {
                let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
                defer { try? handle.close() }
                try handle.seek(toOffset: UInt64(offset))
                return try (count == Int.max ? handle.readToEnd() : handle.read(upToCount: count)) ?? Data()
            } catch {
                throw .audioUnreadable(URL(fileURLWithPath: path).lastPathComponent)
            }
        }
    }
}
