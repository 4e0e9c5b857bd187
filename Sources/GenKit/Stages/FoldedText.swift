import Foundation
import Markdown

/// An article's visible text folded for matching quotes, with a map from every folded scalar
/// back to the bytes it came from. `bytes` is the text a reader sees: citation markers are not
/// part of it (a quote may run across them), an entity link reads as the text it shows
/// (`[[tony-blair]]` as "Tony Blair"), and its offsets are those of the exported selectors.
///
/// Folding ignores what a writer cannot see or type easily: Unicode NFC, any run of whitespace
/// (line breaks, block boundaries, no-break spaces) as one space, curly quotes and apostrophes
/// as straight ones, en and em dashes (and minus) as `-`, and `…` as `...`. Case is kept.
public struct FoldedText: Sendable {
    /// Where a folded scalar came from: a run of `MarkdownDocument.textRuns()` and UTF-8 bytes in it.
    public struct Origin: Sendable, Equatable {
        public var run: Int
        public var start: Int
        public var end: Int
    }

    public private(set) var scalars: [UInt32] = []
    /// For each folded scalar, the offset of its source in `bytes`.
    private var origins: [Int32] = []
    /// The visible text: every run's text in order, breaks as one space.
    private(set) var bytes: [UInt8] = []
    /// The offset in `bytes` where each run starts.
    private var runStarts: [Int] = []
    /// Where a run's text and the reader's differ, by run (most runs have none): bytes readers
    /// do not see (a citation's `[@key]`, which the page shows as a number gen adds) and bytes
    /// shown as other text (`[[tony-blair]]`, shown as the entity's name), in order.
    private var edits: [Int: [Edit]] = [:]

    /// Bytes `at..<at + shown` of a run's reader's text stand for `length` bytes of its source
    /// (`shown` 0: hidden bytes); `shift` is the source offset less the reader's offset where
    /// the edit starts.
    private struct Edit {
        var at: Int, shown: Int, length: Int, shift: Int
    }

    /// A byte range of a run shown to the reader as `text`: an explicit entity link reads as
    /// the text it shows. Empty `text` hides the range.
    public struct Replacement: Sendable, Equatable {
        public var run: Int
        public var range: Range<Int>
        public var text: String

        public init(run: Int, range: Range<Int>, text: String) {
            self.run = run
            self.range = range
            self.text = text
        }
    }

