import Foundation

/// The canonical video URLs the service expects (spec §5.1: YouTube as `https://youtu.be/<id>`).
public enum VOTVideoURL {
    /// `url` with YouTube watch, shorts, embed, live and mobile links turned into `https://youtu.be/<id>`;
    /// any other URL unchanged.
    public static func canonical(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased() else { return url }
        let path = components.path.split(separator: "/").map(String.init)
        var id: String?
        if host == "youtu.be" {
            id = path.first
        } else if host == "youtube.com" || host.hasSuffix(".youtube.com") {
            if path.first == "watch" {
                id = components.queryItems?.first { $0.name == "v" }?.value
            } else if path.count >= 2, ["shorts", "embed", "live", "v"].contains(path[0]) {
                id = path[1]
            }
        }
        guard let id, !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return url }
        return "https://youtu.be/\(id)"
    }
}
