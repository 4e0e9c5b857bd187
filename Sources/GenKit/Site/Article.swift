/// One article as its file says: front matter fields and the Markdown body.
public struct Article: Sendable {
    public var slug: String
    /// The file, relative to the site folder: `content/articles/<slug>.md`.
    public var path: String
    public var title: String
    public var date: SiteDate?
    public var author: String?
    public var publisher: String?
    /// Where the article first appeared.
    public var url: String?
    public var tags: [String] = []
    public var summary: String?
    public var draft = false
    /// Front matter keys gen does not know, for templates (`article.params.KEY`).
    public var params: [String: String] = [:]
    public var body: String
    /// The file line on which the body starts, for diagnostics inside the body.
    public var bodyLine: Int

    /// The output folder of the page, relative to the site root: `articles/<slug>/`.
    public var outputPath: String { "articles/\(slug)/" }
}

extension Article {
    /// Index order: newest first, undated after dated ones, then by title and slug.
    /// `articles` in list order, sorted by index: moving the articles themselves (a dozen
    /// references each) made sorting 10,000 of them take 40 ms.
    public static func sorted(_ articles: [Article]) -> [Article] {
        articles.indices.sorted { listOrder(articles[$0], articles[$1]) }.map { articles[$0] }
    }

    public static func listOrder(_ a: Article, _ b: Article) -> Bool {
        switch (a.date, b.date) {
        case let (x?, y?) where x.instant != y.instant: return x.instant > y.instant
        case (.some, nil): return true
        case (nil, .some): return false
        default: return (a.title, a.slug) < (b.title, b.slug)
        }
    }
}
