/// The passage of a text most like a quote that was not found: what `gen check` shows for an
/// orphaned note and what `--fix-anchors` may put in its place.
///
/// Short quotes (the usual note) are compared exactly: windows of about the quote's length,
/// starting at word starts, are ranked by shared words, and the best few are scored by edit
/// distance. A long quote (a pasted page) would make that quadratic, so it is aligned instead:
/// the best window by shared words is matched to the quote word by word (words that occur once
/// on both sides anchor the alignment, as in a patience diff), and only the stretches between
/// anchors are compared character by character. Its time grows with the text's length, not
/// with the square of the quote's.
struct ClosestPassage: Sendable, Equatable {
    /// Folded scalar range in the text.
    var start: Int
    var end: Int
    /// 0 to 1: one minus the edit distance over the longer length.
    var similarity: Double
    /// No other passage, apart from this one, is as similar.
    var unique: Bool
    /// When not unique: the other passages as similar (or, when this one is close enough to
    /// repair a quote, as close), none overlapping another.
    var rivals: [Rival] = []

    struct Rival: Sendable, Equatable {
        var range: Range<Int>
        var similarity: Double
    }

    /// Above this many scalars, a quote is aligned rather than compared with every window.
    static let alignedQuoteLength = 2_000

    static func find(_ quote: [UInt32], in text: [UInt32]) -> ClosestPassage? {
        guard !quote.isEmpty, !text.isEmpty else { return nil }
        let words = wordRanges(text)
        guard !words.isEmpty else { return nil }
        let quoteWordRanges = wordRanges(quote)
        // Each word hashed once, for the sliding sum below and the alignment of a long quote.
        let quoteHashes = quoteWordRanges.map { hash(quote, $0) }, textHashes = words.map { hash(text, $0) }
        let quoteWords = Set(quoteHashes)
        let count = max(1, quoteWordRanges.count)
        // How many of the `count` words from each word on are words of the quote: a sliding sum.
        let shared = textHashes.map { quoteWords.contains($0) ? 1 : 0 }
        var byOverlap: [(score: Int, word: Int)] = []
        byOverlap.reserveCapacity(words.count)
        var score = shared[0..<min(words.count, count)].reduce(0, +)
        for i in words.indices {
            byOverlap.append((score, i))
            score -= shared[i]
            if i + count < words.count { score += shared[i + count] }
        }
        var best: ClosestPassage
        if quote.count > alignedQuoteLength {
            guard let found = aligned(quote, quoteWordRanges, quoteHashes, in: text, words: words, textHashes: textHashes,
                                      byOverlap: byOverlap, count: count)
            else { return nil }
            best = found
            best.rivals = best.rivals.map { Rival(range: trimmed($0.range, quote: quote, text: text), similarity: $0.similarity) }
        } else {
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
            // The quote with one word replaced is the likeliest edit, and keeps the quote's
            // boundaries: it goes before a window that is a few characters closer but has a
            // word more or less (a short last word dropped, a neighbour's word taken in).
            func oneWord(_ c: ClosestPassage) -> Bool {
                differsByOneWord(quote, Array(text[trimmed(c.start..<c.end, quote: quote, text: text)]))
            }
            // Whether `--fix-anchors` would repair to it: the rule of `AnchorNotes.closeEnough`.
            func mayRepair(_ c: ClosestPassage) -> Bool {
                AnchorNotes.closeEnough(quote, Array(text[trimmed(c.start..<c.end, quote: quote, text: text)]), similarity: c.similarity)
            }
            guard let chosen = candidates.firstIndex(where: oneWord) ?? candidates.indices.first else { return nil }
            best = candidates[chosen]
            let repairable = mayRepair(best)
            var taken = [best.start..<best.end]
            for (n, candidate) in candidates.enumerated() where n != chosen {
                // Another place as similar, or, when this one would be repaired, close enough to
                // be repaired too: the quote alone does not say which.
                guard candidate.similarity >= best.similarity
                    || (repairable && mayRepair(candidate)) else { continue }
                let range = candidate.start..<candidate.end
                guard !taken.contains(where: { $0.overlaps(range) }) else { continue }
                taken.append(range)
                best.rivals.append(Rival(range: trimmed(range, quote: quote, text: text), similarity: candidate.similarity))
            }
            best.unique = best.rivals.isEmpty
        }
        let range = trimmed(best.start..<best.end, quote: quote, text: text)
        best.start = range.lowerBound
        best.end = range.upperBound
        return best
    }

