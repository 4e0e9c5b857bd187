import ByteText
import Foundation
import Templates
import Markdown

/// The HTML of notes: marks on their passages, references, sidenotes and the full list after
/// the article. The hooks are the contract of docs/templates.md (`<mark class="annotation"
/// data-annotations>`, `id="mark-ID"`, `class="note" id="note-ID"`, `class="verdict
/// verdict-VALUE"`); they are written here, in code, because a large site has tens of
/// thousands of notes and Mustache costs about a microsecond a lookup.
public struct NoteMarkup: Sendable {
    let verdicts: [String: SiteConfig.Verdict]
    let markdown: MarkdownOptions
    let labels: ThemeLabels
    /// Each verdict's badge, and its label escaped for the sidenote's toggle, made once.
    let badges: [String: (badge: [UInt8], label: [UInt8])]

    public init(config: SiteConfig) {
        var verdicts: [String: SiteConfig.Verdict] = [:]
        var badges: [String: (badge: [UInt8], label: [UInt8])] = [:]
        let prefix = HTMLEscape.escape(config.labels["verdict"])
        for (key, label) in config.verdicts.map({ ($0.key, $0.label) }) + [(Note.underReview, config.labels["under_review"])] {
            let label = HTMLEscape.escape(label)
            badges[key] = (Array(" <span class=\"verdict verdict-\(HTMLEscape.escape(key))\"><span class=\"verdict-prefix\">\(prefix) </span>\(label)</span>".utf8),
                           Array(label.utf8))
        }
        for verdict in config.verdicts { verdicts[verdict.key] = verdict }
        self.verdicts = verdicts
        self.badges = badges
        self.markdown = config.markdownOptions
        self.labels = config.labels
    }

    /// Marks every anchored passage: overlapping notes are cut into segments
    /// that carry every covering id (a segment covered by several notes says how many to
    /// screen readers); each note's first segment has `id="mark-ID"`; a numbered badge follows
    /// its last segment, and its sidenote right after the badge, inside the same paragraph: in
    /// the margin on wide screens, a toggle that opens the note at its passage on narrow ones.
    /// The marks, badges and sidenotes as spans to apply; no blocks are inserted.
    func mark(_ notes: [AnchoredNote], runs: [TextRun], text: FoldedText,
              bodies: [[UInt8]]) -> (spans: [TextSpan], blocks: [(Int, [UInt8])]) {
        guard !notes.isEmpty else { return ([], []) }
        // Per run: the byte intervals each note covers. Consecutive scalars of one run extend
        // the current interval; the dictionary is touched once per interval, not per scalar.
        // Line breaks inside a passage are covered too, so a passage broken across source lines
        // stays one highlight.
        var cover: [Int: [(start: Int, end: Int, note: Int)]] = [:]
        for n in notes.indices {
            for piece in text.pieces(notes[n].start, notes[n].end) {
                let kind = runs[piece.run].kind
                guard kind == .text || kind == .code || kind == .lineBreak else { continue }
                cover[piece.run, default: []].append((piece.start, piece.end, n))
            }
        }
        var spans: [TextSpan] = []
        var seenFirst = Set<Int>()
        var lastSegment: [Int: (run: Int, end: Int)] = [:]
        for run in cover.keys.sorted() {
            let intervals = cover[run]!
            let points = Set(intervals.flatMap { [$0.start, $0.end] }).sorted()
            for (start, end) in zip(points, points.dropFirst()) {
                let covering = intervals.filter { $0.start <= start && $0.end >= end }.map(\.note)
                guard !covering.isEmpty else { continue }
                let ids = Array(Set(covering)).sorted()
                let firsts = ids.filter { seenFirst.insert($0).inserted }
                let plain = "<mark class=\"annotation\" data-annotations=\"\(ids.map { notes[$0].note.id }.joined(separator: " "))\""
                var open = plain
                if let first = firsts.first { open += " id=\"mark-\(notes[first].note.id)\"" }
                open += ">"
                for extra in firsts.dropFirst() { open += "<span class=\"mark-anchor\" id=\"mark-\(notes[extra].note.id)\"></span>" }
                if ids.count > 1, runs[run].kind != .lineBreak {
                    open += "<span class=\"visually-hidden\" data-gen-added>" + labels.overlap(ids.count) + "</span>"
                }
                spans.append(TextSpan(run: run, start: start, end: end, open: open, close: "</mark>", reopen: plain + ">"))
                for id in ids where runs[run].kind != .lineBreak || lastSegment[id] == nil { lastSegment[id] = (run, end) }
            }
        }
        // The numbers (and notes) of passages ending at one place go into one span, in number
        // order: spans at one point are ordered by their markup.
        struct Point: Hashable { var run: Int, offset: Int }
        var points: [Point: [UInt8]] = [:], movedNotes: [Point: [UInt8]] = [:]
        for n in lastSegment.keys.sorted() {
            let place = lastSegment[n]!
            let number = String(notes[n].number)
            var html: [UInt8] = []
            html.append(raw: "<sup class=\"note-ref\" data-gen-added><a href=\"#note-")
            html += notes[n].note.id.utf8
            html.append(raw: "\" data-note=\"")
            html += notes[n].note.id.utf8
            html.append(raw: "\" aria-label=\"")
            HTMLEscape.append(labels.note + " " + number, to: &html)
            html.append(raw: "\">")
            html += number.utf8
            html.append(raw: "</a></sup>")
            // The note after the punctuation that closes the passage's words: opened on a
            // narrow screen, it breaks the line there, and a lone "." would start the next.
            let after = Self.afterClosingPunctuation(runs, run: place.run, offset: place.end)
            var sidenote: [UInt8] = []
            appendSidenote(notes[n], body: bodies[notes[n].number - 1], to: &sidenote)
            if after == (place.run, place.end) {
                html += sidenote
            } else {
                movedNotes[Point(run: after.run, offset: after.offset), default: []] += sidenote
            }
            points[Point(run: place.run, offset: place.end), default: []] += html
        }
        for (point, html) in points {
            var span = TextSpan(run: point.run, start: point.offset, end: point.offset, open: String(decoding: html, as: UTF8.self), close: "")
            // The badge is a link: never inside the link a passage ends in.
            span.afterLink = runs[point.run].inLink
            spans.append(span)
        }
        for (point, html) in movedNotes {
            var moved = TextSpan(run: point.run, start: point.offset, end: point.offset, open: String(decoding: html, as: UTF8.self), close: "")
            moved.afterLink = runs[point.run].inLink
            spans.append(moved)
        }
        return (spans, [])
    }

