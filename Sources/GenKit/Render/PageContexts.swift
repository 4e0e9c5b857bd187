import Mustache

// Typed view models handed to the templates. Each answers Mustache's lookups through
// `MustacheParent` (a switch, not reflection), and each is a class, so that swift-mustache's
// many copies of its context stack retain one reference instead of every field.
// docs/templates.md lists every name.

/// `site`: the site's settings, on every page.
public final class SiteContext: MustacheParent, Sendable {
    let config: SiteConfig

    init(config: SiteConfig) { self.config = config }

    public func child(named name: String) -> Any? {
        switch name {
        case "title": Text.wrap(config.title)
        case "description": Text.wrap(config.description.isEmpty ? nil : config.description)
        case "language": Text.wrap(config.language)
        case "base_url": Text.wrap(config.normalizedBaseURL.isEmpty ? nil : config.normalizedBaseURL)
        case "generator": Text.wrap("gen")
        default: nil
        }
    }
}

/// A tag as a link: `name`, `slug`, `path`, `count`.
public final class TagContext: MustacheParent, Sendable {
    let name: String
    let slug: String
    let count: Int

    init(name: String, slug: String, count: Int) {
        self.name = name
        self.slug = slug
        self.count = count
    }

    public func child(named key: String) -> Any? {
        switch key {
        case "name": Text.wrap(name)
        case "slug": Text.wrap(slug)
        case "path": Text.wrap("tags/\(slug)/")
        case "count": count
        case "one": count == 1
        default: nil
        }
    }
}

/// An article as listed on index and tag pages, and the base of the article page.
public final class ArticleContext: MustacheParent, Sendable {
    let rendered: RenderedArticle
    let tags: [TagContext]
    /// The page body, set only on the article's own page.
    let includeBody: Bool

    init(rendered: RenderedArticle, tags: [TagContext], includeBody: Bool = false) {
        self.rendered = rendered
        self.tags = tags
        self.includeBody = includeBody
    }

    var article: Article { rendered.article }

    public func child(named name: String) -> Any? {
        switch name {
        case "title": Text.wrap(article.title)
        case "slug": Text.wrap(article.slug)
        case "path": Text.wrap(article.outputPath)
        case "date": Text.wrap(article.date?.display)
        case "has_date": article.date != nil
        case "date_iso": Text.wrap(article.date?.isoDate)
        case "datetime": Text.wrap(article.date?.rfc3339)
        case "author": Text.wrap(article.author)
        case "publisher": Text.wrap(article.publisher)
        case "source_url": Text.wrap(article.url)
        case "has_source_url": article.url != nil
        case "summary": Text.wrap(rendered.summary.isEmpty ? nil : rendered.summary)
        case "tags": tags
        case "has_tags": !tags.isEmpty
        case "word_count": rendered.wordCount
        case "reading_minutes": max(1, (rendered.wordCount + 199) / 200)
        case "draft": article.draft
        case "params": article.params
        case "body": Text.wrap(includeBody ? rendered.html : nil)
        case "notes_html": Text.wrap(includeBody && !rendered.notesHTML.isEmpty ? rendered.notesHTML : nil)
        case "sources_html": Text.wrap(includeBody && !rendered.sourcesHTML.isEmpty ? rendered.sourcesHTML : nil)
        case "source_count": rendered.citedKeys.count
        case "has_sources": !rendered.citedKeys.isEmpty
        case "note_count": rendered.anchored.count
        case "has_notes": !rendered.anchored.isEmpty
        case "fact_check_count": rendered.anchored.count { $0.note.kind == .factCheck }
        case "notes": rendered.anchored.map(NoteContext.init)
        case "orphans": rendered.orphans.map(OrphanContext.init)
        case "has_orphans": !rendered.orphans.isEmpty
        default: nil
        }
    }
}

/// The object every page template renders: shared fields plus the page's own.
public final class PageContext: MustacheParent, Sendable {
    /// Which template: index, article, tag, tags, 404, feed, sitemap.
    let kind: String
    let site: SiteContext
    /// The way from this page back to the site root: "./", "../../", ...
    let root: String
    let title: String
    /// The page's path below the site root ("articles/x/"), "" for the home page.
    let path: String
    let extra: [String: any Sendable]

