import Foundation
import Templates
import Markdown

/// The HTML of notes: marks on their passages, references, sidenotes and the full list after
/// the article. The hooks are the contract of SPEC §8 (`<mark class="annotation"
/// data-annotations>`, `id="mark-ID"`, `class="note" id="note-ID"`, `class="verdict
/// verdict-VALUE"`); they are written here, in code, because a large site has tens of
/// thousands of notes and Mustache costs about a microsecond a lookup.
public struct NoteMarkup: Sendable {
    let verdicts: [String: SiteConfig.Verdict]
    let markdown: MarkdownOptions

    public init(config: SiteConfig) {
        var verdicts: [String: SiteConfig.Verdict] = [:]
        for verdict in config.verdicts { verdicts[verdict.key] = verdict }
        self.verdicts = verdicts
        self.markdown = MarkdownOptions(unsafeHTML: config.unsafeHTML)
    }

    /// Marks every anchored passage: overlapping notes are cut into segments
    /// that carry every covering id; each note's first segment has `id="mark-ID"`; a numbered
    /// reference follows its last segment; its sidenote goes before the block of its passage.
    /// The marks and references as spans to apply, and the sidenotes as blocks to insert
    /// (top-level block index, HTML) after the spans are applied.
    func mark(_ notes: [AnchoredNote], runs: [TextRun], text: FoldedText,
              bodies: [String]) -> (spans: [TextSpan], blocks: [(Int, String)]) {
        guard !notes.isEmpty else { return ([], []) }
        // Per run: the byte intervals each note covers. Consecutive scalars of one run extend
        // the current interval; the dictionary is touched once per interval, not per scalar.
        var cover: [Int: [(start: Int, end: Int, note: Int)]] = [:]
        for n in notes.indices {
            for piece in text.pieces(notes[n].start, notes[n].end) where runs[piece.run].kind == .text || runs[piece.run].kind == .code {
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
                spans.append(TextSpan(run: run, start: start, end: end, open: open, close: "</mark>", reopen: plain + ">"))
                for id in ids { lastSegment[id] = (run, end) }
            }
        }
        for (n, place) in lastSegment {
            let number = String(notes[n].number)
            spans.append(TextSpan(run: place.run, start: place.end, end: place.end,
                                  open: "<sup class=\"note-ref\"><a href=\"#note-" + notes[n].note.id + "\" aria-label=\"Note "
                                      + number + "\">" + number + "</a></sup>",
                                  close: ""))
        }
        // Sidenotes before the top-level block where each passage starts, in note order.
        var byBlock: [Int: [Int]] = [:]
        for n in notes.indices {
            let block = runs[text.origin(notes[n].start).run].block
            byBlock[block, default: []].append(n)
        }
        let blocks = byBlock.keys.sorted().map { block in
            (block, byBlock[block]!.map { sidenote(notes[$0], body: bodies[notes[$0].number - 1]) }.joined())
        }
        return (spans, blocks)
    }

    /// The label of a note's kind and, for a fact-check, its verdict badge.
    func head(_ note: Note) -> String {
        var html = "<span class=\"note-kind\">\(Self.kindLabel(note.kind))</span>"
        if let key = note.verdict, let verdict = verdicts[key] {
            html += " <span class=\"verdict verdict-\(HTMLEscape.escape(key))\">\(HTMLEscape.escape(verdict.label))</span>"
        }
        return html
    }

    static func kindLabel(_ kind: Note.Kind) -> String {
        switch kind {
        case .factCheck: "Fact check"
        case .context: "Context"
        case .correction: "Correction"
        }
    }

    /// Each note's body as HTML, in note order: rendered once, shown in the sidenote and the
    /// list. Citations in bodies number on from the article's (`citations`).
    func bodies(_ notes: [AnchoredNote], citations: CitationMarkup? = nil,
                cited: inout CitationMarkup.Result, entities: EntityMarkup? = nil,
                mentions: inout EntityMentions) -> [String] {
        notes.map { anchored in
            let note = anchored.note
            if let html = PlainBody.render(note, citations: citations, cited: &cited, entities: entities, mentions: &mentions) {
                return html
            }
            let document = MarkdownDocument(note.body, options: markdown)
            let cites = citations != nil && CitationMarkup.mayCite(note.body)
            let links = entities != nil && EntityMarkup.mayLink(note.body)
            if cites || links {
                let runs = document.textRuns()
                var spans: [TextSpan] = []
                if let citations, cites {
                    spans += citations.cite(runs, path: note.file, bodyLine: note.bodyLine, into: &cited)
                }
                if let entities, links {
                    spans += entities.run(runs, path: note.file, bodyLine: note.bodyLine, note: note.id, into: &mentions)
                }
                document.apply(spans, to: runs)
            }
            return document.renderHTML()
        }
    }