    /// Where the punctuation that closes a passage ending at `offset` of run `run` ends
    /// (`.`, `,`, `;`, `:`, `!`, `?`, `…`, closing brackets and quotes), in the same run or, when
    /// the passage ends an emphasis, the text run right after it in the same block; the
    /// passage's own end when none follows, or when it is in a link.
    static func afterClosingPunctuation(_ runs: [TextRun], run: Int, offset: Int) -> (run: Int, offset: Int) {
        func closing(_ scalar: Unicode.Scalar) -> Bool {
            ".,;:!?)]}\"'\u{2019}\u{201D}\u{2026}\u{00BB}".unicodeScalars.contains(scalar)
        }
        func end(of text: String, from start: Int) -> Int {
            let utf8 = text.utf8
            var index = utf8.index(utf8.startIndex, offsetBy: start)
            while index < utf8.endIndex {
                let scalar = text.unicodeScalars[index]
                guard closing(scalar) else { break }
                index = text.unicodeScalars.index(after: index)
            }
            return utf8.distance(from: utf8.startIndex, to: index)
        }
        let current = runs[run]
        // In a link, the badge and the note go right after it (`TextSpan.afterLink`).
        guard !current.inLink else { return (run, offset) }
        if offset < current.text.utf8.count { return (run, end(of: current.text, from: offset)) }
        // At the run's end: the next text run of the block, when it starts with punctuation.
        guard run + 1 < runs.count, case let next = runs[run + 1], next.kind == .text, next.block == current.block,
              !next.inLink else { return (run, offset) }
        let moved = end(of: next.text, from: 0)
        return moved > 0 ? (run + 1, moved) : (run, offset)
    }

    /// The label of a note's kind and, for a fact-check, its verdict badge.
    func appendHead(_ note: Note, to html: inout [UInt8]) {
        html.append(raw: "<span class=\"note-kind\">")
        HTMLEscape.append(labels.kind(note.kind), to: &html)
        html.append(raw: "</span>")
        if let key = note.publishedVerdict, let badge = badges[key] { html += badge.badge }
    }

    private static func kindLabelText(_ kind: Note.Kind) -> StaticString {
        switch kind {
        case .factCheck: "Fact check"
        case .context: "Context"
        case .correction: "Correction"
        }
    }

    static func kindLabel(_ kind: Note.Kind) -> String { "\(kindLabelText(kind))" }

