import ByteText
import Foundation
import Markdown

/// The site's entities, ready to find in text: explicit links `[[name]]`, `[[slug]]`,
/// `[[alias]]`, `[[target|text]]`, and automatic recognition of names and aliases through one
/// `MentionAutomaton` over all of them. A class: pages and sentences share one without copying
/// its tables.
public final class EntityIndex: Sendable {
    public let entities: [Entity]
    /// Each entity's page below the site root, "entities/SLUG/".
    let paths: [String]
    let bySlug: [String: Int]
    /// Name, alias or slug -> entity, for explicit links.
    let targets: [String: Int]
    let sortedTargets: [String]
    /// The entities whose files could not be read (`Entity.unreadable`): a link to one of them
    /// is not reported again, and the names they give are unknown.
    let unreadable: [Int]
    /// Recognised automatically: names and aliases of entities with `auto` (and the site's
    /// `[entities] auto`), and the entity each name belongs to.
    let automaton: MentionAutomaton
    let automatonEntity: [Int]
    let linkMode: SiteConfig.EntitySettings.LinkMode

    public init(_ entities: [Entity], settings: SiteConfig.EntitySettings = SiteConfig().entities) {
        let sorted = entities.sorted { $0.slug < $1.slug }
        self.entities = sorted
        self.paths = sorted.map { "entities/\($0.slug)/" }
        var bySlug: [String: Int] = [:]
        var targets: [String: Int] = [:]
        var names: [String] = []
        var owners: [Int] = []
        for (index, entity) in sorted.enumerated() {
            bySlug[entity.slug] = index
            for name in entity.names { targets[name] = targets[name] ?? index }
            targets[entity.slug] = targets[entity.slug] ?? index
            if settings.auto && entity.auto {
                for name in entity.names where !name.isEmpty {
                    names.append(name)
                    owners.append(index)
                }
            }
        }
        self.bySlug = bySlug
        self.targets = targets
        // A name made up for an unreadable file is no suggestion.
        self.sortedTargets = sorted.filter { !$0.unreadable }.map(\.name)
        self.unreadable = sorted.indices.filter { sorted[$0].unreadable }
        self.automaton = MentionAutomaton(names)
        self.automatonEntity = owners
        self.linkMode = settings.link
    }

    public var isEmpty: Bool { entities.isEmpty }

    public func entity(_ slug: String) -> Entity? { bySlug[slug].map { entities[$0] } }
    func index(of slug: String) -> Int? { bySlug[slug] }
}

/// Finds explicit links and, in articles, names of entities, and writes their markup (docs/templates.md):
/// `<a class="entity" data-entity="SLUG" href>` when linked, `<span class="entity"
/// data-entity="SLUG">` when not; an entity's first mention on the page has
/// `id="mention-SLUG-1"`, where its page links to.
final class EntityMarkup: Sendable {
    let index: EntityIndex
    /// From the page to the site root: "../../" for articles and entity pages.
    let root: String
    /// Each entity's span markup, made once: linked or not, with the first mention's id or
    /// not (four lists, so that reading one does not copy the other three).
    let linkMarkup: [SpanMarkup], firstLinkMarkup: [SpanMarkup], spanMarkup: [SpanMarkup], firstSpanMarkup: [SpanMarkup]

    init(index: EntityIndex, root: String) {
        self.index = index
        self.root = root
        var linkTags: [String] = [], firstLinkTags: [String] = [], spanTags: [String] = [], firstSpanTags: [String] = []
        for entity in index.entities {
            let slug = HTMLEscape.escape(entity.slug)
            let id = " id=\"mention-\(slug)-1\""
            let link = "<a class=\"entity\" data-entity=\"\(slug)\"", href = " href=\"\(root)entities/\(slug)/\">"
            let span = "<span class=\"entity\" data-entity=\"\(slug)\""
            linkTags.append(link + href)
            firstLinkTags.append(link + id + href)
            spanTags.append(span + ">")
            firstSpanTags.append(span + id + ">")
        }
        linkMarkup = linkTags.map { SpanMarkup(open: $0, close: "</a>", reopen: $0) }
        firstLinkMarkup = zip(firstLinkTags, linkTags).map { SpanMarkup(open: $0, close: "</a>", reopen: $1) }
        spanMarkup = spanTags.map { SpanMarkup(open: $0, close: "</span>", reopen: $0) }
        firstSpanMarkup = zip(firstSpanTags, spanTags).map { SpanMarkup(open: $0, close: "</span>", reopen: $1) }
    }

