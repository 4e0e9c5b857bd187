/// A note whose quote was found in its article.
public struct AnchoredNote: Sendable {
    public var note: Note
    /// 1-based, in the order the passages end in the article, where their numbers stand: a
    /// passage inside a longer one is numbered before it, so that the numbers read in order.
    public var number: Int
    /// Folded scalar range in the article's text.
    var start: Int
    var end: Int
    /// The passage in the article's real text, up to 32 characters before and after it, how
    /// much of those is in its block, and its TextPositionSelector's start: as an orphan's
    /// alternative places are told (`OrphanedNote.Alternative`).
    public var place: OrphanedNote.Alternative
    /// Unicode scalar offset of the passage's end in the article's visible text.
    public var textEnd: Int
    /// For a fact check in a later item of a list (or paragraph of a quotation) that follows a
    /// lead-in ("The plan includes:"), that lead-in's sentence: what the item's claim reads
    /// with, compared by the next build (`AnchorRepair.moved`), exported as `leadIn`.
    public var leadIn: String?
    /// For a fact check, the citations written in its sentence (`AnchorNotes.citations(inSentenceOf:)`),
    /// compared by the next build, exported as `citations`; "" when none.
    public var citations: String?
    /// For a note placed by `occurrence=N` (with a last build to compare with), every place of
    /// its words it counts among, in order; empty otherwise.
    public var occurrencePlaces: [OrphanedNote.Alternative] = []
    /// Where the passage starts in the article's source, for the notes of a diagnostic about
    /// it; nil for a note read back from the render cache (its document did not change).
    public var passageLocation: SourceLocation?

    public var exact: String { place.passage }
    public var prefix: String { place.prefix }
    public var suffix: String { place.suffix }
    public var textStart: Int { place.textStart }
    /// How much of `prefix` (its last characters) and of `suffix` (its first) is in the
    /// passage's block: all of it unless a paragraph, item or cell begins or ends there. Known
    /// when the note was anchored, not kept in the render cache.
    public var prefixInBlock: Int { place.prefixInBlock }
    public var suffixInBlock: Int { place.suffixInBlock }

    init(note: Note, number: Int, start: Int, end: Int, place: OrphanedNote.Alternative) {
        self.note = note
        self.number = number
        self.start = start
        self.end = end
        self.place = place
        textEnd = place.textStart + place.passage.unicodeScalars.count
    }

    /// The words of the passage's sentence before and after it, up to `AnchorNotes.sentenceWindow`
    /// characters each side, in its block: made only when asked for (`gen annotations pin`).
    public var sentence: (before: String, after: String)?
    /// Another place of its quote reads in the same sentence: its prefix and suffix could not
    /// pick it (known with `sentence`, for a note with `occurrence=N`).
    public var sentenceHasOtherPlaces = false
}

/// A note whose quote is not in its article, with the article's closest passage.
public struct OrphanedNote: Sendable {
    /// The slug of the note's article (set when a build gathers its orphans).
    public var article = ""
    /// One of several passages equally close to a quote, with what surrounds it in the
    /// reader's text (as a TextQuoteSelector's prefix and suffix would have it).
    public struct Alternative: Sendable, Equatable {
        public var passage: String
        public var prefix: String
        public var suffix: String
        /// Unicode scalar offset in the article's visible text (as a TextPositionSelector's start).
        public var textStart: Int
        /// Close enough to the quote to be put in its place, were it the only one.
        public var repairable: Bool
        /// How much of `prefix` and `suffix` is in the passage's block (`AnchoredNote.prefixInBlock`).
        public var prefixInBlock = Int.max
        public var suffixInBlock = Int.max
        /// A fact check's text just before (after) its block, up to the sentence window, when
        /// its prefix (suffix) was cut at the block's edge: a last build made by a gen that read
        /// sentences across blocks may hold its words there (`AnchorRepair.sentenceChanges`).
        public var beforeBlock: String?
        public var afterBlock: String?

        public init(passage: String, prefix: String, suffix: String, textStart: Int, repairable: Bool,
                    prefixInBlock: Int = .max, suffixInBlock: Int = .max) {
            self.passage = passage
            self.prefix = prefix
            self.suffix = suffix
            self.textStart = textStart
            self.repairable = repairable
            self.prefixInBlock = prefixInBlock
            self.suffixInBlock = suffixInBlock
        }
    }

    public var note: Note
    public var closest: String?
    public var similarity: Double?
    /// Whether `gen check --fix-anchors` may put `closest` in place of the quote.
    public var repairable: Bool
    /// When several passages are as close: all of them (`closest` first), for
    /// `--fix-anchors` to pick the one where the note was before.
    public var alternatives: [Alternative] = []
    /// The closest passage with its surroundings and position (`closest`'s place), for
    /// `--fix-anchors` to tell a passage edited in place from one elsewhere in the article.
    public var closestPlace: Alternative?
    /// The quote is in the article, but not where its own prefix or suffix say (a pinned fact
    /// check whose sentence changed): for a person to review, not for `--fix-anchors`.
    public var heldByItsWords = false
    /// Where the note was in the last build, when a closest passage was found and fitted to it:
    /// `--fix-anchors` takes it to choose among passages as close and to hold back a repair to
    /// another place. Not kept in the render cache (`gen check` renders every document).
    public var lastPlace: PreviousAnchor?
}

/// Where a note was in the live output: its TextQuoteSelector's prefix and suffix and its
/// TextPositionSelector's start.
public struct PreviousAnchor: Sendable, Equatable, Codable {
    public var prefix: String
    public var suffix: String
    public var start: Int?
    /// The passage itself (TextQuoteSelector's `exact`).
    public var exact: String
    /// Whether the note was a fact check there (its annotation's motivation "assessing").
    public var factCheck = false
    /// The lead-in its list item read with there (`AnchoredNote.leadIn`); nil when none, or
    /// from a build that did not record one.
    public var leadIn: String?
    /// The citations written in its sentence there (`AnchoredNote.citations`); nil from a build
    /// that did not record them.
    public var citations: String?

    public init(prefix: String, suffix: String, start: Int?, exact: String = "", factCheck: Bool = false) {
        self.prefix = prefix
        self.suffix = suffix
        self.start = start
        self.exact = exact
        self.factCheck = factCheck
    }
}