    /// Each note's body as HTML, in note order: rendered once, shown in the sidenote and the
    /// list. Citations in bodies number on from the article's (`citations`).
    /// `links` are the site's documents and the way from the page up to the site's root
    /// (`../../`): links from the root in a body (`/methodology/`) and to documents' Markdown
    /// files are made relative to the page, as the article's own are; their problems go to
    /// `diagnostics`.
    func bodies(_ notes: [AnchoredNote], citations: CitationMarkup? = nil,
                cited: inout CitationMarkup.Result, entities: EntityMarkup? = nil,
                mentions: inout EntityMentions, links: (SiteLinks, root: String)? = nil,
                images: (ImageResolver, depth: Int)? = nil, diagnostics: inout DiagnosticList) -> [[UInt8]] {
        notes.map { body($0.note, citations: citations, cited: &cited, entities: entities, mentions: &mentions, links: links,
                         images: images, diagnostics: &diagnostics) }
    }

    /// One note's body as HTML: plain paragraphs without cmark-gfm (unless `allowPlain` is
    /// false), with its citations and entity links, and its images found (`images`: for a page
    /// `depth` folders down), as an article's are.
    func body(_ note: Note, citations: CitationMarkup?, cited: inout CitationMarkup.Result, entities: EntityMarkup?,
              mentions: inout EntityMentions, allowPlain: Bool = true, links: (SiteLinks, root: String)? = nil,
              images: (ImageResolver, depth: Int)? = nil, diagnostics: inout DiagnosticList) -> [UInt8] {
        let document = parseDocument(note.body, options: markdown, allowPlain: allowPlain)
        if let tree = document as? MarkdownDocument {
            if let links { diagnostics.append(contentsOf: links.0.rewrite(tree, path: note.file, bodyLine: note.bodyLine, root: links.root)) }
            if let (resolver, depth) = images {
                diagnostics.append(contentsOf: RenderMarkdown.resolveImages(in: tree, file: note.file, bodyLine: note.bodyLine,
                                                                            folder: SitePath.folder(of: note.file), depth: depth,
                                                                            with: resolver).diagnostics)
            }
        }
        let cites = citations != nil && CitationMarkup.mayCite(note.body)
        let mentionsEntities = entities != nil && EntityMarkup.mayLink(note.body)
        if cites || mentionsEntities {
            let runs = document.textRuns()
            var spans: [TextSpan] = []
            if let citations, cites {
                spans += citations.cite(runs, path: note.file, bodyLine: note.bodyLine, into: &cited)
            }
            if let entities, mentionsEntities {
                spans += entities.run(runs, path: note.file, bodyLine: note.bodyLine, note: note.id, into: &mentions)
            }
            document.apply(spans, to: runs)
        }
        return document.renderHTMLBytes()
    }

    func bodies(_ notes: [AnchoredNote]) -> [[UInt8]] {
        var unused = CitationMarkup.Result()
        var none = EntityMentions()
        var problems = DiagnosticList()
        return bodies(notes, citations: nil, cited: &unused, mentions: &none, diagnostics: &problems)
    }

    /// Beside the text on wide screens; on narrow ones a toggle that opens it in the text, at its
    /// passage (CSS only: a checkbox and its label). It stands inside the passage's paragraph,
    /// so it is written as phrasing content: the body's blocks become spans with the same look
    /// (`sidenote-p`, `sidenote-blockquote`, ...). The body's ids stay with the note list's copy,
    /// so the page has each id once.
    func appendSidenote(_ anchored: AnchoredNote, body: [UInt8], to html: inout [UInt8]) {
        let note = anchored.note
        let number = String(anchored.number)
        html.reserveCapacity(html.count + body.count + 400)
        html.append(raw: "<span class=\"sidenote note-")
        HTMLEscape.appendRaw(note.kind.rawValue, to: &html)
        html.append(raw: "\" data-gen-added data-note=\"")
        HTMLEscape.appendRaw(note.id, to: &html)
        html.append(raw: "\"><input type=\"checkbox\" class=\"sidenote-toggle\" id=\"sidenote-toggle-")
        HTMLEscape.appendRaw(note.id, to: &html)
        html.append(raw: "\"><label class=\"sidenote-label\" for=\"sidenote-toggle-")
        HTMLEscape.appendRaw(note.id, to: &html)
        html.append(raw: "\">")
        HTMLEscape.append(labels.note + " " + number, to: &html)
        html.append(raw: " · ")
        HTMLEscape.append(labels.kind(note.kind), to: &html)
        // The verdict on the toggle too, so a narrow screen shows it before the note opens.
        if let key = note.publishedVerdict, let badge = badges[key] {
            html.append(raw: " · ")
            html += badge.label
        }
        html.append(raw: "</label><span class=\"sidenote-body\"><span class=\"sidenote-head\"><a href=\"#note-")
        HTMLEscape.appendRaw(note.id, to: &html)
        html.append(raw: "\">")
        HTMLEscape.append(labels.note + " " + number, to: &html)
        html.append(raw: "</a> · ")
        appendHead(note, to: &html)
        html.append(raw: "</span>")
        var withoutIDs: [UInt8] = []
        body.withUnsafeBufferPointer { Self.appendWithoutIDs($0, to: &withoutIDs) }
        Self.appendPhrasing(withoutIDs, to: &html)
        html.append(raw: "</span></span>")
    }

