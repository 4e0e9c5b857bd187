import Templates

/// An Atom feed (RFC 4287) of articles, newest first: the site's, a tag's or an entity's.
enum Feed {
    /// Renders the feed at `path` of `articles` (positions in the documents, newest first), the
    /// feed of the page at `home`.
    static func render(_ kind: some TemplatedPageKind, title: String, path: String, home: String, articles: some Collection<Int>,
                       in environment: PageEnvironment) -> OutputFile {
        let config = environment.config
        let summaries = environment.summaries
        let shown = articles.prefix(config.feed.limit)
        // The feed is as new as its newest entry (or the site's newest article: an empty feed
        // still needs a date).
        let newest = shown.compactMap { summaries[$0].article.date }.max()?.rfc3339
            ?? environment.newestDate ?? "1970-01-01T00:00:00Z"
        let depth = SitePath.depth(of: path)
        let all = environment.feedEntries(depth: depth)
        let entries = shown.map { all[$0] }
        return environment.page(kind, title: title, path: path, root: "./", file: path,
                                extra: ["entries": .objects(Array(entries)), "updated": .text(newest),
                                        "feed_url": .text(link(path, depth: depth, config: config)),
                                        "home_url": .text(link(home, depth: depth, config: config)),
                                        "feed_id": .text(id(home, config: config))])
    }

    /// A link to `path` in a feed `depth` folders down: absolute from `base_url`; without one,
    /// relative to the feed's own address (as readers resolve it).
    static func link(_ path: String, depth: Int, config: SiteConfig) -> String {
        if !config.normalizedBaseURL.isEmpty { return config.normalizedBaseURL + path }
        let link = SitePath.root(depth: depth) + path
        return link.isEmpty ? "./" : link
    }

    /// An id for a feed or an entry: its address from `base_url`, or, without one, a URN made of
    /// the path (an Atom id must be an absolute IRI; links may stay relative).
    static func id(_ path: String, config: SiteConfig) -> String {
        config.normalizedBaseURL.isEmpty ? "urn:gen:" + (path.isEmpty ? "/" : path) : config.normalizedBaseURL + path
    }
}

/// `feed.xml`: the site's newest articles.
struct FeedKind: TemplatedPageKind {
    var name: String { "feed" }
    var templateName: String { "feed" }
    var phase: PagePhase { .lists }
    var inSitemap: Bool { false }

    func items(in site: SiteContent) -> [Int] { [0] }
    func path(of item: Int, in site: SiteContent) -> String { "feed.xml" }
    /// The newest articles only: a changed row among them, or the order.
    func dependsOn(_ change: SiteChange, item: Int, in site: SiteContent) -> Bool {
        change.order || change.rows.contains { $0 < site.config.feed.limit }
    }

    func render(_ item: Int, in environment: PageEnvironment) -> OutputFile {
        Feed.render(self, title: environment.config.title, path: "feed.xml", home: "",
                    articles: environment.site.articleRange, in: environment)
    }
}

/// `tags/TAG/feed.xml`: a tag's newest articles.
struct TagFeedKind: TemplatedPageKind {
    var name: String { "feed" }
    var templateName: String { "feed" }
    var phase: PagePhase { .lists }
    var inSitemap: Bool { false }

    static func path(_ tag: SiteIndex.Tag) -> String { "tags/\(tag.slug)/feed.xml" }

    func items(in site: SiteContent) -> [Int] { Array(site.index.tags.indices) }
    func path(of item: Int, in site: SiteContent) -> String { Self.path(site.index.tags[item]) }
    func dependsOn(_ change: SiteChange, item: Int, in site: SiteContent) -> Bool {
        change.tags.contains(site.index.tags[item].slug)
    }

    func render(_ item: Int, in environment: PageEnvironment) -> OutputFile {
        let tag = environment.site.index.tags[item]
        return Feed.render(self, title: "\(environment.config.title): \(tag.name)", path: Self.path(tag),
                           home: "tags/\(tag.slug)/", articles: tag.articleIndices, in: environment)
    }
}

/// `entities/SLUG/feed.xml`: the newest articles that mention an entity.
struct EntityFeedKind: TemplatedPageKind {
    var name: String { "feed" }
    var templateName: String { "feed" }
    var phase: PagePhase { .entities }
    var inSitemap: Bool { false }

    static func path(_ entity: Int, in index: EntityIndex) -> String { index.paths[entity] + "feed.xml" }

    func items(in site: SiteContent) -> [Int] { Array(site.entities.entities.indices) }
    func path(of item: Int, in site: SiteContent) -> String { Self.path(item, in: site.entities) }
    func dependsOn(_ change: SiteChange, item: Int, in site: SiteContent) -> Bool { change.entities.contains(item) }

    func render(_ item: Int, in environment: PageEnvironment) -> OutputFile {
        let site = environment.site
        let articles = site.backlinks.links[item].articles.lazy.map(\.article).filter { site.articleRange.contains($0) }
        return Feed.render(self, title: "\(site.config.title): \(site.entities.entities[item].name)",
                           path: Self.path(item, in: site.entities), home: site.entities.paths[item],
                           articles: articles, in: environment)
    }
}
