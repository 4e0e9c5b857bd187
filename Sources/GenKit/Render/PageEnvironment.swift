import Templates

/// What every page of one render run reads: the site, the theme, and the template objects many
/// pages share (each article's list row, each tag, the menu), made once per run.
final class PageEnvironment: Sendable {
    let site: SiteContent
    let theme: Theme
    let siteContext: SiteContext
    /// Each document's row in lists, by position in `site.documents` (empty for a run that
    /// renders documents only: their rows are not made yet).
    let summaries: [ArticleContext]
    /// Each tag of `site.index`, by position.
    let tags: [TagContext]
    let entityPages: EntityPages
    private let madeFragments: MadeOnce<ArticleJSONLD.Fragments>
    /// Every entity and source serialized once, for the documents' JSON-LD.
    var fragments: ArticleJSONLD.Fragments { madeFragments.get }
    private let madeSourceTitles: MadeOnce<[String: String]>
    /// Each source's title by key (the search index's `source` filter).
    var sourceTitles: [String: String] { madeSourceTitles.get }
    private let madeEntityListing: MadeOnce<EntitiesKind.Listing>
    /// The entities in the order of `/entities/`, sorted and counted once for all its pages.
    var entityListing: EntitiesKind.Listing { madeEntityListing.get }
    private let madeCitedSources: MadeOnce<(sorted: [SourceRecord], citedBy: [String: [ArticleContext]])>
    /// The sources in the order of `/sources/`, and the articles citing each: made once for all
    /// its pages (one pass over the articles, not one per page).
    var citedSources: (sorted: [SourceRecord], citedBy: [String: [ArticleContext]]) { madeCitedSources.get }
    /// Each listed article as a feed entry, made once for every feed it is in: for feeds at
    /// the root and for feeds two folders down (their links differ without `base_url`).
    private let feedEntries: MadeOnce<[Int: [FeedEntryContext]]>
    /// The newest article's date, for a feed without entries.
    let newestDate: String?
    /// Where static files are read from.
    let fileSystem: FileSystem
    let siteDirectory: String

    var config: SiteConfig { site.config }