    /// Whether `html[name]` names a block element of a note body that becomes a span inside a
    /// sidenote: p, blockquote, ul, ol, li, pre, h1-h6, hr, div, section, table, thead, tbody,
    /// tr, th, td, dl, dt, dd, figure, figcaption. Compared as bytes: most tags of a body are
    /// inline (a, em, span) and pass through.
    static func isPhrasingBlock(_ html: [UInt8], _ name: Range<Int>) -> Bool {
        let n = name.count, s = name.lowerBound
        guard n > 0, n <= 10 else { return false }
        @inline(__always) func equals(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == n else { return false }
            for k in 0..<n where html[s + k] != word.utf8Start[k] { return false }
            return true
        }
        switch html[s] {
        case 0x70: return equals("p") || equals("pre")  // p
        case 0x62: return equals("blockquote")  // b
        case 0x75: return equals("ul")  // u
        case 0x6F: return equals("ol")  // o
        case 0x6C: return equals("li")  // l
        case 0x68: return n == 2 && (html[s + 1] == 0x72 || (html[s + 1] >= 0x31 && html[s + 1] <= 0x36))  // hr, h1-h6
        case 0x64: return equals("div") || equals("dl") || equals("dt") || equals("dd")  // d
        case 0x73: return equals("section")  // s
        case 0x74: return equals("table") || equals("thead") || equals("tbody") || equals("tr") || equals("th") || equals("td")
        case 0x66: return equals("figure") || equals("figcaption")  // f
        default: return false
        }
    }

    /// `html` (cmark-gfm's rendering of a note body) with every block element written as a
    /// `span` of class `sidenote-NAME`, its attributes dropped; everything else as it is.
    static func appendPhrasing(_ html: [UInt8], to out: inout [UInt8]) {
        var i = 0
        var copied = 0
        while i < html.count {
            guard html[i] == 0x3C else { i += 1; continue }  // <
            var j = i + 1
            let closing = j < html.count && html[j] == 0x2F
            if closing { j += 1 }
            let nameStart = j
            while j < html.count, (html[j] >= 0x61 && html[j] <= 0x7A) || (html[j] >= 0x30 && html[j] <= 0x39) { j += 1 }
            // Compared as bytes: most tags of a body are inline (a, em, span) and pass through.
            guard j < html.count, html[j] == 0x20 || html[j] == 0x3E || html[j] == 0x2F || html[j] == 0x0A,
                  Self.isPhrasingBlock(html, nameStart..<j)
            else { i += 1; continue }
            let name = html[nameStart..<j]
            // The end of the tag, past quoted attribute values.
            var quote: UInt8 = 0
            while j < html.count {
                let byte = html[j]
                if quote != 0 { if byte == quote { quote = 0 } } else if byte == 0x22 || byte == 0x27 { quote = byte } else if byte == 0x3E { break }
                j += 1
            }
            out.append(contentsOf: html[copied..<i])
            if closing {
                out.append(raw: "</span>")
            } else {
                out.append(raw: "<span class=\"sidenote-")
                out += name
                out.append(raw: "\">")
                if name == [0x68, 0x72] { out.append(raw: "</span>") }  // hr
            }
            i = min(j + 1, html.count)
            copied = i
        }
        out.append(contentsOf: html[copied...])
    }

    /// A sidenote as a string (tests).
    func sidenote(_ anchored: AnchoredNote, body: String) -> String {
        var html: [UInt8] = []
        appendSidenote(anchored, body: Array(body.utf8), to: &html)
        return String(decoding: html, as: UTF8.self)
    }