    /// Windows are whole space-separated words: punctuation and quotation marks the quote does
    /// not have at an edge (a trailing comma, an opening quote, the full stop after "40%") are
    /// left out, so a repair never widens a quote. At each edge the passage keeps at most as
    /// many such characters as the quote has there.
    private static func trimmed(_ range: Range<Int>, quote: [UInt32], text: [UInt32]) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        let lead = quote.prefix { !AnchorNotes.isWordScalar($0) }.count
        let tail = quote.reversed().prefix { !AnchorNotes.isWordScalar($0) }.count
        func run(from index: Int, step: Int, limit: Int) -> Int {
            var count = 0, i = index
            while i >= start, i < end, count <= limit, !AnchorNotes.isWordScalar(text[i]) { count += 1; i += step }
            return count
        }
        while start < end, run(from: start, step: 1, limit: lead) > lead { start += 1 }
        while end > start, run(from: end - 1, step: -1, limit: tail) > tail { end -= 1 }
        return start..<end
    }

    /// `range` of `text` (folded) with its ends moved to where a note's ends were in the last
    /// build, whose folded prefix and suffix were `before` and `after`: words at an end that
    /// then stood just outside the quote are left out, and words that now stand between those
    /// and the passage are taken in. The closest passage is found by the quote's letters alone,
    /// so a word deleted at an end is made up for by its neighbour ("who was paying," → "who
    /// was, pointing") and a word added there is left out ("\"direct" → "\"very direct" gave
    /// "direct"); the last build's surroundings say where the passage begins and ends. An end
    /// moves only to a place that matches more of them, and at least eight characters (all of
    /// them when shorter); by at most half the passage inwards, and outwards by one word at
    /// most and never past the end of a sentence ("Commission. Not anymore" is not the quote's
    /// "Commission" with words added).
    ///
    /// `heldStart`, `heldEnd`: whether each end now stands where the last build's surroundings
    /// say (its side matching at least eight characters of them, or all of them when shorter),
    /// exactly or but for the punctuation next to the passage ("law. Representative" and
    /// "rules; Representative").
    static func fitted(_ range: Range<Int>, in text: [UInt32], between before: [UInt32], and after: [UInt32])
        -> (range: Range<Int>, heldStart: Held, heldEnd: Held) {
        guard range.count > 1 else { return (range, .no, .no) }
        var start = range.lowerBound, end = range.upperBound
        let neededBefore = min(8, before.count), neededAfter = min(8, after.count)
        func isWordScalar(_ value: UInt32) -> Bool { AnchorNotes.isWordScalar(value) }
        func isWord(_ i: Int) -> Bool { isWordScalar(text[i]) }
        // How much of the old prefix ends at `c` and of the old suffix starts at `c` (folding
        // drops the space between a selector and its quote).
        func matchBefore(_ c: Int) -> Int {
            zip(text[..<c].reversed().drop { $0 == 0x20 }, before.reversed()).prefix { $0 == $1 }.count
        }
        func matchAfter(_ c: Int) -> Int { zip(text[c...].drop { $0 == 0x20 }, after).prefix { $0 == $1 }.count }
        // The same, past the punctuation next to the passage on both sides.
        func wordsBefore(_ c: Int) -> Int {
            zip(text[..<c].reversed().drop { !isWordScalar($0) }, before.reversed().drop { !isWordScalar($0) }).prefix { $0 == $1 }.count
        }
        func wordsAfter(_ c: Int) -> Int {
            zip(text[c...].drop { !isWordScalar($0) }, after.drop { !isWordScalar($0) }).prefix { $0 == $1 }.count
        }
        // Outwards, one word at most, and no sentence's end: `text[range]` may be taken in.
        func mayTakeIn(_ range: Range<Int>) -> Bool {
            let taken = text[range]
            let words = zip(taken, taken.dropFirst()).filter { !isWordScalar($0) && isWordScalar($1) }.count
                + (taken.first.map(isWordScalar) == true ? 1 : 0)
            let endsSentence = zip(taken, taken.dropFirst()).contains { [0x2E, 0x21, 0x3F].contains($0) && $1 == 0x20 }
            return words <= 1 && !endsSentence
        }
        // The candidate that matches most (the nearest to `current` of those that match as much),
        // when it matches enough, and more than `current`.
        func best(_ candidates: [Int], current: Int, match: (Int) -> Int, needed: Int) -> Int {
            guard needed > 0 else { return current }
            let here = match(current)
            var chosen = current, most = here
            for c in candidates {
                let m = match(c)
                if m > most || (m == most && abs(c - current) < abs(chosen - current)) { (chosen, most) = (c, m) }
            }
            return most >= needed && most > here ? chosen : current
        }
        // A passage starts at a word, or at the punctuation that opens one after a space, and
        // ends at the end of a word or of the punctuation that closes one; never beside an
        // apostrophe ("Farage's").
        let starts = (max(0, start - 32)...(start + range.count / 2)).filter { c in
            text[c] != 0x20 && (c == 0 || text[c - 1] == 0x20 || (!isWord(c - 1) && isWord(c) && text[c - 1] != 0x27))
                && (c >= range.lowerBound || mayTakeIn(c..<range.lowerBound))
        }
        start = best(starts, current: start, match: matchBefore, needed: neededBefore)
        let ends = (max(start + 1, end - range.count / 2)...min(text.count, end + 32)).filter { c in
            text[c - 1] != 0x20 && (c == text.count || text[c] == 0x20 || (isWord(c - 1) && !isWord(c) && text[c] != 0x27))
                && (c <= range.upperBound || mayTakeIn(range.upperBound..<c))
        }
        end = best(ends, current: end, match: matchAfter, needed: neededAfter)
        func held(_ exactly: Int, _ pastPunctuation: Int, needed: Int) -> Held {
            exactly >= needed ? .exactly : pastPunctuation >= needed ? .pastPunctuation : .no
        }
        return (start..<end, held(matchBefore(start), wordsBefore(start), needed: neededBefore),
                held(matchAfter(end), wordsAfter(end), needed: neededAfter))
    }

    /// How an end of a fitted passage stands against the last build's surroundings.
    enum Held { case no, exactly, pastPunctuation }

    /// Whether `passage` is `quote` with one word more or one word less, the shorter having at
    /// least three words.
    static func differsByAWordMoreOrLess(_ quote: [UInt32], _ passage: [UInt32]) -> Bool {
        let a = quote.split(separator: 0x20), b = passage.split(separator: 0x20)
        let (long, short) = a.count > b.count ? (a, b) : (b, a)
        guard long.count == short.count + 1, short.count >= 3 else { return false }
        let head = zip(long, short).prefix { $0.elementsEqual($1) }.count
        return zip(long.dropFirst(head + 1), short.dropFirst(head)).allSatisfy { $0.elementsEqual($1) }
    }

    /// Whether `passage` is `quote` with one word replaced (a word changed, a typo fixed), in a
    /// quote of at least five words: the rest of the quote pins it down.
    static func differsByOneWord(_ quote: [UInt32], _ passage: [UInt32]) -> Bool {
        let a = quote.split(separator: 0x20), b = passage.split(separator: 0x20)
        guard a.count >= 5, a.count == b.count else { return false }
        return zip(a, b).filter { !$0.elementsEqual($1) }.count == 1
    }

    // MARK: Long quotes

    /// The window with most shared words, aligned to the quote; unique when the best window
    /// that does not overlap it is less similar.
    private static func aligned(_ quote: [UInt32], _ quoteWords: [Range<Int>], _ quoteHashes: [UInt64], in text: [UInt32],
                                words: [Range<Int>], textHashes: [UInt64],
                                byOverlap: [(score: Int, word: Int)], count: Int) -> ClosestPassage? {
        func best(where allowed: (Int) -> Bool) -> Int? {
            var found: (score: Int, word: Int)?
            for entry in byOverlap where allowed(entry.word) && entry.score > (found?.score ?? -1) { found = entry }
            return found?.word
        }
        // The window with most shared words may start well before the passage (common words
        // before it count as much as the quote's last words): the region around it is wide,
        // and the alignment finds the passage's ends in it.
        let slack = max(8, count / 8) + count / 2
        func passage(at first: Int) -> ClosestPassage {
            let low = max(0, first - slack), high = min(words.count, first + count + slack)
            let aligned = align(quote, quoteWords, quoteHashes, text: text, words: Array(words[low..<high]),
                                textHashes: Array(textHashes[low..<high]))
            // Words met by chance (a quote unlike the text) can stretch an alignment over far
            // more than the quote: the window of the quote's length from there may be closer.
            let start = words[first].lowerBound
            let end = words[first...].prefix { $0.upperBound - start <= quote.count }.last?.upperBound ?? words[first].upperBound
            let longer = max(quote.count, end - start)
            let window = ClosestPassage(start: start, end: end, similarity: 1 - Double(min(longer, boundedDistance(
                quote, Array(text[start..<end])))) / Double(longer), unique: true)
            return window.similarity > aligned.similarity ? window : aligned
        }
        // Where the quote's runs of three words (those it has once) are found in the text, each
        // says where the quote's first word would be: the place most of them agree on.
        let votes = diagonals(quoteHashes, textHashes)
        func agreed(outside excluded: Range<Int>?) -> (word: Int, votes: Int)? {
            let width = max(8, count / 16)
            var best: (word: Int, votes: Int)?
            var low = 0
            for high in votes.indices {
                while votes[high] - votes[low] > width { low += 1 }
                let middle = votes[(low + high) / 2]
                if let excluded, excluded.contains(middle) { continue }
                if high - low + 1 > best?.votes ?? 0 { best = (middle, high - low + 1) }
            }
            return best
        }
        let located = agreed(outside: nil)
        guard let first = located.map({ max(0, min(words.count - 1, $0.word)) }) ?? best(where: { _ in true }) else { return nil }
        var found = passage(at: first)
        let firstWord = words.firstIndex { $0.upperBound > found.start } ?? 0
        let lastWord = words.lastIndex { $0.lowerBound < found.end } ?? words.count - 1
        var other: Int?
        if let located, let second = agreed(outside: (firstWord - count)..<(lastWord + 1)), second.votes * 4 >= located.votes {
            other = max(0, min(words.count - 1, second.word))
        } else if located == nil {
            other = best(where: { $0 + count <= firstWord || $0 > lastWord })
        }
        if let other {
            let rival = passage(at: other)
            if rival.similarity >= found.similarity {
                found.unique = false
                found.rivals = [Rival(range: rival.start..<rival.end, similarity: rival.similarity)]
            }
        }
        return found
    }

    /// The hash of each run of `length` consecutive words (FNV over the words' hashes).
    private static func runs(_ hashes: [UInt64], length: Int) -> [UInt64] {
        hashes.count < length ? [] : (0...(hashes.count - length)).map { i in
            hashes[i..<(i + length)].reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ $1) &* 0x100_0000_01b3 }
        }
    }

    /// For each run of three words that the quote has once and the text at most eight times,
    /// and each place of it in the text: the word where the quote would start. Sorted.
    private static func diagonals(_ quoteHashes: [UInt64], _ textHashes: [UInt64]) -> [Int] {
        let length = 3
        guard quoteHashes.count >= length, textHashes.count >= length else { return [] }
        var inQuote: [UInt64: Int] = [:]
        for (i, run) in runs(quoteHashes, length: length).enumerated() { inQuote[run] = inQuote[run] == nil ? i : -1 }
        var places: [UInt64: [Int]] = [:]
        for (t, run) in runs(textHashes, length: length).enumerated() {
            if let q = inQuote[run], q >= 0 { places[run, default: []].append(t - q) }
        }
        return places.values.filter { $0.count <= 8 }.flatMap { $0 }.sorted()
    }

    /// Aligns `quote` with the text of `words` (consecutive words of `text`), the passage's
    /// start and end free to fall on any of their word boundaries.
    private static func align(_ quote: [UInt32], _ quoteWords: [Range<Int>], _ qHashes: [UInt64], text: [UInt32],
                              words: [Range<Int>], textHashes tHashes: [UInt64]) -> ClosestPassage {
        let regionStart = words.first!.lowerBound, regionEnd = words.last!.upperBound
        // Words that occur once are the anchors; in text of common words there may be too few,
        // and runs of two, three or four words are (each run pairs its words).
        var anchors = anchorPairs(qHashes, tHashes)
        for length in 2...4 where anchors.count < quoteWords.count / 2 {
            var pairs: [(q: Int, t: Int)] = []
            for pair in anchorPairs(runs(qHashes, length: length), runs(tHashes, length: length)) {
                for k in 0..<length where pairs.last.map({ pair.q + k > $0.q && pair.t + k > $0.t }) ?? true {
                    pairs.append((pair.q + k, pair.t + k))
                }
            }
            if pairs.count > anchors.count { anchors = pairs }
        }
        // An anchor far from the next one in the text but near it in the quote is a word met
        // by chance outside the passage: dropped from the ends.
        func stray(_ a: (q: Int, t: Int), _ b: (q: Int, t: Int)) -> Bool {
            let quoteGap = quoteWords[b.q].lowerBound - quoteWords[a.q].upperBound
            let textGap = words[b.t].lowerBound - words[a.t].upperBound
            return textGap > 2 * quoteGap + 64
        }
        while anchors.count >= 2, stray(anchors[0], anchors[1]) { anchors.removeFirst() }
        while anchors.count >= 2, stray(anchors[anchors.count - 2], anchors[anchors.count - 1]) { anchors.removeLast() }
        var distance = 0
        var start: Int, end: Int
        if let head = anchors.first, let tail = anchors.last {
            // Before the first anchor: the passage may start at any word start of the text there.
            let qHead = Array(quote[0..<quoteWords[head.q].lowerBound])
            let tHeadStart = regionStart, tHeadEnd = words[head.t].lowerBound
            let startsAllowed = Set(words[0...head.t].map { $0.lowerBound - tHeadStart })
            let (s, headDistance) = freeEnd(Array(qHead.reversed()), Array(text[tHeadStart..<tHeadEnd].reversed()),
                                            allowed: Set(startsAllowed.map { (tHeadEnd - tHeadStart) - $0 }))
            start = tHeadEnd - s
            distance += headDistance
            // Between anchors: each stretch on its own.
            for (a, b) in zip(anchors, anchors.dropFirst()) {
                let q = Array(quote[quoteWords[a.q].upperBound..<quoteWords[b.q].lowerBound])
                let t = Array(text[words[a.t].upperBound..<words[b.t].lowerBound])
                distance += boundedDistance(q, t)
            }
            // After the last anchor: the passage may end at any word end.
            let qTail = Array(quote[quoteWords[tail.q].upperBound...])
            let tTailStart = words[tail.t].upperBound
            let endsAllowed = Set(words[tail.t...].map { $0.upperBound - tTailStart })
            let (e, tailDistance) = freeEnd(qTail, Array(text[tTailStart..<regionEnd]), allowed: endsAllowed)
            end = tTailStart + e
            distance += tailDistance
        } else {
            // Nothing in common word for word: the window of the quote's length.
            start = regionStart
            end = words.last { $0.upperBound - start <= quote.count }?.upperBound ?? regionEnd
            distance = boundedDistance(quote, Array(text[start..<end]))
        }
        let similarity = 1 - Double(min(distance, max(quote.count, end - start))) / Double(max(quote.count, end - start, 1))
        return ClosestPassage(start: start, end: end, similarity: similarity, unique: true)
    }

    /// Pairs of equal words (quote word, text word), in order on both sides: words that occur
    /// once on each side, longest increasing chain, then the same within each stretch between
    /// two pairs, and equal words at the ends of every stretch.
    static func anchorPairs(_ a: [UInt64], _ b: [UInt64]) -> [(q: Int, t: Int)] {
        var pairs: [(q: Int, t: Int)] = []
        var stack = [(0, a.count, 0, b.count)]
        while let (aLow0, aHigh0, bLow0, bHigh0) = stack.popLast() {
            var aLow = aLow0, aHigh = aHigh0, bLow = bLow0, bHigh = bHigh0
            while aLow < aHigh, bLow < bHigh, a[aLow] == b[bLow] { pairs.append((aLow, bLow)); aLow += 1; bLow += 1 }
            while aLow < aHigh, bLow < bHigh, a[aHigh - 1] == b[bHigh - 1] { aHigh -= 1; bHigh -= 1; pairs.append((aHigh, bHigh)) }
            guard aLow < aHigh, bLow < bHigh else { continue }
            var inA: [UInt64: Int] = [:], inB: [UInt64: Int] = [:]
            for i in aLow..<aHigh { inA[a[i]] = inA[a[i]] == nil ? i : -1 }
            for j in bLow..<bHigh { inB[b[j]] = inB[b[j]] == nil ? j : -1 }
            var common: [(q: Int, t: Int)] = []
            for i in aLow..<aHigh {
                if let p = inA[a[i]], p == i, let j = inB[a[i]], j >= 0 { common.append((i, j)) }
            }
            let chain = longestIncreasing(common)
            guard !chain.isEmpty else { continue }
            pairs += chain
            var previous = (aLow, bLow)
            for pair in chain {
                stack.append((previous.0, pair.q, previous.1, pair.t))
                previous = (pair.q + 1, pair.t + 1)
            }
            stack.append((previous.0, aHigh, previous.1, bHigh))
        }
        return pairs.sorted { $0.q < $1.q }
    }

    /// The longest chain of pairs (ordered by `q`) whose `t` increases.
    private static func longestIncreasing(_ pairs: [(q: Int, t: Int)]) -> [(q: Int, t: Int)] {
        var tails: [Int] = [], previous = [Int](repeating: -1, count: pairs.count)
        for (n, pair) in pairs.enumerated() {
            var low = 0, high = tails.count
            while low < high {
                let mid = (low + high) / 2
                if pairs[tails[mid]].t < pair.t { low = mid + 1 } else { high = mid }
            }
            if low > 0 { previous[n] = tails[low - 1] }
            if low == tails.count { tails.append(n) } else { tails[low] = n }
        }
        var chain: [(q: Int, t: Int)] = []
        var n = tails.last ?? -1
        while n >= 0 { chain.append(pairs[n]); n = previous[n] }
        return chain.reversed()
    }

    /// Stretches up to this many cells are compared exactly; a longer one is cut into pieces
    /// of about 512 characters, paired in order, whose distances are summed: an upper
    /// bound on its distance (the pieces' alignments make one of the whole).
    static let cellBudget = 4_000_000

    static func boundedDistance(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a == b { return 0 }
        guard a.count * b.count > cellBudget else { return Suggestions.editDistance(a, b) }
        let pieces = (max(a.count, b.count) + 511) / 512
        var total = 0
        for n in 0..<pieces {
            let pa = a[(a.count * n / pieces)..<(a.count * (n + 1) / pieces)]
            let pb = b[(b.count * n / pieces)..<(b.count * (n + 1) / pieces)]
            total += Suggestions.editDistance(Array(pa), Array(pb))
        }
        return total
    }

    /// The prefix of `b` ending at one of `allowed` (lengths) closest to `a`: its length and distance.
    private static func freeEnd(_ a: [UInt32], _ b: [UInt32], allowed: Set<Int>) -> (Int, Int) {
        guard a.count * b.count <= cellBudget else {
            // Too long to compare: the allowed length nearest the quote's, compared in pieces.
            let length = allowed.min { abs($0 - a.count) < abs($1 - a.count) } ?? 0
            return (length, boundedDistance(a, Array(b[..<length])))
        }
        // Row over `b`: distances of `a[0..<i]` to every prefix of `b`.
        var row = Array(0...b.count)
        if !a.isEmpty {
            var current = [Int](repeating: 0, count: b.count + 1)
            for i in 1...a.count {
                current[0] = i
                for j in stride(from: 1, through: b.count, by: 1) {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    current[j] = Swift.min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
                }
                swap(&row, &current)
            }
        }
        var best = (length: 0, distance: Int.max)
        for length in allowed.sorted() where row[length] < best.distance { best = (length, row[length]) }
        return best
    }

    /// FNV-1a of a word's scalars.
    private static func hash(_ text: [UInt32], _ range: Range<Int>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in range {
            h = (h ^ UInt64(text[i])) &* 0x100_0000_01b3
        }
        return h
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
