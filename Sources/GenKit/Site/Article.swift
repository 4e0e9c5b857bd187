/// One article (or standalone page) as its file says: front matter fields and the Markdown body.
/// Its fields are in one `CopyOnWrite` box: copying an article is one reference.
public struct Article: Sendable {
    /// An article is listed (index, tags, feeds, entity pages); a standalone page
    /// (`content/pages/`) is not, and lives at its own path.
    public enum Kind: Sendable { case article, page }

    private struct Fields: Sendable {
        var kind = Kind.article
        var menu: String?
        var weight = 0
        var toc = false
        var aliases: [String] = []
        var aliasLocations: [SourceLocation] = []
        var slug: String
        var path: String
        var title: String
        var date: SiteDate?
        var publishDate: SiteDate?
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

    private var fields: CopyOnWrite<Fields>

    public init(slug: String, path: String, title: String, date: SiteDate? = nil, author: String? = nil,
                publisher: String? = nil, url: String? = nil, tags: [String] = [], summary: String? = nil,
                draft: Bool = false, params: [String: String] = [:], body: String, bodyLine: Int) {
        fields = CopyOnWrite(Fields(slug: slug, path: path, title: title, date: date, author: author, publisher: publisher,
                         url: url, tags: tags, summary: summary, draft: draft, params: params, body: body,
                         bodyLine: bodyLine, outputPath: "articles/\(slug)/"))
    }

    public var slug: String {
        get { fields.value.slug }
        set { fields.value.slug = newValue; fields.value.outputPath = "articles/\(newValue)/" }
    }
    /// The file, relative to the site folder: `content/articles/<slug>.md`.
    public var path: String { get { fields.value.path } set { fields.value.path = newValue } }
    public var title: String { get { fields.value.title } set { fields.value.title = newValue } }
    public var date: SiteDate? { get { fields.value.date } set { fields.value.date = newValue } }
    /// Hugo's `publishDate`: not published before it (without `--future`), though dated `date`.
    public var publishDate: SiteDate? { get { fields.value.publishDate } set { fields.value.publishDate = newValue } }
    public var author: String? { get { fields.value.author } set { fields.value.author = newValue } }
    public var publisher: String? { get { fields.value.publisher } set { fields.value.publisher = newValue } }
    /// Where the article first appeared.
    public var url: String? { get { fields.value.url } set { fields.value.url = newValue } }
    public var tags: [String] { get { fields.value.tags } set { fields.value.tags = newValue } }
    public var summary: String? { get { fields.value.summary } set { fields.value.summary = newValue } }
    public var draft: Bool { get { fields.value.draft } set { fields.value.draft = newValue } }
    /// Front matter keys gen does not know, for templates (`article.params.KEY`).
    public var params: [String: String] { get { fields.value.params } set { fields.value.params = newValue } }
    public var body: String { get { fields.value.body } set { fields.value.body = newValue } }
    /// The file line on which the body starts, for diagnostics inside the body.
    public var bodyLine: Int { get { fields.value.bodyLine } set { fields.value.bodyLine = newValue } }

    /// The output folder of the page, relative to the site root: `articles/<slug>/`, or a
    /// standalone page's own path (`about/`).
    public var outputPath: String { get { fields.value.outputPath } set { fields.value.outputPath = newValue } }
    public var kind: Kind { get { fields.value.kind } set { fields.value.kind = newValue } }
    /// `menu: main`: the page is linked from the header.
    public var menu: String? { get { fields.value.menu } set { fields.value.menu = newValue } }
    /// Its place in the menu (lower first).
    public var weight: Int { get { fields.value.weight } set { fields.value.weight = newValue } }
    /// `toc: true`: a table of contents of its headings above the body.
    public var toc: Bool { get { fields.value.toc } set { fields.value.toc = newValue } }
    /// `aliases`: the files, relative to the output folder, of the pages that send a reader to
    /// this one (`old/address/index.html`): its addresses before, as in Hugo.
    public var aliases: [String] { get { fields.value.aliases } set { fields.value.aliases = newValue } }
    /// The folders of those of `aliases` that are a folder's page (`old/address/`, not
    /// `old.html`): where the last build may have had this page and its annotations.
    public var aliasFolders: [String] {
        aliases.compactMap { $0.hasSuffix("/index.html") ? String($0.dropLast("index.html".count)) : nil }
    }
    /// Where each of `aliases` is written in the front matter (for a diagnostic about one).
    public var aliasLocations: [SourceLocation] {
        get { fields.value.aliasLocations } set { fields.value.aliasLocations = newValue }
    }
    /// How many folders down its page is (2 for `articles/x/`): its links climb this many.
    public var depth: Int { SitePath.depth(of: outputPath) }
    /// The folder its file is in, relative to the site: where its images are looked for.
    public var folder: String { SitePath.folder(of: path) }
}

extension Article {
    /// Index order: newest first, undated after dated ones, then by title and slug.
    /// `articles` in list order, sorted by index: an article is a dozen references, which a
    /// sort of the articles themselves would move again and again.
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
