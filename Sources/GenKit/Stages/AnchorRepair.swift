import Foundation

/// `gen check --fix-anchors`: puts the article's current words in place of a quote that no
/// longer matches, when the closest passage is unique and similar enough. Only the quote's
/// lines change; every other byte of the file (line ends included) stays as it was.
public enum AnchorRepair {
    public struct Change: Sendable, Equatable {
        public var path: String
        public var lines: ClosedRange<Int>
        public var old: [String]
        public var new: String

        /// The change as a unified diff.
        public var diff: String {
            var text = "--- \(path)\n+++ \(path)\n@@ -\(lines.lowerBound),\(lines.count) +\(lines.lowerBound),1 @@\n"
            for line in old { text += "-\(line)\n" }
            return text + "+\(new)\n"
        }
    }

    /// `bytes` with the quote at `lines` (1-based, inclusive) replaced by `passage`.
    public static func rewrite(_ bytes: [UInt8], path: String, lines: ClosedRange<Int>,
                               passage: String) -> (bytes: [UInt8], change: Change)? {
        // Split into lines, keeping each line's end ("\n" or "\r\n") with it.
        var starts = [0]
        for (i, byte) in bytes.enumerated() where byte == 0x0A { starts.append(i + 1) }
        guard lines.lowerBound >= 1, lines.upperBound < starts.count || (lines.upperBound == starts.count && starts.last! < bytes.count)
        else { return nil }
        func lineRange(_ n: Int) -> Range<Int> { starts[n - 1]..<(n < starts.count ? starts[n] : bytes.count) }
        let first = lineRange(lines.lowerBound), last = lineRange(lines.upperBound)
        let oldLines = lines.map { n -> String in
            var line = Array(bytes[lineRange(n)])
            while let end = line.last, end == 0x0A || end == 0x0D { line.removeLast() }
            return String(decoding: line, as: UTF8.self)
        }
        // Keep the first line's marker ("> ", or "  > ") and the last line's end.
        let marker = String(oldLines[0].prefix { $0 == " " }) + "> "
        var ending = Array(bytes[last].reversed().prefix { $0 == 0x0A || $0 == 0x0D }.reversed())
        if ending.isEmpty && last.upperBound < bytes.count { ending = [0x0A] }
        let newLine = marker + escape(passage)
        var result = Array(bytes[..<first.lowerBound])
        result += Array(newLine.utf8) + ending
        result += bytes[last.upperBound...]
        return (result, Change(path: path, lines: lines, old: oldLines, new: newLine))
    }

    /// Backslash-escapes what Markdown would read as formatting, so the quote's plain text is
    /// exactly `text`.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_[]<>#!|~".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}

extension AnchorRepair {
    /// A fact check whose repair would change the claim it rates: kept as it is.
    public struct HeldRepair: Sendable, Equatable {
        public var note: String
        public var location: SourceLocation
        public var old: String
        public var new: String
        /// The words that differ and carry the claim: numbers, negations, names.
        public var changed: [String]
    }

    static let negations: Set<String> = ["not", "no", "never", "none", "nobody", "nothing", "neither", "nor",
                                         "cannot", "without", "n't", "nowhere"]

    /// The words of `old` and `new` that make a claim different, in order: numbers, negations
    /// and names (capitalised words) that one has and the other has not, each as "old → new"
    /// where they pair up. Empty when the two make the same claim.
    public static func claimChanges(old: String, new: String) -> [String] {
        func significant(_ text: String) -> [String] {
            var words: [String] = []
            var current = ""
            func flush() {
                guard !current.isEmpty else { return }
                let lower = current.lowercased()
                let first = current.unicodeScalars.first!
                if current.contains(where: \.isNumber) || negations.contains(lower) || lower.hasSuffix("n't")
                    || CharacterSet.uppercaseLetters.contains(first) {
                    words.append(lower.hasSuffix("n't") ? "n't" : current)
                }
                current = ""
            }
            for character in text {
                if character.isLetter || character.isNumber || character == "'" || character == "’"
                    || (!current.isEmpty && (character == "." || character == ",") && current.last!.isNumber) {
                    current.append(character == "’" ? "'" : character)
                } else {
                    flush()
                }
            }
            flush()
            // A number's trailing separator ("18," "18.") is punctuation, not part of it.
            return words.map { $0.hasSuffix(".") || $0.hasSuffix(",") ? String($0.dropLast()) : $0 }
        }
        // A name that only changed case ("council" → "Council") is the same word.
        let oldWords = Set(significant(old.lowercased()) + old.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
        let newWords = Set(new.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
        var gone = significant(old).filter { $0.first?.isUppercase != true || !newWords.contains($0.lowercased()) }
        var added = significant(new).filter { $0.first?.isUppercase != true || !oldWords.contains($0.lowercased()) }
        for word in Array(gone) {
            if let i = added.firstIndex(of: word), let j = gone.firstIndex(of: word) {
                added.remove(at: i)
                gone.remove(at: j)
            }
        }
        var changes: [String] = []
        for n in 0..<max(gone.count, added.count) {
            switch (n < gone.count ? gone[n] : nil, n < added.count ? added[n] : nil) {
            case let (a?, b?): changes.append("'\(a)' → '\(b)'")
            case let (a?, nil): changes.append("'\(a)' removed")
            case let (nil, b?): changes.append("'\(b)' added")
            default: break
            }
        }
        return changes
    }

    /// Rewrites, in their files under `siteDirectory`, the quotes of every repairable orphan
    /// (closest passage unique and at least 85% similar). A fact check whose repair changes a
    /// number, a negation or a name is held back (its verdict may no longer hold) unless
    /// `acceptClaimChanges`. Each file is rewritten once, from its last quote up so line numbers
    /// stay right, and replaced atomically. Returns the changes in file and line order, the
    /// repairs held back (or, accepted, to review), and the files that could not be rewritten.
    public static func fix(_ orphans: [OrphanedNote], siteDirectory: String, acceptClaimChanges: Bool = false)
        -> (changes: [Change], claims: [HeldRepair], failures: [String]) {
        var byFile: [String: [OrphanedNote]] = [:]
        var claims: [HeldRepair] = []
        for orphan in orphans where orphan.repairable && orphan.closest != nil {
            if orphan.note.kind == .factCheck,
               case let changed = claimChanges(old: orphan.note.quote, new: orphan.closest!), !changed.isEmpty {
                claims.append(HeldRepair(note: orphan.note.id, location: orphan.note.location, old: orphan.note.quote,
                                         new: orphan.closest!, changed: changed))
                if !acceptClaimChanges { continue }
            }
            byFile[orphan.note.file, default: []].append(orphan)
        }
        var changes: [Change] = []
        var failures: [String] = []
        for file in byFile.keys.sorted() {
            let url = URL(fileURLWithPath: siteDirectory + "/" + file)
            guard var bytes = try? [UInt8](Data(contentsOf: url)) else {
                failures.append("\(file): cannot be read")
                continue
            }
            var fileChanges: [Change] = []
            for orphan in byFile[file]!.sorted(by: { $0.note.quoteLines.lowerBound > $1.note.quoteLines.lowerBound }) {
                guard let (rewritten, change) = rewrite(bytes, path: file, lines: orphan.note.quoteLines,
                                                         passage: orphan.closest!) else { continue }
                bytes = rewritten
                fileChanges.append(change)
            }
            do {
                try Data(bytes).write(to: url, options: .atomic)
                changes += fileChanges.reversed()
            } catch {
                failures.append("\(file): \(error.localizedDescription)")
            }
        }
        return (changes, claims, failures)
    }
}
