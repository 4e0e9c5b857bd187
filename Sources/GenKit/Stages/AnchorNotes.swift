import Markdown

/// Anchors each note of an article to its passage: all quotes are searched in one pass over
/// the folded text (`QuoteScanner`), then `prefix`, `suffix` and `occurrence` pick one place.
public struct AnchorNotes {
    public struct Result: Sendable {
        public var anchored: [AnchoredNote] = []
        public var orphans: [OrphanedNote] = []
        public var diagnostics = DiagnosticList()
        /// The article's folded text, for marking the passages.
        var text: FoldedText?
    }

    public static let repairThreshold = 0.85

    let article: Article
    let runs: [TextRun]
    let orphanSeverity: Diagnostic.Severity
    /// Bytes of runs readers do not see (citations): not part of the text quotes match.
    let hidden: [(run: Int, range: Range<Int>)]
    /// Bytes of runs readers see as other text (entity links, as the text they show).
    let replaced: [FoldedText.Replacement]
    /// Whether the article strikes anything through: looked for once, not for each note.
    let strikesThrough: Bool
    /// When set, each anchored note's `sentence`, up to this many characters each side.
    var sentenceWindow: Int?
    /// The article's citations (`[@key, p. 4]`), by run and bytes: hidden from the reader's
    /// text, but their words are part of a fact check's sentence (`citations(inSentenceOf:)`).
    var citations: [(run: Int, range: Range<Int>)] = []
    /// Where the notes were in the last build, by note id (asked for when a note is orphaned, and
    /// asked again for each: the caller reads them once, `SiteSession.renderDocuments`): the
    /// ends of an orphan's closest passage are put where its quote's were.
    var previous: (() -> [String: PreviousAnchor])?
    /// How much of a fact check's sentence each side of its quote a build keeps (and compares
    /// with the next), `gen annotations pin` writes, and the error of one whose words changed
    /// suggests: the whole sentence, but for one longer than this (a run-on paragraph without
    /// full stops), cut at a word, which a warning says (`runOnSentence`).
    public static let pinnedSentenceWindow = 2_000
    /// The window of earlier versions of gen: a side of exactly this many characters that one of their
    /// builds kept was cut there (`AnchorRepair.cutAtWindow`).
    static let earlierSentenceWindow = 400

    public init(article: Article, runs: [TextRun], orphanSeverity: Diagnostic.Severity,
                hidden: [(run: Int, range: Range<Int>)] = [], replaced: [FoldedText.Replacement] = []) {
        self.article = article
        self.runs = runs
        self.orphanSeverity = orphanSeverity
        self.hidden = hidden
        self.replaced = replaced
        strikesThrough = runs.contains(where: \.struck)
    }

