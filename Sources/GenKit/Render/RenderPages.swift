import Templates

/// Renders every page of the site through the theme into output files.
public struct RenderPages: Sendable {
    public var config: SiteConfig
    public var theme: Theme
    public var jobs: Int
    public var sources: [SourceRecord]
    /// Entity pages and who mentions each entity (empty without content/entities/).
    public var entities = EntityPages.empty
    /// How many articles the feed carries, newest first.
    public static let feedLimit = 50

    public init(config: SiteConfig, theme: Theme, jobs: Int, sources: [SourceRecord] = []) {
        self.config = config
        self.theme = theme
        self.jobs = jobs
        self.sources = sources
    }

    /// Every path the build will write, known before any page renders, so the output folder
    /// can be readied once; with `templates`, only the pages those templates render.
    public func plannedPaths(_ articles: [RenderedArticle], index: SiteIndex, templates: Set<String>? = nil) -> [String] {
        plannedPaths(articles.map(\.article), annotated: articles.map { !$0.annotationsBytes.isEmpty }, index: index,
                     templates: templates)
    }

    /// The same, before the articles are rendered: `annotated` says which articles have notes
    /// (an article whose notes all turn out orphaned has no annotations file after all).
    func plannedPaths(_ articles: [Article], annotated: [Bool], index: SiteIndex, templates: Set<String>? = nil) -> [String] {
        pageJobs(articles.count, annotated: annotated, index: index)
            .filter { job in templates.map { names in template(of: job).map(names.contains) ?? false } ?? true }
            .map { path(of: $0, articles, index: index) }
    }

    /// One page to render; all pages render on all cores, each written as soon as it is made.
    private enum PageJob: Sendable {
        case article(Int)
        case annotations(Int)
        case entity(Int)
        case tag(Int)
        case single(String)
        case asset(Int)
    }

    /// Every page, the long list pages first, so that none of them is left to finish alone on
    /// one core; without `articlePages`, all but the articles' own files.
    /// With `entityPages` true, only the pages that show `EntityPages` (each entity's page and
    /// the list of entities); false, all the others; nil, both.
    private func pageJobs(_ articleCount: Int, annotated: [Bool], index: SiteIndex, articlePages: Bool = true,
                          entityPages: Bool? = nil) -> [PageJob] {
        let all: [PageJob] = ["index", "feed", "sitemap", "tags", "sources", "entities", "404"].map { .single($0) }
            + entities.index.entities.indices.map { .entity($0) }
            + index.tags.indices.map { .tag($0) }
            + (articlePages ? (0..<articleCount).map { .article($0) } + (0..<articleCount).filter { annotated[$0] }.map { .annotations($0) } : [])
            + theme.assets.indices.map { .asset($0) }
        guard let entityPages else { return all }
        return all.filter { job in
            let showsEntityPages = switch job {
            case .entity: true
            case .single(let kind): kind == "entities"
            default: false
            }
            return showsEntityPages == entityPages
        }
    }

    private func path(of job: PageJob, _ articles: [Article], index: SiteIndex) -> String {
        switch job {
        case .article(let n): articles[n].outputPath + "index.html"
        case .annotations(let n): articles[n].outputPath + "annotations.jsonld"
        case .entity(let n): entities.index.paths[n] + "index.html"
        case .tag(let n): "tags/\(index.tags[n].slug)/index.html"
        case .asset(let n): "assets/" + theme.assets[n].path
        case .single(let kind): Self.singlePaths[kind]!
        }
    }

    /// The template that renders a page (none for JSON and assets).
    private func template(of job: PageJob) -> String? {
        switch job {
        case .article: "article"
        case .entity: "entity"
        case .tag: "tag"
        case .single(let kind): kind
        case .annotations, .asset: nil
        }
    }

    static let singlePaths = ["index": "index.html", "feed": "feed.xml", "sitemap": "sitemap.xml", "tags": "tags/index.html",
                              "sources": "sources/index.html", "entities": "entities/index.html", "404": "404.html"]

