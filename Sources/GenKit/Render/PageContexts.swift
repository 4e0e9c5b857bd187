import ByteText
import Templates

// Typed view models handed to the templates. Each answers Mustache's lookups through
// `TemplateObject` (a switch, not reflection); each is a class, so the context stack holds one
// reference instead of every field.
// docs/templates.md lists every name.

/// `site`: the site's settings, on every page.
public final class SiteContext: TemplateObject {
    let config: SiteConfig
    let menu: [MenuEntryContext]
    /// The theme's words in the site's language (`{{labels.notes}}`).
    let labels: LabelsContext
    /// Whether the site has entities and sources: the header links their lists only then.
    let hasEntities: Bool, hasSources: Bool

    init(config: SiteConfig, menu: [MenuEntryContext] = [], hasEntities: Bool = true, hasSources: Bool = true) {
        self.config = config
        self.menu = menu
        self.labels = LabelsContext(config.labels)
        self.hasEntities = hasEntities
        self.hasSources = hasSources
    }

    private static let names = TemplateKey.Table(["title", "description", "language", "og_locale", "direction", "labels", "base_url",
                                                  "generator", "menu", "has_menu", "search", "has_entities", "has_sources"].map { ($0, $0) })

    /// Asked on every page, often for names it does not have: a miss costs no comparison.
    public func value(forKey key: TemplateKey) -> TemplateValue {
        Self.names.field(key).map(value(for:)) ?? .null
    }

    public func value(for name: String) -> TemplateValue {
        switch name {
        case "title": .string(config.title)
        case "description": .string(config.description.isEmpty ? nil : config.description)
        case "language": .string(config.language)
        case "og_locale": .string(labels.labels.openGraphLocale)
        case "direction": .string(labels.labels.direction)
        case "labels": .object(labels)
        case "base_url": .string(config.normalizedBaseURL.isEmpty ? nil : config.normalizedBaseURL)
        case "generator": .string("gen")
        case "menu": .objects(menu)
        case "has_menu": .bool(!menu.isEmpty)
        case "has_entities": .bool(hasEntities)
        case "has_sources": .bool(hasSources)
        case "search": .bool(config.search.indexed)
        default: .null
        }
    }
}

/// The theme's strings by key: `{{labels.min_read}}`.
public final class LabelsContext: TemplateObject {
    let labels: ThemeLabels

    /// The labels by template key, made once per site.
    private let byKey: TemplateKey.Table<TemplateValue>

    init(_ labels: ThemeLabels) {
        self.labels = labels
        byKey = TemplateKey.Table(labels.strings.sorted { $0.key < $1.key }.map { ($0.key, TemplateValue.text($0.value)) })
    }

    public func value(for name: String) -> TemplateValue { .string(labels.strings[name]) }

    public func value(forKey key: TemplateKey) -> TemplateValue { byKey.field(key) ?? .null }
}

/// A link of the menu on one page: the entry's fields, and `current` on the page it links to
/// (for `aria-current`).
public final class MenuItemContext: TemplateObject {
    let entry: MenuEntryContext
    let current: Bool

    init(_ entry: MenuEntryContext, current: Bool) {
        self.entry = entry
        self.current = current
    }

    public func value(for name: String) -> TemplateValue {
        name == "current" ? .bool(current) : entry.value(for: name)
    }
}

/// One link of `site.menu`: `name`, `url`, `external` (an absolute address; otherwise the
/// link is `{{root}}{{url}}`).
public final class MenuEntryContext: TemplateObject {
    let entry: SiteConfig.MenuEntry
    let url: String
    let external: Bool

    init(_ entry: SiteConfig.MenuEntry) {
        self.entry = entry
        external = entry.url.contains("://") || entry.url.hasPrefix("mailto:")
        // Site-relative whichever way it was written: "/about/", "about/", "about".
        var url = entry.url
        if !external {
            while url.hasPrefix("/") { url.removeFirst() }
            if !url.isEmpty, !url.hasSuffix("/"), !url.split(separator: "/").last!.contains(".") { url += "/" }
        }
        self.url = url
    }

    public func value(for name: String) -> TemplateValue {
        switch name {
        case "name": .text(entry.name)
        case "url": .text(url)
        case "external": .bool(external)
        default: .null
        }
    }
}