    /// A letter or digit of any script.
    static func isWordScalar(_ value: UInt32) -> Bool {
        if value < 0x80 { return (value >= 0x30 && value <= 0x39) || (value | 0x20 >= 0x61 && value | 0x20 <= 0x7A) }
        guard let scalar = Unicode.Scalar(value) else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Whether `quote` at `start` neither begins nor ends inside a word: a quote that starts
    /// (ends) with a letter or digit needs a character that is not one before (after) it. Nor
    /// inside a number: "200 jobs" is not in "1,200 jobs", "18 per cent" not in "0.18 per cent",
    /// "5C" not in "-5C", "cost 200" not in "cost 200,000" (the claim is another).
    static func isAtWordBoundaries(_ text: [UInt32], start: Int, quote: [UInt32]) -> Bool {
        if let first = quote.first, isWordScalar(first), start > 0, isWordScalar(text[start - 1]) { return false }
        let end = start + quote.count
        if let last = quote.last, isWordScalar(last), end < text.count, isWordScalar(text[end]) { return false }
        if let first = quote.first, isDigit(first), start > 0 {
            let before = text[start - 1]
            // A thousands or decimal separator after a digit.
            if (before == 0x2C || before == 0x2E) && start > 1 && isDigit(text[start - 2]) { return false }
            // A sign: a minus or plus where no word goes on into it.
            if before == 0x2D || before == 0x2212 || before == 0x2B, start == 1 || !isWordScalar(text[start - 2]) { return false }
        }
        if let last = quote.last, isDigit(last), end + 1 < text.count, text[end] == 0x2C || text[end] == 0x2E, isDigit(text[end + 1]) {
            return false
        }
        return true
    }

    static func isDigit(_ value: UInt32) -> Bool { value >= 0x30 && value <= 0x39 }

    public func run(_ notes: [Note]) -> Result {
        var result = Result()
        guard !notes.isEmpty else { return result }
        let text = FoldedText(runs: runs, hidden: hidden, replaced: replaced)
        result.text = text
        let quotes = notes.map { FoldedText.fold($0.quote) }
        // The last build's places, asked for at the first orphan (`previous` reads them once).
        func lastPlace(of id: String) -> PreviousAnchor? { previous?()[id] }
        var occurrences = [[Int]](repeating: [], count: notes.count)
        for match in QuoteScanner(quotes).matches(in: text.scalars) {
            occurrences[match.pattern].append(match.start)
        }
        // Notes are read in place (`notes[i]`): a copy of a note is a dozen references.
        for i in notes.indices where !quotes[i].isEmpty {
            let quote = quotes[i]
            // Whole words only: "Editor" is not found inside "Editors".
            let found = occurrences[i].sorted().filter { Self.isAtWordBoundaries(text.scalars, start: $0, quote: quote) }
            var places = found
            if let prefix = notes[i].prefix.map(FoldedText.fold), !prefix.isEmpty {
                places = places.filter { Self.text(text.scalars, endingAt: $0, hasSuffix: prefix) }
            }
            if let suffix = notes[i].suffix.map(FoldedText.fold), !suffix.isEmpty {
                places = places.filter { Self.text(text.scalars, startingAt: $0 + quote.count, hasPrefix: suffix) }
            }
            // Pinned to its sentence: the prefix and suffix are all of it, not only its words
            // nearest the quote ("Critics deny that the mayor said" is another claim).
            if notes[i].pinnedSentence {
                let before = FoldedText.fold(notes[i].prefix ?? ""), after = FoldedText.fold(notes[i].suffix ?? "")
                places = places.filter {
                    let now = sentence(around: text.byteRange($0, $0 + quote.count), in: text, window: Self.pinnedSentenceWindow)
                    return FoldedText.fold(now.before) == before && FoldedText.fold(now.after) == after
                }
            }
            // A fact check held for review whose sentence no longer matches the prefix or suffix
            // it was pinned with stays on its words when they are in the article once: it
            // publishes no verdict, and the rest of the site can go out while it is checked.
            if places.isEmpty, found.count == 1, notes[i].review != nil, notes[i].occurrence == nil,
               notes[i].prefix != nil || notes[i].suffix != nil || notes[i].pinnedSentence {
                places = found
                // A reminder, as the review itself is: `--strict` leaves it a warning.
                var reminder = Diagnostic.warning("fact check '\(notes[i].id)', held for review, no longer matches its prefix or "
                                                  + "suffix: it is placed on its quote, the one place the article has it",
                                                  at: notes[i].attributesLocation ?? notes[i].location,
                                                  notes: [.init("once it is checked again, write the words of its sentence as they now "
                                                                + "read into its prefix and suffix (or remove them and run gen annotations pin)")])
                reminder.isReminder = true
                result.diagnostics.append(reminder)
            }
            let counted = places
            if let n = notes[i].occurrence {
                guard n <= places.count else {
                    result.diagnostics.error(
                        "occurrence=\(n), but the quote appears \(places.count) time\(places.count == 1 ? "" : "s") in article '\(article.slug)'",
                        at: notes[i].attributesLocation ?? notes[i].location)
                    continue
                }
                places = [places[n - 1]]
            }
            switch places.count {
            case 1:
                let start = places[0], end = start + quote.count
                let bytes = text.byteRange(start, end)
                var anchored = AnchoredNote(note: notes[i], number: 0, start: start, end: end,
                                            place: place(bytes, in: text, repairable: true, wholeSentence: notes[i].kind == .factCheck))
                anchored.passageLocation = location(of: text.origin(start))
                if notes[i].kind == .factCheck, notes[i].review == nil, let side = Self.runOnSentence(anchored) {
                    result.diagnostics.warning(
                        "fact check '\(notes[i].id)' stands in a sentence that runs on for more than \(Self.pinnedSentenceWindow) "
                            + "characters \(side) its quote in article '\(article.slug)': a change further away is not compared with the last build",
                        at: notes[i].location,
                        notes: [.init(side == "before" ? "its sentence starts further back than that" : "its sentence ends further on than that",
                                      at: anchored.passageLocation),
                                .init("give the paragraph its full stops, or keep the claim in a shorter sentence")])
                }
                if notes[i].kind == .factCheck { anchored.citations = citations(inSentenceOf: bytes, in: text) }
                if notes[i].kind == .factCheck, let lead = text.leadIn(before: bytes.lowerBound, runs: runs, window: Self.pinnedSentenceWindow) {
                    anchored.leadIn = text.text(lead)
                }
                // Pinned to its lead-in (`lead_in="…"`): it must read so, in every clone.
                if let pinned = notes[i].leadIn, notes[i].kind == .factCheck, notes[i].review == nil,
                   FoldedText.fold(pinned) != FoldedText.fold(anchored.leadIn ?? "") {
                    let now = anchored.leadIn ?? ""
                    let changed = AnchorRepair.claimChanges(old: pinned, new: now)
                    result.diagnostics.error(
                        "the lead-in fact check '\(notes[i].id)' was pinned with reads otherwise in article '\(article.slug)'"
                            + (changed.isEmpty ? "" : ": " + changed.joined(separator: ", ")),
                        at: notes[i].attributesLocation ?? notes[i].location,
                        notes: [.init(now.isEmpty ? "its item follows no lead-in now" : "now: \u{201C}\(now)\u{201D}", at: anchored.passageLocation),
                                .init("the verdict was given for its item as the lead-in read then: read it again"),
                                .init(now.isEmpty ? "if the note still holds, remove lead_in from its attributes"
                                      : "if the note still holds, write lead_in=\"\(ClaimPins.escaped(now))\" in its attributes")])
                }
                // Placed by its occurrence: every place it counts, for the next build's check of
                // a count that now picks other words (`AnchorRepair.moved`).
                if notes[i].occurrence != nil, counted.count > 1, previous != nil {
                    anchored.occurrencePlaces = counted.map {
                        place(text.byteRange($0, $0 + quote.count), in: text, repairable: true, wholeSentence: notes[i].kind == .factCheck)
                    }
                }
                // A fact check with a prefix or suffix of its own (not `pinned=sentence`) has its
                // sentence read too: whether its words hold all of it (`ClaimPins.ownWords`).
                let ownWords = notes[i].kind == .factCheck && !notes[i].pinnedSentence && (notes[i].prefix != nil || notes[i].suffix != nil)
                if let sentenceWindow = sentenceWindow ?? (ownWords ? Self.pinnedSentenceWindow : nil) {
                    let own = sentence(around: bytes, in: text, window: sentenceWindow)
                    anchored.sentence = own
                    // One picked by its occurrence is pinned in its place when no other place
                    // of its quote reads in the same sentence (`ClaimPins`).
                    if notes[i].occurrence != nil {
                        let before = FoldedText.fold(own.before), after = FoldedText.fold(own.after)
                        anchored.sentenceHasOtherPlaces = found.contains { other in
                            guard other != start else { return false }
                            let now = sentence(around: text.byteRange(other, other + quote.count), in: text, window: sentenceWindow)
                            return FoldedText.fold(now.before) == before && FoldedText.fold(now.after) == after
                        }
                    }
                }
                if notes[i].kind == .factCheck, notes[i].review == nil, let struck = struckClaim(bytes, in: text) {
                    result.diagnostics.error(
                        "fact check '\(notes[i].id)' rates words the article strikes through (\(struck)) in article '\(article.slug)'",
                        at: notes[i].location,
                        notes: [.init("struck-through words are withdrawn: the verdict would stand on a claim the article no longer makes"),
                                .init("if the article corrected the claim, make the note a .correction, or hold it with review=\"...\" "
                                      + "until its verdict is read again for what the article now says")])
                }
                result.anchored.append(anchored)
            case 0:
                // A blockquote after another note's body may be a quotation meant for that body.
                let previous = notes.filter { $0.file == notes[i].file && $0.location.line < notes[i].location.line }
                    .max { $0.location.line < $1.location.line }
                // It reads as a quotation: the body before it leads in to it ("The report says:"),
                // or it has no body of its own, or it opens with a quotation mark.
                let readsAsAQuotation = previous.map { Attributes.trim($0.body).hasSuffix(":") } ?? false
                    || Attributes.trim(notes[i].body).isEmpty
                    || notes[i].quote.first.map { "\"“„«‘'".contains($0) } ?? false
                result.orphans.append(orphan(notes[i], quote: quote, in: text, foundAt: found,
                                             followsANote: previous != nil, readsAsAQuotation: readsAsAQuotation,
                                             lastPlace: lastPlace, diagnostics: &result.diagnostics))
            default:
                // The place the note had in the last build, when one of them is it: a passage that
                // now has its words twice (a sentence quoting it added) keeps its note there.
                let last = lastPlace(of: notes[i].id).flatMap { before -> Int? in
                    let alternatives = places.map { place(text.byteRange($0, $0 + quote.count), in: text, repairable: false) }
                    guard let nearest = AnchorRepair.nearest(alternatives, to: before) else { return nil }
                    return alternatives.firstIndex { $0.textStart == nearest.textStart }
                }
                let target = last ?? 0
                var hints: [Diagnostic.Note] = places.indices.map { n in
                    .init(n == last ? "found here (where the note was in the last build)" : "found here", at: location(of: text.origin(places[n])))
                }
                // The fewest words before the target place (three at least) that no other place has before it.
                var before: String?
                for count in 3...12 {
                    let words = Self.words(before: places[target], in: text.scalars, count: count)
                    if words.isEmpty { break }
                    let folded = FoldedText.fold(words)
                    if places.indices.allSatisfy({ $0 == target || !Self.text(text.scalars, endingAt: places[$0], hasSuffix: folded) }) {
                        before = words
                        break
                    }
                }
                if let before {
                    let which = last == nil ? "the first" : "the one where the note was in the last build"
                    hints.append(.init("add prefix=\"\(ClaimPins.escaped(before))\" (the words just before \(which)), "
                                       + "suffix=\"...\" or occurrence=N to pick one"))
                } else {
                    hints.append(.init("add occurrence=N (1 for the first) to pick one: the words before them read the same"))
                }
                result.diagnostics.error("quote appears \(places.count) times in article '\(article.slug)'", at: notes[i].location, notes: hints)
            }
        }
        result.anchored.sort { ($0.end, $0.start) < ($1.end, $1.start) }
        for i in result.anchored.indices { result.anchored[i].number = i + 1 }
        result.diagnostics.append(contentsOf: Self.conflictingVerdicts(result.anchored, article: article.slug))
        return result
    }

    /// Fact checks that rate the same words (the same passage) with different verdicts, each
    /// publishing its own: the page would say both. An error at the later note, naming the
    /// earlier. Held ones publish no verdict and are left out. `anchored` is sorted by place.
    static func conflictingVerdicts(_ anchored: [AnchoredNote], article: String) -> DiagnosticList {
        var diagnostics = DiagnosticList()
        var first: [Range<Int>: Int] = [:]
        for (k, note) in anchored.enumerated() where note.note.kind == .factCheck && note.note.review == nil {
            guard let earlier = first[note.start..<note.end] else {
                first[note.start..<note.end] = k
                continue
            }
            let other = anchored[earlier].note
            guard other.verdict != note.note.verdict else { continue }
            let (one, two) = other.location.path == note.note.location.path && other.location.line > note.note.location.line
                ? (note.note, other) : (other, note.note)
            diagnostics.error("fact checks '\(one.id)' and '\(two.id)' rate the same words in article '\(article)' with different "
                              + "verdicts (\(one.verdict ?? "none") and \(two.verdict ?? "none")): the page would publish both",
                              at: two.location,
                              notes: [.init("'\(one.id)' is here", at: one.location),
                                      .init("if the article says these words twice, place each note on its own with prefix=\"...\" "
                                            + "or occurrence=N; if one verdict replaces the other, remove the older note or hold it "
                                            + "with review=\"...\"")])
        }
        return diagnostics
    }

    /// The passage at `bytes` with what surrounds it as a TextQuoteSelector has it (32 characters
    /// each side), how much of that is in its block, and its TextPositionSelector's start.
    /// `wholeSentence` (a fact check): at least its whole sentence each side (up to
    /// `pinnedSentenceWindow` characters), so that the next build, which compares a fact check's
    /// sentence with what this one kept (`AnchorRepair.moved`), sees a word changed anywhere in
    /// it: "The minister said on Thursday, in a long speech…, that fares were frozen".
    func place(_ bytes: Range<Int>, in text: FoldedText, repairable: Bool, wholeSentence: Bool = false) -> OrphanedNote.Alternative {
        var lower = text.byteOffset(bytes.lowerBound, movedBy: -32), upper = text.byteOffset(bytes.upperBound, movedBy: 32)
        // Where a fact check's sides were cut at its block's edges, if they were.
        var blockStart: Int?, blockEnd: Int?
        if wholeSentence {
            // To the sentence's ends, found by a quick scan of the text (up to the window).
            let window = Self.pinnedSentenceWindow
            let start = text.sentenceStart(before: bytes.lowerBound, limit: text.byteOffset(bytes.lowerBound, movedBy: -window))
            if start < lower {
                lower = start
            } else {
                // The sentence starts within the 32 characters: they reach into the sentence
                // before, and its last word is kept whole ("met. Dr. Lee said", not "t. Dr. Lee
                // said"), so that the next build, comparing, sees where this sentence began. A
                // side of exactly 32 characters reads as one cut at the window: one word more.
                lower = text.wordStart(atOrBefore: lower)
                if lower > 0, text.scalarCount(lower..<bytes.lowerBound) == 32 { lower = text.wordStart(atOrBefore: lower - 1) }
            }
            // A passage that ends its sentence has none of it after it.
            if !text.endsSentence(before: bytes.upperBound) {
                upper = max(upper, text.sentenceEnd(after: bytes.upperBound, limit: text.byteOffset(bytes.upperBound, movedBy: window)))
            }
            // Within its block (with a lead-in, or a table row's other cells): a paragraph before
            // it that ends without a full stop is not its sentence, and the next build, which
            // reads the kept words as far as the block now goes, would take that paragraph's
            // words for this sentence's own once a sentence is put before it. A side of exactly
            // 32 characters would read as cut at the window: the break's space is kept with it.
            let inBlockBefore = text.withinBlock(lower..<bytes.lowerBound, runs: runs, after: false, claim: true)
            if inBlockBefore.lowerBound > lower {
                lower = inBlockBefore.lowerBound
                blockStart = lower
                if lower > 0, text.scalarCount(lower..<bytes.lowerBound) == 32 { lower -= 1 }
            }
            let inBlockAfter = text.withinBlock(bytes.upperBound..<upper, runs: runs, after: true, claim: true)
            if inBlockAfter.upperBound < upper {
                upper = inBlockAfter.upperBound
                blockEnd = upper
                if upper < text.bytes.count, text.scalarCount(bytes.upperBound..<upper) == 32 { upper += 1 }
            }
        }
        let before = lower..<bytes.lowerBound
        let after = bytes.upperBound..<upper
        var place = OrphanedNote.Alternative(passage: text.text(bytes), prefix: text.text(before), suffix: text.text(after),
                                             textStart: text.scalarOffset(ofByte: bytes.lowerBound), repairable: repairable)
        let inBlockBefore = text.withinBlock(before, runs: runs, after: false, claim: true)
        if inBlockBefore != before { place.prefixInBlock = text.text(inBlockBefore).unicodeScalars.count }
        let inBlockAfter = text.withinBlock(after, runs: runs, after: true, claim: true)
        if inBlockAfter != after { place.suffixInBlock = text.text(inBlockAfter).unicodeScalars.count }
        if let blockStart { place.beforeBlock = text.text(text.byteOffset(blockStart, movedBy: -Self.pinnedSentenceWindow)..<blockStart) }
        if let blockEnd { place.afterBlock = text.text(blockEnd..<text.byteOffset(blockEnd, movedBy: Self.pinnedSentenceWindow)) }
        return place
    }

    /// "before" or "after" when a fact check's place was cut at the window on that side: its
    /// sentence runs on further, where no build compares it.
    static func runOnSentence(_ anchored: AnchoredNote) -> String? {
        if anchored.prefix.unicodeScalars.count >= pinnedSentenceWindow { return "before" }
        if anchored.suffix.unicodeScalars.count >= pinnedSentenceWindow { return "after" }
        return nil
    }

    /// The citations written in the sentence of the passage at `bytes`, as written
    /// (`[contradicted by @minutes]`), in order, joined by a space; "" when none. A reader reads
    /// their words with the claim, where the quote runs across them.
    func citations(inSentenceOf bytes: Range<Int>, in text: FoldedText) -> String {
        guard !citations.isEmpty else { return "" }
        let sides = sentenceSides(of: bytes, in: text)
        let sentence = sides.before.lowerBound...sides.after.upperBound
        return citations.compactMap { citation -> (at: Int, text: String)? in
            guard let at = text.readerOffset(ofHidden: citation.run, at: citation.range.lowerBound), sentence.contains(at),
                  citation.range.upperBound <= runs[citation.run].text.utf8.count else { return nil }
            let written = String(decoding: Array(runs[citation.run].text.utf8)[citation.range], as: UTF8.self)
            return (at, written.trimmingCharacters(in: .whitespaces))
        }.sorted { $0.at < $1.at }.map(\.text).joined(separator: " ")
    }

    /// Where struck-through text touches the passage at `bytes` or its sentence: "in its quote"
    /// or "in its sentence"; nil when none does.
    func struckClaim(_ bytes: Range<Int>, in text: FoldedText) -> String? {
        guard strikesThrough else { return nil }
        if text.isStruck(bytes, runs: runs) { return "in its quote" }
        let (before, after) = sentenceSides(of: bytes, in: text)
        return text.isStruck(before, runs: runs) || text.isStruck(after, runs: runs) ? "in its sentence" : nil
    }

    /// The bytes of the sentence of the passage at `bytes` before and after it (up to the window
    /// each side), in its block as a claim is read.
    func sentenceSides(of bytes: Range<Int>, in text: FoldedText) -> (before: Range<Int>, after: Range<Int>) {
        let window = Self.pinnedSentenceWindow
        let start = text.sentenceStart(before: bytes.lowerBound, limit: text.byteOffset(bytes.lowerBound, movedBy: -window))
        let end = text.endsSentence(before: bytes.upperBound) ? bytes.upperBound
            : text.sentenceEnd(after: bytes.upperBound, limit: text.byteOffset(bytes.upperBound, movedBy: window))
        return (text.withinBlock(start..<bytes.lowerBound, runs: runs, after: false, claim: true),
                text.withinBlock(bytes.upperBound..<end, runs: runs, after: true, claim: true))
    }

    /// The words of the sentence of the passage at `bytes` before and after it, up to `window`
    /// characters each side, in its block (with the lead-in of a quotation or list and the other
    /// cells of a table row, as a claim is read), without the spaces that meet the sentence
    /// beside it.
    func sentence(around bytes: Range<Int>, in text: FoldedText, window: Int) -> (before: String, after: String) {
        let wideBefore = text.byteOffset(bytes.lowerBound, movedBy: -window)..<bytes.lowerBound
        let wideAfter = bytes.upperBound..<text.byteOffset(bytes.upperBound, movedBy: window)
        let before = text.withinBlock(wideBefore, runs: runs, after: false, claim: true)
        let after = text.withinBlock(wideAfter, runs: runs, after: true, claim: true)
        let beforeText = text.text(before), afterText = text.text(after)
        var head = AnchorRepair.sentencePart(beforeText, before: true,
                                             cut: before == wideBefore && beforeText.unicodeScalars.count >= window).text
        var tail = AnchorRepair.sentencePart(afterText, before: false,
                                             cut: after == wideAfter && afterText.unicodeScalars.count >= window).text
        if AnchorRepair.endsSentence(text.text(bytes)) { tail = "" }
        head = String(head.drop { $0 == " " })
        tail = String(tail.reversed().drop { $0 == " " }.reversed())
        return (head, tail)
    }

    /// `foundAt`: where the quote is in the text when its prefix, suffix or occurrence are not
    /// asked for.
    private func orphan(_ note: Note, quote: [UInt32], in text: FoldedText, foundAt: [Int], followsANote: Bool, readsAsAQuotation: Bool,
                        lastPlace: (String) -> PreviousAnchor?, diagnostics: inout DiagnosticList) -> OrphanedNote {
        var orphan = OrphanedNote(note: note, closest: nil, similarity: nil, repairable: false)
        var notes: [Diagnostic.Note] = []
        // A fact check whose closest passage says another claim: its verdict may no longer hold.
        var verdictAtRisk: Diagnostic.VerdictAtRisk?
        if !foundAt.isEmpty {
            // What surrounds it now, for a prefix or suffix that no longer matches (a fact check
            // pinned to its sentence, whose sentence changed): where its words stand more than
            // once (a note pinned in place of its occurrence), the place whose sentence is
            // closest to its prefix and suffix.
            if note.prefix != nil || note.suffix != nil || note.pinnedSentence {
                orphan.heldByItsWords = true
                // Each place's sentence as it reads now, and what changed in it against the pin
                // (a pinned sentence's ends are its own: words added past them are a change).
                func reading(_ start: Int) -> (start: Int, now: (before: String, after: String), changed: [String]) {
                    let now = sentence(around: text.byteRange(start, start + quote.count), in: text, window: Self.pinnedSentenceWindow)
                    return (start, now, AnchorRepair.claimChanges(old: note.prefix ?? "", new: now.before, openStart: !note.pinnedSentence)
                        + AnchorRepair.claimChanges(old: note.suffix ?? "", new: now.after, openEnd: !note.pinnedSentence))
                }
                let (start, now, changed) = foundAt.count == 1 ? reading(foundAt[0])
                    : foundAt.prefix(50).map(reading).min { $0.changed.count < $1.changed.count }!
                let bytes = text.byteRange(start, start + quote.count)
                if foundAt.count > 1 {
                    notes.append(.init("its words stand \(foundAt.count) times in the article; the place whose sentence is closest to its "
                                       + "prefix and suffix:", at: location(of: text.origin(start))))
                }
                notes.append(.init("the article now reads “…\(now.before)⟨\(text.text(bytes))⟩\(now.after)…”"))
                // Struck-through words read as words here: say what they are.
                if note.kind == .factCheck, let struck = struckClaim(bytes, in: text) {
                    notes.append(.init("the article strikes through words \(struck): withdrawn, so the verdict would stand on a claim "
                                       + "the article no longer makes; if it corrected the claim, make the note a .correction"))
                }
                if note.kind == .factCheck, !changed.isEmpty {
                    notes.append(.init("its sentence changed: " + changed.joined(separator: ", ") + "; read it again"))
                }
                if let edited = Self.editedPassage(note, quote: quote, foundAt: start, in: text) {
                    // Its own words are there, around other ones: the passage it was on may
                    // have been edited, and the quote now stands at another one only (or its
                    // sentence changed, and the words are another sentence's).
                    notes.append(.init("its \(edited.by) is still in the article, around other words: “…\(edited.text)…”"))
                    notes.append(.init("the passage the note was on may have been edited: if so, write its quote as that passage now reads"))
                } else {
                    notes.append(.init("if the note still holds for it, write " + ClaimPins.attributes(before: now.before, after: now.after, pinned: note.pinnedSentence)
                        .trimmingCharacters(in: .whitespaces) + " in its attributes"))
                }
            }
            // Not placed, as a quote not found: a warning too with orphans = "warn".
            diagnostics.append(Diagnostic(orphanSeverity, "quote found in article '\(article.slug)', but not with this prefix, suffix or occurrence",
                                          at: note.attributesLocation ?? note.location, notes: notes))
            return orphan
        }
        if var closest = ClosestPassage.find(quote, in: text.scalars) {
            orphan.lastPlace = lastPlace(note.id)
            let (heldInPlace, unknownEnd) = orphan.lastPlace.map { fit(&closest, quote: quote, in: text, to: $0) } ?? (false, nil)
            let passage = text.text(text.byteRange(closest.start, closest.end))
            let percent = Int((closest.similarity * 100).rounded(.down))
            orphan.closest = passage
            orphan.similarity = closest.similarity
            let found = Array(text.scalars[closest.start..<closest.end])
            let closeEnough = (Self.closeEnough(quote, found, similarity: closest.similarity)
                || (heldInPlace && ClosestPassage.differsByAWordMoreOrLess(quote, found))) && unknownEnd == nil
            orphan.repairable = closest.unique && closeEnough
            func alternative(_ range: Range<Int>, repairable: Bool) -> OrphanedNote.Alternative {
                place(text.byteRange(range.lowerBound, range.upperBound), in: text, repairable: repairable)
            }
            orphan.closestPlace = alternative(closest.start..<closest.end, repairable: closeEnough)
            if !closest.unique {
                orphan.alternatives = [orphan.closestPlace!]
                    + closest.rivals.map { rival in
                        alternative(rival.range, repairable: Self.closeEnough(quote, Array(text.scalars[rival.range]),
                                                                              similarity: rival.similarity))
                    }
            }
            // Nothing of the article is near it: the passage was deleted (or never there). Its
            // closest words are shown, not compared word by word as if they were an edit of it.
            let gone = closest.similarity < 0.5 && !orphan.repairable && Self.withoutCitations(note.quote) == nil
            if gone {
                notes.append(.init("no passage of the article is close to it: the closest is \(percent)% similar, \u{201C}\(passage)\u{201D}",
                                   at: location(of: text.origin(closest.start))))
                notes.append(.init("if its passage was deleted, delete the note or quote the passage it is now about"
                    + (orphanSeverity == .warning ? "" : "; to publish the rest meanwhile, set orphans = \"warn\" under [annotations] "
                       + "in gen.toml (the note is then listed as orphaned\(note.kind == .factCheck ? ", without its verdict" : ""))")))
            } else {
                notes.append(.init("closest passage (\(percent)% similar): \u{201C}\(passage)\u{201D}", at: location(of: text.origin(closest.start))))
                // The article has the very words the last build rated: the quote was edited, not
                // the article (a slip in the note), and no claim changed.
                let restored = orphan.lastPlace.map { FoldedText.fold($0.exact) == FoldedText.fold(passage) } ?? false
                let claim = note.kind == .factCheck && !restored ? AnchorRepair.claimChanges(old: note.quote, new: passage) : []
                if restored, orphan.repairable {
                    notes.append(.init("the article has the words this note was on in the last build: its quote was edited since; "
                                       + "'gen check --fix-anchors' puts them back"))
                } else if let readers = Self.withoutCitations(note.quote) {
                    // Copied from the Markdown: what a reader sees has no `[@key]`.
                    notes.append(.init("a quote is the text as readers see it, without citations: "
                        + "write \u{201C}\(readers)\u{201D} (a quote runs across a citation)"))
                } else if !claim.isEmpty {
                    let name = article.slug + "#" + note.id
                    notes.append(.init("the closest passage differs from this fact check's quote in words of its claim "
                        + "(\(claim.joined(separator: ", "))): if the article was edited, read the verdict again for its new words"))
                    // `--fix-anchors` repairs only a passage it can tell is the quote's (close
                    // enough, and one of its kind): otherwise the quote is the editor's to write.
                    notes.append(.init(orphan.repairable
                        ? "then repair the quote by hand, or with gen check --fix-anchors --accept-claim-change \(name) "
                            + "(which marks the note for review)"
                        : "then write its new words into the quote by hand (the passage differs too much for --fix-anchors "
                            + "to take it for the quote's)"))
                    verdictAtRisk = .init(note: name, pinAccepts: false)
                } else if orphan.repairable {
                    notes.append(.init("if the article was edited, 'gen check --fix-anchors' puts this passage in place of the quote"))
                }
            }
            if let unknownEnd, !gone {
                notes.append(.init("its \(unknownEnd) word and the words \(unknownEnd == "first" ? "before" : "after") it changed since the "
                    + "last build: whether a word was replaced or dropped there is for you to say, so --fix-anchors leaves it"))
            }
        }
        // Said of a quote that reads as a quotation, or one like nothing in the article (a close
        // passage alone says it was meant as a note's quote, the article edited under it).
        if followsANote && note.attributesLocation == nil && (readsAsAQuotation || (!orphan.repairable && (orphan.similarity ?? 0) < 0.5)) {
            notes.append(.init("a quotation inside a note's body is written as a nested blockquote: '> > ...'"))
        }
        var diagnostic = Diagnostic(orphanSeverity, "quote not found in article '\(article.slug)'", at: note.location, notes: notes)
        diagnostic.verdictAtRisk = verdictAtRisk
        diagnostics.append(diagnostic)
        return orphan
    }

    /// Puts the ends of `closest`, an orphan's closest passage, where its quote's were in the
    /// last build (`before`: `ClosestPassage.fitted`). A word deleted or added at an end is then
    /// known for what it is, and may be repaired however short the quote (`heldInPlace`: both
    /// ends stand where they stood). An end whose surroundings changed too, with another word
    /// than the quote's there, is not known (`unknownEnd`, "first" or "last"): a word replaced
    /// and a neighbour taken in for a word deleted look the same.
    func fit(_ closest: inout ClosestPassage, quote: [UInt32], in text: FoldedText, to before: PreviousAnchor)
        -> (heldInPlace: Bool, unknownEnd: String?) {
        let fitted = ClosestPassage.fitted(closest.start..<closest.end, in: text.scalars,
                                           between: FoldedText.fold(before.prefix), and: FoldedText.fold(before.suffix))
        if fitted.range != closest.start..<closest.end {
            (closest.start, closest.end) = (fitted.range.lowerBound, fitted.range.upperBound)
            let longer = max(quote.count, fitted.range.count)
            closest.similarity = 1 - Double(Suggestions.editDistance(quote, Array(text.scalars[fitted.range]))) / Double(longer)
        }
        let quoteWords = quote.split(separator: 0x20), words = text.scalars[fitted.range].split(separator: 0x20)
        var unknownEnd: String?
        // A word that joins what is beside it ("met. Senator Tom" → "met, and Tom") is taken
        // for a neighbour, not for the quote's word replaced, where only punctuation held the end.
        func unknown(_ held: ClosestPassage.Held, _ old: ArraySlice<UInt32>?, _ new: ArraySlice<UInt32>?) -> Bool {
            guard let old, let new, !old.elementsEqual(new) else { return false }
            let word = String(String.UnicodeScalarView(new.compactMap(Unicode.Scalar.init))).lowercased()
            return held == .no || (held == .pastPunctuation && Self.joiningWords.contains(word))
        }
        if unknown(fitted.heldStart, quoteWords.first, words.first) {
            unknownEnd = "first"
        } else if unknown(fitted.heldEnd, quoteWords.last, words.last) {
            unknownEnd = "last"
        }
        return (fitted.heldStart != .no && fitted.heldEnd != .no, unknownEnd)
    }

    /// Words that join a quote's first or last word to what is beside it.
    static let joiningWords: Set<String> = ["and", "but", "or", "nor", "so", "yet", "then", "while", "as", "which", "who",
                                            "that", "when", "where", "because", "though", "although", "if"]

    /// Where `note`'s prefix (or suffix) stands in `text` away from the one place its quote is
    /// (`foundAt`): the prefix and the words after it as long as the quote (the words before
    /// the suffix, and it), or nil when it stands only around the quote or nowhere.
    static func editedPassage(_ note: Note, quote: [UInt32], foundAt: Int, in text: FoldedText) -> (by: String, text: String)? {
        let scalars = text.scalars
        func places(of words: [UInt32]) -> [Int] { QuoteScanner([words]).matches(in: scalars).map(\.start) }
        // Whole words: the window is widened to the spaces around it (20 characters at most).
        func shown(_ range: Range<Int>) -> String {
            var start = max(0, range.lowerBound), end = min(scalars.count, range.upperBound)
            while start > 0, scalars[start - 1] != 0x20, range.lowerBound - start < 20 { start -= 1 }
            while end < scalars.count, scalars[end] != 0x20, end - range.upperBound < 20 { end += 1 }
            return text.text(text.byteRange(start, end))
        }
        // Next to each other: nothing between, or a space (folding drops a space at either end).
        func adjacent(_ end: Int, _ start: Int) -> Bool { end == start || (end + 1 == start && scalars[end] == 0x20) }
        // Words enough to tell one place (eight characters or more): a suffix "." stands everywhere.
        if let prefix = note.prefix.map(FoldedText.fold), prefix.count >= 8,
           let at = places(of: prefix).first(where: { !adjacent($0 + prefix.count, foundAt) }) {
            return ("prefix", shown(at..<(at + prefix.count + quote.count)))
        }
        if let suffix = note.suffix.map(FoldedText.fold), suffix.count >= 8,
           let at = places(of: suffix).first(where: { !adjacent(foundAt + quote.count, $0) }) {
            return ("suffix", shown((at - quote.count)..<(at + suffix.count)))
        }
        return nil
    }

    /// `quote` without the Pandoc citations (`[@key]`, `[see @key, p. 4]`) copied into it with
    /// the Markdown, and the spaces before them; nil when it has none.
    static func withoutCitations(_ quote: String) -> String? {
        guard quote.contains("@") else { return nil }
        let groups = CitationParser.groups(in: quote)
        guard !groups.isEmpty else { return nil }
        var bytes = Array(quote.utf8)
        for group in groups.reversed() {
            var start = group.range.lowerBound
            while start > 0, bytes[start - 1] == 0x20 { start -= 1 }
            bytes.removeSubrange(start..<group.range.upperBound)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a passage may be put in place of a quote: at least 85% similar, or the quote
    /// with one word replaced.
    static func closeEnough(_ quote: [UInt32], _ passage: [UInt32], similarity: Double) -> Bool {
        similarity >= repairThreshold || ClosestPassage.differsByOneWord(quote, passage)
    }

    /// Where a folded scalar came from, as a place in the article file.
    func location(of origin: FoldedText.Origin) -> SourceLocation {
        let run = runs[origin.run]
        let column = run.column + String(decoding: Array(run.text.utf8.prefix(origin.start)), as: UTF8.self).unicodeScalars.count
        return SourceLocation(article.path, line: run.line + article.bodyLine - 1, column: max(1, column))
    }

    static func text(_ text: [UInt32], endingAt end: Int, hasSuffix suffix: [UInt32]) -> Bool {
        var e = end
        while e > 0 && text[e - 1] == 0x20 { e -= 1 }
        return e >= suffix.count && Array(text[(e - suffix.count)..<e]) == suffix
    }

    static func text(_ text: [UInt32], startingAt start: Int, hasPrefix prefix: [UInt32]) -> Bool {
        var s = start
        while s < text.count && text[s] == 0x20 { s += 1 }
        return s + prefix.count <= text.count && Array(text[s..<(s + prefix.count)]) == prefix
    }

    static func words(before position: Int, in text: [UInt32], count: Int) -> String {
        var start = position, seen = 0
        while start > 0 {
            if text[start - 1] == 0x20 && start < position && text[start] != 0x20 { seen += 1; if seen == count { break } }
            start -= 1
        }
        let scalars = text[start..<position].compactMap(Unicode.Scalar.init)
        return String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: " ")
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String { Substring(self).trimmingCharacters(in: set) }
}