    /// Renders and writes every page: articles, tags, index, feed, sitemap, 404 and assets; with
    /// `articlePages` false, all but the articles' own files (`writeArticle` wrote them).
    /// Returns the write failures.
    /// Pass the same `summaries` (`summaries(of:index:)`) to several runs of one build.
    public func run(_ articles: [RenderedArticle], index: SiteIndex, sink: OutputSink, only: Set<String>? = nil,
                    articlePages: Bool = true, entityPages: Bool? = nil, summaries given: [ArticleContext]? = nil) -> [String] {
        let site = SiteContext(config: config)
        let tagContexts = index.tagContexts
        let summaries = given ?? self.summaries(of: articles, index: index)
        let lists = ListContexts(summaries: summaries, tags: index.tags.map { tagContexts[$0.name]! })
        var all = pageJobs(articles.count, annotated: articlePages ? articles.map { !$0.annotationsBytes.isEmpty } : [],
                           index: index, articlePages: articlePages, entityPages: entityPages)
        if let only {
            // Just these pages (gen serve's updates).
            let list = articles.map(\.article)
            all = all.filter { only.contains(path(of: $0, list, index: index)) }
        }
        let jobs = all
        // Made only for article pages (every entity and source serialized once).
        let fragments = jobs.contains { if case .article = $0 { true } else { false } }
            ? ArticleJSONLD.Fragments(entities: entities.index, sources: sources, config: config) : nil
        let failures = parallelMap(jobs.count, jobs: self.jobs) { i -> String? in
            let file: OutputFile
            switch jobs[i] {
            case .article(let n):
                file = articlePage(articles[n], tags: summaries[n].tags, site: site, fragments: fragments!)
            case .entity(let n): file = PhaseTimer.measure(13) { entityPage(n, summaries: summaries, site: site) }
            case .annotations(let n):
                file = OutputFile(path: articles[n].article.outputPath + "annotations.jsonld",
                                  bytes: articles[n].annotationsBytes, source: articles[n].article.path)
            case .tag(let n):
                file = tagPage(index.tags[n], context: tagContexts[index.tags[n].name]!, summaries: summaries, site: site)
            case .single(let kind): file = singlePage(kind, lists: lists, index: index, site: site)
            case .asset(let n):
                file = OutputFile(path: "assets/" + theme.assets[n].path, bytes: theme.assets[n].bytes, source: nil)
            }
            return Self.write(file, to: sink)
        }
        return failures.compactMap { $0 }
    }

    /// The contexts that show each article in lists (index, tags, entities, feed).
    public func summaries(of articles: [RenderedArticle], index: SiteIndex) -> [ArticleContext] {
        articles.map { ArticleContext(rendered: $0, tags: index.tagContexts(of: $0.article)) }
    }

    /// What an article's own files need from the rest of the site, made once per build.
    struct ArticleShared: Sendable {
        let site: SiteContext
        let fragments: ArticleJSONLD.Fragments
        let index: SiteIndex
    }

    func articleShared(index: SiteIndex) -> ArticleShared {
        ArticleShared(site: SiteContext(config: config),
                      fragments: ArticleJSONLD.Fragments(entities: entities.index, sources: sources, config: config),
                      index: index)
    }

    /// Renders and writes one article's page and annotations, as soon as its Markdown is
    /// rendered: the same files `run` makes, while the article is at hand. `planned` says
    /// whether its annotations file was planned; a planned one that is not made (every note
    /// orphaned) is removed. Returns the write failures.
    func writeArticle(_ rendered: RenderedArticle, shared: ArticleShared, planned: Bool, sink: OutputSink) -> [String] {
        var failures: [String] = []
        let page = articlePage(rendered, tags: shared.index.tagContexts(of: rendered.article), site: shared.site,
                               fragments: shared.fragments)
        if let failure = Self.write(page, to: sink) {
            failures.append(failure)
        }
        let annotations = rendered.article.outputPath + "annotations.jsonld"
        if !rendered.annotationsBytes.isEmpty {
            let file = OutputFile(path: annotations, bytes: rendered.annotationsBytes, source: rendered.article.path)
            if let failure = Self.write(file, to: sink) { failures.append(failure) }
        } else if planned {
            do { try sink.remove(annotations) } catch { failures.append("\(error)") }
        }
        return failures
    }