    init(kind: String, site: SiteContext, root: String, title: String, path: String, extra: [String: any Sendable] = [:]) {
        self.kind = kind
        self.site = site
        self.root = root
        self.title = title
        self.path = path
        self.extra = extra
    }

    public func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "root": Text.wrap(root)
        case "page_title": Text.wrap(title)
        case "kind": Text.wrap(kind)
        case "is_\(kind)": true
        case "path": Text.wrap(path)
        case "canonical": Text.wrap(site.config.normalizedBaseURL.isEmpty || kind == "404" ? nil : site.config.normalizedBaseURL + path)
        default: extra[name]
        }
    }
}

/// One `<url>` of the sitemap or `<entry>` of the feed.
public final class FeedEntryContext: MustacheParent, Sendable {
    let title: String
    let url: String
    let updated: String?
    let summary: String?
    let author: String?

    init(title: String, url: String, updated: String? = nil, summary: String? = nil, author: String? = nil) {
        self.title = title
        self.url = url
        self.updated = updated
        self.summary = summary
        self.author = author
    }

    public func child(named name: String) -> Any? {
        switch name {
        case "title": Text.wrap(title)
        case "url": Text.wrap(url)
        case "updated": Text.wrap(updated)
        case "summary": Text.wrap(summary)
        case "author": Text.wrap(author)
        default: nil
        }
    }
}

/// A text value for the templates. swift-mustache renders a `MustacheCustomRenderable` straight
/// away, where a plain String goes through several failed dynamic casts and
/// `String(describing:)` first; on a large site that is most of the rendering time.
struct Text: MustacheCustomRenderable, Sendable {
    let renderText: String
    var isNull: Bool { false }

    static func wrap(_ string: String) -> Text { Text(renderText: string) }
    static func wrap(_ string: String?) -> Text? { string.map { Text(renderText: $0) } }
}

/// A note, for themes that list notes their own way (`article.notes`).
public final class NoteContext: MustacheParent, Sendable {
    let anchored: AnchoredNote

    init(_ anchored: AnchoredNote) { self.anchored = anchored }

    public func child(named name: String) -> Any? {
        let note = anchored.note
        return switch name {
        case "id": Text.wrap(note.id)
        case "number": anchored.number
        case "kind": Text.wrap(note.kind.rawValue)
        case "kind_label": Text.wrap(NoteMarkup.kindLabel(note.kind))
        case "verdict": Text.wrap(note.verdict)
        case "quote": Text.wrap(anchored.exact)
        case "author": Text.wrap(note.author)
        case "file": Text.wrap(note.file)
        default: nil
        }
    }
}

/// A note whose quote is no longer in the article (`article.orphans`).
public final class OrphanContext: MustacheParent, Sendable {
    let orphan: OrphanedNote

    init(_ orphan: OrphanedNote) { self.orphan = orphan }

    public func child(named name: String) -> Any? {
        switch name {
        case "id": Text.wrap(orphan.note.id)
        case "quote": Text.wrap(orphan.note.quote)
        case "file": Text.wrap(orphan.note.file)
        case "line": orphan.note.location.line
        case "closest": Text.wrap(orphan.closest)
        case "similarity": orphan.similarity.map { Int(($0 * 100).rounded(.down)) }
        default: nil
        }
    }
}

/// A source on the /sources/ page.
public final class SourceContext: MustacheParent, Sendable {
    let source: SourceRecord
    let citedBy: [ArticleContext]

    init(source: SourceRecord, citedBy: [ArticleContext]) {
        self.source = source
        self.citedBy = citedBy
    }

    static func sortKey(_ source: SourceRecord) -> String {
        let lead = source.authors.first.map { $0.family ?? $0.display } ?? source.title ?? source.id
        return (lead + " " + (source.title ?? "") + " " + source.id).lowercased()
    }

    public func child(named name: String) -> Any? {
        switch name {
        case "id": Text.wrap(source.id)
        case "reference": Text.wrap(SourceFormatter.html(source))
        case "url": Text.wrap(source.url)
        case "archived": Text.wrap(source.archived)
        case "cited_by": citedBy
        case "cited_count": citedBy.count
        case "is_cited": !citedBy.isEmpty
        default: nil
        }
    }
}