/// A tag as a link: `name`, `slug`, `path`, `count`.
public final class TagContext: TemplateObject {
    let name: String
    let slug: String
    let count: Int

    init(name: String, slug: String, count: Int) {
        self.name = name
        self.slug = slug
        self.count = count
    }

    public func value(for key: String) -> TemplateValue {
        switch key {
        case "name": .string(name)
        case "slug": .string(slug)
        case "path": .string("tags/\(slug)/")
        case "count": .int(count)
        case "one": .bool(count == 1)
        default: .null
        }
    }
}

/// An article as listed on index and tag pages, and the base of the article page.
public final class ArticleContext: TemplateObject {
    let rendered: RenderedArticle
    let tags: [TagContext]
    /// The page body, set only on the article's own page.
    let includeBody: Bool
    /// The entities its text mentions, in order of first mention (on its own page).
    let entities: [CoMentionContext]

    let article: Article
    // The values lists ask for most, made once: an article appears on many pages.
    private let author: TemplateValue, publisher: TemplateValue, summary: TemplateValue, summaryHTML: TemplateValue
    /// The title with its inline Markdown as HTML (`{{{title_html}}}`); `title` is its plain text.
    private let titleHTML: String

    init(rendered: RenderedArticle, tags: [TagContext], includeBody: Bool = false, entities: [CoMentionContext] = []) {
        self.rendered = rendered
        self.tags = tags
        self.includeBody = includeBody
        self.entities = entities
        let article = rendered.article
        self.article = article
        titleText = InlineMarkdown.plain(article.title)
        titleHTML = InlineMarkdown.html(article.title)
        pathText = article.outputPath
        dateText = rendered.displayDate ?? article.date?.display
        dateISOText = article.date?.isoDate
        author = .string(article.author)
        publisher = .string(article.publisher)
        summary = .string(rendered.summary.isEmpty ? nil : rendered.summary)
        summaryHTML = rendered.summary.isEmpty ? .null : .text(article.summary.map(InlineMarkdown.html) ?? HTMLEscape.escape(rendered.summary))
        hasDate = .bool(article.date != nil)
        sourceCount = rendered.citedKeys.count
        noteCount = rendered.anchored.count
        entityCount = rendered.mentions.order.count
    }

    /// Whether `old` and `new` give the same list row: every value a row may show (all but the
    /// page's own body, notes, sources and contents) is made of what is compared here.
    static func sameRow(_ old: RenderedArticle, _ new: RenderedArticle) -> Bool {
        let a = old.article, b = new.article
        return a.title == b.title && a.date == b.date && a.author == b.author && a.publisher == b.publisher
            && a.url == b.url && a.draft == b.draft && a.params == b.params && a.tags == b.tags && a.summary == b.summary
            && old.summary == new.summary && old.displayDate == new.displayDate && old.wordCount == new.wordCount
            && old.citedKeys.count == new.citedKeys.count && old.mentions.order.count == new.mentions.order.count
            && old.orphans.map(\.note.quote) == new.orphans.map(\.note.quote) && old.notesBytes == new.notesBytes
    }

    // Read from `rendered` once: reaching into the stored article from a lookup copied it.
    private let hasDate: TemplateValue
    /// Texts every list row shows: `write(forKey:)` writes them straight into the page.
    private let titleText: String, pathText: String, dateText: String?, dateISOText: String?
    private let sourceCount: Int, noteCount: Int
    private let entityCount: Int

    /// Its names, looked up through a table: a `switch` on strings compares them one by one,
    /// and an entity page asks each of its rows for names it does not have (`root`).
    enum Field: String, CaseIterable {
        case title, titleHtml = "title_html", summaryHtml = "summary_html", path, hasDate = "has_date", date, dateIso = "date_iso", author, publisher, summary, slug,
            datetime, sourceUrl = "source_url", hasSourceUrl = "has_source_url", tags, hasTags = "has_tags",
            wordCount = "word_count", readingMinutes = "reading_minutes", draft, params, body,
            notesHtml = "notes_html", sourcesHtml = "sources_html", sourceCount = "source_count",
            hasSources = "has_sources", noteCount = "note_count", hasNotes = "has_notes", oneNote = "one_note",
            oneSource = "one_source", factCheckCount = "fact_check_count", notes, orphans,
            hasOrphans = "has_orphans", entities, hasEntities = "has_entities", entityCount = "entity_count",
            toc, hasToc = "has_toc"
    }
    private static let table = TemplateKey.Table(Field.allCases.map { ($0.rawValue, $0) })

