import Markdown

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
    public var diagnostics: DiagnosticList { get { fields.value.diagnostics } set { fields.value.diagnostics = newValue } }

    /// Drops what only the article's own files show, once they are written: a large site's
    /// pages would otherwise all be held in memory until the build ends.
    mutating func dropPageContent() {
        fields.value.htmlBytes = []
        fields.value.notesBytes = []
        fields.value.annotationsBytes = []
        fields.value.sourcesBytes = []
        fields.value.claimReviewsBytes = []
    }
}

/// Parses one article's Markdown (through cmark-gfm, unless it is plain paragraphs), anchors
/// its notes, marks their passages and renders it; the build runs it for every article on all
/// cores.
public enum RenderMarkdown {
    static func render(_ article: Article, options: MarkdownOptions, notes: [Note] = [],
                       markup: NoteMarkup? = nil, orphanSeverity: Diagnostic.Severity = .error,
                       citations: CitationMarkup? = nil, config: SiteConfig? = nil,
                       entities: EntityMarkup? = nil, allowPlain: Bool = true) -> RenderedArticle {
        let document = PhaseTimer.measure(0) { parseDocument(article.body, options: options, allowPlain: allowPlain) }
        let summary = PhaseTimer.measure(8) { article.summary ?? Self.firstSentences(of: document.firstParagraphText ?? "") }
        var rendered = RenderedArticle(article: article, htmlBytes: [], summary: summary,
                                       wordCount: PhaseTimer.measure(8) { Self.countWords(article.body) })
        let hasNotes = !notes.isEmpty && markup != nil
        let mayCite = citations != nil && CitationMarkup.mayCite(article.body)
        let mayMention = entities.map { !$0.index.isEmpty || EntityMarkup.mayLink(article.body) } ?? false
        if hasNotes || mayCite || mayMention {
            // One walk of the text, one application of every change: spans hold run nodes.
            let runs = PhaseTimer.measure(1) { document.textRuns() }
            var spans: [TextSpan] = []
            var blocks: [(Int, [UInt8])] = []
            // The article's citations first, then its notes': one numbering, one Sources list.
            var cited = CitationMarkup.Result()
            if let citations, mayCite {
                spans += citations.cite(runs, path: article.path, bodyLine: article.bodyLine, into: &cited)
            }
            var mentions = EntityMentions()
            if let entities, mayMention {
                spans += PhaseTimer.measure(9) {
                    entities.run(runs, path: article.path, bodyLine: article.bodyLine, into: &mentions)
                }
            }
            if hasNotes, let markup {
                let anchoring = PhaseTimer.measure(1) {
                    AnchorNotes(article: article, runs: runs, orphanSeverity: orphanSeverity).run(notes)
                }
                rendered.anchored = anchoring.anchored
                rendered.orphans = anchoring.orphans
                rendered.diagnostics.append(contentsOf: anchoring.diagnostics)
                let bodies = PhaseTimer.measure(2) { markup.bodies(anchoring.anchored, citations: citations, cited: &cited,
                                                                      entities: entities, mentions: &mentions) }
                if let text = anchoring.text {
                    let marked = PhaseTimer.measure(3) { markup.mark(anchoring.anchored, runs: runs, text: text, bodies: bodies) }
                    spans += marked.spans
                    blocks = marked.blocks
                }
                rendered.notesBytes = PhaseTimer.measure(4) { markup.noteList(anchoring.anchored, bodies: bodies) }
                if let config, !anchoring.anchored.isEmpty {
                    PhaseTimer.measure(5) {
                        rendered.annotationsBytes = AnnotationJSONLD.collectionBytes(anchoring.anchored, bodies: bodies,
                                                                                     article: article, config: config)
                        rendered.annotationsBytes.append(0x0A)
                        rendered.claimReviewsBytes = AnnotationJSONLD.claimReviews(anchoring.anchored, article: article, config: config)
                    }
                }
            }
            rendered.diagnostics.append(contentsOf: mentions.diagnostics)
            mentions.diagnostics = DiagnosticList()
            rendered.mentions = mentions
            if let citations {
                rendered.citedKeys = cited.keys
                rendered.citationPlaces = cited.places
                rendered.sourcesBytes = citations.sourceList(cited)
                rendered.diagnostics.append(contentsOf: cited.diagnostics)
            }
            PhaseTimer.measure(6) {
                document.apply(spans, to: runs)
                for (block, html) in blocks.reversed() { document.insertBlock(html, before: block) }
            }
        }
        rendered.htmlBytes = PhaseTimer.measure(7) { document.renderHTMLBytes() }
        return rendered
    }

