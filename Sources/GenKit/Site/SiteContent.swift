/// The site as the index stage leaves it: what every page kind reads to plan and render its
/// pages. Listed articles come first (in list order, newest first), then standalone pages.
public struct SiteContent: Sendable {
    public var config: SiteConfig
    /// Articles in list order, then standalone pages by path.
    public var documents: [Article]
    /// How many of `documents` are articles (the rest are standalone pages).
    public var articleCount: Int
    /// The documents rendered, in the same order; empty while the pages are only planned.
    public var rendered: [RenderedArticle]
    /// Which documents have an annotations file: planned from their notes before rendering,
    /// from their anchored notes after.
    public var annotated: [Bool]
    public var index: SiteIndex
    public var backlinks: EntityBacklinks
    public var sources: [SourceRecord]
    /// Files copied as they are: `static/`, `content/images/` and the files beside an
    /// article in its folder.
    public var staticFiles: [StaticFile]
    /// The theme's assets, below `assets/`.
    public var assetPaths: [String] = []

    public init(config: SiteConfig, documents: [Article], articleCount: Int, rendered: [RenderedArticle] = [],
                annotated: [Bool], index: SiteIndex, backlinks: EntityBacklinks, sources: [SourceRecord],
                staticFiles: [StaticFile] = []) {
        self.config = config
        self.documents = documents
        self.articleCount = articleCount
        self.rendered = rendered
        self.annotated = annotated
        self.index = index
        self.backlinks = backlinks
        self.sources = sources
        self.staticFiles = staticFiles
    }

    public var entities: EntityIndex { backlinks.index }
    /// Positions of the listed articles in `documents` (and `rendered`).
    public var articleRange: Range<Int> { 0..<articleCount }
    /// Positions of the standalone pages.
    public var pageRange: Range<Int> { articleCount..<documents.count }
}

/// A file copied into the output as it is.
public struct StaticFile: Sendable, Hashable {
    /// Where it goes, relative to the output folder.
    public var outputPath: String
    /// Where it is read from, relative to the site folder.
    public var sourcePath: String

    public init(outputPath: String, sourcePath: String) {
        self.outputPath = outputPath
        self.sourcePath = sourcePath
    }
}

/// What an edit under `gen serve` changed, for the page kinds (`dependsOn`): each says from this
/// alone whether a page of its must be made again.
public struct SiteChange: Sendable {
    /// Documents read and rendered again (positions in `SiteContent.documents`).
    public var documents: Set<Int> = []
    /// Something lists show changed (a row: title, date, summary, tags, counts of notes and
    /// sources, …), or the order.
    public var listed = false
    /// The order of the articles changed (a date, a title), and so every page of the home list.
    public var order = false
    /// Documents whose rows changed (positions in `SiteContent.documents`).
    public var rows: Set<Int> = []
    /// The set of pages changed: one came or went (a page of an entity's mentions, a tag's).
    public var planned = false
    /// Tags whose pages show a changed row, and (`retagged`) those that gained or lost an article.
    public var tags: Set<String> = []
    public var retagged: Set<String> = []
    /// Which sources the documents cite changed.
    public var cited = false
    /// Entities whose pages change, and whether the set of entities a document mentions changed.
    public var entities: Set<Int> = []
    public var mentionedSet = false
    /// Static files copied again (positions in `SiteContent.staticFiles`).
    public var staticFiles: Set<Int> = []

    public init() {}
}
