import Templates

/// The home page: articles newest first, paged, and the tags on its first page.
struct IndexKind: TemplatedPageKind {
    var name: String { "index" }
    var templateName: String { "index" }
    var phase: PagePhase { .lists }
    var inSitemap: Bool { true }

    func items(in site: SiteContent) -> [Pagination] {
        Pagination.pages(folder: "", count: site.articleCount, perPage: site.config.perPage)
    }
    func path(of item: Pagination, in site: SiteContent) -> String { item.file }
    /// The pages whose rows changed; all of them when the order did (or a tag, listed on the first).
    func dependsOn(_ change: SiteChange, item: Pagination, in site: SiteContent) -> Bool {
        change.order || (item.number == 1 && !change.retagged.isEmpty) || change.rows.contains { item.range.contains($0) }
    }

    func render(_ item: Pagination, in environment: PageEnvironment) -> OutputFile {
        let rows = Array(environment.summaries[item.range])
        let tags = item.number == 1 ? environment.tags : []
        return environment.listPage(self, title: environment.config.title, pagination: item,
                                    extra: ["articles": .objects(rows), "has_articles": .bool(!rows.isEmpty),
                                            "tags": .objects(tags), "has_tags": .bool(!tags.isEmpty)])
    }
}

/// `/tags/`: every tag with its count.
struct TagsKind: TemplatedPageKind {
    var name: String { "tags" }
    var templateName: String { "tags" }
    var phase: PagePhase { .lists }
    var inSitemap: Bool { true }

    func items(in site: SiteContent) -> [Int] { [0] }
    func path(of item: Int, in site: SiteContent) -> String { "tags/index.html" }
    /// The tags and their counts.
    func dependsOn(_ change: SiteChange, item: Int, in site: SiteContent) -> Bool { !change.retagged.isEmpty }

    func render(_ item: Int, in environment: PageEnvironment) -> OutputFile {
        environment.page(self, title: environment.siteContext.labels.labels["tags"], path: "tags/", root: "../", file: "tags/index.html",
                         extra: ["tags": .objects(environment.tags), "has_tags": .bool(!environment.tags.isEmpty)])
    }
}

/// A tag's page: its articles newest first, paged.
struct TagKind: TemplatedPageKind {
    var name: String { "tag" }
    var templateName: String { "tag" }
    var phase: PagePhase { .lists }
    var inSitemap: Bool { true }

    func items(in site: SiteContent) -> [Paged] {
        Pagination.pages(of: site.index.tags.indices, perPage: site.config.perPage) {
            ("tags/\(site.index.tags[$0].slug)/", site.index.tags[$0].articleIndices.count)
        }
    }
    func path(of item: Paged, in site: SiteContent) -> String { item.pagination.file }
    /// Every page of a tag that gained or lost an article (or when the order changed); else the
    /// pages holding a changed row.
    func dependsOn(_ change: SiteChange, item: Paged, in site: SiteContent) -> Bool {
        let tag = site.index.tags[item.owner]
        guard change.tags.contains(tag.slug) else { return false }
        return change.order || change.retagged.contains(tag.slug)
            || tag.articleIndices[item.pagination.range].contains { change.rows.contains($0) }
    }

    func render(_ item: Paged, in environment: PageEnvironment) -> OutputFile {
        let tag = environment.site.index.tags[item.owner]
        let rows = tag.articleIndices[item.pagination.range].map { environment.summaries[$0] }
        return environment.listPage(self, title: tag.name, pagination: item.pagination,
                                    extra: ["tag": .object(environment.tags[item.owner]), "articles": .objects(rows),
                                            "feed_path": .text(TagFeedKind.path(tag)), "feed_title": .text(tag.name)])
    }
}

/// `/sources/`: every source, cited or not, by author and title, with the articles citing it; paged.
struct SourcesKind: TemplatedPageKind {
    var name: String { "sources" }
    var templateName: String { "sources" }
    var phase: PagePhase { .lists }
    var inSitemap: Bool { true }

    func items(in site: SiteContent) -> [Pagination] {
        Pagination.pages(folder: "sources/", count: site.sources.count, perPage: site.config.perPage)
    }
    func path(of item: Pagination, in site: SiteContent) -> String { item.file }
    /// The sources and the titles of the articles citing them (a title changed changes the order).
    func dependsOn(_ change: SiteChange, item: Pagination, in site: SiteContent) -> Bool { change.order || change.cited }

    func render(_ item: Pagination, in environment: PageEnvironment) -> OutputFile {
        let (sorted, citedBy) = environment.citedSources
        let labels = environment.siteContext.labels.labels
        let list = sorted[item.range].map { SourceContext(source: $0, citedBy: citedBy[$0.id] ?? [], labels: labels) }
        return environment.listPage(self, title: environment.siteContext.labels.labels["sources"], pagination: item,
                                    extra: ["sources": .objects(list), "has_sources": .bool(!list.isEmpty)])
    }
}

/// The 404 page, served at any depth: its links start from the site's base path; in a build
/// for opening from disk (`file_urls`), where no server shows it elsewhere, from its own folder,
/// the root, like the index's.
struct NotFoundKind: TemplatedPageKind {
    var name: String { "404" }
    var templateName: String { "404" }
    var isCanonical: Bool { false }
    var phase: PagePhase { .lists }
    var inSitemap: Bool { false }

    func items(in site: SiteContent) -> [Int] { [0] }
    func path(of item: Int, in site: SiteContent) -> String { "404.html" }
    func dependsOn(_ change: SiteChange, item: Int, in site: SiteContent) -> Bool { false }

    func render(_ item: Int, in environment: PageEnvironment) -> OutputFile {
        environment.page(self, title: environment.siteContext.labels.labels["page_not_found"], path: "404.html",
                         root: environment.config.fileURLs ? "./" : environment.config.basePath,
                         file: "404.html", extra: [:])
    }
}

/// `sitemap.xml`: every page of every kind that is in the sitemap (made last: entity pages are
/// counted once their mentions are).
struct SitemapKind: TemplatedPageKind {
    var name: String { "sitemap" }
    var templateName: String { "sitemap" }
    var phase: PagePhase { .entities }
    var inSitemap: Bool { false }

    func items(in site: SiteContent) -> [Int] { [0] }
    func path(of item: Int, in site: SiteContent) -> String { "sitemap.xml" }
    /// Every page and its date: a page come or gone, or a date changed (which changes the order).
    func dependsOn(_ change: SiteChange, item: Int, in site: SiteContent) -> Bool { change.order || change.planned }

    func render(_ item: Int, in environment: PageEnvironment) -> OutputFile {
        var urls: [FeedEntryContext] = []
        for kind in PageKinds.all where kind.inSitemap {
            for entry in kind.sitemapEntries(environment.site) {
                let folder = entry.path.hasSuffix("index.html") ? String(entry.path.dropLast(10)) : entry.path
                urls.append(FeedEntryContext(title: "", url: environment.absolute(folder), updated: entry.updated))
            }
        }
        return environment.page(self, title: environment.config.title, path: "sitemap.xml", root: "./",
                                file: "sitemap.xml", extra: ["urls": .objects(urls)])
    }
}
