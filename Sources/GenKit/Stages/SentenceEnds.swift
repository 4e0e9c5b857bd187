/// Where a sentence ends, for the words a fact check's verdict is held to: one rule for the
/// quick scan of how much of a sentence a build keeps (`FoldedText.sentenceStart`) and for the
/// comparison of what it kept (`AnchorRepair.sentencePart`), so that the two never disagree on
/// where a sentence begins.
enum SentenceEnds {
    /// Words whose full stop ends no sentence: titles, "approx.", months, "e.g." (lowercase,
    /// without their stops).
    static let abbreviations: Set<String> = ["mr", "mrs", "ms", "dr", "prof", "st", "approx", "etc", "vs", "gov",
                                             "sen", "rep", "gen", "lt", "col", "capt", "sgt", "inc", "ltd", "co", "corp", "jan",
                                             "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "eg",
                                             "ie", "cf", "fig", "vol", "pp", "al", "jr", "sr", "est", "dept", "univ", "ave"]

    /// Whether a full stop followed by a space goes on with the sentence: `word` is the word
    /// before the stop (its letters, digits and inner stops: "U.S", "p.m", "1980s"), `next` the
    /// first character after the space (nil: none). It does after a word of one letter or with
    /// inner stops ("U.S.", "J. Smith", "e.g. in", "9 p.m. on Friday"), after one of
    /// `abbreviations`, after "No." before a number ("No. 10"), and after an ellipsis before a
    /// lowercase word ("last year... or so"); never after a word with a digit ("in the 1980s.
    /// Then"). A plain word's stop ends the sentence before any word: "the paragraph. of
    /// Jamaica" is two (a pasted paragraph that starts in lowercase), and a lowercase start is
    /// likelier a slip than a sentence going on.
    static func continues(after word: some StringProtocol, next: Character?) -> Bool {
        if word.last == "." { return continuesAfterEllipsis(next: next) }
        guard !word.contains(where: \.isNumber) else { return false }
        let letters = String(word.filter(\.isLetter)).lowercased()
        guard !letters.isEmpty else { return false }
        if word.contains(".") || letters.count == 1 { return true }
        if letters == "no", let next, next.isNumber { return true }
        return abbreviations.contains(letters)
    }

    /// Whether an ellipsis ("year..." or "year…") goes on with the sentence: before a lowercase
    /// word ("last year... or so"); before anything else it ends it.
    static func continuesAfterEllipsis(next: Character?) -> Bool { next?.isLowercase ?? false }
}