    public func value(for name: String) -> TemplateValue { Self.table.field(named: name).map(value(of:)) ?? .null }
    public func value(forKey key: TemplateKey) -> TemplateValue { Self.table.field(key).map(value(of:)) ?? .null }

    /// The texts every list row shows, written without making values of them.
    public func write(forKey key: TemplateKey, escaped: Bool, to out: inout [UInt8]) -> Bool {
        guard let field = Self.table.field(key) else { return false }
        switch field {
        case .title: HTMLEscape.write(titleText, escaped: escaped, to: &out)
        case .path: HTMLEscape.write(pathText, escaped: escaped, to: &out)
        case .date:
            guard let dateText else { return false }
            HTMLEscape.write(dateText, escaped: escaped, to: &out)
        case .dateIso:
            guard let dateISOText else { return false }
            HTMLEscape.write(dateISOText, escaped: escaped, to: &out)
        default: return value(of: field).writeIfPresent(escaped: escaped, to: &out)
        }
        return true
    }

    private func value(of field: Field) -> TemplateValue {
        switch field {
        case .title: .text(titleText)
        case .titleHtml: .text(titleHTML)
        case .summaryHtml: summaryHTML
        case .path: .text(pathText)
        case .hasDate: hasDate
        case .date: .string(dateText)
        case .dateIso: .string(dateISOText)
        case .author: author
        case .publisher: publisher
        case .summary: summary
        case .slug: .string(rendered.article.slug)
        case .datetime: .string(rendered.article.date?.rfc3339)
        case .sourceUrl: .string(rendered.article.url)
        case .hasSourceUrl: .bool(rendered.article.url != nil)
        case .tags: .objects(tags)
        case .hasTags: .bool(!tags.isEmpty)
        case .wordCount: .int(rendered.wordCount)
        case .readingMinutes: .int(max(1, (rendered.wordCount + 199) / 200))
        case .draft: .bool(rendered.article.draft)
        case .params: .dictionary(rendered.article.params.mapValues { .text($0) })
        case .body: includeBody ? .bytes(rendered.htmlBytes) : .null
        case .notesHtml: includeBody && !rendered.notesBytes.isEmpty ? .bytes(rendered.notesBytes) : .null
        case .sourcesHtml: includeBody && !rendered.sourcesBytes.isEmpty ? .bytes(rendered.sourcesBytes) : .null
        case .sourceCount: .int(sourceCount)
        case .hasSources: .bool(sourceCount > 0)
        case .noteCount: .int(noteCount)
        case .hasNotes: .bool(noteCount > 0)
        case .oneNote: .bool(noteCount == 1)
        case .oneSource: .bool(sourceCount == 1)
        case .factCheckCount: .int(rendered.anchored.count { $0.note.kind == .factCheck })
        case .notes: .objects(rendered.anchored.map(NoteContext.init))
        case .orphans: .objects(rendered.orphans.map(OrphanContext.init))
        case .hasOrphans: .bool(!rendered.orphans.isEmpty)
        case .entities: .objects(entities)
        case .hasEntities: .bool(!entities.isEmpty)
        case .entityCount: .int(entityCount)
        case .toc: includeBody && !rendered.tocBytes.isEmpty ? .bytes(rendered.tocBytes) : .null
        case .hasToc: .bool(includeBody && !rendered.tocBytes.isEmpty)
        }
    }
}

/// The object every page template renders: shared fields plus the page's own.
public final class PageContext: TemplateObject {
    /// Which template: index, article, tag, tags, 404, feed, sitemap.
    let kind: String
    let site: SiteContext
    /// The way from this page back to the site root: "./", "../../", ...
    let root: String
    let title: String
    /// The page's path below the site root ("articles/x/"), "" for the home page.
    let path: String
    /// Whether the page has a canonical address (`PageKind.isCanonical`).
    let canonical: Bool
    let extra: [String: TemplateValue]