    /// Spans for the runs of one file (at `path`, Markdown from `bodyLine`): explicit links
    /// everywhere, and automatic recognition in an article's own text (`note` nil).
    /// `readsAs` is told, for each explicit link to a known entity, its bytes and the text the
    /// page shows in their place (the reader's words): `[[slug|the Commission]]` reads as "the
    /// Commission", `[[Tony Blair]]` and `[[Blair]]` as written, `[[tony-blair]]` as the
    /// entity's name.
    func run(_ runs: [TextRun], path: String, bodyLine: Int, note: String? = nil,
             into mentions: inout EntityMentions,
             readsAs: (_ run: Int, _ range: Range<Int>, _ text: String) -> Void = { _, _, _ in }) -> [TextSpan] {
        let recognise = note == nil
        guard !index.isEmpty || runs.contains(where: { Self.mayLink($0.text) }) else { return [] }
        // Every mention is found first, then numbered in reading order (explicit and
        // recognised alike), so the first on the page gets the id whatever its kind.
        // Found mentions are sorted as plain numbers: (run, start, link or name, its index).
        var links: [(entity: Int, run: Int, start: Int, end: Int, text: String, bytes: Int, at: Int)] = []
        // A name's pieces (one per run it covers) are `pieces[first..<first + count]`.
        var names: [(entity: Int, first: Int, count: Int, stretch: Int, at: Int)] = []
        var pieces: [(run: Int, start: Int, end: Int)] = []
        // The text around explicit links, for their sentences: the runs of a block joined as
        // for recognition (line breaks as spaces), once per stretch; each run's stretch and
        // offset in it.
        var linkBytes: [[UInt8]] = []
        var linkStretch: [Int: (stretch: Int, offset: Int)] = [:]
        func stretch(around r: Int) -> (stretch: Int, offset: Int) {
            if let known = linkStretch[r] { return known }
            func joins(_ k: Int) -> Bool {
                k == r || (runs[k].block == runs[r].block && !runs[k].inLink && (runs[k].kind == .text || runs[k].kind == .lineBreak))
            }
            var first = r
            while first > 0, joins(first - 1) { first -= 1 }
            var text: [UInt8] = []
            var k = first
            while k < runs.count, k <= r || joins(k) {
                linkStretch[k] = (linkBytes.count, text.count)
                if runs[k].kind == .lineBreak { text.append(0x20) } else { Self.append(runs[k], to: &text) }
                k += 1
            }
            linkBytes.append(text)
            return linkStretch[r]!
        }
        var found: [(run: Int, start: Int, isName: Bool, index: Int)] = []
        var explicitByRun: [Int: [(start: Int, end: Int)]] = [:]
        // The closest names for the first few unknown links (each search reads every name).
        var suggestionsLeft = 20
        for r in runs.indices where runs[r].kind == .text {
            // Explicit links; automatic recognition only in the text between them.
            guard runs[r].text.utf8.count >= 5, Self.mayLink(runs[r].text) else { continue }
            let run = runs[r]
            let bytes = Array(run.text.utf8)
            var explicit: [(start: Int, end: Int)] = []
            // Columns counted on from the last link's, in characters: links come in order.
            var counted = CharacterCount(from: 0)
            for link in Self.explicitLinks(in: bytes) {
                // `\[\[FEC]]` and `[[FEC\]]` are the author's brackets, shown as written.
                if SourceEscapes.any(of: run.escaped, in: link.start..<link.start + 2) || SourceEscapes.any(of: run.escaped, in: link.end - 2..<link.end) {
                    continue
                }
                explicit.append((link.start, link.end))
                let target = String(decoding: bytes[link.targetStart..<link.targetEnd], as: UTF8.self)
                let trimmed = String(Attributes.trim(target))
                guard let entity = index.targets[trimmed] else {
                    // A link to an entity whose file has an error: that error says it all.
                    let slug = Slug.make(from: trimmed)
                    if index.unreadable.contains(where: { index.entities[$0].slug == slug }) { continue }
                    let column = run.column + counted.characters(to: link.start, in: bytes)
                    suggestionsLeft -= 1
                    var notes: [Diagnostic.Note] = suggestionsLeft < 0 ? [] : Suggestions.closest(to: target, in: index.sortedTargets)
                        .map { .init("did you mean '[[\($0)]]'?") }
                    notes.append(.init("an entity is a file in content/entities/; link to its name, an alias or its file name"))
                    if let first = index.unreadable.first {
                        let more = index.unreadable.count - 1
                        notes.append(.init("\(Diagnostic.quoted(index.entities[first].path))\(more > 0 ? " and \(more) other entity file\(more == 1 ? "" : "s")" : "") could not be read: the names \(more > 0 ? "they give" : "it gives") are unknown until \(more > 0 ? "they are" : "it is") fixed"))
                    }
                    mentions.diagnostics.error("no entity '\(target)'",
                                               at: SourceLocation(path, line: run.line + bodyLine - 1, column: max(1, column)),
                                               notes: notes)
                    continue
                }
                let text = Self.shownText(of: link, in: bytes, target: trimmed, entity: entity, in: index)
                readsAs(r, link.start..<link.end, text)
                let around = stretch(around: r)
                found.append((r, link.start, false, links.count))
                links.append((entity, r, link.start, link.end, text, around.stretch, around.offset + link.start))
            }
            if !explicit.isEmpty { explicitByRun[r] = explicit }
        }
        // Names are found in the text a reader sees: runs of one block joined, emphasis and line
        // breaks included ("Federal Election⏎Commission"); code and link text end a stretch.
        var stretches: [[UInt8]] = []
        let automaton = index.automaton, owners = index.automatonEntity
        if recognise, !automaton.isEmpty {
            var first = 0
            while first < runs.count {
                guard runs[first].kind == .text, !runs[first].inLink else { first += 1; continue }
                var last = first
                var starts: [Int] = []
                var text: [UInt8] = []
                while last < runs.count, runs[last].block == runs[first].block, !runs[last].inLink,
                      runs[last].kind == .text || runs[last].kind == .lineBreak {
                    starts.append(text.count)
                    if runs[last].kind == .text { Self.append(runs[last], to: &text) } else { text.append(0x20) }
                    last += 1
                }
                for match in automaton.matches(in: text) {
                    // The pieces of the match in each run it covers.
                    let firstPiece = pieces.count
                    for k in starts.indices where runs[first + k].kind == .text {
                        let runStart = starts[k], runEnd = k + 1 < starts.count ? starts[k + 1] : text.count
                        let s = max(runStart, match.start), e = min(runEnd, match.end)
                        if s < e { pieces.append((first + k, s - runStart, e - runStart)) }
                    }
                    // The explicit links of a run are in order and apart: the first that ends
                    // after a piece starts is the one it may fall in (found by halving).
                    let clashes = !explicitByRun.isEmpty && pieces[firstPiece...].contains { piece in
                        guard let explicit = explicitByRun[piece.run] else { return false }
                        var low = 0, high = explicit.count
                        while low < high {
                            let mid = (low + high) / 2
                            if explicit[mid].end <= piece.start { low = mid + 1 } else { high = mid }
                        }
                        return low < explicit.count && explicit[low].start < piece.end
                    }
                    guard firstPiece < pieces.count, !clashes else {
                        pieces.removeSubrange(firstPiece...)
                        continue
                    }
                    found.append((pieces[firstPiece].run, pieces[firstPiece].start, true, names.count))
                    names.append((owners[match.name], firstPiece, pieces.count - firstPiece, stretches.count, match.start))
                }
                stretches.append(text)
                first = last
            }
        }
        found.sort { ($0.run, $0.start) < ($1.run, $1.start) }

        var spans: [TextSpan] = []
        spans.reserveCapacity(found.count)
        // Sentence bounds of each stretch and each run with explicit links, found when first needed.
        var bounds = [SentenceBounds?](repeating: nil, count: stretches.count)
        var linkBounds = [SentenceBounds?](repeating: nil, count: linkBytes.count)
        for (_, _, isName, number) in found {
            if !isName {
                let link = links[number]
                let entity = link.entity
                let first = mentions.add(entity, note: note, sentence: {
                    if linkBounds[link.bytes] == nil { linkBounds[link.bytes] = SentenceBounds(linkBytes[link.bytes]) }
                    return Self.restoringEscapes(Self.sentence(around: link.at, in: linkBytes[link.bytes], bounds: linkBounds[link.bytes]!, index: index))
                }())
                let open = (first ? firstLinkMarkup[entity] : linkMarkup[entity]).open
                var span = TextSpan(run: link.run, start: link.start, end: link.end,
                                    open: open + HTMLEscape.escape(link.text) + "</a>", close: "", replaces: true)
                // The link shows the author's words: a note's mark wraps it whole.
                span.showsText = true
                spans.append(span)
            } else {
                let (entity, firstPiece, pieceCount, stretch, at) = names[number]
                let isFirst = mentions.add(entity, note: note, sentence: {
                    if bounds[stretch] == nil { bounds[stretch] = SentenceBounds(stretches[stretch]) }
                    return Self.restoringEscapes(Self.sentence(around: at, in: stretches[stretch], bounds: bounds[stretch]!, index: index))
                }())
                let linked = index.linkMode == .all || (index.linkMode == .first && isFirst)
                let plain = linked ? linkMarkup[entity] : spanMarkup[entity]
                // A name broken only by line ends ("Federal Election⏎Commission") is one link:
                // opened in its first run, closed in its last (the runs are siblings).
                let acrossLines = pieceCount > 1 && (1..<pieceCount).allSatisfy { k in
                    let before = pieces[firstPiece + k - 1].run, after = pieces[firstPiece + k].run
                    return after == before + 2 && runs[before + 1].kind == .lineBreak
                }
                if acrossLines {
                    let markup = isFirst ? (linked ? firstLinkMarkup[entity] : firstSpanMarkup[entity]) : plain
                    let head = pieces[firstPiece], tail = pieces[firstPiece + pieceCount - 1]
                    spans.append(TextSpan(run: head.run, start: head.start, end: head.start, open: markup.open, close: ""))
                    spans.append(TextSpan(run: tail.run, start: tail.end, end: tail.end, open: markup.close, close: ""))
                    continue
                }
                for n in 0..<pieceCount {
                    let piece = pieces[firstPiece + n]
                    let markup = isFirst && n == 0 ? (linked ? firstLinkMarkup[entity] : firstSpanMarkup[entity]) : plain
                    spans.append(TextSpan(run: piece.run, start: piece.start, end: piece.end, markup: markup))
                }
            }
        }
        return spans
    }