    func bodies(_ notes: [AnchoredNote]) -> [String] {
        var unused = CitationMarkup.Result()
        var none = EntityMentions()
        return bodies(notes, citations: nil, cited: &unused, mentions: &none)
    }

    /// Beside the text on wide screens; on narrow ones a toggle that shows it in the text (CSS
    /// only: a checkbox and its label). The body's ids stay with the note list's copy, so the
    /// page has each id once.
    func sidenote(_ anchored: AnchoredNote, body: String) -> String {
        let note = anchored.note
        let number = String(anchored.number)
        var html = ""
        html.reserveCapacity(body.utf8.count + 400)
        html += "<div class=\"sidenote note-"
        html += note.kind.rawValue
        html += "\"><input type=\"checkbox\" class=\"sidenote-toggle\" id=\"sidenote-toggle-"
        html += note.id
        html += "\"><label class=\"sidenote-label\" for=\"sidenote-toggle-"
        html += note.id
        html += "\">Note "
        html += number
        html += " · "
        html += Self.kindLabel(note.kind)
        // The verdict on the toggle too, so a narrow screen shows it before the note opens.
        if let key = note.verdict, let verdict = verdicts[key] {
            html += " · "
            html += HTMLEscape.escape(verdict.label)
        }
        html += "</label>\n<aside class=\"sidenote-body\" aria-label=\"Note "
        html += number
        html += "\"><p class=\"sidenote-head\"><a href=\"#note-"
        html += note.id
        html += "\">Note "
        html += number
        html += "</a> · "
        html += head(note)
        html += "</p>\n"
        html += Self.withoutIDs(body)
        html += "</aside></div>\n"
        return html
    }

    /// `html` with `id` and `aria-describedby` attributes renamed to `data-` ones.
    static func withoutIDs(_ html: String) -> String {
        var copy = html
        return copy.withUTF8 { bytes -> String in
            @inline(__always) func ends(_ name: StaticString, at i: Int) -> Bool {
                let count = name.utf8CodeUnitCount
                guard i >= count else { return false }
                return memcmp(bytes.baseAddress! + i - count, name.utf8Start, count) == 0
            }
            var out: [UInt8] = []
            var copied = 0
            // Every `="` preceded by one of the two attribute names.
            var i = 0
            while i + 1 < bytes.count {
                guard bytes[i] == 0x3D, bytes[i + 1] == 0x22 else { i += 1; continue }
                var nameStart = -1, skip = 0
                if ends(" id", at: i) { nameStart = i - 2 }
                else if ends(" aria-describedby", at: i) { nameStart = i - 16; skip = 5 }  // " data-describedby"
                if nameStart >= 0 {
                    if out.isEmpty { out.reserveCapacity(bytes.count + 64) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<nameStart]))
                    out.append(contentsOf: "data-".utf8)
                    copied = nameStart + skip
                }
                i += 2
            }
            guard copied > 0 else { return html }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The full list of notes, in passage order: works without JavaScript and in print.
    func noteList(_ notes: [AnchoredNote], bodies: [String]) -> String {
        guard !notes.isEmpty else { return "" }
        var html = "<section class=\"notes\" aria-labelledby=\"notes-heading\">\n<h2 id=\"notes-heading\">Notes</h2>\n<ol class=\"note-list\">\n"
        for anchored in notes {
            let note = anchored.note
            let classes = (["note", "note-\(note.kind.rawValue)"] + note.extraClasses.map(HTMLEscape.escape)).joined(separator: " ")
            html += "<li><aside class=\"\(classes)\" id=\"note-\(note.id)\" aria-label=\"Note \(anchored.number)\">\n"
            html += "<p class=\"note-head\"><span class=\"note-number\">\(anchored.number)</span> \(head(note))</p>\n"
            html += "<blockquote class=\"note-quote\"><p>\(HTMLEscape.escape(anchored.exact))</p></blockquote>\n"
            html += bodies[anchored.number - 1]
            html += "<p class=\"note-meta\">"
            if let author = note.author { html += "By \(HTMLEscape.escape(author)) · " }
            html += "<a class=\"note-back\" href=\"#mark-\(note.id)\">Back to the passage ↩</a></p>\n</aside></li>\n"
        }
        return html + "</ol>\n</section>\n"
    }

}