    init(kind: String, canonical: Bool, site: SiteContext, root: String, title: String, path: String, extra: [String: TemplateValue] = [:]) {
        self.kind = kind
        self.canonical = canonical
        self.site = site
        self.root = root
        self.title = title
        self.path = path
        self.extra = extra
        self.isKind = "is_" + kind
        // What templates are checked against (`gen check`) must know every name a page has.
        assert(extra.keys.allSatisfy { Self.extraShapes[$0] != nil },
               "page names missing from PageContext.extraShapes: \(extra.keys.filter { Self.extraShapes[$0] == nil }.sorted())")
    }

    /// `is_KIND`, true for this page's kind: made once (every name not found above asks).
    private let isKind: String

    private enum Field { case site, root, pageTitle, kind, path, labels }
    private static let table = TemplateKey.Table([("site", Field.site), ("root", .root), ("page_title", .pageTitle),
                                                  ("kind", .kind), ("path", .path), ("labels", .labels)])

    public func write(forKey key: TemplateKey, escaped: Bool, to out: inout [UInt8]) -> Bool {
        switch Self.table.field(key) {
        case .root: HTMLEscape.write(root, escaped: escaped, to: &out)
        case .path: HTMLEscape.write(path, escaped: escaped, to: &out)
        default: return value(forKey: key).writeIfPresent(escaped: escaped, to: &out)
        }
        return true
    }

    /// The fields every lookup that reaches the bottom of the stack asks for, by table.
    public func value(forKey key: TemplateKey) -> TemplateValue {
        switch Self.table.field(key) {
        case .site: .object(site)
        case .root: .string(root)
        case .pageTitle: .string(title)
        case .kind: .string(kind)
        case .path: .string(path)
        case .labels: .object(site.labels)
        case nil: Self.answered.field(key) != nil ? value(for: key.name) : .null
        }
    }

    /// Every other name `value(for:)` may answer (`is_KIND` for each kind, every name a page
    /// may add): a lookup of any other name, which feeds and lists make on every row for their
    /// empty fields, ends here without comparing strings.
    private static let answered = TemplateKey.Table(
        (["canonical", "menu", "description"] + extraShapes.keys.sorted() + PageKinds.all.map { "is_" + $0.name }).map { ($0, true) })

    public func value(for name: String) -> TemplateValue {
        switch name {
        case "site": .object(site)
        case "root": .string(root)
        case "page_title": .string(title)
        case "kind": .string(kind)
        case isKind: .bool(true)
        case "path": .string(path)
        case "canonical": .string(site.config.normalizedBaseURL.isEmpty || !canonical ? nil : site.config.normalizedBaseURL + path)
        case "menu": .objects(site.menu.map { MenuItemContext($0, current: !$0.external && $0.url == path) })
        case "labels": .object(site.labels)
        case "description": extra[name] ?? .string(site.config.description.isEmpty ? nil : site.config.description)
        default: extra[name] ?? .null
        }
    }
}

/// One `<url>` of the sitemap or `<entry>` of the feed.
public final class FeedEntryContext: TemplateObject {
    let title: String
    let url: String
    let updated: String?
    let summary: String?
    let author: String?
    /// The whole article, with `[feed] full_content`.
    let content: [UInt8]?
    /// Its Atom id (an absolute IRI).
    let id: String?

    init(title: String, url: String, id: String? = nil, updated: String? = nil, summary: String? = nil,
         author: String? = nil, content: [UInt8]? = nil) {
        self.title = title
        self.url = url
        self.id = id
        self.updated = updated
        self.summary = summary
        self.author = author
        self.content = content
    }

    private static let names = TemplateKey.Table(["title", "url", "updated", "summary", "author", "content", "id"].map { ($0, $0) })

    /// Every row of a feed asks: a miss (a name of the page below) costs no comparison.
    public func value(forKey key: TemplateKey) -> TemplateValue {
        Self.names.field(key).map(value(for:)) ?? .null
    }

    public func value(for name: String) -> TemplateValue {
        switch name {
        case "title": .string(title)
        case "url": .string(url)
        case "updated": .string(updated)
        case "summary": .string(summary)
        case "author": .string(author)
        case "content": content.map { .bytes($0) } ?? .null
        case "id": .string(id ?? url)
        default: .null
        }
    }
}

/// A note, for themes that list notes their own way (`article.notes`).
public final class NoteContext: TemplateObject {
    let anchored: AnchoredNote

    init(_ anchored: AnchoredNote) { self.anchored = anchored }

