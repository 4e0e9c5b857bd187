import Foundation

/// `gen annotations pin`: writes into each fact check the words of its sentence just before and
/// after its quote (up to `AnchorNotes.pinnedSentenceWindow` characters each side), as `prefix="…"` and `suffix="…"` (the W3C TextQuoteSelector's, as
/// Hypothesis keeps them), and `pinned=sentence`, which says they are the whole sentence. From
/// then on the quote matches only in that sentence as it reads: an edit that changes those words
/// ("She wrote that" → "She denied that") or adds to them ("Critics deny that she wrote that")
/// makes the note an error at every build, in every clone, until someone reads the sentence
/// again and writes its new words. A quote that is its whole sentence gets `pinned=sentence`
/// alone.
public enum ClaimPins {
    /// What `pin` wrote, by note, and the files it could not write.
    public struct Report: Sendable {
        public var changes: [AnchorRepair.Change] = []
        public var pinned: [String] = []
        /// Fact checks left as they are because they are pinned already, have a prefix or suffix
        /// of their own that holds their sentence, or their sentence stands twice ("slug#id").
        public var ownWords: [String] = []
        /// Fact checks not pinned because their sentence or place changed since the last build
        /// ("slug#id"): pinned, the new words would pass for read again.
        public var changed: [String] = []
        /// Fact checks whose quote's own words changed since the last build ("slug#id"): a pin
        /// does not say those were read again (`gen build --accept-claim-changes` does).
        public var claimChanged: [String] = []
        /// Fact checks held for review ("slug#id"): a pin says the verdict was read again for its
        /// words, which a note under review has not been.
        public var held: [String] = []
        /// Fact checks in a sentence longer than the window ("slug#id"): `pinned=sentence` would
        /// say the words written are all of it (the build warns of them).
        public var runOn: [String] = []
        public var problems = DiagnosticList()
    }

