import Foundation
import Markdown

/// `gen check --fix-anchors`: puts the article's current words in place of a quote that no
/// longer matches, when the closest passage is unique and similar enough. Only the quote's
/// lines change; every other byte of the file (line ends included) stays as it was.
public enum AnchorRepair {
    public struct Change: Sendable, Equatable {
        public var path: String
        public var lines: ClosedRange<Int>
        public var old: [String]
        /// The quote's new line.
        public var new: String
        /// The lines after it, when the note's attributes are written too (`rewrite`'s `keepingID`
        /// and `review`).
        public var following: [String] = []
        /// How many of `old` are the quote's (the rest were the lines `following` replaces).
        public var quoteLineCount: Int?

        /// The change as a unified diff; a line after the quote that stays as it was (the blank
        /// line before the attributes) is shown as context.
        public var diff: String { "--- \(path)\n+++ \(path)\n" + hunk }

        /// The changes as one unified diff: each file's header once, before its first change.
        public static func diff(_ changes: [Change]) -> String {
            var text = "", last: String?
            for change in changes {
                text += change.path == last ? change.hunk : change.diff
                last = change.path
            }
            return text
        }

        /// The change's lines, without the file's header.
        var hunk: String {
            var text = "@@ -\(lines.lowerBound),\(lines.count) +\(lines.lowerBound),\(1 + following.count) @@\n"
            let quote = quoteLineCount ?? old.count
            for line in old[..<quote] { text += "-\(line)\n" }
            text += "+\(new)\n"
            let before = old[quote...]
            if before.count == following.count {
                for (was, now) in zip(before, following) { text += was == now ? " \(was)\n" : "-\(was)\n+\(now)\n" }
            } else {
                for line in before { text += "-\(line)\n" }
                for line in following { text += "+\(line)\n" }
            }
            return text
        }
    }

    /// Where the quoted value that follows `key` (`review="`) in `text` ends: its closing quote.
    static func endOfValue(after key: String, in text: String) -> String.Index? {
        guard let start = text.range(of: key)?.upperBound else { return nil }
        var i = start, escaped = false
        while i < text.endIndex {
            if escaped { escaped = false } else if text[i] == "\\" { escaped = true } else if text[i] == "\"" { return i }
            i = text.index(after: i)
        }
        return nil
    }

    /// `bytes` with the quote at `lines` (1-based, inclusive) replaced by `passage`. With
    /// `keepingID`, the note's id is written out as well: into its attributes, which start at
    /// line `attributes` (`{.fact-check}` → `{#id .fact-check}`), or as attributes of their own
    /// after the quote when it has none. With `review`, the note is marked as held for review
    /// (`review="…"` last in its attributes), unless it already is.
    public static func rewrite(_ bytes: [UInt8], path: String, lines quoteLines: ClosedRange<Int>,
                               passage: String, keepingID id: String? = nil, review: String? = nil,
                               attributes: Int? = nil) -> (bytes: [UInt8], change: Change)? {
        var lines = quoteLines
        // Split into lines, keeping each line's end ("\n" or "\r\n") with it.
        var starts = [0]
        for (i, byte) in bytes.enumerated() where byte == 0x0A { starts.append(i + 1) }
        func exists(_ n: Int) -> Bool { n >= 1 && (n < starts.count || (n == starts.count && starts.last! < bytes.count)) }
        guard exists(lines.lowerBound), exists(lines.upperBound) else { return nil }
        func lineRange(_ n: Int) -> Range<Int> { starts[n - 1]..<(n < starts.count ? starts[n] : bytes.count) }
        func text(_ n: Int) -> String {
            var line = Array(bytes[lineRange(n)])
            while let end = line.last, end == 0x0A || end == 0x0D { line.removeLast() }
            return String(decoding: line, as: UTF8.self)
        }
        // Keep the first line's marker ("> ", or "  > ") and the last line's end.
        let marker = String(text(lines.lowerBound).prefix { $0 == " " }) + "> "
        var following: [String] = []
        if let attributes, attributes > lines.upperBound, exists(attributes), text(attributes).contains("{"),
           id != nil || review != nil {
            // The lines up to the attributes stay; their last line is the one that closes them.
            var close = attributes
            while !text(close).contains("}"), exists(close + 1), !text(close + 1).allSatisfy(\.isWhitespace) { close += 1 }
            following = ((lines.upperBound + 1)...close).map(text)
            let first = attributes - lines.upperBound - 1
            if let id, let brace = following[first].firstIndex(of: "{") {
                let line = following[first], rest = line[line.index(after: brace)...]
                following[first] = String(line[...brace]) + "#\(id)" + (rest.first == "}" ? "" : " ") + rest
            }
            if let review {
                // The attributes as one text (a value may run over lines), lines again after.
                var block = following[first...].joined(separator: "\n")
                if let end = Self.endOfValue(after: "review=\"", in: block) {
                    // Held already: this change is added to why.
                    block.insert(contentsOf: "; " + ClaimPins.escaped(review), at: end)
                } else if let brace = block.lastIndex(of: "}") {
                    block.insert(contentsOf: " review=\"\(ClaimPins.escaped(review))\"", at: brace)
                }
                following = Array(following[..<first]) + block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
            lines = lines.lowerBound...close
        } else if let id {
            following = ["", String(marker.dropLast(2)) + "{#\(id)}"]
        }
        let first = lineRange(lines.lowerBound), last = lineRange(lines.upperBound)
        var ending = Array(bytes[last].reversed().prefix { $0 == 0x0A || $0 == 0x0D }.reversed())
        if ending.isEmpty && last.upperBound < bytes.count { ending = [0x0A] }
        let newLine = marker + MarkdownDocument.escapingSyntax(passage)
        var result = Array(bytes[..<first.lowerBound])
        result += Array(newLine.utf8)
        for line in following { result += (ending.isEmpty ? [0x0A] : ending) + Array(line.utf8) }
        result += ending
        result += bytes[last.upperBound...]
        return (result, Change(path: path, lines: lines, old: lines.map(text), new: newLine, following: following,
                               quoteLineCount: quoteLines.count))
    }

}

extension AnchorRepair {
    /// A fact check whose repair would change the claim it rates: kept as it is.
    public struct HeldRepair: Sendable, Equatable {
        public var note: String
        /// The slug of the note's article.
        public var article = ""
        public var location: SourceLocation
        public var old: String
        public var new: String
        /// The words that differ and carry the claim (`claimChanges`).
        public var changed: [String]
        /// The words of the claim's sentence that changed around its quote since the last build
        /// (`sentenceChanges`), though the quote's own words may not have.
        public var sentence: [String] = []
        /// Where the note was in the last build, when the closest passage is elsewhere: held back
        /// whatever the note's kind, since it may be another sentence with the same words.
        public var movedFrom: PreviousAnchor?
        /// Repaired all the same, and marked for review: the run accepted the change
        /// (`ClaimAcceptance`).
        public var accepted = false
    }

    /// A number written in words ("eight", "eighty", "eighteenth", "millions", "dozen"): as much
    /// a number as "8" is, so "eight" → "eighty" is no mended spelling.
    static func isNumberWord(_ word: String) -> Bool { numberWords.contains(word.lowercased()) }