    public func value(for name: String) -> TemplateValue {
        let note = anchored.note
        return switch name {
        case "id": .string(note.id)
        case "number": .int(anchored.number)
        case "kind": .string(note.kind.rawValue)
        case "kind_label": .string(NoteMarkup.kindLabel(note.kind))
        case "verdict": .string(note.publishedVerdict)
        case "quote": .string(anchored.exact)
        case "author": .string(note.author)
        case "file": .string(note.file)
        default: .null
        }
    }
}

/// A note whose quote is no longer in the article (`article.orphans`).
public final class OrphanContext: TemplateObject {
    let orphan: OrphanedNote

    init(_ orphan: OrphanedNote) { self.orphan = orphan }

    public func value(for name: String) -> TemplateValue {
        switch name {
        case "id": .string(orphan.note.id)
        case "quote": .string(orphan.note.quote)
        case "file": .string(orphan.note.file)
        case "line": .int(orphan.note.location.line)
        case "closest": .string(orphan.closest)
        case "similarity": orphan.similarity.map { .int(Int(($0 * 100).rounded(.down))) } ?? .null
        default: .null
        }
    }
}

/// A source on the /sources/ page.
public final class SourceContext: TemplateObject {
    let source: SourceRecord
    let citedBy: [ArticleContext]
    let labels: ThemeLabels

    init(source: SourceRecord, citedBy: [ArticleContext], labels: ThemeLabels) {
        self.source = source
        self.citedBy = citedBy
        self.labels = labels
    }

    static func sortKey(_ source: SourceRecord) -> String {
        let lead = source.authors.first.map { $0.family ?? $0.display } ?? source.title ?? source.id
        return (lead + " " + (source.title ?? "") + " " + source.id).lowercased()
    }

    public func value(for name: String) -> TemplateValue {
        switch name {
        case "id": .string(source.id)
        case "reference": .string(SourceFormatter.html(source, labels: labels))
        case "url": .string(source.url)
        case "archived": .string(source.archived)
        case "cited_by": .objects(citedBy)
        case "cited_count": .int(citedBy.count)
        case "is_cited": .bool(!citedBy.isEmpty)
        default: .null
        }
    }
}

/// An entity: on its own page (`full`, one page of its mentions), and in lists (`/entities/`).
public final class EntityContext: TemplateObject {
    let environment: PageEnvironment
    let number: Int
    let full: Bool
    let pagination: Pagination?

    let entity: Entity
    private let nameValue: TemplateValue, pathValue: TemplateValue
    /// How many documents that mention it are articles: they come first in its backlinks, the
    /// standalone pages after them.
    private let articleLines: Int

    init(_ environment: PageEnvironment, entity number: Int, full: Bool = false, pagination: Pagination? = nil) {
        self.environment = environment
        self.number = number
        self.full = full
        self.pagination = pagination
        let index = environment.site.entities
        self.entity = index.entities[number]
        self.nameValue = .text(entity.name)
        self.pathValue = .text(index.paths[number])
        self.articleLines = environment.site.backlinks.links[number].articleLines(articleCount: environment.site.articleCount)
    }

    /// Whether this is the entity's own page, first page: its later pages list mentions only.
    private var isFirstPage: Bool { full && (pagination?.number ?? 1) == 1 }

    /// The entity's backlinks, read in place (a copy would copy every list).
    private var data: EntityBacklinks.Links { _read { yield environment.site.backlinks.links[number] } }

    enum Field: String, CaseIterable {
        case name, path, articleCount = "article_count", slug, kind, kindLabel = "kind_label", description, aliases,
            hasAliases = "has_aliases", wikidata, wikidataUrl = "wikidata_url", url, mentionCount = "mention_count",
            hasArticles = "has_articles", oneArticle = "one_article", body, articles, pages, hasPages = "has_pages",
            notes, hasNotes = "has_notes",
            coMentions = "co_mentions", hasCoMentions = "has_co_mentions", picture, feedPath = "feed_path"
    }
    private static let table = TemplateKey.Table(Field.allCases.map { ($0.rawValue, $0) })

    /// Names through a table, as `ArticleContext`: every row of its page asks it for `root`.
    public func value(for name: String) -> TemplateValue { Self.table.field(named: name).map(value(of:)) ?? .null }
    public func value(forKey key: TemplateKey) -> TemplateValue { Self.table.field(key).map(value(of:)) ?? .null }

