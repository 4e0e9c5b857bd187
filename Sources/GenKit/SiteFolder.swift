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

    /// The sites (gen.toml and content/) in the folders of `folder`, one level down, written as
    /// `folder` was ("site" from ".", "x/site" from "x"), in order.
    public static func sitesWithin(_ folder: String) -> [String] {
        let manager = FileManager.default
        let base = folder.isEmpty ? "." : folder
        let names = ((try? manager.contentsOfDirectory(atPath: base)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return names.compactMap { name in
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: base + "/" + name + "/gen.toml"),
                  manager.fileExists(atPath: base + "/" + name + "/content", isDirectory: &isFolder), isFolder.boolValue else { return nil }
            return base == "." ? name : base + "/" + name
        }
    }

    /// What to do in `folder`, which holds no site, when one is around it or in it: run gen
    /// there (nil when there is none).
    public static func siteNearby(_ folder: String) -> String? {
        if let site = enclosingSite(of: folder) {
            return "'\(folder)' is inside the site at '\(site)': run gen there, or give --site \(site)"
        }
        let within = sitesWithin(folder)
        if within.count == 1 { return "the site at '\(within[0])' is in it: run gen there, or give --site \(within[0])" }
        if !within.isEmpty {
            return "it holds the sites " + within.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
                + (within.count > 5 ? " and \(within.count - 5) more" : "") + ": give one with --site DIR"
        }
        return nil
    }
}