    static let numberWords: Set<String> = {
        let units = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                     "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
                     "hundred", "thousand", "million", "billion", "trillion", "dozen", "score"]
        let ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
                        "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
                        "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth",
                        "hundredth", "thousandth", "millionth", "billionth"]
        let others = ["half", "halves", "quarter", "quarters", "thirds", "double", "doubled", "triple", "tripled", "twice",
                      "thrice", "single", "couple", "several"]
        return Set(units + units.map { $0 + "s" } + ordinals + ordinals.map { $0 + "s" } + others)
    }()

    static let negations: Set<String> = ["not", "no", "never", "none", "nobody", "nothing", "neither", "nor",
                                         "cannot", "without", "n't", "nowhere"]

    /// The words of `old` that `new` changes, in order, each as "old → new", "'x' removed" or
    /// "'x' added": every word changed, added or removed, but for a spelling mended (one letter
    /// added or dropped, or two swapped, in a word of five letters or more that is not a number,
    /// a negation or a name). Case, spacing and punctuation do not count. Empty when the two
    /// make the same claim.
    ///
    /// A fact check rates the exact words of its quote: "fell" → "rose", "four" → "five" or
    /// "business plan" → "alternative plan" changes the claim as surely as "18" → "11" does, so
    /// any change but a mended spelling is held back for review.
    ///
    /// `openStart` and `openEnd` say that the two texts were cut there from longer ones (the
    /// few characters a selector keeps around a quote): words only one of them has at a cut end
    /// may lie just past the other's cut, and are not counted.
    public static func claimChanges(old: String, new: String, openStart: Bool = false, openEnd: Bool = false) -> [String] {
        claimChanges(old: old, new: new, cut: (openStart, openStart, openEnd, openEnd))
    }

    /// `claimChanges`, with each text's cut ends said apart: words only `new` has at its start
    /// may lie just past `old`'s cut there (`cut.oldStart`), and so on.
    static func claimChanges(old: String, new: String,
                             cut: (oldStart: Bool, newStart: Bool, oldEnd: Bool, newEnd: Bool)) -> [String] {
        let before = claimWords(old), after = claimWords(new)
        let a = before.map { $0.lowercased() }, b = after.map { $0.lowercased() }
        var changes: [String] = []
        // The words both share, in order (a longest common subsequence); what lies between two
        // shared words is one change, its words paired in order.
        func hunk(_ gone: ArraySlice<String>, _ added: ArraySlice<String>) {
            let atStart = gone.startIndex == 0 && added.startIndex == 0
            let atEnd = gone.endIndex == before.count && added.endIndex == after.count
            // Words only one side has, at an end where the other was cut: past its cut, not new.
            if gone.isEmpty && ((atStart && cut.oldStart) || (atEnd && cut.oldEnd)) { return }
            if added.isEmpty && ((atStart && cut.newStart) || (atEnd && cut.newEnd)) { return }
            // A word at a cut edge may be only part of one: it is not said to have changed.
            func whole(_ index: Int, of count: Int, start: Bool, end: Bool) -> Bool {
                !(start && index == 0) && !(end && index == count - 1)
            }
            // Word for word where as many went as came ("'said' → 'denied'"); else as one change
            // of words ("'half' → 'a third'", "'Critics deny that' added").
            let xs = gone.indices.filter { whole($0, of: before.count, start: cut.oldStart, end: cut.oldEnd) }
            let ys = added.indices.filter { whole($0, of: after.count, start: cut.newStart, end: cut.newEnd) }
            if gone.count == added.count {
                for (xi, yi) in zip(gone.indices, added.indices) {
                    switch (xs.contains(xi), ys.contains(yi)) {
                    case (true, true) where !isSpellingMended(gone[xi], added[yi]): changes.append("'\(gone[xi])' → '\(added[yi])'")
                    case (true, false): changes.append("'\(gone[xi])' removed")
                    case (false, true): changes.append("'\(added[yi])' added")
                    default: break
                    }
                }
                return
            }
            let went = xs.map { gone[$0] }.joined(separator: " "), came = ys.map { added[$0] }.joined(separator: " ")
            switch (went.isEmpty, came.isEmpty) {
            case (false, false): changes.append("'\(went)' → '\(came)'")
            case (false, true): changes.append("'\(went)' removed")
            case (true, false): changes.append("'\(came)' added")
            case (true, true): break
            }
        }
        guard a.count * b.count <= 1_000_000 else {
            // Too long to align word by word: any difference is a change of the whole.
            return a == b ? [] : ["'\(old)' → '\(new)'"]
        }
        // A word at a cut end may be cut too ("point" for "pointing"): it is the word it begins
        // (or ends) on the other side.
        func same(_ i: Int, _ j: Int) -> Bool {
            if a[i] == b[j] { return true }
            if (cut.oldEnd && i == a.count - 1 && b[j].hasPrefix(a[i])) || (cut.newEnd && j == b.count - 1 && a[i].hasPrefix(b[j])) {
                return true
            }
            return (cut.oldStart && i == 0 && b[j].hasSuffix(a[i])) || (cut.newStart && j == 0 && a[i].hasSuffix(b[j]))
        }
        var length = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                length[i][j] = same(i, j) ? length[i + 1][j + 1] + 1 : max(length[i + 1][j], length[i][j + 1])
            }
        }
        var i = 0, j = 0, goneStart = 0, addedStart = 0
        while i < a.count || j < b.count {
            if i < a.count && j < b.count && same(i, j) {
                hunk(before[goneStart..<i], after[addedStart..<j])
                i += 1; j += 1
                goneStart = i; addedStart = j
            } else if j < b.count && (i == a.count || length[i][j + 1] >= length[i + 1][j]) {
                j += 1
            } else {
                i += 1
            }
        }
        hunk(before[goneStart..<i], after[addedStart..<j])
        return changes
    }

    /// The words of `text` as a claim reads them: letters and digits, a number with its
    /// separators, sign, currency sign and per cent ("£1,800.50", "18%", "-5C"), "n't" a word of
    /// its own.
    static func claimWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character = " "
        // Characters that show nothing are no part of a word, as in the fold: "bri\u{AD}dge" is
        // "bridge".
        let rest = Array(FoldedText.visible(text))
        func flush() {
            // A number's trailing separator ("18," "18.") is punctuation, not part of it.
            while let last = current.last, last == "." || last == "," || last == "'" { current.removeLast() }
            guard current.contains(where: { $0.isLetter || $0.isNumber }) else { current = ""; return }
            let lower = current.lowercased()
            if lower.hasSuffix("n't") && lower.count > 3 {
                words.append(lower == "can't" ? String(current.prefix(3)) : String(current.dropLast(3)))
                words.append("n't")
            } else {
                words.append(current)
            }
            current = ""
        }
        for (n, character) in rest.enumerated() {
            let c = character == "’" ? "'" : character
            // A minus sign starts a number where no word goes on into it ("-5C", not "5-10").
            let sign = (c == "-" || c == "−") && current.isEmpty && !(previous.isLetter || previous.isNumber)
                && n + 1 < rest.count && rest[n + 1].isNumber
            if c.isLetter || c.isNumber || "£$€¥%".contains(c) || sign
                || (!current.isEmpty && (c == "'" || ((c == "." || c == ",") && current.last!.isNumber))) {
                current.append(sign ? "-" : c)
            } else {
                flush()
            }
            previous = c
        }
        flush()
        return words
    }

    /// Whether `new` is `old` with its spelling mended: the same word but for one letter added
    /// or dropped, or two neighbours swapped, in words of five letters or more that are not
    /// numbers, negations or names. A letter changed is no mended spelling: "hired" → "fired",
    /// "million" → "billion", "prevent" → "present", "women" → "woman" are other words; nor is
    /// a first letter added or dropped ("typical" → "atypical", "symptomatic" →
    /// "asymptomatic"), nor a last "s" (one → more than one: "report" → "reports").
    static func isSpellingMended(_ old: String, _ new: String) -> Bool {
        func plain(_ word: String) -> Bool {
            word.count >= 5 && word.allSatisfy(\.isLetter) && word.first?.isUppercase != true
                && !negations.contains(word.lowercased()) && !isNumberWord(word)
        }
        guard plain(old), plain(new) else { return false }
        let x = Array(old.lowercased()), y = Array(new.lowercased())
        guard abs(x.count - y.count) <= 1 else { return false }
        var s = 0
        while s < min(x.count, y.count) && x[s] == y[s] { s += 1 }
        var e = 0
        while e < min(x.count, y.count) - s && x[x.count - 1 - e] == y[y.count - 1 - e] { e += 1 }
        let xm = x.count - s - e, ym = y.count - s - e
        if xm + ym == 1 {
            // The letter one of them has more: at `s` of the longer, the earliest place it can be.
            let longer = x.count > y.count ? x : y
            return s > 0 && !(s == longer.count - 1 && longer[s] == "s")
        }
        // Two neighbours swapped.
        return xm == 2 && ym == 2 && x[s] == y[s + 1] && x[s + 1] == y[s]
    }

    /// Rewrites, in their files under `siteDirectory`, the quotes of every repairable orphan
    /// (closest passage unique and at least 85% similar). A fact check whose repair changes a
    /// number, a negation or a name is held back (its verdict may no longer hold) unless
    /// `acceptClaimChanges` accepts it. Each file is rewritten once, from its last quote up so line numbers
    /// stay right, and replaced atomically. Returns the changes in file and line order, the
    /// repairs held back (or, accepted, to review), and the errors of files that could not be
    /// read or rewritten.
    ///
    /// Files are read as a build reads them, through `fileSystem` (by default the disk confined
    /// to the site folder): a file the build would refuse (a link out of the site, a FIFO, a
    /// device) gets the build's diagnostic and is neither read nor rewritten.
    ///
    /// Where several passages are as close, the one whose surroundings match the note's
    /// last place (`OrphanedNote.lastPlace`: its selectors in the live output) is taken, if one
    /// matches best.
    public static func fix(_ orphans: [OrphanedNote], siteDirectory: String, fileSystem: FileSystem? = nil,
                           acceptClaimChanges: ClaimAcceptance = .none)
        -> (changes: [Change], claims: [HeldRepair], problems: DiagnosticList) {
        let fileSystem = fileSystem ?? LocalFileSystem(root: siteDirectory)
        var byFile: [String: [(note: Note, passage: String, review: String?, unconfirmed: Bool)]] = [:]
        var claims: [HeldRepair] = []
        for orphan in orphans {
            let before = orphan.lastPlace
            var passage: String, place: OrphanedNote.Alternative?
            if orphan.repairable, let closest = orphan.closest {
                if let before, let place = orphan.closestPlace, !isInPlace(place, before) {
                    claims.append(HeldRepair(note: orphan.note.id, article: orphan.article, location: orphan.note.location,
                                             old: orphan.note.quote, new: closest, changed: [], movedFrom: before))
                    continue
                }
                passage = closest
                place = orphan.closestPlace
            } else if let before, let chosen = choose(orphan.alternatives, near: before), chosen.repairable {
                passage = chosen.passage
                place = chosen
            } else {
                continue
            }
            var review: String?
            if orphan.note.kind == .factCheck {
                // The claim is its quote's words and, unless the note is pinned to its own, its
                // sentence's around it ("She wrote that" → "She denied that" in the same edit
                // as a mended spelling in the quote).
                // The article has the very words the last build rated: the quote was edited, not
                // the article (a slip in the note), and putting them back changes no claim.
                let restored = before.map { FoldedText.fold($0.exact) == FoldedText.fold(passage) } ?? false
                let changed = restored ? [] : claimChanges(old: orphan.note.quote, new: passage)
                var sentence: [String] = []
                if let before, let place, orphan.note.prefix == nil, orphan.note.suffix == nil {
                    sentence = sentenceChanges(from: before, now: place)
                }
                if !changed.isEmpty || !sentence.isEmpty {
                    let accepted = acceptClaimChanges.accepts(orphan.article + "#" + orphan.note.id)
                    claims.append(HeldRepair(note: orphan.note.id, article: orphan.article, location: orphan.note.location,
                                             old: orphan.note.quote, new: passage, changed: changed, sentence: sentence,
                                             accepted: accepted))
                    if !accepted { continue }
                    // Accepted: repaired, and held for review until someone reads it again (its
                    // verdict is not published meanwhile).
                    review = changed.isEmpty ? "its sentence changed: " + sentence.joined(separator: ", ")
                        : "its claim changed: " + (changed + sentence).joined(separator: ", ")
                }
            }
            byFile[orphan.note.file, default: []].append((orphan.note, passage, review, before == nil))
        }
        var changes: [Change] = []
        var problems = DiagnosticList()
        for file in byFile.keys.sorted() {
            guard var bytes = fileSystem.readBytes(file, in: siteDirectory, diagnostics: &problems) else { continue }
            var fileChanges: [Change] = []
            var unconfirmed = DiagnosticList()
            for repair in byFile[file]!.sorted(by: { $0.note.quoteLines.lowerBound > $1.note.quoteLines.lowerBound }) {
                // A note known by an id made from its quote's first words keeps it: links to it
                // would otherwise lead nowhere once its quote is repaired.
                let note = repair.note
                let keep = !note.explicitID && CollectNotes.idBase(of: repair.passage) != CollectNotes.idBase(of: note.quote)
                guard let (rewritten, change) = rewrite(bytes, path: file, lines: note.quoteLines, passage: repair.passage,
                                                         keepingID: keep ? note.id : nil, review: repair.review,
                                                         attributes: note.attributesLocation?.line)
                else { continue }
                bytes = rewritten
                fileChanges.append(change)
                // A repair no last build confirms is said: the closest passage may be a similar
                // sentence elsewhere, the quoted one deleted.
                if repair.unconfirmed {
                    unconfirmed.warning("note '\(note.id)' was repaired without a last build to compare with: “\(repair.passage)”",
                                        at: note.location, notes: [.init("check that this is the passage the note is about "
                                                                         + "(no public/ says where it was)")])
                }
            }
            if replace(file, with: bytes, in: siteDirectory, fileSystem: fileSystem, problems: &problems) {
                changes += fileChanges.reversed()
                problems.append(contentsOf: unconfirmed)
            }
        }
        return (changes, claims, problems)
    }

    /// Replaces the note file `file` of the site with `bytes`, atomically; false, with an error in
    /// `problems`, when it may not or could not be. Checked again just before the write: what
    /// would not be read is not written either. A link inside the site stays a link: the file it
    /// leads to is rewritten.
    static func replace(_ file: String, with bytes: [UInt8], in siteDirectory: String, fileSystem: FileSystem,
                        problems: inout DiagnosticList) -> Bool {
        let path = siteDirectory + "/" + file
        if let refusal = fileSystem.refusal(of: path) {
            problems.error(refusal.message, at: SourceLocation(file), notes: [.init(refusal.suggestion)])
            return false
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: LocalFileSystem.resolved(path) ?? path), options: .atomic)
            return true
        } catch {
            problems.error("cannot rewrite file: \(error.localizedDescription)", at: SourceLocation(file))
            return false
        }
    }
}