    private static func write(_ file: OutputFile, to sink: OutputSink) -> String? {
        PhaseTimer.measure(12) { () -> String? in
            do { try sink.write(file); return nil } catch { return "\(error)" }
        }
    }

    private struct ListContexts: Sendable {
        var summaries: [ArticleContext]
        var tags: [TagContext]
    }

    func articlePage(_ rendered: RenderedArticle, tags: [TagContext], site: SiteContext,
                     fragments: ArticleJSONLD.Fragments) -> OutputFile {
        let mentions = rendered.mentions
        let mentioned = mentions.order.indices.map {
            CoMentionContext(index: entities.index, number: mentions.order[$0], count: mentions.counts[$0])
        }
        let context = ArticleContext(rendered: rendered, tags: tags, includeBody: true, entities: mentioned)
        let article = rendered.article
        let page = PageContext(kind: "article", site: site, root: "../../", title: article.title,
                               path: article.outputPath,
                               extra: ["article": .object(context),
                                       "jsonld": .bytes(PhaseTimer.measure(11) {
                                           ArticleJSONLD.bytes(rendered, config: config, fragments: fragments)
                                       })])
        return OutputFile(path: article.outputPath + "index.html", bytes: theme.render("article", page),
                          source: article.path)
    }

    private func entityPage(_ n: Int, summaries: [ArticleContext], site: SiteContext) -> OutputFile {
        let entity = entities.pages[n].entity
        let context = EntityContext(pages: entities, page: n, summaries: summaries, full: true)
        let path = entities.index.paths[n]
        let page = PageContext(kind: "entity", site: site, root: "../../", title: entity.name, path: path,
                               extra: ["entity": .object(context),
                                       "jsonld": .bytes(EntityPages.jsonLD(entity, config: config).bytes(forScript: true))])
        return OutputFile(path: path + "index.html", bytes: theme.render("entity", page), source: entity.path)
    }

    private func tagPage(_ tag: SiteIndex.Tag, context: TagContext, summaries: [ArticleContext],
                         site: SiteContext) -> OutputFile {
        let page = PageContext(kind: "tag", site: site, root: "../../", title: tag.name,
                               path: "tags/\(tag.slug)/",
                               extra: ["tag": .object(context), "articles": .objects(tag.articleIndices.map { summaries[$0] })])
        return OutputFile(path: "tags/\(tag.slug)/index.html", bytes: theme.render("tag", page),
                          source: theme.origins["tag"])
    }

