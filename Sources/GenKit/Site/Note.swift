/// One note of an annotation file: a quoted passage of an article and what is said about it.
public struct Note: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case factCheck = "fact-check", context, correction
    }

    /// The fields, in one `CopyOnWrite` box: a note is copied several times per build
    /// (collected by article, anchored, listed).
    private struct Fields: Sendable {
        var id: String
        var explicitID: Bool
        var kind: Kind
        var extraClasses: [String]
        var verdict: String?
        var review: String?
        var prefix: String?
        var suffix: String?
        var occurrence: Int?
        var pinnedSentence = false
        var leadIn: String?
        var author: String?
        var date: SiteDate?
        var tags: [String]
        var quote: String
        var body: String
        var file: String
        var location: SourceLocation
        var attributesLocation: SourceLocation?
        var verdictLocation: SourceLocation?
        var quoteLines: ClosedRange<Int>
        var bodyLine: Int
    }

    private var fields: CopyOnWrite<Fields>

    public init(id: String, explicitID: Bool, kind: Kind, extraClasses: [String], verdict: String?,
                prefix: String?, suffix: String?, occurrence: Int?, author: String?, tags: [String],
                quote: String, body: String, file: String, location: SourceLocation,
                attributesLocation: SourceLocation?, quoteLines: ClosedRange<Int>, bodyLine: Int) {
        fields = CopyOnWrite(Fields(id: id, explicitID: explicitID, kind: kind, extraClasses: extraClasses,
                         verdict: verdict, prefix: prefix, suffix: suffix, occurrence: occurrence,
                         author: author, tags: tags, quote: quote, body: body, file: file, location:
                         location, attributesLocation: attributesLocation, quoteLines: quoteLines,
                         bodyLine: bodyLine))
    }

    public var id: String { get { fields.value.id } set { fields.value.id = newValue } }
    /// Whether the id was written (`#id`) or made from the quote.
    public var explicitID: Bool { get { fields.value.explicitID } set { fields.value.explicitID = newValue } }
    public var kind: Kind { get { fields.value.kind } set { fields.value.kind = newValue } }
    /// Classes beyond the kind, kept for themes.
    public var extraClasses: [String] { get { fields.value.extraClasses } set { fields.value.extraClasses = newValue } }
    public var verdict: String? { get { fields.value.verdict } set { fields.value.verdict = newValue } }
    /// Why the note is held for review (`review="…"`): a fact check's verdict is not published
    /// while it is set (`publishedVerdict`).
    public var review: String? { get { fields.value.review } set { fields.value.review = newValue } }
    /// When the note was written or its verdict given (`date="2025-03-05"`, or the annotation
    /// file's `date`): a fact check's ClaimReview is published on it (else on its article's date).
    public var date: SiteDate? { get { fields.value.date } set { fields.value.date = newValue } }
    /// The verdict readers are shown: `underReview` for a fact check held for review.
    public var publishedVerdict: String? { review != nil && kind == .factCheck ? Self.underReview : verdict }
    /// The verdict shown, with the label `labels.under_review`, for a fact check held for review.
    public static let underReview = "under-review"
    public var prefix: String? { get { fields.value.prefix } set { fields.value.prefix = newValue } }
    public var suffix: String? { get { fields.value.suffix } set { fields.value.suffix = newValue } }
    public var occurrence: Int? { get { fields.value.occurrence } set { fields.value.occurrence = newValue } }
    /// `pinned=sentence` (written by `gen annotations pin`): the prefix is all of its sentence
    /// before the quote and the suffix all of it after (each up to
    /// `AnchorNotes.pinnedSentenceWindow` characters), so the quote matches only where its
    /// sentence reads exactly so: words added at either end of it are a change too.
    public var pinnedSentence: Bool { get { fields.value.pinnedSentence } set { fields.value.pinnedSentence = newValue } }
    /// `lead_in="…"` (written by `gen annotations pin` on a fact check in a list's later item or
    /// a table's later row): the lead-in (or header row) its claim reads with, which must read so.
    public var leadIn: String? { get { fields.value.leadIn } set { fields.value.leadIn = newValue } }
    public var author: String? { get { fields.value.author } set { fields.value.author = newValue } }
    public var tags: [String] { get { fields.value.tags } set { fields.value.tags = newValue } }
    /// The quote's plain text, as a reader sees it (Markdown formatting removed).
    public var quote: String { get { fields.value.quote } set { fields.value.quote = newValue } }
    /// The body in Markdown, nested quotations unwrapped one level.
    public var body: String { get { fields.value.body } set { fields.value.body = newValue } }
    /// The annotation file.
    public var file: String { get { fields.value.file } set { fields.value.file = newValue } }
    /// Where the quote starts in the annotation file.
    public var location: SourceLocation { get { fields.value.location } set { fields.value.location = newValue } }
    /// Where its attribute paragraph is, if it has one.
    public var attributesLocation: SourceLocation? { get { fields.value.attributesLocation } set { fields.value.attributesLocation = newValue } }
    /// Where the `verdict=` value is written (diagnostics about the verdict point there).
    public var verdictLocation: SourceLocation? { get { fields.value.verdictLocation } set { fields.value.verdictLocation = newValue } }
    /// The quote's lines in the file (first and last), for `gen check --fix-anchors`.
    public var quoteLines: ClosedRange<Int> { get { fields.value.quoteLines } set { fields.value.quoteLines = newValue } }
    /// The file line on which the body starts.
    public var bodyLine: Int { get { fields.value.bodyLine } set { fields.value.bodyLine = newValue } }
}

/// An annotation file's notes on one article.
public struct AnnotationFile: Sendable {
    public var path: String
    public var article: String
    /// Where the article was named (front matter `article`, or the file name).
    public var articleLocation: SourceLocation
    public var notes: [Note]
}