    /// A run's bytes for the text sentences are cut from, each bracket and `@` the author
    /// escaped (`TextRun.escaped`) as a byte UTF-8 never has (0xFD, 0xFE, 0xFF): of the same
    /// length, so that offsets hold, and no syntax to `sentence`, which would read
    /// `\[@key\]` as a citation and drop it. `restoringEscapes` turns them back.
    static func append(_ run: TextRun, to text: inout [UInt8]) {
        let start = text.count
        text.append(contentsOf: run.text.utf8)
        for offset in run.escaped {
            switch text[start + offset] {
            case 0x5B: text[start + offset] = 0xFD
            case 0x5D: text[start + offset] = 0xFE
            default: text[start + offset] = 0xFF
            }
        }
    }

    /// A sentence cut from text made with `append`, its escaped characters as written.
    static func restoringEscapes(_ sentence: [UInt8]) -> [UInt8] {
        guard sentence.contains(where: { $0 >= 0xFD }) else { return sentence }
        return sentence.map { $0 == 0xFD ? 0x5B : $0 == 0xFE ? 0x5D : $0 == 0xFF ? 0x40 : $0 }
    }

    /// The text an explicit link shows: its own (`[[target|text]]`), else the target as
    /// written when it is a name or alias (`[[Blair]]`), else (a slug) the entity's name.
    static func shownText(of link: ExplicitLink, in bytes: [UInt8], target: String, entity number: Int,
                          in index: EntityIndex) -> String {
        if link.textStart == link.targetStart, target == index.entities[number].slug, target != index.entities[number].name,
           !index.entities[number].aliases.contains(target) { return index.entities[number].name }
        return String(decoding: bytes[link.textStart..<link.textEnd], as: UTF8.self)
    }

