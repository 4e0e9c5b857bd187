import Foundation

/// The theme's assets: `assets/PATH`.
struct AssetKind: PageKind {
    var name: String { "asset" }
    var template: PageTemplate { .verbatim }
    var phase: PagePhase { .lists }
    var inSitemap: Bool { false }

    /// The theme is the renderer's: planning only needs its asset paths, which the site
    /// records (`SiteContent.assetPaths`).
    func items(in site: SiteContent) -> [Int] { Array(site.assetPaths.indices) }
    func path(of item: Int, in site: SiteContent) -> String { "assets/" + site.assetPaths[item] }
    func dependsOn(_ change: SiteChange, item: Int, in site: SiteContent) -> Bool { false }

    func render(_ item: Int, in environment: PageEnvironment) -> OutputFile {
        let asset = environment.theme.assets[item]
        return OutputFile(path: "assets/" + asset.path, bytes: asset.bytes, source: nil)
    }
}

/// Files copied as they are: `static/`, `content/images/`, and the files beside an article in
/// its folder.
struct StaticFileKind: PageKind {
    var name: String { "static" }
    var template: PageTemplate { .verbatim }
    var phase: PagePhase { .lists }
    var inSitemap: Bool { false }

    func items(in site: SiteContent) -> [Int] { Array(site.staticFiles.indices) }
    func path(of item: Int, in site: SiteContent) -> String { site.staticFiles[item].outputPath }
    func source(of item: Int, in site: SiteContent) -> String? { site.staticFiles[item].sourcePath }
    func dependsOn(_ change: SiteChange, item: Int, in site: SiteContent) -> Bool { change.staticFiles.contains(item) }

    func render(_ item: Int, in environment: PageEnvironment) -> OutputFile {
        let file = environment.site.staticFiles[item]
        let bytes = (try? environment.fileSystem.read(environment.siteDirectory + "/" + file.sourcePath)) ?? []
        return OutputFile(path: file.outputPath, bytes: bytes, source: file.sourcePath)
    }
}