    private func value(of field: Field) -> TemplateValue {
        switch field {
        case .name: nameValue
        case .path: pathValue
        case .articleCount: .int(articleLines)
        case .slug: .text(entity.slug)
        case .kind: .text(entity.kind.rawValue)
        case .kindLabel: .text(environment.siteContext.labels.labels.entityKind(entity.kind))
        case .description: .string(entity.description)
        case .aliases: .list(entity.aliases.map { .text($0) })
        case .hasAliases: .bool(!entity.aliases.isEmpty)
        case .wikidata: .string(entity.wikidata)
        case .wikidataUrl: .string(entity.wikidata.map(EntityPages.wikidataURL))
        case .url: .string(entity.url)
        case .mentionCount: .int(data.articles[..<articleLines].reduce(0) { $0 + $1.count })
        case .hasArticles: .bool(articleLines > 0)
        case .oneArticle: .bool(articleLines == 1)
        case .body:
            if isFirstPage, case let body = environment.entityPages.bodies[number], !body.isEmpty { .text(body) } else { .null }
        case .articles:
            if full, case let mention = TemplateValue.text("mention-\(entity.slug)-1") {
                .objects(data.articles[pagination?.range ?? 0..<articleLines].map {
                    EntityArticleContext(summary: environment.summaries[$0.article], mention: mention, count: $0.count,
                                         sentence: $0.sentence)
                })
            } else { .null }
        case .pages:
            if isFirstPage, case let mention = TemplateValue.text("mention-\(entity.slug)-1") {
                .objects(data.articles[articleLines...].map {
                    EntityArticleContext(summary: environment.summaries[$0.article], mention: mention, count: $0.count,
                                         sentence: $0.sentence)
                })
            } else { .null }
        case .hasPages: .bool(isFirstPage && articleLines < data.articles.count)
        case .notes:
            if isFirstPage {
                .objects(data.notes.map { line in
                    let rendered = environment.site.rendered
                    let anchored = rendered.indices.contains(line.article)
                        ? rendered[line.article].anchored.first { $0.note.id == line.note } : nil
                    return EntityNoteContext(summary: environment.summaries[line.article], note: line.note, anchored: anchored,
                                             config: environment.config)
                })
            } else { .null }
        case .hasNotes: .bool(isFirstPage && !data.notes.isEmpty)
        case .coMentions:
            full && !isFirstPage ? .null
                : .objects(data.coMentions.map { CoMentionContext(index: environment.site.entities, number: $0.entity, count: $0.count) })
        case .hasCoMentions: .bool((!full || isFirstPage) && !data.coMentions.isEmpty)
        case .picture:
            if isFirstPage, case let svg = EntityPages.picture(number, backlinks: environment.site.backlinks, labels: environment.config.labels), !svg.isEmpty { .text(svg) } else { .null }
        case .feedPath: .text(EntityFeedKind.path(number, in: environment.site.entities))
        }
    }
}

/// An article on an entity's page: `title`, `path`, `date`, `date_iso`, `count` (mentions),
/// `sentence` (around the first), `mention` (the id of the first mention, for `path#mention`).
public final class EntityArticleContext: TemplateObject {
    let summary: ArticleContext
    let count: Int
    let sentence: [UInt8]
    let mention: TemplateValue

    /// `mention` is the same on every row of a page: made once by the page.
    init(summary: ArticleContext, mention: TemplateValue, count: Int, sentence: [UInt8]) {
        self.summary = summary
        self.count = count
        self.sentence = sentence
        self.mention = mention
    }

    private enum Field { case count, one, sentence, mention }
    private static let table = TemplateKey.Table([("count", Field.count), ("one", .one), ("sentence", .sentence),
                                                  ("mention", .mention)])

    /// Its own fields; the rest are the article's (`summary`).
    public func value(for name: String) -> TemplateValue {
        Self.table.field(named: name).map(value(of:)) ?? summary.value(for: name)
    }

    public func value(forKey key: TemplateKey) -> TemplateValue {
        Self.table.field(key).map(value(of:)) ?? summary.value(forKey: key)
    }

    /// The article's fields are written by the article (without making values of them).
    public func write(forKey key: TemplateKey, escaped: Bool, to out: inout [UInt8]) -> Bool {
        guard let field = Self.table.field(key) else { return summary.write(forKey: key, escaped: escaped, to: &out) }
        return value(of: field).writeIfPresent(escaped: escaped, to: &out)
    }