    struct ExplicitLink {
        var start: Int, end: Int
        var targetStart: Int, targetEnd: Int
        var textStart: Int, textEnd: Int
    }

    /// `[[target]]` and `[[target|text]]` in `bytes`: no brackets or line breaks inside.
    static func explicitLinks(in bytes: [UInt8]) -> [ExplicitLink] {
        var links: [ExplicitLink] = []
        var i = 0
        while i + 4 < bytes.count {
            guard let found = explicitLink(at: i, in: bytes) else { i += 1; continue }
            if let link = found.link { links.append(link) }
            i = found.next
        }
        return links
    }

    /// The brackets `[[…]]` that open at `i`, nil when none close there: the link they make
    /// (nil when its target or its text is empty, `[[|x]]`) and the offset after them.
    static func explicitLink(at i: Int, in bytes: [UInt8]) -> (link: ExplicitLink?, next: Int)? {
        guard i + 1 < bytes.count, bytes[i] == 0x5B, bytes[i + 1] == 0x5B else { return nil }
        var j = i + 2
        var bar: Int?
        while j + 1 < bytes.count, bytes[j] != 0x5B, bytes[j] != 0x5D, bytes[j] != 0x0A {
            if bytes[j] == 0x7C, bar == nil { bar = j }
            j += 1
        }
        guard j + 1 < bytes.count, bytes[j] == 0x5D, bytes[j + 1] == 0x5D, j > i + 2 else { return nil }
        let targetEnd = bar ?? j
        let textStart = bar.map { $0 + 1 } ?? i + 2
        guard targetEnd > i + 2, j > textStart else { return (nil, j + 2) }
        return (ExplicitLink(start: i, end: j + 2, targetStart: i + 2, targetEnd: targetEnd, textStart: textStart, textEnd: j), j + 2)
    }

