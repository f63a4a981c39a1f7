/// Keeps output templates inside the library root.
///
/// A template is a relative path in yt-dlp's `%(field)s` syntax. It may not be absolute, may not
/// climb with `..`, may not start a path component with `-`, and may not hold control characters.
/// The worker also checks the resolved final path (``isContained(_:in:)``) before moving a file.
public enum OutputTemplateGuard {
    /// The default library layout: `Uploader/Title [id].ext`.
    public static let defaultTemplate = "%(uploader,extractor)s/%(title).180B [%(id)s].%(ext)s"

    /// Throws unless `template` is a safe relative template.
    public static func validate(_ template: String) throws(SpoolError) {
        if template.isEmpty || template.utf8.count > InputLimits.maxTemplateLength {
            throw SpoolError(.invalidTemplate, "outputTemplate must be 1–\(InputLimits.maxTemplateLength) bytes")
        }
        if template.hasPrefix("/") || template.hasPrefix("~") || template.hasPrefix("\\") {
            throw SpoolError(.invalidTemplate, "outputTemplate must be relative to the library")
        }
        if template.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw SpoolError(.invalidTemplate, "outputTemplate must not contain control characters")
        }
        if template.contains("\\") {
            throw SpoolError(.invalidTemplate, "outputTemplate must use '/' as separator")
        }
        for component in template.split(separator: "/", omittingEmptySubsequences: false) {
            if component == ".." || component == "." {
                throw SpoolError(.invalidTemplate, "outputTemplate must not contain '.' or '..' components")
            }
            if component.isEmpty {
                throw SpoolError(.invalidTemplate, "outputTemplate must not contain empty components")
            }
            if component.hasPrefix("-") {
                throw SpoolError(.invalidTemplate, "outputTemplate components must not start with '-'")
            }
        }
        if !template.contains("%(") {
            // A fixed name is fine, but it must still carry an extension field so files differ by type.
            if !template.contains(".") {
                throw SpoolError(.invalidTemplate, "outputTemplate needs a file extension, e.g. '%(ext)s'")
            }
        }
    }

    /// Whether `path` (already normalised, absolute) lies inside `root`.
    public static func isContained(_ path: String, in root: String) -> Bool {
        let normalizedRoot = normalize(root)
        let normalizedPath = normalize(path)
        return normalizedPath.hasPrefix(normalizedRoot + "/") && normalizedPath != normalizedRoot
    }

    /// Lexically normalises an absolute path: collapses `//`, `.` and `..`.
    public static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for component in path.split(separator: "/") {
            if component == "." { continue }
            if component == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(component)
        }
        return "/" + parts.joined(separator: "/")
    }
}