    private func singlePage(_ kind: String, lists: ListContexts, index: SiteIndex, site: SiteContext) -> OutputFile {
        let summaries = lists.summaries, allTags = lists.tags
        switch kind {
        case "index":
            return page("index", title: config.title, path: "", root: "./", file: "index.html",
                        extra: ["articles": .objects(summaries), "has_articles": .bool(!summaries.isEmpty),
                                "tags": .objects(allTags), "has_tags": .bool(!allTags.isEmpty)], site: site)
        case "tags":
            return page("tags", title: "Tags", path: "tags/", root: "../", file: "tags/index.html",
                        extra: ["tags": .objects(allTags), "has_tags": .bool(!allTags.isEmpty)], site: site)
        case "sources":
            let list = sourceContexts(summaries)
            return page("sources", title: "Sources", path: "sources/", root: "../", file: "sources/index.html",
                        extra: ["sources": .objects(list), "has_sources": .bool(!list.isEmpty)], site: site)
        case "entities":
            let groups = Entity.Kind.allCases.compactMap { kind -> KindGroupContext? in
                let members = entities.pages.indices.filter { entities.pages[$0].entity.kind == kind }
                    .sorted { entities.pages[$0].entity.name.lowercased() < entities.pages[$1].entity.name.lowercased() }
                    .map { EntityContext(pages: entities, page: $0, summaries: summaries) }
                return members.isEmpty ? nil : KindGroupContext(kind: kind, entities: members)
            }
            return page("entities", title: "Entities", path: "entities/", root: "../", file: "entities/index.html",
                        extra: ["groups": .objects(groups), "has_entities": .bool(!groups.isEmpty)], site: site)
        case "404":
            // The 404 page is served at any depth, so its links start from the site's base path.
            return page("404", title: "Page not found", path: "404.html", root: config.basePath,
                        file: "404.html", extra: [:], site: site)
        case "feed":
            return page("feed", title: config.title, path: "feed.xml", root: "./", file: "feed.xml",
                        extra: feedExtra(summaries), site: site)
        default:
            return page("sitemap", title: config.title, path: "sitemap.xml", root: "./", file: "sitemap.xml",
                        extra: ["urls": .objects(sitemapEntries(summaries, tags: index.tags))], site: site)
        }
    }

    private func page(_ kind: String, title: String, path: String, root: String, file: String,
                      extra: [String: TemplateValue], site: SiteContext) -> OutputFile {
        let context = PageContext(kind: kind, site: site, root: root, title: title, path: path, extra: extra)
        return OutputFile(path: file, bytes: theme.render(kind, context), source: theme.origins[kind])
    }

    private func absolute(_ path: String) -> String { config.normalizedBaseURL + path }

    /// Every source, cited or not, by author and title, with the articles that cite it.
    private func sourceContexts(_ summaries: [ArticleContext]) -> [SourceContext] {
        var citedBy: [String: [ArticleContext]] = [:]
        for summary in summaries {
            for key in summary.rendered.citedKeys { citedBy[key, default: []].append(summary) }
        }
        return sources.sorted { SourceContext.sortKey($0) < SourceContext.sortKey($1) }
            .map { SourceContext(source: $0, citedBy: citedBy[$0.id] ?? []) }
    }

    private func feedExtra(_ summaries: [ArticleContext]) -> [String: TemplateValue] {
        let newest = summaries.compactMap(\.article.date).max()?.rfc3339 ?? "1970-01-01T00:00:00Z"
        let entries = summaries.prefix(Self.feedLimit).map { item in
            FeedEntryContext(title: item.article.title, url: absolute(item.article.outputPath),
                             updated: item.article.date?.rfc3339 ?? newest,
                             summary: item.rendered.summary, author: item.article.author)
        }
        return ["entries": .objects(Array(entries)), "updated": .text(newest), "feed_url": .text(absolute("feed.xml")),
                "home_url": .text(absolute(""))]
    }

    private func sitemapEntries(_ summaries: [ArticleContext], tags: [SiteIndex.Tag]) -> [FeedEntryContext] {
        var entries = [FeedEntryContext(title: config.title, url: absolute(""))]
        entries += summaries.map {
            FeedEntryContext(title: $0.article.title, url: absolute($0.article.outputPath),
                             updated: $0.article.date?.isoDate)
        }
        entries.append(FeedEntryContext(title: "Tags", url: absolute("tags/")))
        entries.append(FeedEntryContext(title: "Sources", url: absolute("sources/")))
        entries.append(FeedEntryContext(title: "Entities", url: absolute("entities/")))
        entries += zip(entities.index.entities, entities.index.paths).map { FeedEntryContext(title: $0.name, url: absolute($1)) }
        entries += tags.map { FeedEntryContext(title: $0.name, url: absolute("tags/\($0.slug)/")) }
        return entries
    }
}