    /// The sentence of `bytes` around `offset` (its `bounds`), at most about 200 bytes each
    /// way, whitespace collapsed; a link by slug reads as the name of its entity in `index`.
    static func sentence(around offset: Int, in bytes: [UInt8], bounds: SentenceBounds, index: EntityIndex? = nil) -> [UInt8] {
        var (start, end) = bounds.range(around: offset, count: bytes.count)
        // A sentence longer than the window is cut at a space, never inside a citation or an
        // explicit link (whose syntax would show), and the cut is marked with an ellipsis.
        let cutBefore = start > 0 && !bounds.isStart(start), cutAfter = end < bytes.count && !bounds.isEnd(end - 1)
        if cutAfter {
            if let open = bytes[start..<end].lastIndex(of: 0x5B), !bytes[open..<end].contains(0x5D) { end = open }
            while end > offset, bytes[end - 1] != 0x20 { end -= 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x5B { end -= 1 }
        }
        if cutBefore {
            if let close = bytes[start..<end].firstIndex(of: 0x5D), !bytes[start..<close].contains(0x5B) { start = close + 1 }
            while start < offset, bytes[start] != 0x20 { start += 1 }
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x5D { start += 1 }
        }
        let text = sentence(in: bytes, start: start, end: max(start, end), index: index)
        guard cutBefore || cutAfter, !text.isEmpty else { return text }
        let ellipsis: [UInt8] = Array("\u{2026}".utf8)
        return (cutBefore ? ellipsis : []) + text + (cutAfter ? ellipsis : [])
    }

    /// The citations of `bytes` (`[@key]`, `[see @a, p. 4; @b]`: brackets whose every
    /// `;`-separated part holds an `@`), each with the spaces before it. Empty, and quick, for
    /// text without an `@`.
    static func citationRanges(in bytes: [UInt8]) -> [Range<Int>] {
        guard bytes.contains(0x40) else { return [] }
        var ranges: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x5B, i + 1 < bytes.count, bytes[i + 1] != 0x5B,
                  let close = bytes[(i + 1)...].firstIndex(where: { $0 == 0x5D || $0 == 0x5B }), bytes[close] == 0x5D else {
                i += 1
                continue
            }
            let inner = bytes[(i + 1)..<close]
            if inner.contains(0x40), inner.split(separator: 0x3B).allSatisfy({ $0.contains(0x40) }) {
                var start = i
                while start > 0, bytes[start - 1] == 0x20 { start -= 1 }
                ranges.append(start..<(close + 1))
            }
            i = close + 1
        }
        return ranges
    }