    /// `summaries` and `tags`: the rows of an earlier environment of the same documents, reused.
    init(site: SiteContent, theme: Theme, entityPages: EntityPages = .empty, withLists: Bool = true,
         summaries given: [ArticleContext]? = nil, tags givenTags: [TagContext]? = nil,
         fileSystem: FileSystem, siteDirectory: String) {
        self.site = site
        self.fileSystem = fileSystem
        self.siteDirectory = siteDirectory
        self.theme = theme
        self.siteContext = SiteContext(config: site.config, menu: Self.menu(site), hasEntities: !site.entities.isEmpty,
                                       hasSources: !site.sources.isEmpty)
        let tags = givenTags ?? site.index.tags.map { TagContext(name: $0.name, slug: $0.slug, count: $0.articleIndices.count) }
        self.tags = tags
        self.entityPages = entityPages
        self.madeFragments = MadeOnce { ArticleJSONLD.Fragments(entities: site.entities, sources: site.sources, config: site.config) }
        let sources = site.sources
        self.madeSourceTitles = MadeOnce {
            Dictionary(sources.map { ($0.id, $0.title ?? $0.id) }, uniquingKeysWith: { first, _ in first })
        }
        self.summaries = given ?? (withLists && !site.rendered.isEmpty
            ? site.rendered.map { ArticleContext(rendered: $0, tags: site.index.tags(of: $0.article).map { tags[$0] }) }
            : [])
        let summaries = self.summaries
        self.madeEntityListing = MadeOnce { EntitiesKind.Listing(site.entities) }
        self.madeCitedSources = MadeOnce {
            let keys = Set(sources.map(\.id))
            var citedBy: [String: [ArticleContext]] = [:]
            for summary in summaries {
                for key in summary.rendered.citedKeys where keys.contains(key) { citedBy[key, default: []].append(summary) }
            }
            let sorted = sources.map { (SourceContext.sortKey($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
            return (sorted, citedBy)
        }
        let config = site.config
        let newest = summaries.compactMap(\.article.date).max()?.rfc3339
        self.newestDate = newest
        let range = site.articleRange
        // The site's feed is at the root, a tag's or an entity's two folders down (their links
        // differ only without base_url).
        self.feedEntries = MadeOnce {
            Dictionary(uniqueKeysWithValues: (config.normalizedBaseURL.isEmpty ? [0, 2] : [0]).map { depth in
                (depth, Self.feedEntries(summaries, range, depth: depth, newest: newest, config: config))
            })
        }
    }

    /// Every listed article as an entry of a feed `depth` folders below the root.
    func feedEntries(depth: Int) -> [FeedEntryContext] {
        feedEntries.get[config.normalizedBaseURL.isEmpty ? depth : 0]
            ?? Self.feedEntries(summaries, site.articleRange, depth: depth, newest: newestDate, config: config)
    }

    private static func feedEntries(_ summaries: [ArticleContext], _ range: Range<Int>, depth: Int, newest: String?,
                                    config: SiteConfig) -> [FeedEntryContext] {
        guard !summaries.isEmpty else { return [] }
        return range.map { feedEntry(summaries[$0], depth: depth, newest: newest, config: config) }
    }

    private static func feedEntry(_ item: ArticleContext, depth: Int, newest: String?, config: SiteConfig) -> FeedEntryContext {
        FeedEntryContext(title: InlineMarkdown.plain(item.article.title), url: Feed.link(item.article.outputPath, depth: depth, config: config),
                         id: Feed.id(item.article.outputPath, config: config),
                         updated: item.article.date?.rfc3339 ?? newest ?? "1970-01-01T00:00:00Z",
                         summary: item.rendered.summary, author: item.article.author,
                         content: config.feed.fullContent ? item.rendered.htmlBytes : nil)
    }

    /// The tags of a document, as its page shows them.
    func tags(of article: Article) -> [TagContext] { site.index.tags(of: article).map { tags[$0] } }

    /// The header's menu: gen.toml's `[[menu.main]]` and the pages with `menu: main`, by weight
    /// then name.
    static func menu(_ site: SiteContent) -> [MenuEntryContext] {
        var entries = site.config.menu
        let linked = PageKinds.menuLinks(site.config)
        // A page gen.toml links to already is in the menu once (`PageKinds.pagesInMenuTwice`).
        for n in site.pageRange where site.documents[n].menu == "main" && linked[site.documents[n].outputPath] == nil {
            let page = site.documents[n]
            entries.append(.init(name: page.title, url: page.outputPath, weight: page.weight))
        }
        return entries.enumerated()
            .sorted { ($0.element.weight, $0.offset) < ($1.element.weight, $1.offset) }
            .map { MenuEntryContext($0.element) }
    }

    /// A page rendered with its kind's template.
    func page(_ kind: some TemplatedPageKind, title: String, path: String, root: String, file: String,
              extra: [String: TemplateValue], source: String? = nil) -> OutputFile {
        let name = kind.templateName
        let context = PageContext(kind: kind.name, canonical: kind.isCanonical, site: siteContext, root: root, title: title, path: path,
                                  extra: extra)
        return OutputFile(path: file, bytes: finished(theme.render(name, context), path: file),
                          source: source ?? theme.origins[name])
    }

    /// A rendered page as written: with `[output] file_urls`, its links to folders end in
    /// `index.html`.
    func finished(_ bytes: [UInt8], path: String) -> [UInt8] {
        config.fileURLs && path.hasSuffix(".html") ? FileURLs.rewrite(bytes) : bytes
    }

    /// A page of a paged list: `pagination`, and its own title with the page number after the first.
    func listPage(_ kind: some TemplatedPageKind, title: String, pagination: Pagination, extra: [String: TemplateValue],
                  source: String? = nil) -> OutputFile {
        var extra = extra
        extra["pagination"] = .object(pagination.context)
        let shown = pagination.number == 1 ? title : "\(title) (page \(pagination.number) of \(pagination.total))"
        return page(kind, title: shown, path: pagination.path, root: pagination.root, file: pagination.file,
                    extra: extra, source: source)
    }

    func absolute(_ path: String) -> String { config.normalizedBaseURL + path }
}
