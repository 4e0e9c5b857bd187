import Foundation

/// The theme's assets: `assets/PATH`; those only the search page uses (`Theme.searchAssets`)
/// only when the site is indexed for search.
struct AssetKind: PageKind {
    var name: String { "asset" }
    var template: PageTemplate { .verbatim }
    var phase: PagePhase { .lists }
    var inSitemap: Bool { false }

    /// The theme is the renderer's: planning only needs its asset paths, which the site
    /// records (`SiteContent.assetPaths`). Items are positions in the theme's assets, so the
    /// plan, the rendering and gen serve's updates agree on which are written.
    func items(in site: SiteContent) -> [Int] {
        site.assetPaths.indices.filter { site.config.search.indexed || !Theme.searchAssets.contains(site.assetPaths[$0]) }
    }
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