    /// The first sentences of the first paragraph, about `limit` characters at most.
    static func firstSentences(of document: MarkdownDocument, limit: Int = 160) -> String {
        firstSentences(of: document.firstParagraphText ?? "", limit: limit)
    }

    /// The first sentences of `paragraph` (a paragraph's plain text).
    static func firstSentences(of paragraph: String, limit: Int = 160) -> String {
        // Collapse whitespace runs on bytes; sentence ends are ". ", "! " and "? ".
        var bytes: [UInt8] = []
        var sentenceEnds: [Int] = []
        var pendingSpace = false
        for byte in paragraph.utf8 {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace {
                if let last = bytes.last, last == 0x2E || last == 0x21 || last == 0x3F { sentenceEnds.append(bytes.count) }
                bytes.append(0x20)
                pendingSpace = false
            }
            bytes.append(byte)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.count > limit else { return text }
        // The longest run of whole sentences that fits; else the first words that fit.
        if let end = sentenceEnds.last(where: { String(decoding: bytes[..<$0], as: UTF8.self).count <= limit }) {
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
        let cut = text.prefix(limit)
        let lastSpace = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<lastSpace]) + "…"
    }

    /// Words: runs of anything but spaces, tabs and line ends. Eight bytes at a time: a mask of
    /// the spaces in a word, and the words that start in it (a byte that is not a space after
    /// one that is) counted at once.
    static func countWords(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = UnsafeRawPointer(bytes.baseAddress) else { return 0 }
            @inline(__always) func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 10 || byte == 9 || byte == 13 }
            /// 0x80 in every byte of `word` equal to `byte`, exactly (no borrow between bytes).
            @inline(__always) func equal(_ word: UInt64, _ byte: UInt64) -> UInt64 {
                let x = word ^ (byte &* 0x0101_0101_0101_0101)
                return ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x | 0x7F7F_7F7F_7F7F_7F7F)
            }
            var count = 0
            var previousSpace = true
            var i = 0
            let n = bytes.count
            while i + 8 <= n {
                let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let spaces = equal(word, 32) | equal(word, 10) | equal(word, 9) | equal(word, 13)
                // Little-endian: byte k is bits 8k..8k+7; the byte before byte k is byte k-1.
                let spaceBefore = (spaces << 8) | (previousSpace ? 0x80 : 0)
                let starts = ~spaces & spaceBefore & 0x8080_8080_8080_8080
                count += starts.nonzeroBitCount
                previousSpace = spaces >> 63 != 0
                i += 8
            }
            while i < n {
                let space = isSpace(bytes[i])
                if !space && previousSpace { count += 1 }
                previousSpace = space
                i += 1
            }
            return count
        }
    }
}

/// `text` parsed: plain paragraphs (most articles and note bodies) skip cmark-gfm, with the same
/// runs and the same HTML; anything else (or everything, without `allowPlain`) goes through it.
func parseDocument(_ text: String, options: MarkdownOptions, allowPlain: Bool = true) -> any RenderableDocument {
    if allowPlain, let paragraphs = PlainBody.paragraphs(text) { return PlainDocument(paragraphs: paragraphs) }
    return MarkdownDocument(text, options: options)
}

/// What RenderMarkdown needs of a parsed article: cmark-gfm's tree, or plain paragraphs.
protocol RenderableDocument: AnyObject {
    func textRuns() -> [TextRun]
    func apply(_ spans: [TextSpan], to runs: [TextRun])
    func insertBlock(_ html: [UInt8], before block: Int)
    func renderHTML() -> String
    func renderHTMLBytes() -> [UInt8]
    /// The plain text of the first paragraph, for the summary.
    var firstParagraphText: String? { get }
}

extension PlainDocument: RenderableDocument {}

extension MarkdownDocument: RenderableDocument {
    func insertBlock(_ html: [UInt8], before block: Int) { insertBlock(String(decoding: html, as: UTF8.self), before: block) }

    var firstParagraphText: String? {
        var node = document.firstChild
        while let current = node, !current.isParagraph { node = current.next }
        return node?.plainText
    }
}