    /// `bytes[start..<end]` as a sentence: widened to whole characters, explicit links read as
    /// their text ("[[Labour Party|the party]]" as "the party", "[[labour-party]]" as "Labour
    /// Party" when `index` knows the slug), citations left out, whitespace collapsed.
    static func sentence(in bytes: [UInt8], start: Int, end: Int, index: EntityIndex? = nil) -> [UInt8] {
        let plain = sentenceWithLinks(in: bytes, start: start, end: end, index: index)
        let citations = citationRanges(in: plain)
        guard !citations.isEmpty else { return plain }
        // Copied forward around the citations: removing each in place would move the rest of
        // a long paragraph once per citation.
        var out: [UInt8] = []
        out.reserveCapacity(plain.count)
        var copied = 0
        for range in citations {
            out += plain[copied..<range.lowerBound]
            copied = range.upperBound
        }
        out += plain[copied...]
        return out
    }

    private static func sentenceWithLinks(in bytes: [UInt8], start: Int, end: Int, index: EntityIndex?) -> [UInt8] {
        let (start, end, hasLink) = bytes.withUnsafeBufferPointer { bytes in
            var start = start, end = end
            while start < end, bytes[start] & 0xC0 == 0x80 { start += 1 }
            while end < bytes.count, end > start, bytes[end] & 0xC0 == 0x80 { end += 1 }
            var hasLink = false
            for i in start..<max(start, end - 1) where bytes[i] == 0x5B && bytes[i + 1] == 0x5B { hasLink = true; break }
            return (start, end, hasLink)
        }
        if hasLink {
            let slice = Array(bytes[start..<end])
            var read: [UInt8] = []
            read.reserveCapacity(slice.count)
            var copied = 0
            for link in explicitLinks(in: slice) {
                read += slice[copied..<link.start]
                if let index, link.textStart == link.targetStart {
                    let target = String(Attributes.trim(String(decoding: slice[link.targetStart..<link.targetEnd], as: UTF8.self)))
                    if let entity = index.targets[target] {
                        read += shownText(of: link, in: slice, target: target, entity: entity, in: index).utf8
                        copied = link.end
                        continue
                    }
                }
                read += slice[link.textStart..<link.textEnd]
                copied = link.end
            }
            read += slice[copied...]
            return collapsed(read[...])
        }
        return collapsed(bytes[start..<end])
    }

    /// Where the sentences of a text start and end, found in one pass: `sentence(around:)` for
    /// several mentions in one paragraph then looks them up instead of scanning each time.
    struct SentenceBounds {
        /// Offsets just after ". ", "! " or "? " (a sentence may start there).
        var starts: [Int] = []
        /// Offsets of a '.', '!' or '?' followed by a space or the end.
        var ends: [Int] = []

        init(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { bytes in
                guard let base = UnsafeRawPointer(bytes.baseAddress) else { return }
                let has = WordScan.mayHold
                var i = 0
                let count = bytes.count
                while i < count {
                    // Eight bytes at a time past words without '.', '!' or '?'.
                    while i + 8 <= count {
                        let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                        if has(word, 0x2E) | has(word, 0x21) | has(word, 0x3F) != 0 { break }
                        i += 8
                    }
                    let stop = min(i + 8, count)
                    while i < stop {
                        let byte = bytes[i]
                        if byte == 0x2E || byte == 0x21 || byte == 0x3F,
                           byte != 0x2E || i + 1 == count || !Self.stopContinues(at: i, in: bytes) {
                            if i + 1 == count || bytes[i + 1] == 0x20 { ends.append(i) }
                            if i + 1 < count, bytes[i + 1] == 0x20 { starts.append(i + 2) }
                        }
                        i += 1
                    }
                }
            }
            // A citation's "p. 4" or "para. (a)" ends no sentence.
            let citations = EntityMarkup.citationRanges(in: bytes)
            if !citations.isEmpty {
                starts.removeAll { start in citations.contains { $0.contains(start - 2) } }
                ends.removeAll { end in citations.contains { $0.contains(end) } }
            }
        }