    /// `html` with `id` and `aria-describedby` attributes renamed to `data-` ones.
    static func withoutIDs(_ html: String) -> String {
        var out: [UInt8] = []
        Array(html.utf8).withUnsafeBufferPointer { appendWithoutIDs($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// `bytes` appended to `out` with `id` and `aria-describedby` attributes renamed to `data-` ones.
    static func appendWithoutIDs(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        @inline(__always) func ends(_ name: StaticString, at i: Int) -> Bool {
            let count = name.utf8CodeUnitCount
            guard i >= count else { return false }
            return memcmp(bytes.baseAddress! + i - count, name.utf8Start, count) == 0
        }
        var copied = 0
        // Every `="` preceded by one of the two attribute names.
        var i = 0
        while i + 1 < bytes.count {
            guard let found = memchr(bytes.baseAddress! + i, 0x3D, bytes.count - 1 - i) else { break }
            i = UnsafeRawPointer(found) - UnsafeRawPointer(bytes.baseAddress!)
            guard bytes[i + 1] == 0x22 else { i += 1; continue }
            var nameStart = -1, skip = 0
            if ends(" id", at: i) { nameStart = i - 2 }
            else if ends(" aria-describedby", at: i) { nameStart = i - 16; skip = 5 }  // " data-describedby"
            if nameStart >= 0 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<nameStart]))
                out.append(contentsOf: "data-".utf8)
                copied = nameStart + skip
            }
            i += 2
        }
        if copied < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...])) }
    }

    /// The full list of notes, in passage order: works without JavaScript and in print.
    func noteList(_ notes: [AnchoredNote], bodies: [[UInt8]]) -> [UInt8] {
        guard !notes.isEmpty else { return [] }
        var html: [UInt8] = []
        html.reserveCapacity(bodies.reduce(256) { $0 + $1.count + 700 })
        html.append(raw: "<section class=\"notes\" aria-labelledby=\"notes-heading\">\n<h2 id=\"notes-heading\">")
        HTMLEscape.append(labels["notes"], to: &html)
        html.append(raw: "</h2>\n<ol class=\"note-list\">\n")
        for anchored in notes {
            let note = anchored.note
            let number = String(anchored.number)
            html.append(raw: "<li><div class=\"note note-")
            html += note.kind.rawValue.utf8
            for extra in note.extraClasses {
                html.append(0x20)
                html += HTMLEscape.escape(extra).utf8
            }
            html.append(raw: "\" id=\"note-")
            html += note.id.utf8
            html.append(raw: "\" data-note=\"")
            html += note.id.utf8
            html.append(raw: "\">\n<p class=\"note-head\"><span class=\"note-number\"><span class=\"visually-hidden\">")
            HTMLEscape.append(labels.note, to: &html)
            html.append(raw: " </span>")
            html += number.utf8
            html.append(raw: "</span> ")
            appendHead(note, to: &html)
            html.append(raw: "</p>\n<blockquote class=\"note-quote\"><p>")
            HTMLEscape.append(anchored.exact, to: &html)
            html.append(raw: "</p></blockquote>\n")
            html += bodies[anchored.number - 1]
            html.append(raw: "<p class=\"note-meta\">")
            if let author = note.author {
                HTMLEscape.append(labels["by"] + " ", to: &html)
                HTMLEscape.append(author, to: &html)
            }
            if let date = note.date {
                if note.author != nil { html.append(raw: " · ") }
                html.append(raw: "<time datetime=\"")
                html += date.rfc3339.utf8
                html.append(raw: "\" dir=\"auto\">")
                HTMLEscape.append(labels.date(date), to: &html)
                html.append(raw: "</time>")
            }
            // The separator goes with the link back, which paper leaves out.
            if note.author != nil || note.date != nil { html.append(raw: "<span class=\"note-back-sep\"> · </span>") }
            html.append(raw: "<a class=\"note-back\" href=\"#mark-")
            html += note.id.utf8
            html.append(raw: "\">")
            HTMLEscape.append(labels["back_to_passage"], to: &html)
            // Each link's name says which note it is from; the arrow is not read.
            html.append(raw: "<span class=\"visually-hidden\"> (")
            HTMLEscape.append(labels["note"], to: &html)
            html += " \(anchored.number))".utf8
            html.append(raw: "</span> <span aria-hidden=\"true\">↩</span></a></p>\n</div></li>\n")
        }
        html.append(raw: "</ol>\n</section>\n")
        return html
    }

}

extension SiteConfig {
    /// How Markdown is parsed and rendered for this site (task list checkboxes named in its
    /// language).
    var markdownOptions: MarkdownOptions {
        let labels = self.labels
        return MarkdownOptions(unsafeHTML: unsafeHTML, taskDone: labels["task_done"], taskOpen: labels["task_open"],
                               footnote: labels["footnote"], footnotes: labels["footnotes"], backToText: labels["back_to_text"],
                               sectionLink: labels["section_link"])
    }
}
