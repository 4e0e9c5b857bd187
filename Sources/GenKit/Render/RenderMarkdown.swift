import ByteText
import Markdown

/// Parses one article's Markdown (through cmark-gfm, unless it is plain paragraphs), anchors
/// its notes, marks their passages and renders it; the build runs it for every article on all
/// cores.
public enum RenderMarkdown {
    /// Deeper than this, a page is not given to the search indexer: HTML parsers stop nesting
    /// at 512 levels, and Pagefind's time grows with the square of the depth (23 s for a page
    /// 100,000 block quotes deep).
    static let searchDepthLimit = 512

    static func render(_ article: Article, options: MarkdownOptions, notes: [Note] = [],
                       markup: NoteMarkup? = nil, orphanSeverity: Diagnostic.Severity = .error,
                       citations: CitationMarkup? = nil, config: SiteConfig? = nil,
                       entities: EntityMarkup? = nil, images: ImageResolver? = nil, links: SiteLinks = .none,
                       sentenceWindow: Int? = nil, allowPlain: Bool = true,
                       previous: (() -> [String: PreviousAnchor])? = nil) -> RenderedArticle {
        let document = PhaseTimer.measure(0) { parseDocument(article.body, options: options, allowPlain: allowPlain) }
        let summary = PhaseTimer.measure(8) {
            article.summary.map(InlineMarkdown.plain)
                ?? SourceEscapes.restore(Self.firstSentences(of: Self.withoutLinkSyntax(document.summarySource, index: entities?.index)))
        }
        var rendered = RenderedArticle(article: article, htmlBytes: [], summary: summary,
                                       wordCount: PhaseTimer.measure(8) { Self.countWords(article.body) })
        if let date = article.date { rendered.displayDate = markup?.labels.date(date) ?? date.display }
        if let shortcode = Self.hugoShortcode(in: article) { rendered.diagnostics.append(shortcode) }
        // Plain paragraphs have no headings and no images.
        if let tree = document as? MarkdownDocument {
            if !options.unsafeHTML, let omitted = Self.omittedHTML(in: tree, of: article) { rendered.diagnostics.append(omitted) }
            let depth = tree.nestingDepth - 1  // the document itself is not an element
            if depth > Self.searchDepthLimit {
                rendered.leftOutOfSearch = true
                // Said only where there is a search index to leave it out of.
                if config?.search.indexed == true { rendered.diagnostics.warning("elements nested \(depth) deep: the page is left out of the search index",
                                             at: SourceLocation(article.path, line: article.bodyLine, column: 1),
                                             notes: [.init("browsers show at most \(Self.searchDepthLimit) levels, and Pagefind takes minutes to read such a page")]) }
            }
            // A heading's citations and explicit links read as the reader sees them.
            let headings = tree.anchorHeadings(readable: { text in
                guard text.utf8.contains(0x5B) else { return text }
                let bytes = Array(text.utf8)
                return String(decoding: EntityMarkup.sentence(in: bytes, start: 0, end: bytes.count, index: entities?.index), as: UTF8.self)
            }, Self.headingIDs)
            if article.toc { rendered.tocBytes = Self.tableOfContents(headings, title: config?.labels["contents"] ?? "Contents") }
            rendered.diagnostics.append(contentsOf: links.rewrite(tree, path: article.path, bodyLine: article.bodyLine,
                                                                  root: SitePath.root(depth: article.depth)))
            if let images {
                let found = Self.resolveImages(in: tree, file: article.path, bodyLine: article.bodyLine, folder: article.folder,
                                               depth: article.depth, with: images)
                rendered.diagnostics.append(contentsOf: found.diagnostics)
                rendered.firstImage = found.first
            }
        }
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
            var hidden: [(run: Int, range: Range<Int>)] = []
            var citationRanges: [(run: Int, range: Range<Int>)] = []
            if let citations, mayCite {
                let citing = citations.cite(runs, path: article.path, bodyLine: article.bodyLine, into: &cited)
                // What a citation replaces is not the author's words: quotes run across it.
                hidden = citing.filter(\.replaces).map { ($0.run, $0.start..<$0.end) }
                citationRanges = hidden
                spans += citing
            }
            // Nor is a second space: the reader's text has one space where the source has several.
            if hasNotes {
                for (r, run) in runs.enumerated() where run.kind == .text {
                    run.text.utf8.withContiguousStorageIfAvailable { bytes in
                        // Every space or tab after a space or tab is hidden; most runs have none.
                        var i = 1
                        while i < bytes.count {
                            guard bytes[i] == 0x20 || bytes[i] == 0x09, bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09 else { i += 1; continue }
                            var end = i
                            while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
                            hidden.append((r, i..<end))
                            i = end
                        }
                    }
                }
            }
            var mentions = EntityMentions()
            var replaced: [FoldedText.Replacement] = []
            if let entities, mayMention {
                spans += PhaseTimer.measure(9) {
                    // An explicit link's brackets and target are not the reader's words either: a
                    // quote runs over `[[slug|the Commission]]` as over "the Commission", and over
                    // `[[tony-blair]]` as over the name the link shows.
                    entities.run(runs, path: article.path, bodyLine: article.bodyLine, into: &mentions) { run, range, text in
                        guard hasNotes else { return }
                        replaced.append(.init(run: run, range: range, text: Self.readersText(text, at: range, in: runs[run].text)))
                    }
                }
            }
            if hasNotes, let markup {
                let anchoring = PhaseTimer.measure(1) {
                    var anchoring = AnchorNotes(article: article, runs: runs, orphanSeverity: orphanSeverity, hidden: hidden,
                                                replaced: replaced)
                    anchoring.sentenceWindow = sentenceWindow
                    anchoring.previous = previous
                    anchoring.citations = citationRanges
                    return anchoring.run(notes)
                }
                rendered.anchored = anchoring.anchored
                rendered.orphans = anchoring.orphans
                rendered.diagnostics.append(contentsOf: anchoring.diagnostics)
                let bodies = PhaseTimer.measure(2) { markup.bodies(anchoring.anchored, citations: citations, cited: &cited,
                                                                      entities: entities, mentions: &mentions,
                                                                      links: (links, SitePath.root(depth: article.depth)),
                                                                      images: images.map { ($0, article.depth) },
                                                                      diagnostics: &rendered.diagnostics) }
                if let text = anchoring.text {
                    let marked = PhaseTimer.measure(3) { markup.mark(anchoring.anchored, runs: runs, text: text, bodies: bodies) }
                    spans += marked.spans
                    blocks = marked.blocks
                }
                rendered.notesBytes = PhaseTimer.measure(4) { markup.noteList(anchoring.anchored, bodies: bodies) }
                if let config, !anchoring.anchored.isEmpty {
                    PhaseTimer.measure(5) {
                        rendered.annotationsBytes = AnnotationJSONLD.collectionBytes(anchoring.anchored, bodies: bodies,
                                                                                     article: article, config: config,
                                                                                     entities: entities?.index)
                        rendered.annotationsBytes.append(0x0A)
                        rendered.claimReviewsBytes = AnnotationJSONLD.claimReviews(anchoring.anchored, article: article, config: config,
                                                                                 entities: entities?.index)
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

    /// A link's shown `text` as the reader's text has it at `range` of `source`: runs of spaces
    /// and tabs as one space, and none at an end where the source has one beside the link
    /// (`said [[ Tony Blair ]] on` reads "said Tony Blair on").
    static func readersText(_ text: String, at range: Range<Int>, in source: String) -> String {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last else { return text }
        var doubled = false
        for i in bytes.indices.dropFirst() where isSpace(bytes[i]) && isSpace(bytes[i - 1]) { doubled = true; break }
        guard doubled || isSpace(first) || isSpace(last) || bytes.contains(0x09) else { return text }
        let around = Array(source.utf8)
        var space = range.lowerBound > 0 && isSpace(around[range.lowerBound - 1])
        var out: [UInt8] = []
        for byte in bytes {
            if isSpace(byte) {
                if !space { out.append(0x20) }
                space = true
            } else {
                out.append(byte)
                space = false
            }
        }
        if out.last == 0x20, range.upperBound < around.count, isSpace(around[range.upperBound]) { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// Unique ids for headings, from their text: "Who paid?" is `who-paid`, a second one
    /// `who-paid-2`; a heading without letters or digits is `section`.
    /// A warning at the first Hugo shortcode (`{{< name >}}`, `{{% name %}}`) in the text of
    /// `article` (not in code): gen has none, and the page would show it as written.
    static func hugoShortcode(in article: Article) -> Diagnostic? {
        var body = article.body
        let found = body.withUTF8 { bytes in
            ByteSearch.find(Array("{{<".utf8), in: bytes, from: 0) ?? ByteSearch.find(Array("{{%".utf8), in: bytes, from: 0)
        }
        guard found != nil else { return nil }
        for run in MarkdownDocument(article.body).textRuns() where run.kind == .text {
            guard let range = run.text.range(of: "{{<") ?? run.text.range(of: "{{%") else { continue }
            let column = run.column + run.text[..<range.lowerBound].count
            return .warning("a Hugo shortcode is shown as written: gen has no shortcodes",
                            at: SourceLocation(article.path, line: run.line + article.bodyLine - 1, column: column),
                            notes: [.init("write its content in Markdown or HTML (with unsafe_html = true in gen.toml), "
                                          + "and links to other articles as [text](other.md)")])
        }
        return nil
    }

    /// A warning at the first raw HTML of `article` (HTML comments aside) when raw HTML is left
    /// out of pages (no `unsafe_html`): the page shows neither the tag nor what is written inside
    /// an HTML block, and an article pasted from a web page would lose text unseen. The first
    /// block that takes text with it is the one shown, else the first tag.
    static func omittedHTML(in document: MarkdownDocument, of article: Article) -> Diagnostic? {
        guard article.body.utf8.contains(0x3C) else { return nil }  // "<"
        let found = document.rawHTML()
        guard let first = found.first(where: { hasText(outsideTags: $0.text) }) ?? found.first else { return nil }
        let tag = first.text.split(whereSeparator: \.isNewline).first.map(String.init) ?? first.text
        let shown = tag.count > 60 ? String(tag.prefix(60)) + "…" : tag
        return .warning("raw HTML is left out of the page" + (hasText(outsideTags: first.text) ? ", with the text in it" : "")
                            + ": '\(shown)'" + (found.count > 1 ? " (and \(found.count - 1) more in this article)" : ""),
                        at: SourceLocation(article.path, line: first.line + article.bodyLine - 1, column: first.column),
                        notes: [.init("write it in Markdown, or set unsafe_html = true in gen.toml to keep raw HTML in pages")])
    }

    /// Whether `html` has a letter or digit outside its tags (text an HTML block would take away).
    static func hasText(outsideTags html: String) -> Bool {
        var html = html
        // A comment's words are no text of the page.
        while let start = html.range(of: "<!--"), let end = html.range(of: "-->", range: start.upperBound..<html.endIndex) {
            html.removeSubrange(start.lowerBound..<end.upperBound)
        }
        var inTag = false
        for character in html {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag,
                character.isLetter || character.isNumber { return true }
        }
        return false
    }

    /// The ids of the theme's own elements on a document's page (`id="main"`, the sections'
    /// headings, the search box), and the beginnings of those gen gives notes, passages,
    /// citations, sources, mentions and footnotes: a heading's id that would be one of them
    /// starts with "h-" instead (`## Main` is `#h-main`), so that no link leads to the wrong one.
    static let reservedIDs: Set<String> = ["main", "site-search", "search-query", "search-heading", "toc-title", "notes-heading",
                                           "sources-heading", "entities-heading", "orphans-heading", "pages-heading",
                                           "mentions-heading", "co-mentions-heading"]
    static let reservedPrefixes = ["note-", "mark-", "source-", "cite-", "tip-", "mention-", "sidenote-", "kind-", "fn-", "fnref-"]

    static func headingIDs(_ headings: [HeadingInfo]) -> [String] {
        var used: Set<String> = []
        // For each name taken, the number its next namesake tries first: 8,000 headings of one
        // name would otherwise try 32 million.
        var next: [String: Int] = [:]
        return headings.map { heading in
            let slug = Slug.anchor(from: heading.text)
            var base = slug.isEmpty ? "section" : slug
            if reservedIDs.contains(base) || reservedPrefixes.contains(where: { base.hasPrefix($0) }) { base = "h-" + base }
            var id = base
            if used.contains(id) {
                var n = next[base] ?? 2
                repeat {
                    id = "\(base)-\(n)"
                    n += 1
                } while used.contains(id)
                next[base] = n
            }
            used.insert(id)
            return id
        }
    }

    /// A nested list of the headings, each a link to its id. A heading goes one list deeper
    /// than the one before it at most, and the first is at the top: a level skipped (`##` then
    /// `####`) or a first heading below a later one (`##` then `#`) still makes nested lists.
    static func tableOfContents(_ headings: [(heading: HeadingInfo, id: String)], title: String = "Contents") -> [UInt8] {
        guard !headings.isEmpty else { return [] }
        let top = headings.map(\.heading.level).min()!
        var html = "<nav class=\"toc\" aria-labelledby=\"toc-title\" data-gen-added>\n<h2 id=\"toc-title\">\(HTMLEscape.escape(title))</h2>\n<ol>\n"
        var depth = 0
        for (n, (heading, id)) in headings.enumerated() {
            let level = n == 0 ? 0 : min(max(0, heading.level - top), depth + 1)
            if n > 0 {
                if level > depth {
                    for _ in depth..<level { html += "\n<ol>\n" }
                } else {
                    html += "</li>\n"
                    for _ in level..<depth { html += "</ol>\n</li>\n" }
                }
            }
            depth = level
            html += "<li><a href=\"#\(HTMLEscape.escape(id))\">\(HTMLEscape.escape(heading.text))</a>"
        }
        html += "</li>\n"
        for _ in 0..<depth { html += "</ol>\n</li>\n" }
        html += "</ol>\n</nav>\n"
        return Array(html.utf8)
    }

    /// Every image of the Markdown of the file `file` (its body from `bodyLine`, in `folder`),
    /// shown on a page `depth` folders down (a document's, a note's body on its document's page,
    /// an entity's on its own), resolved to its file: `<img>` with the page-relative address,
    /// `width` and `height` from the file, `loading="lazy" decoding="async"`. A missing file is
    /// an error at the image; an empty alt text a warning. `first`: the first image shown.
    static func resolveImages(in tree: MarkdownDocument, file: String, bodyLine: Int, folder: String, depth: Int,
                              with images: ImageResolver) -> (diagnostics: DiagnosticList, first: String?) {
        var firstPath: String?
        var diagnostics = DiagnosticList()
        let root = SitePath.root(depth: depth)
        tree.rewriteImages { image in
            let location = SourceLocation(file, line: bodyLine + image.line - 1, column: image.column)
            let src: String
            var size: ImageSize?
            switch images.resolve(image.url, from: folder) {
            case .external:
                let lower = image.url.lowercased()
                // Other schemes are cmark-gfm's to write (or drop, in safe mode).
                guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("//") else { return nil }
                src = image.url
                if firstPath == nil { firstPath = image.url }
            case .missing(let looked, let instead):
                diagnostics.error("image '\(image.url)' not found", at: location,
                                  notes: [.init("looked for \(looked)"),
                                          .init(instead.map { "did you mean '\($0)'?" }
                                              ?? "put images beside an article in its folder (content/articles/SLUG/index.md), in content/images/ or in static/")])
                // A page with a missing image is neither written nor served (this is an error):
                // its `src` is left empty, so that `gen check`'s look at its links does not
                // report the same file again as a broken link.
                return ""
            case .found(let found):
                src = root + found.outputPath.split(separator: "/").map {
                    $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0)
                }.joined(separator: "/")
                size = found.size
                if firstPath == nil { firstPath = found.outputPath }
            }
            if image.alt.isEmpty {
                diagnostics.warning("image '\(image.url)' has no alt text", at: location,
                                    notes: [.init("describe the image for readers who cannot see it: ![what it shows](\(image.url))")])
            }
            var tag = "<img src=\"\(HTMLEscape.escape(src))\" alt=\"\(HTMLEscape.escape(image.alt))\""
            if !image.title.isEmpty { tag += " title=\"\(HTMLEscape.escape(image.title))\"" }
            if let size { tag += " width=\"\(size.width)\" height=\"\(size.height)\"" }
            return tag + " loading=\"lazy\" decoding=\"async\" />"
        }
        return (diagnostics, firstPath)
    }

    /// The first sentences of the first paragraph, about `limit` characters at most.
    static func firstSentences(of document: MarkdownDocument, limit: Int = 160) -> String {
        firstSentences(of: document.firstParagraphText ?? "", limit: limit)
    }

    /// `text` as a reader sees it once gen's own syntax is rendered: `[[target|shown]]` is
    /// "shown", `[[name]]` "name", `[[slug]]` the entity's name (when `index` knows it), and
    /// citations are gone (as in an entity page's sentences).
    static func withoutLinkSyntax(_ text: String, index: EntityIndex? = nil) -> String {
        guard text.utf8.contains(UInt8(ascii: "[")) else { return text }
        let bytes = Array(text.utf8)
        return String(decoding: EntityMarkup.sentence(in: bytes, start: 0, end: bytes.count, index: index), as: UTF8.self)
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
        // A longer prefix never has fewer characters: the ends that fit come first, found by
        // halving (a paragraph of 10,000 sentences is not counted 10,000 times).
        var low = 0, high = sentenceEnds.count
        while low < high {
            let middle = (low + high) / 2
            if String(decoding: bytes[..<sentenceEnds[middle]], as: UTF8.self).count <= limit { low = middle + 1 } else { high = middle }
        }
        if low > 0 {
            return String(decoding: bytes[..<sentenceEnds[low - 1]], as: UTF8.self)
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
    /// The same with the brackets and `@` the author escaped marked (`textMarkingEscapes`).
    var summarySource: String { get }
}

extension PlainDocument {
    /// Plain paragraphs have no backslash.
    var summarySource: String { firstParagraphText ?? "" }
}

extension PlainDocument: RenderableDocument {}

extension MarkdownDocument: RenderableDocument {
    func insertBlock(_ html: [UInt8], before block: Int) { insertBlock(String(decoding: html, as: UTF8.self), before: block) }

    /// The first paragraph of text: one that shows only images (an article opening with a
    /// photo) is passed over, its alt text being no sentence of the article.
    var firstParagraphText: String? { firstParagraph?.plainText }

    var summarySource: String {
        guard let paragraph = firstParagraph else { return "" }
        return escapes.mayHold ? textMarkingEscapes(of: paragraph) : paragraph.plainText
    }

    private var firstParagraph: MarkdownNode? {
        var node = document.firstChild
        while let current = node, !current.isParagraph || current.isImagesOnly { node = current.next }
        return node
    }
}
