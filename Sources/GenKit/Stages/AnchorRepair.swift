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
    /// Rewrites, in their files under `siteDirectory`, the quotes of every repairable orphan
    /// (closest passage unique and at least 85% similar). Each file is rewritten once, from its
    /// last quote up so line numbers stay right, and replaced atomically. Returns the changes in
    /// file and line order, and the files that could not be rewritten.
    public static func fix(_ orphans: [OrphanedNote], siteDirectory: String) -> (changes: [Change], failures: [String]) {
        var byFile: [String: [OrphanedNote]] = [:]
        for orphan in orphans where orphan.repairable && orphan.closest != nil {
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
        return (changes, failures)
    }
}
