import Foundation

/// Where a site is, for messages to someone who ran gen in the wrong folder.
public enum SiteFolder {
    /// The nearest folder above `folder` that holds a site (gen.toml and content/), written as
    /// `folder` was: `..` from `.`, `x/..` from `x`, an absolute path from an absolute one; nil
    /// when there is none.
    public static func enclosingSite(of folder: String) -> String? {
        let manager = FileManager.default
        var url = URL(fileURLWithPath: folder).standardizedFileURL
        var levels = 0
        while url.path != "/", levels < 32 {
            url = url.deletingLastPathComponent()
            levels += 1
            var isFolder: ObjCBool = false
            if manager.fileExists(atPath: url.path + "/gen.toml"),
               manager.fileExists(atPath: url.path + "/content", isDirectory: &isFolder), isFolder.boolValue {
                if folder.hasPrefix("/") { return url.path }
                let up = Array(repeating: "..", count: levels).joined(separator: "/")
                return folder == "." || folder.isEmpty ? up : folder + "/" + up
            }
        }
        return nil
    }
}
