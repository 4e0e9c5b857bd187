import Foundation
import Templates

/// An article's page: `articles/SLUG/index.html`.
struct ArticleKind: DocumentPageKind, TemplatedPageKind {
    var name: String { "article" }
    var alwaysMade: Bool { true }
    var templateName: String { "article" }
    var phase: PagePhase { .document }
    var inSitemap: Bool { true }

    func items(in site: SiteContent) -> [Int] { Array(site.articleRange) }
    func path(of item: Int, in site: SiteContent) -> String { site.documents[item].outputPath + "index.html" }
    func updated(_ item: Int, in site: SiteContent) -> String? { site.documents[item].date?.isoDate }
    func origin(of item: Int, in site: SiteContent) -> SourceLocation? { SourceLocation(site.documents[item].path) }
    func render(_ item: Int, in environment: PageEnvironment) -> OutputFile { render(environment.site.rendered[item], in: environment) }
    func dependsOn(_ change: SiteChange, item: Int, in site: SiteContent) -> Bool { change.documents.contains(item) }

    func render(_ rendered: RenderedArticle, in environment: PageEnvironment) -> OutputFile {
        DocumentPage.render(rendered, kind: self, in: environment)
    }

    func render(document: RenderedArticle, in environment: PageEnvironment) -> OutputFile? {
        document.article.kind == .article ? render(document, in: environment) : nil
    }
}

/// A standalone page (`content/pages/PATH.md`): `PATH/index.html`, with the same Markdown,
/// citations, entity links and notes as an article, not listed with the articles.
struct StandalonePageKind: DocumentPageKind, TemplatedPageKind {
    var name: String { "page" }
    var displayName: String { "standalone page" }
    var alwaysMade: Bool { true }
    var templateName: String { "page" }
    var phase: PagePhase { .document }
    var inSitemap: Bool { true }

    func items(in site: SiteContent) -> [Int] { Array(site.pageRange) }
    func path(of item: Int, in site: SiteContent) -> String { site.documents[item].outputPath + "index.html" }
    func updated(_ item: Int, in site: SiteContent) -> String? { site.documents[item].date?.isoDate }
    func origin(of item: Int, in site: SiteContent) -> SourceLocation? { SourceLocation(site.documents[item].path) }
    func render(_ item: Int, in environment: PageEnvironment) -> OutputFile { render(environment.site.rendered[item], in: environment) }
    func dependsOn(_ change: SiteChange, item: Int, in site: SiteContent) -> Bool { change.documents.contains(item) }

    func render(_ rendered: RenderedArticle, in environment: PageEnvironment) -> OutputFile {
        DocumentPage.render(rendered, kind: self, in: environment)
    }

    func render(document: RenderedArticle, in environment: PageEnvironment) -> OutputFile? {
        document.article.kind == .page ? render(document, in: environment) : nil
    }
}

/// The page of an article or a standalone page: its body, notes, sources and JSON-LD.
enum DocumentPage {
    /// An image's absolute URL for Open Graph: as written when it is one, else from `base_url`
    /// (nil without it: the protocol wants absolute URLs).
    static func absoluteImage(_ image: String, config: SiteConfig) -> String? {
        let lower = image.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") { return image }
        if image.hasPrefix("//") { return "https:" + image }
        let base = config.normalizedBaseURL
        guard !base.isEmpty else { return nil }
        return base + image.split(separator: "/").map {
            $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0)
        }.joined(separator: "/")
    }

    static func render(_ rendered: RenderedArticle, kind: some TemplatedPageKind, in environment: PageEnvironment) -> OutputFile {
        let mentions = rendered.mentions
        let entities = environment.site.entities
        let mentioned = mentions.order.indices.map {
            CoMentionContext(index: entities, number: mentions.order[$0], count: mentions.counts[$0])
        }
        let article = rendered.article
        let context = ArticleContext(rendered: rendered, tags: environment.tags(of: article), includeBody: true,
                                     entities: mentioned)
        let depth = article.depth
        var extra: [String: TemplateValue] = ["article": .object(context), "page": .object(context),
                                              "description": .string(rendered.summary.isEmpty ? nil : rendered.summary),
                                              "image": .string(rendered.firstImage.flatMap { Self.absoluteImage($0, config: environment.config) }),
                                              "is_draft": .bool(article.draft),
                                              "jsonld": .bytes(PhaseTimer.measure(11) {
                                                  ArticleJSONLD.bytes(rendered, config: environment.config,
                                                                      fragments: environment.fragments)
                                              })]
        if environment.config.search.indexed {
            extra["search_filters"] = .bytes(SearchMarkup.filters(rendered, tags: context.tags.map(\.name),
                                                                  entities: mentions.order.map { entities.entities[$0].name },
                                                                  sourceTitles: environment.sourceTitles))
        }
        let page = PageContext(kind: kind.name, canonical: kind.isCanonical, site: environment.siteContext, root: SitePath.root(depth: depth),
                               title: InlineMarkdown.plain(article.title), path: article.outputPath, extra: extra)
        var file = OutputFile(path: article.outputPath + "index.html",
                              bytes: environment.finished(environment.theme.render(kind.templateName, page), path: "index.html"),
                              source: article.path)
        file.noteSources = Array(Set(rendered.anchored.map(\.note.file))).sorted()
        return file
    }
}

