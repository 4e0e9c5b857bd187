/// Finds the files a site copies as they are: everything under `static/` (to the output's root),
/// under `content/images/` (to `images/`), and beside an article in its folder
/// (`content/articles/SLUG/photo.jpg` to `articles/SLUG/photo.jpg`).
public struct StaticFileLoader: Sendable {
    public static let folder = "static"
    public static let imagesFolder = "content/images"

    let fileSystem: FileSystem
    let siteDirectory: String

    public init(fileSystem: FileSystem, siteDirectory: String) {
        self.fileSystem = fileSystem
        self.siteDirectory = siteDirectory
    }

    /// The files, by output path; `documents` are the site's articles (their folders are read),
    /// `assets` the theme's assets (path below `assets/` and where it comes from). Two sources of
    /// one output path are errors naming both; `setAside` are the files not copied for that (an
    /// image they are is still found: the clash is the one error).
    public func load(documents: [Article], assets: [(path: String, origin: String)],
                     diagnostics: inout DiagnosticList) -> (files: [StaticFile], setAside: [StaticFile]) {
        var files: [StaticFile] = []
        for path in fileSystem.listRecursively(siteDirectory + "/" + Self.folder) {
            files.append(StaticFile(outputPath: path, sourcePath: Self.folder + "/" + path))
        }
        for path in fileSystem.listRecursively(siteDirectory + "/" + Self.imagesFolder) {
            files.append(StaticFile(outputPath: "images/" + path, sourcePath: Self.imagesFolder + "/" + path))
        }
        for article in documents where article.path.hasSuffix("/index.md") && article.kind == .article {
            for path in fileSystem.listRecursively(siteDirectory + "/" + article.folder) where path != "index.md" {
                guard !path.hasSuffix(".md") else {
                    // Markdown beside an article's text is neither published nor copied: said.
                    diagnostics.warning("'\(article.folder)/\(path)' is not read", at: SourceLocation(article.folder + "/" + path),
                                        notes: [.init("an article's folder holds one article, its index.md, and the files it shows; "
                                                      + "another article goes in content/articles/ as a file or a folder of its own")])
                    continue
                }
                files.append(StaticFile(outputPath: article.outputPath + path, sourcePath: article.folder + "/" + path))
            }
        }
        var seen: [String: String] = [:]
        for asset in assets { seen["assets/" + asset.path] = asset.origin }
        var kept: [StaticFile] = [], setAside: [StaticFile] = []
        for file in files {
            // Copied as they are, so checked here: nothing from outside the site, no FIFO.
            if let refusal = fileSystem.refusal(of: siteDirectory + "/" + file.sourcePath) {
                diagnostics.error(refusal.message, at: SourceLocation(file.sourcePath), notes: [.init(refusal.suggestion)])
                continue
            }
            if let other = seen[file.outputPath] {
                diagnostics.error("'\(file.sourcePath)' and '\(other)' would both be '\(file.outputPath)' in the output",
                                  at: SourceLocation(file.sourcePath),
                                  notes: [.init(other.hasPrefix("(built-in)")
                                      ? "to replace the built-in theme's file, put yours at templates/\(file.outputPath)"
                                      : "rename or remove one of them")])
                setAside.append(file)
                continue
            }
            seen[file.outputPath] = file.sourcePath
            kept.append(file)
        }
        return (kept.sorted { $0.outputPath < $1.outputPath }, setAside)
    }
}
