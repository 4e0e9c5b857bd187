/// One article as its file says: front matter fields and the Markdown body.
///
/// The fields are kept in one shared box, as `Note`'s are: an article is copied into every list,
/// context and result of a build, and its fields are a dozen references, the box one. A change
/// copies the box first when another article shares it, so an article is still a value.
public struct Article: Sendable {
    private struct Fields: Sendable {
        var slug: String
        var path: String
        var title: String
        var date: SiteDate?
        var author: String?
        var publisher: String?
        var url: String?
        var tags: [String]
        var summary: String?
        var draft: Bool
        var params: [String: String]
        var body: String
        var bodyLine: Int
        var outputPath: String
    }

    private final class Box: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    private var fields: Fields {
        _read { yield box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }

    public init(slug: String, path: String, title: String, date: SiteDate? = nil, author: String? = nil,
                publisher: String? = nil, url: String? = nil, tags: [String] = [], summary: String? = nil,
                draft: Bool = false, params: [String: String] = [:], body: String, bodyLine: Int) {
        box = Box(Fields(slug: slug, path: path, title: title, date: date, author: author, publisher: publisher,
                         url: url, tags: tags, summary: summary, draft: draft, params: params, body: body,
                         bodyLine: bodyLine, outputPath: "articles/\(slug)/"))
    }

    public var slug: String {
        get { box.fields.slug }
        set { fields.slug = newValue; fields.outputPath = "articles/\(newValue)/" }
    }
    /// The file, relative to the site folder: `content/articles/<slug>.md`.
    public var path: String { get { box.fields.path } set { fields.path = newValue } }
    public var title: String { get { box.fields.title } set { fields.title = newValue } }
    public var date: SiteDate? { get { box.fields.date } set { fields.date = newValue } }
    public var author: String? { get { box.fields.author } set { fields.author = newValue } }
    public var publisher: String? { get { box.fields.publisher } set { fields.publisher = newValue } }
    /// Where the article first appeared.
    public var url: String? { get { box.fields.url } set { fields.url = newValue } }
    public var tags: [String] { get { box.fields.tags } set { fields.tags = newValue } }
    public var summary: String? { get { box.fields.summary } set { fields.summary = newValue } }
    public var draft: Bool { get { box.fields.draft } set { fields.draft = newValue } }
    /// Front matter keys gen does not know, for templates (`article.params.KEY`).
    public var params: [String: String] { get { box.fields.params } set { fields.params = newValue } }
    public var body: String { get { box.fields.body } set { fields.body = newValue } }
    /// The file line on which the body starts, for diagnostics inside the body.
    public var bodyLine: Int { get { box.fields.bodyLine } set { fields.bodyLine = newValue } }

    /// The output folder of the page, relative to the site root: `articles/<slug>/`.
    public var outputPath: String { box.fields.outputPath }
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