/// A document's notes as a W3C Web Annotation collection: `PATH/annotations.jsonld`.
struct AnnotationsKind: DocumentPageKind {
    var name: String { "annotations" }
    var alwaysMade: Bool { false }
    var template: PageTemplate { .verbatim }
    var phase: PagePhase { .document }
    var inSitemap: Bool { false }

    func items(in site: SiteContent) -> [Int] { site.documents.indices.filter { site.annotated[$0] } }
    func path(of item: Int, in site: SiteContent) -> String { site.documents[item].outputPath + "annotations.jsonld" }
    func render(_ item: Int, in environment: PageEnvironment) -> OutputFile { render(environment.site.rendered[item]) }
    func dependsOn(_ change: SiteChange, item: Int, in site: SiteContent) -> Bool { change.documents.contains(item) }

    func render(_ rendered: RenderedArticle) -> OutputFile {
        OutputFile(path: rendered.article.outputPath + "annotations.jsonld", bytes: rendered.annotationsBytes,
                   source: rendered.article.path)
    }

    /// None when every note of the document is orphaned (or it has none).
    func render(document: RenderedArticle, in environment: PageEnvironment) -> OutputFile? {
        document.annotationsBytes.isEmpty ? nil : render(document)
    }
}

/// A page at an address an article or standalone page had before (`aliases` in its front
/// matter, as in Hugo): it sends the reader on to the page (`<meta http-equiv="refresh">`,
/// and a link), names it canonical and asks search engines not to index it.
struct AliasKind: TemplatedPageKind {
    struct Item: Sendable {
        var document: Int
        var file: String
        /// Where its front matter asks for it.
        var location: SourceLocation
    }

    var name: String { "alias" }
    var displayName: String { "alias" }
    var templateName: String { "alias" }
    var isCanonical: Bool { false }
    var phase: PagePhase { .lists }
    var inSitemap: Bool { false }

    func items(in site: SiteContent) -> [Item] {
        site.documents.indices.flatMap { n in
            let document = site.documents[n]
            return document.aliases.indices.map { i in
                Item(document: n, file: document.aliases[i],
                     location: i < document.aliasLocations.count ? document.aliasLocations[i] : SourceLocation(document.path))
            }
        }
    }
    func path(of item: Item, in site: SiteContent) -> String { item.file }
    /// The file whose `aliases` asks for the page, named when the address is taken.
    func source(of item: Item, in site: SiteContent) -> String? { site.documents[item.document].path }
    func origin(of item: Item, in site: SiteContent) -> SourceLocation? { item.location }
    /// The page's title.
    func dependsOn(_ change: SiteChange, item: Item, in site: SiteContent) -> Bool { change.documents.contains(item.document) }

    func render(_ item: Item, in environment: PageEnvironment) -> OutputFile {
        let document = environment.site.documents[item.document]
        let root = SitePath.root(depth: SitePath.depth(of: item.file))
        let target = (root.isEmpty ? "./" : root) + document.outputPath + (environment.config.fileURLs ? "index.html" : "")
        var extra: [String: TemplateValue] = ["target": .text(target)]
        // Its canonical address needs `base_url`, as every page's does.
        if !environment.config.normalizedBaseURL.isEmpty { extra["target_url"] = .text(environment.absolute(document.outputPath)) }
        return environment.page(self, title: InlineMarkdown.plain(document.title), path: item.file, root: root, file: item.file,
                                extra: extra, source: document.path)
    }
}
