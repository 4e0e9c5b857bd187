/// One note of an annotation file: a quoted passage of an article and what is said about it.
public struct Note: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case factCheck = "fact-check", context, correction
    }

    public var id: String
    /// Whether the id was written (`#id`) or made from the quote.
    public var explicitID: Bool
    public var kind: Kind
    /// Classes beyond the kind, kept for themes.
    public var extraClasses: [String]
    public var verdict: String?
    public var prefix: String?
    public var suffix: String?
    public var occurrence: Int?
    public var author: String?
    public var tags: [String]
    /// The quote's plain text, as a reader sees it (Markdown formatting removed).
    public var quote: String
    /// The body in Markdown, nested quotations unwrapped one level.
    public var body: String
    /// The annotation file.
    public var file: String
    /// Where the quote starts in the annotation file.
    public var location: SourceLocation
    /// Where its attribute paragraph is, if it has one.
    public var attributesLocation: SourceLocation?
    /// The quote's lines in the file (first and last), for `gen check --fix-anchors`.
    public var quoteLines: ClosedRange<Int>
    /// The file line on which the body starts.
    public var bodyLine: Int
}

/// An annotation file's notes on one article.
public struct AnnotationFile: Sendable {
    public var path: String
    public var article: String
    /// Where the article was named (front matter `article`, or the file name).
    public var articleLocation: SourceLocation
    public var notes: [Note]
}
