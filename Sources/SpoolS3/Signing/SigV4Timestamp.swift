import Foundation

/// A moment written the two ways SigV4 needs: `20150830T123600Z` (`x-amz-date`) and `20150830`
/// (the credential scope), both in UTC.
struct SigV4Timestamp: Sendable, Hashable {
    /// `yyyyMMdd'T'HHmmss'Z'`.
    var dateTime: String
    /// `yyyyMMdd`.
    var date: String

    init(_ moment: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: moment)
        func two(_ value: Int?) -> String {
            let number = value ?? 0
            return number < 10 ? "0\(number)" : String(number)
        }
        let year = String(parts.year ?? 1970)
        date = year + two(parts.month) + two(parts.day)
        dateTime = date + "T" + two(parts.hour) + two(parts.minute) + two(parts.second) + "Z"
    }
}