    /// The visible text of `runs`; `hidden` are byte ranges of runs that are not part of it,
    /// `replaced` ranges that read as other text. Where ranges of a run overlap, the one that
    /// starts first (the longer at one start) wins and the other is ignored.
    public init(runs: [TextRun], hidden: [(run: Int, range: Range<Int>)] = [], replaced: [Replacement] = []) {
        guard !hidden.isEmpty || !replaced.isEmpty else {
            self.init(pieces: runs.map { ($0.text, $0.kind == .lineBreak || $0.kind == .blockBreak) })
            return
        }
        var byRun: [Int: [(range: Range<Int>, text: String)]] = [:]
        for (run, range) in hidden where range.lowerBound < range.upperBound { byRun[run, default: []].append((range, "")) }
        for replacement in replaced where replacement.range.lowerBound < replacement.range.upperBound {
            byRun[replacement.run, default: []].append((replacement.range, replacement.text))
        }
        var edits: [Int: [Edit]] = [:]
        let pieces = runs.enumerated().map { n, run -> (text: String, isBreak: Bool) in
            guard let ranges = byRun[n]?.sorted(by: { ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count) }) else {
                return (run.text, run.kind == .lineBreak || run.kind == .blockBreak)
            }
            let bytes = Array(run.text.utf8)
            var kept: [UInt8] = [], marks: [Edit] = []
            kept.reserveCapacity(bytes.count)
            var position = 0
            for (range, text) in ranges where range.lowerBound >= position && range.upperBound <= bytes.count {
                kept += bytes[position..<range.lowerBound]
                marks.append(Edit(at: kept.count, shown: text.utf8.count, length: range.count, shift: range.lowerBound - kept.count))
                kept += text.utf8
                position = range.upperBound
            }
            kept += bytes[position...]
            edits[n] = marks
            return (String(decoding: kept, as: UTF8.self), false)
        }
        self.init(pieces: pieces)
        self.edits = edits
    }

    /// A run's offset in the reader's text as an offset in its source text. A range's `start`
    /// goes past hidden bytes at that point, its end stays before them; a boundary inside
    /// replaced bytes goes to the start (`start`) or the end of what they replace, so that a
    /// passage covering part of a replaced name covers all of it.
    private func runOffset(_ visible: Int, run: Int, start: Bool) -> Int {
        guard let marks = edits[run] else { return visible }
        // The last edit at or before the boundary (before it, for an end): by halving, as a
        // run may hold thousands (one per run of spaces).
        var low = 0, high = marks.count
        while low < high {
            let middle = (low + high) / 2
            if start ? marks[middle].at <= visible : marks[middle].at < visible { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return visible }
        let edit = marks[low - 1]
        if visible < edit.at + edit.shown { return edit.at + edit.shift + (start ? 0 : edit.length) }
        return visible + edit.shift + edit.length - edit.shown
    }

    /// Where the bytes of run `run` hidden from byte `source` of it on (a citation) stand in the
    /// reader's text (`bytes`): the offset of what follows them there; nil when none were.
    func readerOffset(ofHidden run: Int, at source: Int) -> Int? {
        guard run < runStarts.count, let mark = edits[run]?.first(where: { $0.shown == 0 && $0.at + $0.shift == source }) else { return nil }
        return runStarts[run] + mark.at
    }

    /// Folds texts in order; a break reads as one space.
    private init(pieces: [(text: String, isBreak: Bool)]) {
        for piece in pieces {
            runStarts.append(bytes.count)
            bytes.append(contentsOf: piece.text.utf8)
        }
        checkpoints = Self.checkpoints(of: bytes)
        // Every source byte gives at most one folded scalar ("…" is three bytes and three
        // dots), so the output fits in buffers of the input's size: no growth, no copies.
        var count = 0
        var origins: [Int32] = []
        let bytes = self.bytes, runStarts = self.runStarts
        let scalars = [UInt32](unsafeUninitializedCapacity: bytes.count) { out, outCount in
            origins = [Int32](unsafeUninitializedCapacity: bytes.count) { from, fromCount in
                bytes.withUnsafeBufferPointer { input in
                    func put(_ value: UInt32, _ origin: Int) {
                        if Self.isWhitespace(value) {
                            guard count > 0, out[count - 1] != 0x20 else { return }
                            out[count] = 0x20
                        } else {
                            switch value {
                            case _ where Self.showsNothing(value): return
                            case 0x2026:
                                out[count] = 0x2E; out[count + 1] = 0x2E; out[count + 2] = 0x2E
                                from[count] = Int32(origin); from[count + 1] = Int32(origin)
                                from[count + 2] = Int32(origin)
                                count += 3
                                return
                            default: out[count] = Self.plain(value)
                            }
                        }
                        from[count] = Int32(origin)
                        count += 1
                    }
                    for (index, run) in pieces.enumerated() {
                        let start = runStarts[index]
                        let end = index + 1 < runStarts.count ? runStarts[index + 1] : input.count
                        if run.isBreak { put(0x20, start); continue }
                        let mark = count
                        var i = start
                        var stable = true
                        // The ASCII paths below count in a local (kept in a register); `put`
                        // updates `count`, so the two are synchronised around it.
                        var n = count
                        while i < end {
                            let lead = input[i]
                            // Most text is ASCII letters and punctuation, which fold to themselves.
                            if lead > 0x20 && lead < 0x7F {
                                out[n] = UInt32(lead)
                                from[n] = Int32(i)
                                n += 1
                                i += 1
                                continue
                            }
                            // And ASCII whitespace, one space for a run of it.
                            if lead == 0x20 || lead == 0x0A || lead == 0x09 || lead == 0x0D {
                                if n > 0, out[n - 1] != 0x20 {
                                    out[n] = 0x20
                                    from[n] = Int32(i)
                                    n += 1
                                }
                                i += 1
                                continue
                            }
                            count = n
                            defer { n = count }
                            var value: UInt32, width: Int
                            if lead < 0x80 { value = UInt32(lead); width = 1 }
                            else if lead < 0xE0 { value = UInt32(lead & 0x1F) << 6 | UInt32(input[i + 1] & 0x3F); width = 2 }
                            else if lead < 0xF0 {
                                value = UInt32(lead & 0x0F) << 12 | UInt32(input[i + 1] & 0x3F) << 6 | UInt32(input[i + 2] & 0x3F)
                                width = 3
                            } else {
                                value = UInt32(lead & 0x07) << 18 | UInt32(input[i + 1] & 0x3F) << 12
                                    | UInt32(input[i + 2] & 0x3F) << 6 | UInt32(input[i + 3] & 0x3F)
                                width = 4
                            }
                            guard Self.isStable(value) else { stable = false; break }
                            put(value, i)
                            i += width
                        }
                        if stable { count = n }
                        if !stable {
                            // Characters keep combining marks with their base, so NFC never maps
                            // across them; this rare path goes through Foundation.
                            count = mark
                            var offset = start
                            for character in run.text {
                                let normalized = String(character).precomposedStringWithCanonicalMapping
                                for scalar in normalized.unicodeScalars { put(scalar.value, offset) }
                                offset += character.utf8.count
                            }
                        }
                    }
                }
                fromCount = count
            }
            outCount = count
        }
        self.scalars = scalars
        self.origins = origins
    }

    /// A quote, prefix or suffix folded the same way, without leading or trailing space.
    public static func fold(_ text: String) -> [UInt32] {
        var scalars = FoldedText(pieces: [(text, false)]).scalars
        while scalars.last == 0x20 { scalars.removeLast() }
        return scalars
    }

    /// The run and bytes the folded scalar at `index` came from.
    public func origin(_ index: Int) -> Origin {
        let offset = Int(origins[index])
        let run = runIndex(containing: offset)
        let visible = offset - runStarts[run]
        return Origin(run: run, start: runOffset(visible, run: run, start: true),
                      end: runOffset(visible + Self.width(bytes[offset]), run: run, start: false))
    }

    /// The source of folded scalars `start..<end` as byte ranges within runs, one per run.
    func pieces(_ start: Int, _ end: Int) -> [Origin] {
        guard start < end else { return [] }
        let first = byteRange(start, end)
        var result: [Origin] = []
        var run = runIndex(containing: first.lowerBound)
        var position = first.lowerBound
        while position < first.upperBound {
            let runEnd = run + 1 < runStarts.count ? runStarts[run + 1] : bytes.count
            let pieceEnd = min(runEnd, first.upperBound)
            if pieceEnd > position {
                result.append(Origin(run: run, start: runOffset(position - runStarts[run], run: run, start: true),
                                     end: runOffset(pieceEnd - runStarts[run], run: run, start: false)))
            }
            position = pieceEnd
            run += 1
        }
        return result
    }

    /// Byte range in `bytes` of folded scalars `start..<end`.
    func byteRange(_ start: Int, _ end: Int) -> Range<Int> {
        let last = Int(origins[end - 1])
        return Int(origins[start])..<(last + Self.width(bytes[last]))
    }

    /// The Unicode scalar offset of a byte offset of `bytes`: counted on from the checkpoint
    /// before it, so that placing every note of a long article costs in proportion to them.
    func scalarOffset(ofByte offset: Int) -> Int {
        let checkpoint = min(offset / Self.checkpointSpan, checkpoints.count - 1)
        guard checkpoint >= 0 else { return Self.scalars(in: bytes, 0..<offset) }
        return checkpoints[checkpoint] + Self.scalars(in: bytes, (checkpoint * Self.checkpointSpan)..<offset)
    }

    /// The scalars before every `checkpointSpan`th byte of `bytes` (its first, 0, included).
    private var checkpoints: [Int] = []
    static let checkpointSpan = 4096

    private static func checkpoints(of bytes: [UInt8]) -> [Int] {
        var result = [0]
        var start = 0
        while start + checkpointSpan <= bytes.count {
            result.append(result.last! + scalars(in: bytes, start..<(start + checkpointSpan)))
            start += checkpointSpan
        }
        return result
    }

    /// How many Unicode scalars `range` of `bytes` holds: its bytes less continuation bytes
    /// (10xxxxxx), counted eight at a time.
    private static func scalars(in bytes: [UInt8], _ range: Range<Int>) -> Int {
        bytes.withUnsafeBufferPointer { bytes in
            guard let base = UnsafeRawPointer(bytes.baseAddress) else { return 0 }
            var continuations = 0
            var i = range.lowerBound
            while i + 8 <= range.upperBound {
                let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                continuations += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                i += 8
            }
            while i < range.upperBound {
                if bytes[i] & 0xC0 == 0x80 { continuations += 1 }
                i += 1
            }
            return range.count - continuations
        }
    }

    /// The plain form the fold reads a quotation mark, apostrophe or dash as (`'`, `"`, `-`); any
    /// other character as itself.
    @inline(__always)
    static func plain(_ value: UInt32) -> UInt32 {
        switch value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: 0x27
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033: 0x22
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: 0x2D
        default: value
        }
    }

    /// `text` without the characters that show nothing (`showsNothing`); itself when it has none.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { showsNothing($0.value) }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !showsNothing($0.value) }))
    }

    /// Whether a character shows nothing where it stands: Unicode's Default_Ignorable_Code_Point
    /// characters, such as a soft hyphen, zero-width spaces and joiners, direction marks and
    /// embeddings, a word joiner, variation selectors, a byte order mark (articles copied from
    /// the web carry them). The fold leaves them out, and so does the comparison of a claim's
    /// words.
    @inline(__always)
    static func showsNothing(_ value: UInt32) -> Bool {
        guard value >= 0xAD else { return false }
        return switch value {
        case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180F, 0x200B...0x200F, 0x202A...0x202E,
             0x2060...0x206F, 0x3164, 0xFE00...0xFE0F, 0xFEFF, 0xFFA0, 0xFFF0...0xFFF8, 0x1BCA0...0x1BCA3,
             0x1D173...0x1D17A, 0xE0000...0xE0FFF: true
        default: false
        }
    }

    /// The start of the word that holds byte `offset` (or `offset`, at a word's start or a
    /// space): back over at most 64 bytes that are not spaces or line ends.
    func wordStart(atOrBefore offset: Int) -> Int {
        var i = offset
        while i > 0, offset - i < 64, bytes[i - 1] > 0x20 { i -= 1 }
        while i < offset, bytes[i] & 0xC0 == 0x80 { i += 1 }
        return i
    }

    /// How many Unicode scalars a byte range of `bytes` holds.
    func scalarCount(_ range: Range<Int>) -> Int { Self.scalars(in: bytes, range) }

    /// The visible text of a byte range of `bytes`.
    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    func byteOffset(_ offset: Int, movedBy scalarCount: Int) -> Int {
        var position = offset, moved = 0
        if scalarCount < 0 {
            while position > 0 && moved < -scalarCount {
                position -= 1
                if bytes[position] & 0xC0 != 0x80 { moved += 1 }
            }
        } else {
            while position < bytes.count && moved < scalarCount {
                position += 1
                while position < bytes.count && bytes[position] & 0xC0 == 0x80 { position += 1 }
                moved += 1
            }
        }
        return position
    }

    /// Where the sentence that holds byte `offset` of `bytes` starts: at the space after the
    /// nearest sentence end before it (". ", "! ", "? ", closing quotes or brackets after the
    /// mark), or at `limit` (a smaller offset) without one. A quick scan for how much a fact
    /// check's selector keeps (`AnchorNotes.place`), by the rule `AnchorRepair.sentencePart`
    /// compares it by (`SentenceEnds`).
    func sentenceStart(before offset: Int, limit: Int) -> Int {
        var i = offset - 1
        while i > limit {
            if bytes[i] == 0x20, endsSentence(at: i - 1) { return i }
            i -= 1
        }
        return max(limit, 0)
    }

    /// Where the sentence that holds byte `offset - 1` ends: after its end mark (and closing
    /// quotes or brackets), or at `limit` (a larger offset) without one.
    func sentenceEnd(after offset: Int, limit: Int) -> Int {
        var i = offset
        while i < limit {
            if i + 1 >= bytes.count || bytes[i + 1] == 0x20, endsSentence(at: i) { return i + 1 }
            i += 1
        }
        return min(limit, bytes.count)
    }

    /// Whether the bytes before `offset` end a sentence (a passage that ends its own).
    func endsSentence(before offset: Int) -> Bool { offset > 0 && endsSentence(at: offset - 1) }

    /// Whether the byte at `i` ends a sentence: ".", "!" or "?", or a closing quote or bracket
    /// right after one; a full stop not where `SentenceEnds` says the sentence goes on ("U.S.",
    /// "Mr.", "e.g. in").
    private func endsSentence(at i: Int) -> Bool {
        guard i >= 0, i < bytes.count else { return false }
        var stop = i
        while stop >= 0, let width = Self.closerWidth(endingAt: stop, in: bytes) { stop -= width }
        guard stop >= 0 else { return false }
        switch bytes[stop] {
        case 0x21, 0x3F: return true
        case 0xA6 where stop >= 2 && bytes[stop - 1] == 0x80 && bytes[stop - 2] == 0xE2:
            // "…", as "...".
            return !SentenceEnds.continuesAfterEllipsis(next: firstCharacter(after: i))
        case 0x2E:
            // The word before the stop: letters (any byte of a longer character), digits, inner stops.
            var start = stop
            while start > 0, Self.isWordByte(bytes[start - 1]) { start -= 1 }
            return !SentenceEnds.continues(after: String(decoding: bytes[start..<stop], as: UTF8.self), next: firstCharacter(after: i))
        default: return false
        }
    }

    /// The first character after byte `i`, past spaces and closing quotes or brackets (nil: none).
    private func firstCharacter(after i: Int) -> Character? {
        var next = i + 1
        while next < bytes.count {
            if bytes[next] == 0x20 { next += 1 } else if let width = Self.closerWidth(startingAt: next, in: bytes) { next += width } else { break }
        }
        return next < bytes.count ? String(decoding: bytes[next..<min(bytes.count, next + 4)], as: UTF8.self).first : nil
    }

    /// A byte of a word before a full stop: an ASCII letter or digit, a stop, any byte of a
    /// longer character.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte == 0x2E || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// Closing quotes and brackets: " ' ) ] and ” (E2 80 9D) and ’ (E2 80 99), by their width
    /// in bytes, ending at or starting at a byte.
    private static func closerWidth(endingAt i: Int, in bytes: [UInt8]) -> Int? {
        let byte = bytes[i]
        if byte == 0x22 || byte == 0x27 || byte == 0x29 || byte == 0x5D { return 1 }
        if byte == 0x9D || byte == 0x99, i >= 2, bytes[i - 1] == 0x80, bytes[i - 2] == 0xE2 { return 3 }
        return nil
    }

    private static func closerWidth(startingAt i: Int, in bytes: [UInt8]) -> Int? {
        let byte = bytes[i]
        if byte == 0x22 || byte == 0x27 || byte == 0x29 || byte == 0x5D { return 1 }
        if byte == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x9D || bytes[i + 2] == 0x99 { return 3 }
        return nil
    }

    /// The part of the byte range `range` in the same block as the passage beside it: cut
    /// where a block of `runs` (the runs this text was made of) ends in it (`after` the
    /// passage) or, before the passage, after the last place one ends in it. `claim`: as much
    /// as a fact check's claim reads with, a table's row (not its cell) and, before the passage,
    /// the lead-in its block follows (a paragraph ending in ":", "The mayor said:" before a
    /// quotation or a list).
    func withinBlock(_ range: Range<Int>, runs: [TextRun], after: Bool, claim: Bool = false) -> Range<Int> {
        guard !range.isEmpty, runStarts.count == runs.count else { return range }
        let first = runIndex(containing: range.lowerBound), last = runIndex(containing: range.upperBound - 1)
        if after {
            for k in first...last where runs[k].kind == .blockBreak && !(claim && runs[k].joinsRow) {
                return range.lowerBound..<max(range.lowerBound, runStarts[k])
            }
        } else {
            var leadIn = claim
            for k in stride(from: last, through: first, by: -1) where runs[k].kind == .blockBreak && !(claim && runs[k].joinsRow) {
                if leadIn, runStarts[k] > 0, bytes[runStarts[k] - 1] == 0x3A {
                    leadIn = false
                    continue
                }
                let next = k + 1 < runStarts.count ? runStarts[k + 1] : bytes.count
                return min(next, range.upperBound)..<range.upperBound
            }
        }
        return range
    }

    /// What the passage at byte `offset` reads with, away from it: when it stands in a later part
    /// of a block (a list's second item or after, a nested list's, a quotation's second
    /// paragraph), the nearest earlier part of that block, or the block before, that ends in ":"
    /// ("The plan includes:"), its last sentence up to `window` bytes, within that part; in a
    /// table's later row, the header row. Nil otherwise, and when that lead-in is the part just
    /// before the passage's (the passage's own sentence reads it then: `withinBlock`).
    func leadIn(before offset: Int, runs: [TextRun], window: Int) -> Range<Int>? {
        guard runStarts.count == runs.count, !runs.isEmpty, offset < bytes.count else { return nil }
        let here = runIndex(containing: offset), block = runs[here].block
        // The breaks between the parts of the passage's block before it, nearest first, and
        // the break that opens the block (the top-level one), if any.
        // As far back as `leadInReach` runs: a lead-in further away is not looked for, so that
        // a list of many items with a fact check on each costs in proportion to them.
        var breaks: [Int] = []
        var k = here
        while k > 0, runs[k - 1].block == block {
            k -= 1
            if runs[k].kind == .blockBreak { breaks.append(k) }
            if here - k > Self.leadInReach { return nil }
        }
        let opening = breaks.last.flatMap { k == $0 && ($0 == 0 || runs[$0 - 1].block != block) ? $0 : nil }
        let inner = opening == nil ? breaks : Array(breaks.dropLast())
        guard !inner.isEmpty else { return nil }
        // A table: rows are parts joined by breaks that are not `joinsRow`; cells by ones that are.
        let blockStart = runStarts[opening.map { $0 + 1 } ?? k]
        // (A row of two cells or more before the passage's: the header's joins its cells.)
        if breaks.contains(where: { runs[$0].joinsRow }) {
            // The header: the block's first row, up to its first break that is not a cell's.
            var end = k + 1
            while end < runs.count, runs[end].block == block, !(runs[end].kind == .blockBreak && !runs[end].joinsRow) { end += 1 }
            guard end < here, end < runStarts.count else { return nil }
            let headerEnd = runStarts[end]
            // Not for a cell of the header row itself.
            guard offset >= headerEnd, blockStart < headerEnd else { return nil }
            return trimmed(blockStart..<headerEnd)
        }
        // The part just before the passage's own ends in ":": its sentence reads it already.
        if endsWithColon(before: runStarts[inner[0]]) { return nil }
        // The nearest earlier part (or the block before) that ends in ":".
        let candidates = Array(inner.dropFirst()) + (opening.map { [$0] } ?? [])
        for b in candidates where endsWithColon(before: runStarts[b]) {
            let end = runStarts[b]
            // Within that part: back to the break before it (or the block before's start).
            var partStart = 0
            if b > 0 {
                var j = b - 1
                while j > 0, runs[j].kind != .blockBreak, b - j < Self.leadInReach { j -= 1 }
                partStart = runs[j].kind == .blockBreak ? runStarts[j] + 1 : 0
            }
            let start = max(partStart, sentenceStart(before: end, limit: max(0, end - window)))
            return trimmed(start..<end)
        }
        return nil
    }

    /// How many runs back `leadIn` looks (a list item is two or three runs: some hundreds of items).
    static let leadInReach = 1_000

    private func endsWithColon(before end: Int) -> Bool {
        var e = end
        while e > 0, bytes[e - 1] == 0x20 { e -= 1 }
        return e > 0 && bytes[e - 1] == 0x3A
    }

    private func trimmed(_ range: Range<Int>) -> Range<Int>? {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, bytes[lower] == 0x20 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 { upper -= 1 }
        return lower < upper ? lower..<upper : nil
    }

    /// Whether any of `runs` (the runs this text was made of) that the byte range `range`
    /// touches is struck through.
    func isStruck(_ range: Range<Int>, runs: [TextRun]) -> Bool {
        guard !range.isEmpty, runStarts.count == runs.count else { return false }
        return (runIndex(containing: range.lowerBound)...runIndex(containing: range.upperBound - 1)).contains { runs[$0].struck }
    }

    private func runIndex(containing offset: Int) -> Int {
        var low = 0, high = runStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if runStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    private static func width(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// Unicode's White_Space property, as a table: asking the scalar's properties is slow.
    static func isWhitespace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Scalars that are in NFC whatever surrounds them, unless a combining mark follows (which
    /// is itself outside this set): Latin up to U+02FF and general punctuation.
    private static func isStable(_ value: UInt32) -> Bool {
        value < 0x300 || (0x2000...0x206F).contains(value)
    }
}