        /// Whether the full stop at `i`, followed by a space, goes on with the sentence ("Dr.
        /// Okafor", "U.S. Geological Survey"), by the rule fact checks' sentences are read with
        /// (`SentenceEnds`).
        static func stopContinues(at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard i + 1 < bytes.count, bytes[i + 1] == 0x20 else { return false }
            var j = i
            func isWordByte(_ b: UInt8) -> Bool {
                (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x2E
            }
            while j > 0, isWordByte(bytes[j - 1]), i - j < 16 { j -= 1 }
            guard j < i else { return false }
            let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[j..<i]), as: UTF8.self)
            var next: Character?
            if i + 2 < bytes.count {
                let lead = bytes[i + 2]
                let width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                next = String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 2)..<min(bytes.count, i + 2 + width)]), as: UTF8.self).first
            }
            return SentenceEnds.continues(after: word, next: next)
        }

        /// Whether a sentence starts at `offset` (after ". ").
        func isStart(_ offset: Int) -> Bool { Self.holds(starts, offset) }
        /// Whether a sentence ends at `offset` (its stop).
        func isEnd(_ offset: Int) -> Bool { Self.holds(ends, offset) }
        private static func holds(_ sorted: [Int], _ value: Int) -> Bool {
            var low = 0, high = sorted.count
            while low < high { let mid = (low + high) / 2; if sorted[mid] < value { low = mid + 1 } else { high = mid } }
            return low < sorted.count && sorted[low] == value
        }

        /// Back to a sentence start at most 200 bytes before `offset`, forward past a sentence
        /// end less than 200 bytes after it.
        func range(around offset: Int, count: Int) -> (start: Int, end: Int) {
            // The last start at or before offset.
            var low = 0, high = starts.count
            while low < high { let mid = (low + high) / 2; if starts[mid] <= offset { low = mid + 1 } else { high = mid } }
            var start = max(0, offset - 200)
            if low > 0, starts[low - 1] > offset - 200 { start = max(start, starts[low - 1]) }
            // The first end at or after offset.
            low = 0; high = ends.count
            while low < high { let mid = (low + high) / 2; if ends[mid] < offset { low = mid + 1 } else { high = mid } }
            var end = min(count, offset + 200)
            if low < ends.count, ends[low] < offset + 200 { end = min(end, ends[low] + 1) }
            return (start, end)
        }
    }

    /// `bytes` with runs of whitespace as one space, none at the ends.
    private static func collapsed(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.withUnsafeBufferPointer { bytes in
            // Most sentences have single spaces only and none at the ends: copied whole.
            var plain = bytes.first != 0x20 && bytes.last != 0x20
            var previous: UInt8 = 0
            if plain {
                for byte in bytes {
                    if byte == 0x0A || byte == 0x09 || (byte == 0x20 && previous == 0x20) { plain = false; break }
                    previous = byte
                }
            }
            if plain { return Array(bytes) }
            return [UInt8](unsafeUninitializedCapacity: bytes.count) { out, count in
                var space = false
                for byte in bytes {
                    if byte == 0x20 || byte == 0x0A || byte == 0x09 {
                        space = count > 0
                        continue
                    }
                    if space { out[count] = 0x20; count += 1; space = false }
                    out[count] = byte
                    count += 1
                }
            }
        }
    }

    /// Whether `text` holds `[[` (on bytes: `String.contains` goes through Foundation).
    static func mayLink(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { mayLink($0) } ?? Array(text.utf8).withUnsafeBufferPointer { mayLink($0) }
    }

    private static func mayLink(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        do {
            guard bytes.count > 1, var at = bytes.baseAddress else { return false }
            let end = at + bytes.count - 1
            while let found = memchr(at, 0x5B, end - at) {
                let pointer = found.assumingMemoryBound(to: UInt8.self)
                if pointer[1] == 0x5B { return true }
                at = UnsafePointer(pointer) + 1
            }
            return false
        }
    }
}