    private func value(of field: Field) -> TemplateValue {
        switch field {
        case .count: .int(count)
        case .one: .bool(count == 1)
        case .sentence: sentence.isEmpty ? .null : .bytes(sentence)
        case .mention: mention
        }
    }
}

/// A note mentioning an entity: `article_title`, `path` (the article), `note` (`note-ID`),
/// `quote` (the passage it is on, as the reader sees it), and for a fact check `verdict` (its
/// label, or "Under review" while it is held) and `verdict_key`.
public final class EntityNoteContext: TemplateObject {
    let summary: ArticleContext
    let note: String
    let anchored: AnchoredNote?
    let config: SiteConfig

    init(summary: ArticleContext, note: String, anchored: AnchoredNote?, config: SiteConfig) {
        self.summary = summary
        self.note = note
        self.anchored = anchored
        self.config = config
    }

    public func value(for name: String) -> TemplateValue {
        switch name {
        case "article_title": summary.value(for: "title")
        case "path": summary.value(for: "path")
        case "note": .text("note-\(note)")
        case "quote": .string(anchored?.exact)
        case "verdict":
            .string(verdictKey.flatMap { key in
                key == Note.underReview ? config.labels["under_review"] : config.verdicts.first { $0.key == key }?.label
            })
        case "verdict_key": .string(verdictKey)
        default: .null
        }
    }

    private var verdictKey: String? { anchored?.note.kind == .factCheck ? anchored?.note.publishedVerdict : nil }
}

/// Another entity with a count: co-mentions on an entity page, the entities of an article.
public final class CoMentionContext: TemplateObject {
    /// The site's entities, their pages' paths and this one's number (a copy of the entity, or of
    /// the whole index, is a dozen references: there is one of these per entity on every page).
    let entities: [Entity]
    let paths: [String]
    let number: Int
    let count: Int

    init(index: EntityIndex, number: Int, count: Int) {
        self.entities = index.entities
        self.paths = index.paths
        self.number = number
        self.count = count
    }

    private enum Field { case name, slug, path, kind, count, one }
    private static let table = TemplateKey.Table([("name", Field.name), ("slug", .slug), ("path", .path), ("kind", .kind),
                                                  ("count", .count), ("one", .one)])

    public func value(for name: String) -> TemplateValue { Self.table.field(named: name).map(value(of:)) ?? .null }
    public func value(forKey key: TemplateKey) -> TemplateValue { Self.table.field(key).map(value(of:)) ?? .null }

    /// Every article page lists its entities: their texts are written where they are kept.
    public func write(forKey key: TemplateKey, escaped: Bool, to out: inout [UInt8]) -> Bool {
        switch Self.table.field(key) {
        case .name: HTMLEscape.write(entities[number].name, escaped: escaped, to: &out)
        case .slug: HTMLEscape.write(entities[number].slug, escaped: escaped, to: &out)
        case .path: HTMLEscape.write(paths[number], escaped: escaped, to: &out)
        case .some(let field): value(of: field).write(escaped: escaped, to: &out)
        case nil: return false
        }
        return true
    }

    private func value(of field: Field) -> TemplateValue {
        switch field {
        case .name: .text(entities[number].name)
        case .slug: .text(entities[number].slug)
        case .path: .text(paths[number])
        case .kind: .text(entities[number].kind.rawValue)
        case .count: .int(count)
        case .one: .bool(count == 1)
        }
    }
}

/// One kind of entity on `/entities/`: `kind`, `label` (plural), `entities`, `count`.
public final class KindGroupContext: TemplateObject {
    let kind: Entity.Kind
    let entities: [EntityContext]
    /// How many entities of the kind the site has (a page of the list shows some of them).
    let count: Int

    let labels: ThemeLabels

    init(kind: Entity.Kind, entities: [EntityContext], count: Int, labels: ThemeLabels) {
        self.labels = labels
        self.kind = kind
        self.entities = entities
        self.count = count
    }

    public func value(for name: String) -> TemplateValue {
        switch name {
        case "kind": .text(kind.rawValue)
        case "label": .text(labels.entityKind(kind, plural: true))
        case "entities": .objects(entities)
        case "count": .int(count)
        default: .null
        }
    }
}
