import Mustache

// Typed view models handed to the templates. Each answers Mustache's lookups through
// `MustacheParent` (a switch, not reflection). docs/templates.md lists every name.

/// `site`: the site's settings, on every page.
public struct SiteContext: MustacheParent, Sendable {
    var config: SiteConfig

    public func child(named name: String) -> Any? {
        switch name {
        case "title": config.title
        case "description": config.description.isEmpty ? nil : config.description
        case "language": config.language
        case "base_url": config.normalizedBaseURL.isEmpty ? nil : config.normalizedBaseURL
        case "generator": "gen"
        default: nil
        }
    }
}

/// A tag as a link: `name`, `slug`, `path`, `count`.
public struct TagContext: MustacheParent, Sendable {
    var name: String
    var slug: String
    var count: Int

    public func child(named key: String) -> Any? {
        switch key {
        case "name": name
        case "slug": slug
        case "path": "tags/\(slug)/"
        case "count": count
        case "one": count == 1
        default: nil
        }
    }
}

/// An article as listed on index and tag pages, and the base of the article page.
public struct ArticleContext: MustacheParent, Sendable {
    var rendered: RenderedArticle
    var tags: [TagContext]
    /// The page body, set only on the article's own page.
    var includeBody = false

    var article: Article { rendered.article }

    public func child(named name: String) -> Any? {
        switch name {
        case "title": article.title
        case "slug": article.slug
        case "path": article.outputPath
        case "date": article.date?.display
        case "has_date": article.date != nil
        case "date_iso": article.date?.isoDate
        case "datetime": article.date?.rfc3339
        case "author": article.author
        case "publisher": article.publisher
        case "source_url": article.url
        case "has_source_url": article.url != nil
        case "summary": rendered.summary.isEmpty ? nil : rendered.summary
        case "tags": tags
        case "has_tags": !tags.isEmpty
        case "word_count": rendered.wordCount
        case "reading_minutes": max(1, (rendered.wordCount + 199) / 200)
        case "draft": article.draft
        case "params": article.params
        case "body": includeBody ? rendered.html : nil
        default: nil
        }
    }
}

/// The object every page template renders: shared fields plus the page's own.
public struct PageContext: MustacheParent, Sendable {
    /// Which template: index, article, tag, tags, 404, feed, sitemap.
    var kind: String
    var site: SiteContext
    /// The way from this page back to the site root: "./", "../../", ...
    var root: String
    var title: String
    /// The page's path below the site root ("articles/x/"), "" for the home page.
    var path: String
    var extra: [String: any Sendable] = [:]

    public func child(named name: String) -> Any? {
        switch name {
        case "site": site
        case "root": root
        case "page_title": title
        case "kind": kind
        case "is_\(kind)": true
        case "path": path
        case "canonical": site.config.normalizedBaseURL.isEmpty || kind == "404" ? nil : site.config.normalizedBaseURL + path
        default: extra[name]
        }
    }
}

/// One `<url>` of the sitemap or `<entry>` of the feed.
public struct FeedEntryContext: MustacheParent, Sendable {
    var title: String
    var url: String
    var updated: String?
    var summary: String?
    var author: String?

    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "url": url
        case "updated": updated
        case "summary": summary
        case "author": author
        default: nil
        }
    }
}