extension AnchorRepair {
    /// The places of notes as a build anchored them, by note id: the last build's when the
    /// preview renders a document again.
    public static func previousAnchors(of anchored: [AnchoredNote]) -> [String: PreviousAnchor] {
        Dictionary(anchored.map { note in
            var anchor = PreviousAnchor(prefix: note.prefix, suffix: note.suffix, start: note.textStart, exact: note.exact,
                                        factCheck: note.note.kind == .factCheck)
            anchor.leadIn = note.leadIn
            anchor.citations = note.citations
            return (note.note.id, anchor)
        },
                   uniquingKeysWith: { first, _ in first })
    }

    /// The places of the notes in one annotations.jsonld file (a collection gen wrote), by note
    /// id; empty when the file is missing, and what could be read when it is damaged.
    ///
    /// Read by a scan of its keys rather than a JSON parser: every document a build renders
    /// anew reads its last one (a build without its cache, every document), and a whole parse
    /// of each would cost more than its rendering. Each annotation's `id` ends in `#note-ID`;
    /// its selectors' `exact`, `prefix`, `suffix` and `start` follow it.
    public static func previousAnchors(inCollectionAt path: String) -> [String: PreviousAnchor] {
        guard let bytes = try? LocalFileSystem().read(path) else { return [:] }
        var anchors: [String: PreviousAnchor] = [:]
        var id: String?
        var anchor = PreviousAnchor(prefix: "", suffix: "", start: nil)
        var key: String?
        var i = 0
        func skipSpace() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 } }
        while i < bytes.count {
            switch bytes[i] {
            case 0x22:  // a string: a key when a colon follows it
                guard let text = try? JSONValue.scanString(bytes, at: &i) else { return anchors }
                skipSpace()
                if i < bytes.count, bytes[i] == 0x3A { key = text; i += 1; continue }
                switch key {
                case "id":
                    guard let range = text.range(of: "#note-", options: .backwards) else { break }
                    if let id { anchors[id] = anchor }
                    id = String(text[range.upperBound...])
                    anchor = PreviousAnchor(prefix: "", suffix: "", start: nil)
                case "exact": anchor.exact = text
                case "prefix": anchor.prefix = text
                case "suffix": anchor.suffix = text
                case "motivation": anchor.factCheck = text == "assessing"
                case "leadIn": anchor.leadIn = text
                case "citations": anchor.citations = text
                default: break
                }
                key = nil
            case 0x2D, 0x30...0x39:  // a number
                var value = 0, negative = false
                if bytes[i] == 0x2D { negative = true; i += 1 }
                while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39, value < Int.max / 20 {
                    value = value * 10 + Int(bytes[i] - 0x30)
                    i += 1
                }
                if key == "start" { anchor.start = negative ? -value : value }
                key = nil
            default:
                if bytes[i] != 0x20 && bytes[i] != 0x0A && bytes[i] != 0x0D && bytes[i] != 0x09 { key = nil }
                i += 1
            }
        }
        if let id { anchors[id] = anchor }
        return anchors
    }

    /// Notes anchored to the same words as in the last build (`previous`, by note id) but to
    /// another place: the sentence they quoted was edited away and the same words stand
    /// elsewhere (`isInPlace`). A warning each, showing both places: a quote matches its words
    /// wherever they are, so nothing else would tell.
    ///
    /// A fact check still in place whose sentence changed around its quote (within the text the
    /// last build kept each side of it) gets a warning too: "She wrote that close to one
    /// hundred…" → "She denied that close to one hundred…" keeps the quote and turns the claim
    /// around. A fact check whose quote itself now reads other words than in the last build
    /// (the article and the note file edited together, as a find and replace does) gets one as
    /// well.
    ///
    /// For a fact check (not held for review) each is an error: its verdict was given for the
    /// last build's words, and a build that published it on others would make the next one
    /// compare with those, so a warning would be given once and the verdict kept without a word.
    /// The failed build leaves the last one in place, and the error stands until someone has read
    /// the note again: builds it with `accepting` accepting it (`gen build --accept-claim-change
    /// SLUG#ID` or `--accept-claim-changes`; the preview, which publishes nothing, accepts all), pins its new sentence or place, or holds it for
    /// review. Accepted, each is a warning that `--strict` leaves one (`Diagnostic.isReminder`):
    /// it was read. A note pinned to its place since the last build (a prefix or suffix of its
    /// own that the last build's place did not have) is where its author put it. `since` names
    /// what `previous` is in the messages (the preview compares with its last rendering where
    /// the last build has no record of the document).
    public static func moved(_ anchored: [AnchoredNote], previous: [String: PreviousAnchor], article: String,
                             accepting: ClaimAcceptance = .none, since lastBuild: String = "the last build",
                             recorded: Set<String> = []) -> DiagnosticList {
        var diagnostics = DiagnosticList()
        func atRisk(_ note: AnchoredNote, _ message: String, notes: [Diagnostic.Note], pin: Bool) {
            let name = article + "#" + note.note.id
            // `gen annotations pin` leaves a note with a prefix or suffix of its own (one placed by
            // its occurrence it pins, unless its sentence stands twice in the article).
            let extendable = ClaimPins.ownWords(of: note).map { !$0.holdsAll && $0.prefix != nil && $0.suffix != nil } ?? false
            let pin = pin && !note.note.pinnedSentence && ((note.note.prefix == nil && note.note.suffix == nil) || extendable)
                && (note.note.occurrence == nil || !note.sentenceHasOtherPlaces)
            let accepted = accepting.accepts(name)
            var diagnostic = accepted
                ? Diagnostic.warning(message, at: note.note.location, notes: notes + (accepting == .preview ? [] : [
                    .init("accepted as read again (--accept-claim-change\(accepting == .all ? "s" : " " + name)): "
                          + "a gen build with it publishes the verdict on these words"),
                ]))
                : Diagnostic.error(message, at: note.note.location, notes: notes + [
                    .init("if the verdict holds for the words the article has now, build once with --accept-claim-change \(name)"
                          + (pin ? ", or pin the note to them: gen annotations pin --accept-claim-change \(name)" : "")),
                    .init("if not, hold the note with review=\"...\" until it is checked again"),
                ])
            diagnostic.isReminder = accepted
            diagnostic.verdictAtRisk = .init(note: name, pinAccepts: pin)
            diagnostics.append(diagnostic)
        }
        let pairs = lastBuildsNotes(of: anchored, previous: previous)
        for (n, note) in anchored.enumerated() {
            guard let (id, before) = pairs[n] else { continue }
            // A fact check whose verdict the last build did not publish is compared with where
            // it was last published (`VerdictBaselines`): said so, not "the last build".
            let then = recorded.contains(id) ? "the build that last published its verdict" : lastBuild
            if id != note.note.id && note.note.explicitID {
                // Renamed by its author: said once, as a reminder (`--strict` would otherwise hold
                // the build until the name were undone).
                var renamed = Diagnostic.warning("note '\(note.note.id)' was '\(id)' in \(lastBuild) of article '\(article)' "
                                                 + "(known by its place): links to #note-\(id) no longer lead to it",
                                                 at: note.note.location,
                                                 notes: [.init("its words, place and sentence are compared with those of '\(id)' in \(lastBuild)")])
                renamed.isReminder = true
                diagnostics.append(renamed)
            } else if id != note.note.id {
                diagnostics.warning("note '\(note.note.id)' was '\(id)' in \(lastBuild) of article '\(article)': "
                                    + "links to #note-\(id) no longer lead to it", at: note.note.location,
                                    notes: [.init("a note's id is made from its quote's first words, and told apart from its "
                                                  + "neighbours' by a number: it changes when they change"),
                                            .init("to keep one, give the note its own: {#\(id)}")])
            }
            // A quote whose spelling was mended since (by hand or by --fix-anchors) is the same
            // claim: its sentence is compared all the same.
            let sameWords = before.exact == note.exact
            // Its occurrence now counts to other words (a place of them added or removed before
            // it), and another count finds the words it had, in the same sentence: said as that.
            if sameWords, let count = note.note.occurrence, let was = shiftedOccurrence(note, before: before) {
                let message = "occurrence=\(count) of note '\(note.note.id)' now picks other words in article '\(article)': "
                    + "those it was on in \(then) are occurrence=\(was)"
                let notes = places(before, note, since: then) + [
                    .init("a place of its words was added or removed before it; write occurrence=\(was) to keep the note where it was"),
                ]
                if note.note.kind == .factCheck && note.note.review == nil {
                    atRisk(note, message, notes: notes + [.init("the verdict may not hold for these words")], pin: false)
                } else {
                    diagnostics.warning(message, at: note.note.attributesLocation ?? note.note.location, notes: notes)
                }
                continue
            }
            if !sameWords, case let claim = claimChanges(old: before.exact, new: note.exact), !claim.isEmpty {
                // A fact check held for review is warned of on every build (`AnnotationLoader`).
                guard note.note.kind == .factCheck, note.note.review == nil else { continue }
                atRisk(note, "the claim of fact check '\(note.note.id)' changed since \(then), in article '\(article)' "
                       + "and in its quote: \(claim.joined(separator: ", "))",
                       notes: places(before, note, since: then) + [
                           .init("the verdict was given for the words of \(then): read it again"),
                       ], pin: false)
                continue
            }
            // A later item of a list reads its claim with the list's lead-in, outside its own
            // sentence: "The plan includes:" → "The plan drops:" changes every item's claim.
            if note.note.kind == .factCheck, note.note.review == nil, note.note.leadIn == nil, let old = before.leadIn, let new = note.leadIn,
               case let kept = old.unicodeScalars.count,
               case let changed = claimChanges(old: old, new: new, openStart: kept >= AnchorNotes.pinnedSentenceWindow - 1
                                                || (AnchorNotes.earlierSentenceWindow - 1...AnchorNotes.earlierSentenceWindow).contains(kept)),
               !changed.isEmpty {
                atRisk(note, "the lead-in of fact check '\(note.note.id)' (its list's, or its table's header) changed in article "
                       + "'\(article)': its claim reads otherwise",
                       notes: [.init("in \(then): \u{201C}\(old)\u{201D}"), .init("now: \u{201C}\(new)\u{201D}", at: note.passageLocation),
                               .init("changed: " + changed.joined(separator: ", ")),
                               .init("the verdict was given for its item as the lead-in read then: read it again")], pin: false)
                continue
            }
            // The words of the citations in its sentence ("[@minutes, p. 4]" → "[contradicted by
            // @minutes]"), which readers read with the claim; a citation added or removed
            // without words, or its source changed, is no change of what the sentence says.
            if note.note.kind == .factCheck, note.note.review == nil, let old = before.citations, let new = note.citations,
               case let changed = claimChanges(old: Self.citationWords(old), new: Self.citationWords(new)), !changed.isEmpty {
                atRisk(note, "the citations in the sentence of fact check '\(note.note.id)' changed since \(then), in article '\(article)': "
                       + changed.joined(separator: ", "),
                       notes: [.init("in \(then): \(old.isEmpty ? "none" : old)"), .init("now: \(new.isEmpty ? "none" : new)", at: note.passageLocation),
                               .init("the verdict was given for the sentence as its citations read then: read it again")], pin: false)
                continue
            }
            // Most notes are where they were, in the same words.
            if before.prefix == note.prefix && before.suffix == note.suffix { continue }
            let now = note.place
            if before.start == note.textStart || isInPlace(now, before) {
                guard note.note.kind == .factCheck, note.note.review == nil else { continue }
                // The words a note pins (its own prefix or suffix) are not compared: changed,
                // they would not match; the rest of its sentence is.
                let changed = sentenceChanges(from: before, now: now, pinned: (note.note.prefix ?? "", note.note.suffix ?? ""))
                guard !changed.isEmpty else { continue }
                atRisk(note, "the sentence of fact check '\(note.note.id)' changed around its quote in article '\(article)'",
                       notes: places(before, note, since: then) + [
                           .init("changed: " + changed.joined(separator: ", ")),
                           .init("the verdict may not hold for the sentence as it now reads: read it again"),
                       ], pin: true)
                continue
            }
            guard sameWords, !pinnedSince(note, before) else { continue }
            // A quote that is its whole sentence, then and now, is the same claim whatever its
            // neighbours became: a sentence added or edited beside it does not move it (a quote
            // that stands twice is an error of its own, one placed by its occurrence checked above).
            if note.note.occurrence == nil, isWholeSentence(before, now: now) { continue }
            var notes: [Diagnostic.Note] = places(before, note, since: then) + [
                .init("if the note is not about this passage, change its quote or give it a prefix=\"…\""),
            ]
            if let occurrence = note.note.occurrence {
                notes.insert(.init("occurrence=\(occurrence) counts the places of these words: one of them was edited or "
                                   + "added, so it now picks another"), at: 2)
            }
            let message = "note '\(note.note.id)' now marks the same words elsewhere in article '\(article)'"
            if note.note.kind == .factCheck && note.note.review == nil {
                notes.insert(.init("the verdict may not hold for this passage"), at: 2)
                atRisk(note, message, notes: notes, pin: true)
            } else {
                diagnostics.warning(message, at: note.note.location, notes: notes)
            }
        }
        return diagnostics
    }

    /// Fact checks whose verdict the last build published in `article` and that are gone from
    /// it (`LastPlaces.deletedFactChecks`): said once, in the build after, as a reminder
    /// (`--strict` leaves it a warning): a verdict withdrawn is the desk's decision, but one
    /// withdrawn by a slip of the editor should not go unseen.
    static func deleted(_ ids: [String], article: Article) -> DiagnosticList {
        var diagnostics = DiagnosticList()
        for id in ids {
            var warning = Diagnostic.warning("fact check '\(id)' of article '\(article.slug)' is gone since the last build: its verdict "
                                             + "and ClaimReview are no longer published", at: SourceLocation(article.path),
                                             notes: [.init("if it was not meant to go, put its note back; a note moved to another "
                                                           + "article is compared there")])
            warning.isReminder = true
            diagnostics.append(warning)
        }
        return diagnostics
    }

    /// For a note placed by its occurrence whose count now finds other words than in the last
    /// build (`before`): the one other count (1-based) whose place is those words in the same
    /// sentence, unchanged; nil when there is none, or more than one.
    static func shiftedOccurrence(_ note: AnchoredNote, before: PreviousAnchor) -> Int? {
        guard let count = note.note.occurrence, note.occurrencePlaces.count > 1 else { return nil }
        let own = note.occurrencePlaces.indices.contains(count - 1) ? note.occurrencePlaces[count - 1] : note.place
        // Where it stands, it has what it had: no shift.
        if own.prefix == before.prefix && own.suffix == before.suffix { return nil }
        if before.start == own.textStart || isInPlace(own, before), sentenceChanges(from: before, now: own).isEmpty { return nil }
        let matches = note.occurrencePlaces.indices.filter { k in
            k != count - 1 && note.occurrencePlaces[k].passage == before.exact
                && sentenceChanges(from: before, now: note.occurrencePlaces[k]).isEmpty
                && shared(note.occurrencePlaces[k], before) >= 8
        }
        return matches.count == 1 ? matches[0] + 1 : nil
    }

    /// The words of citations as written (`[see @minutes, p. 4; @report]`): their prefixes,
    /// locators and suffixes, without the keys and the brackets.
    static func citationWords(_ citations: String) -> String {
        citations.split(separator: " ").filter { !$0.hasPrefix("@") && !$0.hasPrefix("[@") && !$0.hasPrefix("-@") && !$0.hasPrefix("[-@") }
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[];")) }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Whether the passage at `place` is its whole sentence, as it was in the last build
    /// (`before`): no word of the sentence before or after it, then or now.
    static func isWholeSentence(_ before: PreviousAnchor, now place: OrphanedNote.Alternative) -> Bool {
        let was = sentenceSides(before.prefix, before.suffix, of: place, cut: true)
        let now = sentenceSides(place.prefix, place.suffix, of: place, cut: false)
        return [was.before.text, was.after.text, now.before.text, now.after.text].allSatisfy { claimWords($0).isEmpty }
    }

    /// Whether `note` has a prefix or suffix of its own that its place in the last build
    /// (`before`, whose text each side may be the shorter) did not have around it: its author
    /// pinned it where it now is.
    static func pinnedSince(_ note: AnchoredNote, _ before: PreviousAnchor) -> Bool {
        if let prefix = note.note.prefix, !prefix.isEmpty, !before.prefix.hasSuffix(prefix), !prefix.hasSuffix(before.prefix) {
            return true
        }
        if let suffix = note.note.suffix, !suffix.isEmpty, !before.suffix.hasPrefix(suffix), !suffix.hasPrefix(before.suffix) {
            return true
        }
        return false
    }

    /// The ids of a document's fact checks only a last build holds to their sentences: those
    /// not held for review nor pinned by a prefix or suffix of their own (their words hold
    /// them). Counted for a document no last build has (none there, as in a fresh clone or a CI
    /// run without the last output; or a new document, or one renamed without an alias to its
    /// old address): nothing compares them.
    public static func unpinnedFactChecks(_ anchored: [AnchoredNote]) -> [String] {
        anchored.filter { note in
            guard note.note.kind == .factCheck, note.note.review == nil else { return false }
            // A lead-in no pin holds is compared only with a last build.
            if note.leadIn != nil && note.note.leadIn == nil { return true }
            guard !note.note.pinnedSentence else { return false }
            // Own words that hold less than the sentence leave the rest of it uncompared.
            guard note.note.prefix == nil && note.note.suffix == nil else { return ClaimPins.ownWords(of: note)?.holdsAll == false }
            return true
        }.map(\.note.id)
    }

    /// Each note's record in the last build, with the id it had there: the one of its id, but for
    /// a note whose id is made from its quote when that record is another note's (not in its
    /// place, other words): then the record of an id gone since, in its place. Such an id
    /// changes when the quote's first words do, or when a note before it with the same words
    /// is added or removed ("-2"). A note whose own id (`{#id}`) is new since takes the record
    /// of an id gone since in its place, when it is the one such note and that the one such
    /// record, and it has no prefix or suffix of its own that place did not have: its author
    /// renamed it (perhaps with its quote, in a find and replace), and its verdict is still the
    /// one given for that record's words and sentence (a new note written on another sentence
    /// with the same words is pinned there).
    static func lastBuildsNotes(of anchored: [AnchoredNote], previous: [String: PreviousAnchor]) -> [(String, PreviousAnchor)?] {
        let current = Set(anchored.map(\.note.id))
        var taken = Set<String>()
        var pairs: [(String, PreviousAnchor)?] = anchored.map { note in
            guard let before = previous[note.note.id] else { return nil }
            guard note.note.explicitID || before.exact == note.exact || isInPlace(note.place, before) else { return nil }
            taken.insert(note.note.id)
            return (note.note.id, before)
        }
        for (n, note) in anchored.enumerated() where pairs[n] == nil {
            // A note of its own pinned where it now is (a prefix or suffix its last place did
            // not have) is where its author put it, not the gone one renamed; but a fact check on
            // the very text a gone fact check had (their passages overlap) is taken for it renamed
            // all the same: its id, words and pin changed in one edit would otherwise publish its
            // verdict on words nobody compared (a new note there, on changed words, is told so
            // once, and accepted).
            let gone = previous.filter { !taken.contains($0.key) && (!current.contains($0.key) || $0.key == note.note.id)
                && isInPlace(note.place, $0.value)
                && (!note.note.explicitID || !pinnedSince(note, $0.value)
                    || ($0.value.factCheck && note.note.kind == .factCheck && overlaps(note.place, $0.value))) }
            guard gone.count == 1, let (id, before) = gone.first else { continue }
            // Another new note of its own in the same place: which was renamed is not known.
            if note.note.explicitID, anchored.indices.contains(where: { $0 != n && pairs[$0] == nil && anchored[$0].note.explicitID
                                                                        && isInPlace(anchored[$0].place, before) }) { continue }
            taken.insert(id)
            pairs[n] = (id, before)
        }
        return pairs
    }

    /// Where a note was in the last build and where it is now, its passage between ⟨⟩, and
    /// whole words around it: a selector's 32 characters may start or end inside one.
    private static func places(_ before: PreviousAnchor, _ note: AnchoredNote, since lastBuild: String = "the last build") -> [Diagnostic.Note] {
        func shown(_ prefix: String, _ exact: String, _ suffix: String) -> String {
            var prefix = Substring(prefix), suffix = Substring(suffix)
            if prefix.unicodeScalars.count >= 32, let space = prefix.firstIndex(of: " ") { prefix = prefix[space...] }
            if suffix.unicodeScalars.count >= 32, let space = suffix.lastIndex(of: " ") { suffix = suffix[...space] }
            // Nothing is left out after a sentence's end.
            return "“…\(prefix)⟨\(exact)⟩\(suffix)\(endsSentence(String(suffix)) ? "" : "…")”"
        }
        return [.init("in \(lastBuild): " + shown(before.prefix, before.exact, before.suffix)),
                .init("now: " + shown(note.prefix, note.exact, note.suffix), at: note.passageLocation)]
    }

    /// What may close a sentence after its full stop: quotation marks and brackets.
    private static let closers: Set<Character> = ["”", "’", "\"", "'", ")", "]"]

    /// The words of a quote's sentence that changed around it: in the text just before it
    /// (`prefix`) and just after it (`suffix`) against the last build's (`before`), each cut at
    /// the sentence's ends when it shows them. Where a paragraph (an item, a cell) now begins or
    /// ends within them, only as much of both is compared as lies in the passage's block now:
    /// a paragraph moved or added beside it is not the sentence's change.
    static func sentenceChanges(from before: PreviousAnchor, now place: OrphanedNote.Alternative,
                                pinned: (before: String, after: String) = ("", "")) -> [String] {
        // A last build that kept less of a side than this one, cut from a longer text (a
        // selector's 32 characters, or a sentence longer than the window), is compared over the
        // length it kept: the words past its cut are not new, only unseen then. A side longer
        // than 32 characters and shorter than the window reached its sentence's end: a longer
        // one now is the sentence grown ("it rose." → "it doubled."), compared whole.
        var place = place
        // A last build made by a gen that read a sentence on into the block before (or after)
        // holds that block's last (first) words: they are not this sentence's, as they are not
        // now. Only words the text outside the block still ends (starts) with are left out.
        var before = before
        if let outside = place.beforeBlock { before.prefix = withoutWords(of: outside, startingSide: before.prefix) }
        if let outside = place.afterBlock { before.suffix = withoutWords(of: outside, endingSide: before.suffix) }
        let kept = (before: before.prefix.unicodeScalars.count, after: before.suffix.unicodeScalars.count)
        let wasCut = cutAtWindow
        // (Not when what it kept shows the sentence's end: then it is whole.)
        if wasCut(kept.before), place.prefix.unicodeScalars.count > kept.before, place.prefixInBlock > kept.before,
           sentencePart(before.prefix, before: true, cut: true).cut {
            place.prefix = String(String.UnicodeScalarView(place.prefix.unicodeScalars.suffix(kept.before)))
        }
        if wasCut(kept.after), place.suffix.unicodeScalars.count > kept.after, place.suffixInBlock > kept.after,
           sentencePart(before.suffix, before: false, cut: true).cut {
            place.suffix = String(String.UnicodeScalarView(place.suffix.unicodeScalars.prefix(kept.after)))
        }
        // Words cut at a window's edge are kept: `claimChanges` takes one for the word it is part of.
        let was = sentenceSides(before.prefix, before.suffix, of: place, cut: true, pinned: pinned, keepingCutWords: true)
        let now = sentenceSides(place.prefix, place.suffix, of: place, cut: false, pinned: pinned, keepingCutWords: true)
        // Where either text was cut, words only one has at the cut may lie past the other's
        // (or before a paragraph break the last build's text does not show) and are not
        // counted; past a note's own prefix or suffix, only the other text's cut is.
        func cuts(_ old: Bool, _ new: Bool, pinned: Bool) -> (Bool, Bool) { pinned ? (old, new) : (old || new, old || new) }
        let start = cuts(was.before.cut, now.before.cut, pinned: !pinned.before.isEmpty)
        let end = cuts(was.after.cut, now.after.cut, pinned: !pinned.after.isEmpty)
        return claimChanges(old: was.before.text, new: now.before.text, cut: (start.0, start.1, false, false))
            + claimChanges(old: was.after.text, new: now.after.text, cut: (false, false, end.0, end.1))
    }

    /// `prefix` without its first words where they are the last words of `outside` (the text
    /// before the passage's block); its first word may be the end of one where the side was cut
    /// (at 32 characters, or the window's length).
    static func withoutWords(of outside: String, startingSide prefix: String) -> String {
        let words = prefix.split(whereSeparator: \.isWhitespace)
        let k = sharedWords(Array(words), outside.split(whereSeparator: \.isWhitespace),
                            cut: cutAtWindow(prefix.unicodeScalars.count)) { $1.hasSuffix($0) }
        return k == 0 ? prefix : String(prefix[words[k - 1].endIndex...].drop(while: \.isWhitespace))
    }

    /// `suffix` without its last words where they are the first words of `outside` (the text
    /// after the passage's block); its last word may be the start of one where the side was cut.
    static func withoutWords(of outside: String, endingSide suffix: String) -> String {
        let words = suffix.split(whereSeparator: \.isWhitespace)
        let k = sharedWords(words.reversed(), outside.split(whereSeparator: \.isWhitespace).reversed(),
                            cut: cutAtWindow(suffix.unicodeScalars.count)) { $1.hasPrefix($0) }
        guard k > 0 else { return suffix }
        var kept = suffix[..<words[words.count - k].startIndex]
        while kept.last?.isWhitespace == true { kept.removeLast() }
        return String(kept)
    }

    /// The most words `k` such that the first `k` of `words` are the last `k` of `outer`, in
    /// order (case aside); with `cut`, the first of them may be part of its word (`partOf`).
    private static func sharedWords(_ words: [Substring], _ outer: [Substring], cut: Bool,
                                    partOf: (String, String) -> Bool) -> Int {
        for k in stride(from: min(words.count, outer.count), through: 1, by: -1) {
            let pairs = zip(words.prefix(k), outer.suffix(k)).enumerated()
            if pairs.allSatisfy({ n, pair in
                let (mine, theirs) = (pair.0.lowercased(), pair.1.lowercased())
                return n == 0 && cut ? partOf(mine, theirs) : mine == theirs
            }) { return k }
        }
        return 0
    }

    /// Whether a fact check's side of `count` characters, as `AnchorNotes.place` keeps it, was
    /// cut from a longer text: a selector's 32 characters, or the sentence window's length (or
    /// the shorter one of earlier versions of gen, whose build may be the last).
    static func cutAtWindow(_ count: Int) -> Bool {
        count == 32 || count == AnchorNotes.earlierSentenceWindow || count >= AnchorNotes.pinnedSentenceWindow
    }

    /// The parts of `prefix` and `suffix` (the text just before and after the passage at `place`,
    /// now or in the last build) in the passage's sentence and, as it now is, its block; `cut`:
    /// where the block's edge shortens them, whether they were cut from longer texts there.
    /// `pinned`: how many characters next to the passage each side are left out (a note's own
    /// prefix and suffix).
    static func sentenceSides(_ prefix: String, _ suffix: String, of place: OrphanedNote.Alternative, cut: Bool,
                              pinned: (before: String, after: String) = ("", ""), keepingCutWords: Bool = false)
        -> (before: (text: String, cut: Bool), after: (text: String, cut: Bool)) {
        let prefixScalars = prefix.unicodeScalars, suffixScalars = suffix.unicodeScalars
        let keptBefore = min(place.prefixInBlock, prefixScalars.count), keptAfter = min(place.suffixInBlock, suffixScalars.count)
        let shortBefore = keptBefore < prefixScalars.count, shortAfter = keptAfter < suffixScalars.count
        // A side shortened at the block's edge is cut there (`cut`) unless the edge falls between
        // two words; a whole side, unless it is a selector's 32 characters or the window's
        // length: shorter or longer, it reached its sentence's end (or the text's), and the word
        // there is whole ("Nobody" → "Everyone" at a paragraph's start is a change).
        let cutBefore = shortBefore ? cut && prefixScalars[prefixScalars.index(prefixScalars.endIndex, offsetBy: -keptBefore - 1)] != " "
                                    : Self.cutAtWindow(prefixScalars.count)
        let cutAfter = shortAfter ? cut && suffixScalars[suffixScalars.index(suffixScalars.startIndex, offsetBy: keptAfter)] != " "
                                  : Self.cutAtWindow(suffixScalars.count)
        // The sentence is found with the pinned words in place (a pin may end it: suffix="."),
        // then they are left out of what is compared.
        var before = sentencePart(String(String.UnicodeScalarView(prefixScalars.suffix(keptBefore))), before: true,
                                  cut: cutBefore, keepingCutWord: keepingCutWords)
        before.text = String(String.UnicodeScalarView(before.text.unicodeScalars.dropLast(scalars(holding: pinned.before, in: before.text, fromEnd: true))))
        var after = sentencePart(String(String.UnicodeScalarView(suffixScalars.prefix(keptAfter))), before: false,
                                 cut: cutAfter, keepingCutWord: keepingCutWords)
        after.text = String(String.UnicodeScalarView(after.text.unicodeScalars.dropFirst(scalars(holding: pinned.after, in: after.text, fromEnd: false))))
        // A quote that ends its sentence has nothing of it after it.
        if endsSentence(place.passage) { after = ("", false) }
        return (before, after)
    }

    /// How many characters at the end (`fromEnd`) or the start of `text` hold `own` (a note's own
    /// prefix or suffix, which the text matched as the fold reads both): characters that show
    /// nothing count for nothing on either side, a run of spaces as one space, quotation marks
    /// and dashes as their plain forms. `own`'s length where the two part otherwise.
    static func scalars(holding own: String, in text: String, fromEnd: Bool) -> Int {
        guard !own.isEmpty else { return 0 }
        var have = Array(text.unicodeScalars), want = Array(own.unicodeScalars)
        if fromEnd { have.reverse(); want.reverse() }
        func plain(_ scalar: Unicode.Scalar) -> UInt32 {
            FoldedText.isWhitespace(scalar.value) ? 0x20 : FoldedText.plain(scalar.value)
        }
        var i = 0, j = 0
        func skipNothing(_ scalars: [Unicode.Scalar], _ k: inout Int) {
            while k < scalars.count, FoldedText.showsNothing(scalars[k].value) { k += 1 }
        }
        while true {
            skipNothing(want, &j)
            guard j < want.count else { return i }
            skipNothing(have, &i)
            guard i < have.count, plain(have[i]) == plain(want[j]) else { return want.count }
            if plain(want[j]) == 0x20 {
                while j < want.count, plain(want[j]) == 0x20 || FoldedText.showsNothing(want[j].value) { j += 1 }
                while i < have.count, plain(have[i]) == 0x20 || FoldedText.showsNothing(have[i].value) { i += 1 }
            } else {
                i += 1
                j += 1
            }
        }
    }

    /// Whether `text` ends a sentence: ".", "!", "?" or "…", then closing quotes or brackets.
    static func endsSentence(_ text: String) -> Bool {
        let trimmed = Array(text.reversed().drop { closers.contains($0) }.reversed())
        guard let last = trimmed.last, ".!?\u{2026}".contains(last) else { return false }
        return last != "." || !isAbbreviation(before: trimmed.count - 1, in: trimmed)
    }

    /// Whether the full stop at `stop` in `characters` ends no sentence (`SentenceEnds`).
    static func isAbbreviation(before stop: Int, in characters: [Character]) -> Bool {
        var start = stop
        while start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber || characters[start - 1] == "." {
            start -= 1
        }
        var next = stop + 1
        while next < characters.count, closers.contains(characters[next]) || characters[next] == " " { next += 1 }
        return SentenceEnds.continues(after: String(characters[start..<stop]), next: next < characters.count ? characters[next] : nil)
    }

    /// The part of the text just before a quote (`before`) or just after it that is in the
    /// quote's sentence: from the end of the sentence before, or up to the end of its own. When
    /// none shows and the text was cut from a longer one (`cut`; nil: when it is a selector's
    /// whole 32 characters), its partial word at the cut is dropped.
    static func sentencePart(_ text: String, before: Bool, cut: Bool? = nil, keepingCutWord: Bool = false) -> (text: String, cut: Bool) {
        let characters = Array(text)
        // Where a sentence ends: ".", "!" or "?", then closing quotes or brackets, then a space;
        // not a stop before a lowercase word ("last year... or so", "e.g. in") nor after an
        // abbreviation (`SentenceEnds`).
        func endsSentence(at i: Int) -> Int? {
            guard ".!?\u{2026}".contains(characters[i]) else { return nil }
            var j = i + 1
            while j < characters.count, closers.contains(characters[j]) { j += 1 }
            guard j == characters.count || characters[j] == " " else { return nil }
            // "…", as "...".
            if characters[i] == "\u{2026}" {
                var next = j
                while next < characters.count, characters[next] == " " || closers.contains(characters[next]) { next += 1 }
                return SentenceEnds.continuesAfterEllipsis(next: next < characters.count ? characters[next] : nil) ? nil : j
            }
            return characters[i] == "." && isAbbreviation(before: i, in: characters) ? nil : j
        }
        if before {
            for i in characters.indices.reversed() { if let end = endsSentence(at: i) { return (String(characters[end...]), false) } }
        } else {
            for i in characters.indices { if let end = endsSentence(at: i) { return (String(characters[..<end]), false) } }
        }
        guard cut ?? (text.unicodeScalars.count >= 32) else { return (text, false) }
        if keepingCutWord { return (text, true) }
        if before {
            guard let space = characters.firstIndex(of: " ") else { return ("", true) }
            return (String(characters[space...]), true)
        }
        guard let space = characters.lastIndex(of: " ") else { return ("", true) }
        return (String(characters[..<space]), true)
    }

    /// The alternative whose surroundings share most with `previous` (the text just before it
    /// and just after it, folded), or, among those sharing as much, the nearest to its old
    /// position; nil when none shares at least eight characters or two are as good. A passage
    /// whose words are also another's is never chosen: its quote alone would not say which.
    static func choose(_ alternatives: [OrphanedNote.Alternative], near previous: PreviousAnchor)
        -> OrphanedNote.Alternative? {
        guard let chosen = nearest(alternatives, to: previous) else { return nil }
        let words = FoldedText.fold(chosen.passage)
        return alternatives.filter({ FoldedText.fold($0.passage) == words }).count == 1 ? chosen : nil
    }

    /// How many characters the text just before and just after `place` shares with the note's
    /// previous surroundings (folded, from the passage outwards).
    static func shared(_ place: OrphanedNote.Alternative, _ previous: PreviousAnchor) -> Int {
        let before = FoldedText.fold(previous.prefix), after = FoldedText.fold(previous.suffix)
        let prefix = FoldedText.fold(place.prefix), suffix = FoldedText.fold(place.suffix)
        let tail = zip(prefix.reversed(), before.reversed()).prefix { $0 == $1 }.count
        let head = zip(suffix, after).prefix { $0 == $1 }.count
        return tail + head
    }

    /// Whether `place` is where the note was before (`previous`): the same words around it (eight
    /// characters or more), or nearly the same position: within 40 characters, and overlapping
    /// the old passage. A passage edited in place keeps its surroundings; a sentence elsewhere
    /// with similar words does not, nor does the next occurrence of the same short words (a
    /// table's "a destination" a row further down, once the row a note's `occurrence` counted
    /// was edited).
    /// Whether a passage now and a note's passage in the last build share text positions.
    static func overlaps(_ place: OrphanedNote.Alternative, _ previous: PreviousAnchor) -> Bool {
        guard let start = previous.start else { return false }
        let end = start + previous.exact.unicodeScalars.count
        return place.textStart < end && start < place.textStart + place.passage.unicodeScalars.count
    }

    static func isInPlace(_ place: OrphanedNote.Alternative, _ previous: PreviousAnchor) -> Bool {
        if shared(place, previous) >= 8 { return true }
        guard let start = previous.start else { return false }
        let shift = abs(place.textStart - start), length = previous.exact.unicodeScalars.count
        return shift <= 40 && (length == 0 || shift < length)
    }

    /// Of several places, the one whose surroundings match `previous` best (eight characters
    /// at least), the nearest to its position among equals; nil when none or no one is.
    static func nearest(_ alternatives: [OrphanedNote.Alternative], to previous: PreviousAnchor)
        -> OrphanedNote.Alternative? {
        guard alternatives.count > 1 else { return nil }
        let scored = alternatives.map { (alternative: $0, score: shared($0, previous)) }
        let top = scored.map(\.score).max() ?? 0
        guard top >= 8 else { return nil }
        let best = scored.filter { $0.score == top }.map(\.alternative)
        if best.count == 1 { return best[0] }
        guard let start = previous.start else { return nil }
        let distances = best.map { abs($0.textStart - start) }
        let nearest = distances.min()!
        guard distances.filter({ $0 == nearest }).count == 1 else { return nil }
        return best[distances.firstIndex(of: nearest)!]
    }
}
