import CCmarkGFM

/// A stretch of the text a reader sees in a document, in reading order: the literal of a text
/// or code span node, a line break inside a block, or the boundary between two blocks.
public struct TextRun {
    public enum Kind: Equatable {
        /// The literal of a text node; may be split and wrapped.
        case text
        /// The literal of an inline code span; may be split and wrapped.
        case code
        /// A soft or hard line break: reads as a space.
        case lineBreak
        /// Between two blocks (paragraphs, list items, table cells): reads as a space.
        case blockBreak
    }

    public let kind: Kind
    /// The literal text (a single space for breaks).
    public let text: String
    /// 1-based source line and column where the node starts, when cmark-gfm knows it.
    public let line: Int
    public let column: Int
    /// The index of the top-level block the run belongs to.
    public let block: Int
    let node: OpaquePointer?
    /// Whether the run is (part of) a link's text.
    public var inLink = false
    /// Whether the run is struck through (`~~words~~`): shown, but withdrawn by the article.
    public var struck = false
    /// For a break between blocks: whether it is between two cells of a table's row.
    public var joinsRow = false
    /// UTF-8 offsets in `text` of the brackets and `@` the author escaped with a backslash
    /// (`\[\[FEC\]\]`, `\[@key\]`): shown as written, never the start or end of gen's own
    /// syntax (an entity link, a citation). Empty for almost every run.
    public var escaped: [Int] = []

    /// A run that stands for text not parsed by cmark-gfm (it cannot be split in a tree).
    public init(kind: Kind, text: String, line: Int, column: Int, block: Int) {
        self.init(kind: kind, text: text, line: line, column: column, block: block, node: nil)
    }

    init(kind: Kind, text: String, line: Int, column: Int, block: Int, node: OpaquePointer?, inLink: Bool = false,
         struck: Bool = false) {
        self.kind = kind
        self.text = text
        self.line = line
        self.column = column
        self.block = block
        self.node = node
        self.inLink = inLink
        self.struck = struck
    }
}

/// The HTML of a span: written before and after the wrapped text. Shared by every span with
/// the same markup (an entity's links are made once per build), so that a span is one
/// reference to copy, not three strings.
public final class SpanMarkup: Sendable {
    public let open: String
    public let close: String
    /// When another span cuts this one into pieces, the opening of every piece after the first
    /// (the same markup without its `id`, say); nil: `open` again.
    public let reopen: String?

    public init(open: String, close: String, reopen: String? = nil) {
        self.open = open
        self.close = close
        self.reopen = reopen
    }
}

/// Markup to put around part of a run, or right after it.
public struct TextSpan: Comparable, Sendable {
    /// Index into `MarkdownDocument.textRuns()`.
    public var run: Int
    /// UTF-8 offsets into the run's text.
    public var start: Int
    public var end: Int
    public var markup: SpanMarkup
    /// The covered text is removed and `open` written in its place (a citation's `[@key]`).
    public var replaces: Bool
    /// With `replaces`: `open` shows text a reader reads (an entity link showing a name), so the
    /// spans that cover the whole replaced range wrap it as they wrap text (a note's mark); a
    /// replacement that is gen's own addition (a citation marker) is left outside them.
    public var showsText = false
    /// A point (`start == end`) in a link's text whose `open` goes right after the link instead
    /// (a note's badge, which is a link itself).
    public var afterLink = false

    /// HTML written before and after the wrapped text; `close` empty with `start == end`
    /// inserts `open` alone at that point.
    public var open: String {
        get { markup.open }
        set { markup = SpanMarkup(open: newValue, close: markup.close, reopen: markup.reopen) }
    }
    public var close: String { markup.close }
    /// When another span cuts this one into pieces, the opening of every piece after the first;
    /// nil: `open` again.
    public var reopen: String? { markup.reopen }

    public init(run: Int, start: Int, end: Int, open: String, close: String, replaces: Bool = false,
                reopen: String? = nil) {
        self.init(run: run, start: start, end: end, markup: SpanMarkup(open: open, close: close, reopen: reopen),
                  replaces: replaces)
    }

    public init(run: Int, start: Int, end: Int, markup: SpanMarkup, replaces: Bool = false) {
        self.run = run
        self.start = start
        self.end = end
        self.markup = markup
        self.replaces = replaces
    }

    public static func < (a: TextSpan, b: TextSpan) -> Bool {
        (a.run, a.start, a.end, a.open) < (b.run, b.start, b.end, b.open)
    }
    public static func == (a: TextSpan, b: TextSpan) -> Bool {
        (a.run, a.start, a.end, a.open, a.close, a.replaces) == (b.run, b.start, b.end, b.open, b.close, b.replaces)
            && a.showsText == b.showsText
    }
}
