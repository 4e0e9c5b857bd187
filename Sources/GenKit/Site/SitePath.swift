/// Paths below the site root, and the relative way from them back to it: every link gen writes
/// between pages is relative, so the output works under any subpath.
public enum SitePath {
    /// How many folders down a path below the root is: 2 for `articles/x/` and for
    /// `tags/x/feed.xml`, 0 for `feed.xml`.
    public static func depth(of path: String) -> Int { path.utf8.count { $0 == UInt8(ascii: "/") } }

    /// From a page `depth` folders down back to the root: "../../" ("" at the root itself).
    public static func root(depth: Int) -> String { String(repeating: "../", count: depth) }

    /// The folder of the file at `path` ("content/annotations" of "content/annotations/a.md"),
    /// "" for a file at the top.
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
