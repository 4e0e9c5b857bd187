/// An article with its body rendered to HTML, its notes anchored and rendered.
/// Its fields are in one `CopyOnWrite` box: each context that shows it holds one reference.
public struct RenderedArticle: Sendable {
    private struct Fields: Sendable {
        var article: Article
        var htmlBytes: [UInt8]
        var summary: String
        var wordCount: Int
        var anchored: [AnchoredNote] = []
        var orphans: [OrphanedNote] = []
        var notesBytes: [UInt8] = []
        var annotationsBytes: [UInt8] = []
        var claimReviewsBytes: [UInt8] = []
        var citedKeys: [String] = []
        var citationPlaces: [String: [String]] = [:]
        var sourcesBytes: [UInt8] = []
        var mentions = EntityMentions()
        var tocBytes: [UInt8] = []
        var displayDate: String?
        var firstImage: String?
        var leftOutOfSearch = false
        var diagnostics = DiagnosticList()
    }

    private var fields: CopyOnWrite<Fields>

    public init(article: Article, htmlBytes: [UInt8], summary: String, wordCount: Int) {
        fields = CopyOnWrite(Fields(article: article, htmlBytes: htmlBytes, summary: summary, wordCount: wordCount))
    }

    public var article: Article { get { fields.value.article } set { fields.value.article = newValue } }
    /// The body as HTML, in UTF-8 (kept as bytes: it goes into the page as it is).
    public var htmlBytes: [UInt8] { get { fields.value.htmlBytes } set { fields.value.htmlBytes = newValue } }
    public var html: String { String(decoding: htmlBytes, as: UTF8.self) }
    /// The front matter summary, or the first sentences of the body.
    public var summary: String { get { fields.value.summary } set { fields.value.summary = newValue } }
    /// Its date as pages show it, in the site's language ("18 October 2024").
    public var displayDate: String? { get { fields.value.displayDate } set { fields.value.displayDate = newValue } }
    /// Its first image: a path from the site root, or an absolute URL (for Open Graph).
    public var firstImage: String? { get { fields.value.firstImage } set { fields.value.firstImage = newValue } }
    /// Nested deeper than HTML parsers go (512 elements): its page is written after the search
    /// index is made, so the indexer never reads it.
    public var leftOutOfSearch: Bool { get { fields.value.leftOutOfSearch } set { fields.value.leftOutOfSearch = newValue } }
    public var wordCount: Int { get { fields.value.wordCount } set { fields.value.wordCount = newValue } }
    public var anchored: [AnchoredNote] { get { fields.value.anchored } set { fields.value.anchored = newValue } }
    public var orphans: [OrphanedNote] { get { fields.value.orphans } set { fields.value.orphans = newValue } }
    /// The full list of notes after the article (the theme's `notes_html`), in UTF-8.
    public var notesBytes: [UInt8] { get { fields.value.notesBytes } set { fields.value.notesBytes = newValue } }
    public var notesHTML: String { String(decoding: notesBytes, as: UTF8.self) }
    /// The W3C Web Annotation collection of the notes (`annotations.jsonld`), "" without notes.
    public var annotationsBytes: [UInt8] { get { fields.value.annotationsBytes } set { fields.value.annotationsBytes = newValue } }
    public var annotationsJSON: String { String(decoding: annotationsBytes, as: UTF8.self) }
    /// schema.org ClaimReviews of the fact-check notes, for the page's JSON-LD: JSON safe inside
    /// `<script>`, separated by commas ([] without any).
    public var claimReviewsBytes: [UInt8] { get { fields.value.claimReviewsBytes } set { fields.value.claimReviewsBytes = newValue } }
    /// Cited sources in number order, the places citing each, and the Sources list.
    public var citedKeys: [String] { get { fields.value.citedKeys } set { fields.value.citedKeys = newValue } }
    public var citationPlaces: [String: [String]] { get { fields.value.citationPlaces } set { fields.value.citationPlaces = newValue } }
    /// The Sources list, in UTF-8.
    public var sourcesBytes: [UInt8] { get { fields.value.sourcesBytes } set { fields.value.sourcesBytes = newValue } }
    public var sourcesHTML: String { String(decoding: sourcesBytes, as: UTF8.self) }
    /// The entities the article mentions (its own text) and its notes mention.
    public var mentions: EntityMentions { get { fields.value.mentions } set { fields.value.mentions = newValue } }
    /// The table of contents (`toc: true`), in UTF-8; empty without.
    public var tocBytes: [UInt8] { get { fields.value.tocBytes } set { fields.value.tocBytes = newValue } }
    public var diagnostics: DiagnosticList { get { fields.value.diagnostics } set { fields.value.diagnostics = newValue } }

    /// Drops what only the article's own files show, once they are written: a large site's
    /// pages would otherwise all be held in memory until the build ends.
    mutating func dropPageContent() {
        fields.value.htmlBytes = []
        fields.value.notesBytes = []
        fields.value.annotationsBytes = []
        fields.value.sourcesBytes = []
        fields.value.claimReviewsBytes = []
        fields.value.tocBytes = []
    }
}
