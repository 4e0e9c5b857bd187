/// The passage of a text most like a quote that was not found: what `gen check` shows for an
/// orphaned note and what `--fix-anchors` may put in its place.
struct ClosestPassage: Sendable, Equatable {
    /// Folded scalar range in the text.
    var start: Int
    var end: Int
    /// 0 to 1: one minus the edit distance over the longer length.
    var similarity: Double
    /// No other passage, apart from this one, is as similar.
    var unique: Bool

    /// Scores windows of about the quote's length, starting at word starts: first by shared
    /// words (cheap), then the best few by edit distance.
    static func find(_ quote: [UInt32], in text: [UInt32]) -> ClosestPassage? {
        guard !quote.isEmpty, !text.isEmpty else { return nil }
        let words = wordRanges(text)
        guard !words.isEmpty else { return nil }
        let quoteWords = Set(wordRanges(quote).map { Array(quote[$0]) })
        let count = max(1, wordRanges(quote).count)
        var byOverlap: [(score: Int, word: Int)] = []
        for i in words.indices {
            let window = words[i..<min(words.count, i + count)]
            let score = window.reduce(0) { $0 + (quoteWords.contains(Array(text[$1])) ? 1 : 0) }
            byOverlap.append((score, i))
        }
        byOverlap.sort { ($0.score, -$0.word) > ($1.score, -$1.word) }
        var candidates: [ClosestPassage] = []
        for (_, first) in byOverlap.prefix(12) {
            for length in max(1, count - 2)...(count + 2) where first + length <= words.count {
                let start = words[first].lowerBound, end = words[first + length - 1].upperBound
                let distance = Suggestions.editDistance(quote, Array(text[start..<end]))
                let similarity = 1 - Double(distance) / Double(max(quote.count, end - start))
                candidates.append(ClosestPassage(start: start, end: end, similarity: similarity, unique: true))
            }
        }
        candidates.sort { ($0.similarity, -$0.start) > ($1.similarity, -$1.start) }
        guard var best = candidates.first else { return nil }
        best.unique = !candidates.dropFirst().contains {
            $0.similarity >= best.similarity && ($0.end <= best.start || $0.start >= best.end)
        }
        // Windows are whole space-separated words: punctuation and quotation marks the quote does
        // not have at an edge (a trailing comma, an opening quote) are left out, so a repair never
        // widens a quote.
        if let first = quote.first, AnchorNotes.isWordScalar(first) {
            while best.start < best.end, !AnchorNotes.isWordScalar(text[best.start]) { best.start += 1 }
        }
        if let last = quote.last, AnchorNotes.isWordScalar(last) {
            while best.end > best.start, !AnchorNotes.isWordScalar(text[best.end - 1]) { best.end -= 1 }
        }
        return best
    }

    private static func wordRanges(_ text: [UInt32]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start: Int?
        for (i, scalar) in text.enumerated() {
            if scalar == 0x20 {
                if let s = start { ranges.append(s..<i); start = nil }
            } else if start == nil {
                start = i
            }
        }
        if let s = start { ranges.append(s..<text.count) }
        return ranges
    }
}