    /// Pins the fact checks of the built site `result` that are not pinned yet: those with no
    /// prefix or suffix of their own, or with one that holds less than their sentence (made
    /// their sentence's); one placed by its occurrence in place of it. Each annotation file is
    /// rewritten once, only on its notes' attribute lines. One whose
    /// claim, sentence or place changed since the last build (`Diagnostic.verdictAtRisk` in
    /// `result`) is left as it is, unless `acceptingChanges` accepts it: a pin is what says that
    /// its verdict was read again for the words it now has.
    public static func pin(_ result: BuildResult, siteDirectory: String, acceptingChanges: ClaimAcceptance = .none,
                           fileSystem: FileSystem? = nil) -> Report {
        var report = Report()
        guard let session = result.session else { return report }
        report.problems.append(contentsOf: acceptingChanges.check(among: session.loaded.notesByArticle, documents: session.loaded.documents,
                                                                 diagnostics: result.diagnostics))
        let atRisk = Dictionary(result.diagnostics.items.compactMap(\.verdictAtRisk).map { ($0.note, $0.pinAccepts) },
                                uniquingKeysWith: { $0 && $1 })
        let fileSystem = fileSystem ?? LocalFileSystem(root: siteDirectory)
        var byFile: [String: [(note: Note, key: String, line: Int, attributes: String, replacing: Bool)]] = [:]
        for rendered in session.rendered {
            for anchored in rendered.anchored where anchored.note.kind == .factCheck {
                let note = anchored.note
                // One with occurrence=N is pinned in place of it, where its sentence is the one
                // place of its quote that reads so (occurrence counts among the places a prefix
                // leaves: the two are not written together).
                // One with a prefix or suffix of its own that holds less than its sentence (and
                // within it) has them made its sentence's: its own words are kept in them.
                let own = ownWords(of: anchored)
                let extended: (prefix: String, suffix: String)? = own.flatMap { own in
                    guard !own.holdsAll, let prefix = own.prefix, let suffix = own.suffix else { return nil }
                    return (prefix, suffix)
                }
                // A lead-in (or header row) its claim reads with, away from its sentence, is
                // pinned with it (`lead_in="…"`), and added to a note pinned already.
                let leadIn = anchored.leadIn.flatMap { note.leadIn == nil ? " lead_in=\"\(escaped($0))\"" : nil } ?? ""
                guard (note.prefix == nil && note.suffix == nil) || extended != nil, !note.pinnedSentence,
                      note.occurrence == nil || !anchored.sentenceHasOtherPlaces else {
                    let key = rendered.article.slug + "#" + note.id
                    if !leadIn.isEmpty, note.review == nil, atRisk[key] == nil, let line = note.attributesLocation?.line {
                        byFile[note.file, default: []].append((note, key, line, leadIn, false))
                    } else {
                        report.ownWords.append(key)
                    }
                    continue
                }
                guard let line = note.attributesLocation?.line else { continue }
                let key = rendered.article.slug + "#" + note.id
                guard note.review == nil else {
                    report.held.append(key)
                    continue
                }
                if let pinAccepts = atRisk[key] {
                    if !pinAccepts {
                        report.claimChanged.append(key)
                        continue
                    }
                    if !acceptingChanges.accepts(key) {
                        report.changed.append(key)
                        continue
                    }
                }
                guard let sentence = anchored.sentence else { continue }
                guard AnchorNotes.runOnSentence(anchored) == nil else {
                    report.runOn.append(key)
                    continue
                }
                let words = extended ?? (sentence.before, sentence.after)
                byFile[note.file, default: []].append((note, key, line, attributes(before: words.prefix, after: words.suffix) + leadIn, true))
            }
        }
        for file in byFile.keys.sorted() {
            guard var lines = fileSystem.readBytes(file, in: siteDirectory, diagnostics: &report.problems)
                .map({ $0.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init) }) else { continue }
            var fileChanges: [AnchorRepair.Change] = [], ids: [String] = []
            for pin in byFile[file]!.sorted(by: { $0.line < $1.line }) {
                let n = pin.line - 1
                guard n < lines.count, lines[n].contains(0x7D) else { continue }  // "}"
                let old = String(decoding: lines[n], as: UTF8.self)
                var line = lines[n]
                // Its occurrence, prefix and suffix on the same line, or it is left as it is.
                let replaced = !pin.replacing ? [] : (pin.note.occurrence != nil ? ["occurrence"] : [])
                    + (pin.note.prefix != nil ? ["prefix"] : []) + (pin.note.suffix != nil ? ["suffix"] : [])
                if !replaced.isEmpty {
                    let tokens = replaced.compactMap { attributeToken($0, in: line) }
                    guard tokens.count == replaced.count else {
                        report.ownWords.append(pin.key)
                        continue
                    }
                    for token in tokens.sorted(by: { $0.lowerBound > $1.lowerBound }) { line.removeSubrange(token) }
                }
                line.insert(contentsOf: Array(pin.attributes.utf8), at: line.lastIndex(of: 0x7D)!)
                lines[n] = line
                var new = String(decoding: lines[n], as: UTF8.self)
                if new.hasSuffix("\r") { new.removeLast() }
                fileChanges.append(AnchorRepair.Change(path: file, lines: pin.line...pin.line,
                                                       old: [old.hasSuffix("\r") ? String(old.dropLast()) : old], new: new))
                ids.append(pin.note.id)
            }
            if AnchorRepair.replace(file, with: Array(lines.joined(separator: [0x0A])), in: siteDirectory, fileSystem: fileSystem,
                                    problems: &report.problems) {
                report.changes += fileChanges
                report.pinned += ids
            }
        }
        return report
    }

    /// How a fact check's own prefix and suffix (not `pinned=sentence`) stand to its sentence
    /// (`AnchoredNote.sentence`), side by side: whether each holds all of its side of the
    /// sentence (or more), and the words `gen annotations pin` writes in their place when one
    /// holds less (`nil` for a side whose own words are not the sentence's nearest: the
    /// writer's choice). Nil without own words or a sentence read.
    static func ownWords(of anchored: AnchoredNote) -> (holdsAll: Bool, prefix: String?, suffix: String?)? {
        let note = anchored.note
        guard note.kind == .factCheck, !note.pinnedSentence, note.prefix != nil || note.suffix != nil,
              let sentence = anchored.sentence else { return nil }
        func side(_ own: String?, _ whole: String, before: Bool) -> (holds: Bool, pinned: String?) {
            let mine = FoldedText.fold(own ?? ""), all = FoldedText.fold(whole)
            func within(_ long: [UInt32], _ short: [UInt32]) -> Bool {
                before ? long.count >= short.count && long.suffix(short.count).elementsEqual(short) : long.starts(with: short)
            }
            if within(mine, all) { return (true, own ?? "") }
            return (false, within(all, mine) ? whole : nil)
        }
        let (before, after) = (side(note.prefix, sentence.before, before: true), side(note.suffix, sentence.after, before: false))
        return (before.holds && after.holds, before.pinned, after.pinned)
    }

    /// The bytes of ` occurrence=N` (with the blanks before it) in an attribute line `{...}`, as
    /// the attribute parser places it; nil when the line is not a whole attribute paragraph or
    /// does not hold it once.
    static func occurrenceToken(in line: [UInt8]) -> Range<Int>? { attributeToken("occurrence", in: line) }

    /// The bytes of ` KEY=VALUE` (with the blanks before it) in an attribute line `{...}`, as the
    /// attribute parser places it; nil when the line is not a whole attribute paragraph or does
    /// not hold it once.
    static func attributeToken(_ key: String, in line: [UInt8]) -> Range<Int>? {
        guard case .success(let attributes) = Attributes.parse(String(decoding: line, as: UTF8.self)) else { return nil }
        let places = zip(attributes.pairs, attributes.pairOffsets).filter { $0.0.key == key }.map(\.1)
        guard places.count == 1 else { return nil }
        var start = places[0].key, end = places[0].end
        func blank(_ i: Int) -> Bool { line[i] == 0x20 || line[i] == 0x09 }
        while start > 0, blank(start - 1) { start -= 1 }
        // Right after "{": with the blanks after it instead.
        if start > 0, line[start - 1] == 0x7B {
            start = places[0].key
            while end < line.count, blank(end) { end += 1 }
        }
        return start..<end
    }

    /// ` prefix="…" suffix="…" pinned=sentence` for the words before and after a quote (none for
    /// an empty side).
    /// Characters that show nothing (`FoldedText.showsNothing`) are left out: the words match
    /// without them, and a reader of the file would not see them.
    static func attributes(before: String, after: String, pinned: Bool = true) -> String {
        let (before, after) = (FoldedText.visible(before), FoldedText.visible(after))
        return (before.isEmpty ? "" : " prefix=\"\(escaped(before))\"") + (after.isEmpty ? "" : " suffix=\"\(escaped(after))\"")
            + (pinned ? " pinned=sentence" : "")
    }

    /// As an attribute value between double quotes: backslashes and quotes escaped.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
