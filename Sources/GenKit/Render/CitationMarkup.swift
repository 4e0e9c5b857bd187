import ByteText
import Templates
import Foundation
import Markdown

/// Turns `[@key]` citations in an article into numbered links to its Sources list: each page
/// numbers its sources in the order they are first cited, a source cited twice keeps its
/// number, and every citing place gets an id the list links back to.
public struct CitationMarkup: Sendable {
    public struct Result: Sendable {
        /// Cited keys in number order.
        public var keys: [String] = []
        /// For each key, the ids of the places that cite it.
        public var places: [String: [String]] = [:]
        public var spans: [TextSpan] = []
        public var diagnostics = DiagnosticList()
        public var sourcesBytes: [UInt8] = []
    }

    let sources: [String: SourceRecord]
    let sortedKeys: [String]
    /// Each source's reference, formatted once: as in the Sources list, and unlinked for the
    /// tooltip beside each citation.
    let references: [String: (listed: String, tip: String)]

    let labels: ThemeLabels
    /// Whether `sources` is the whole bibliography: when a file of it could not be read (its
    /// error said so), a key not found is no error of the citation's.
    let complete: Bool

    public init(sources: [SourceRecord], complete: Bool = true, labels: ThemeLabels = ThemeLabels(language: "en")) {
        self.labels = labels
        self.complete = complete
        var byKey: [String: SourceRecord] = [:]
        for source in sources { byKey[source.id] = source }
        self.sources = byKey
        self.sortedKeys = byKey.keys.sorted()
        self.references = byKey.mapValues { (SourceFormatter.html($0, labels: labels), SourceFormatter.html($0, labels: labels, linked: false)) }
    }

    /// Whether `body` may hold a citation at all (a cheap test before walking the tree).
    static func mayCite(_ body: String) -> Bool {
        var body = body
        return body.withUTF8 { bytes in
            bytes.count > 0 && memchr(bytes.baseAddress!, Int32(UInt8(ascii: "@")), bytes.count) != nil
        }
    }

    func run(_ article: Article, runs: [TextRun]) -> Result {
        var result = Result()
        result.spans = cite(runs, path: article.path, bodyLine: article.bodyLine, into: &result)
        result.sourcesBytes = sourceList(result)
        return result
    }

    /// Finds the citations in `runs` (of a file at `path` whose Markdown starts on `bodyLine`),
    /// numbering on from `result`: the article first, then its notes, share one numbering.
    /// Returns the spans that replace them.
    func cite(_ runs: [TextRun], path: String, bodyLine: Int, into result: inout Result) -> [TextSpan] {
        var spans: [TextSpan] = []
        var suggestionsLeft = Self.suggestionsPerDocument
        var index = 0
        while index < runs.count {
            guard runs[index].kind == .text else { index += 1; continue }
            // A sequence of text and line breaks in one block; code spans and blocks end it.
            var end = index
            var starts: [Int] = []
            var text = ""
            // The brackets and `@` written with a backslash: `\[@key\]` is not a citation.
            var escaped: [Int] = []
            while end < runs.count, runs[end].block == runs[index].block,
                  runs[end].kind == .text || runs[end].kind == .lineBreak {
                let start = text.utf8.count
                starts.append(start)
                escaped += runs[end].escaped.map { start + $0 }
                text += runs[end].text
                end += 1
            }
            let bytes = Array(text.utf8)
            // Columns counted on from the last diagnostic's: citations come in order.
            var counted = CharacterCount(from: 0)
            let groups = CitationParser.groups(in: text)
            // Pandoc's in-text form (`@key says`, `@key [p. 4]`), which gen does not read: a
            // bare `@key` of the bibliography is said, at its place, before the bracketed ones.
            if complete, !sources.isEmpty {
                for (at, key) in Self.bareKeys(in: bytes, outside: groups.map(\.range))
                where sources.index(forKey: key) != nil && !SourceEscapes.any(of: escaped, in: at..<(at + 1)) {
                    let runOffset = (starts.lastIndex { $0 <= at } ?? 0)
                    let run = runs[index + runOffset]
                    var fromStart = CharacterCount(from: 0)
                    let column = run.column + fromStart.characters(to: at, in: bytes, from: starts[runOffset])
                    result.diagnostics.warning("'@\(key)' is not a citation: gen reads Pandoc's bracketed form only",
                                               at: SourceLocation(path, line: run.line + bodyLine - 1, column: max(1, column)),
                                               notes: [.init("write [@\(key)] to cite it (with a locator: [@\(key), p. 4])")])
                }
            }
            for var group in groups
            where !SourceEscapes.any(of: escaped, in: group.range) {
                // A numbered citation sits against the word it follows: "volunteer¹".
                if group.range.lowerBound > 0, bytes[group.range.lowerBound - 1] == 0x20 {
                    group.range = (group.range.lowerBound - 1)..<group.range.upperBound
                }
                cite(group, runs: runs, first: index, starts: starts, bytes: bytes, path: path, bodyLine: bodyLine,
                     counted: &counted, suggestionsLeft: &suggestionsLeft, into: &result, spans: &spans)
            }
            index = end
        }
        return spans
    }

    /// Each `@key` of `bytes` outside the bracketed citations (`outside`, in order) that starts
    /// a word (at the start, or after a space, `(` or `-`), with its offset: Pandoc's in-text
    /// citations. A trailing `.`, `,`, `:` or `;` is not part of the key. An e-mail address's
    /// `@` follows a letter and is none.
    static func bareKeys(in bytes: [UInt8], outside ranges: [Range<Int>]) -> [(Int, String)] {
        var found: [(Int, String)] = []
        var next = 0
        var i = 0
        while let at = bytes[i...].firstIndex(of: 0x40) {
            i = at + 1
            while next < ranges.count, ranges[next].upperBound <= at { next += 1 }
            if next < ranges.count, ranges[next].contains(at) { continue }
            if at > 0, ![0x20, 0x28, 0x2D, 0x0A].contains(bytes[at - 1]) { continue }
            var end = at + 1
            func isKeyByte(_ b: UInt8) -> Bool {
                (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b >= 0x80 || "_:.#$%&-+?<>~/".utf8.contains(b)
            }
            while end < bytes.count, isKeyByte(bytes[end]) { end += 1 }
            while end > at + 1, ".,:;?".utf8.contains(bytes[end - 1]) { end -= 1 }
            guard end > at + 1 else { continue }
            found.append((at, String(decoding: bytes[(at + 1)..<end], as: UTF8.self)))
        }
        return found
    }

    /// How many unknown keys of one document get the closest known ones suggested.
    static let suggestionsPerDocument = 20

    private func cite(_ group: CitationGroup, runs: [TextRun], first: Int, starts: [Int], bytes: [UInt8],
                      path: String, bodyLine: Int, counted: inout CharacterCount, suggestionsLeft: inout Int,
                      into result: inout Result, spans: inout [TextSpan]) {
        var unknown = false
        for item in group.items where sources.index(forKey: item.key) == nil {
            unknown = true
            guard complete else { continue }
            // Where the citation is, worked out only for a diagnostic (counting characters is slow).
            let citeStart = bytes[group.range.lowerBound] == 0x20 ? group.range.lowerBound + 1 : group.range.lowerBound
            let runOffset = (starts.lastIndex { $0 <= citeStart } ?? 0)
            let run = runs[first + runOffset]
            let column = run.column + counted.characters(to: citeStart, in: bytes, from: starts[runOffset])
            let location = SourceLocation(path, line: run.line + bodyLine - 1, column: max(1, column))
            // The closest keys for the first few (each search reads the whole bibliography).
            suggestionsLeft -= 1
            var notes: [Diagnostic.Note] = suggestionsLeft < 0 ? []
                : Suggestions.closest(to: item.key, in: sortedKeys).map { .init("did you mean '@\($0)'?") }
            if sources.isEmpty {
                notes.append(.init("add it to content/sources.yaml (CSL-YAML) or content/sources.json (CSL-JSON)"))
            } else if notes.isEmpty {
                notes.append(.init("add an entry with 'id: \(item.key)' to the bibliography (content/sources.yaml or content/sources.json)"))
            }
            result.diagnostics.error("unknown source '@\(item.key)'", at: location, notes: notes)
        }
        // Shown as written, but not the author's words either: a quote runs across it as across
        // a known one, so that one slip is one error.
        guard !unknown else {
            var literal: [UInt8] = []
            HTMLEscape.append(String(decoding: bytes[group.range], as: UTF8.self), to: &literal)
            return replace(group, with: String(decoding: literal, as: UTF8.self), runs: runs, first: first, starts: starts,
                           bytes: bytes, spans: &spans)
        }
        // Written as bytes (a String grows more slowly, append by append).
        var out: [UInt8] = []
        out.reserveCapacity(400 * group.items.count)
        // Bracketed numbers, so a source is never read as a note's badge or a footnote.
        out.append(raw: "<span class=\"citations\" data-gen-added>[")
        for (n, item) in group.items.enumerated() {
            if n > 0 { out.append(raw: "; ") }
            if !item.prefix.isEmpty {
                HTMLEscape.append(item.prefix, to: &out)
                out.append(raw: " ")
            }
            let number: Int
            if let known = result.keys.firstIndex(of: item.key) { number = known + 1 } else {
                result.keys.append(item.key)
                number = result.keys.count
            }
            let place = "cite-" + item.key + "-" + String((result.places[item.key]?.count ?? 0) + 1)
            result.places[item.key, default: []].append(place)
            var escapedPlace: [UInt8] = []
            HTMLEscape.append(place, to: &escapedPlace)
            out.append(raw: "<a class=\"citation\" data-source=\"")
            HTMLEscape.append(item.key, to: &out)
            out.append(raw: "\" href=\"#source-")
            HTMLEscape.append(item.key, to: &out)
            out.append(raw: "\" id=\"")
            out += escapedPlace
            out.append(raw: "\" aria-describedby=\"tip-")
            out += escapedPlace
            out.append(raw: "\">")
            out += String(number).utf8
            out.append(raw: "</a><span class=\"citation-tip\" role=\"tooltip\" id=\"tip-")
            out += escapedPlace
            out.append(raw: "\">")
            HTMLEscape.appendRaw(references[item.key]!.tip, to: &out)
            out.append(raw: "</span>")
            if !item.locator.isEmpty {
                out.append(raw: ", ")
                HTMLEscape.append(item.locator, to: &out)
            }
        }
        out.append(raw: "]</span>")
        replace(group, with: String(decoding: out, as: UTF8.self), runs: runs, first: first, starts: starts, bytes: bytes,
                spans: &spans)
    }

    /// Spans that put `html` in place of `group`. The group may run over several runs (cmark-gfm
    /// splits text at brackets): the first piece is replaced by the HTML, the others removed.
    /// A line break just before the bracket goes with it, as a space would.
    private func replace(_ group: CitationGroup, with html: String, runs: [TextRun], first: Int, starts: [Int], bytes: [UInt8],
                         spans: inout [TextSpan]) {
        var written = false
        for (k, start) in starts.enumerated() {
            let runEnd = k + 1 < starts.count ? starts[k + 1] : bytes.count
            let s = max(start, group.range.lowerBound), e = min(runEnd, group.range.upperBound)
            guard s < e, runs[first + k].kind == .text || runs[first + k].kind == .lineBreak else { continue }
            spans.append(TextSpan(run: first + k, start: s - start, end: e - start,
                                         open: written ? "" : html, close: "", replaces: true))
            written = true
        }
    }

    /// The Sources list, as UTF-8 (it goes into the page as it is).
    func sourceList(_ result: Result) -> [UInt8] {
        guard !result.keys.isEmpty else { return [] }
        var html: [UInt8] = []
        html.reserveCapacity(512 * result.keys.count)
        func add(_ text: String) { html.append(contentsOf: text.utf8) }
        add("<section class=\"sources\" aria-labelledby=\"sources-heading\">\n<h2 id=\"sources-heading\">")
        HTMLEscape.append(labels["sources"], to: &html)
        add("</h2>\n<ol class=\"source-list\">\n")
        for (number, key) in result.keys.enumerated() {
            let places = result.places[key] ?? []
            add("<li id=\"source-")
            HTMLEscape.append(key, to: &html)
            add("\">")
            add(references[key]!.listed)
            add(" <span class=\"source-backlinks\">")
            for (n, place) in places.enumerated() {
                add("<a href=\"#")
                HTMLEscape.append(place, to: &html)
                add("\" aria-label=\"")
                // The source's number, as its citations show it, and which of its places.
                HTMLEscape.append(labels["back_to_citation"] + " \(number + 1)" + (places.count > 1 ? " (\(n + 1))" : ""), to: &html)
                add("\">")
                add(places.count == 1 ? "↩" : "↩\(n + 1)")
                add("</a>")
                if n + 1 < places.count { html.append(0x20) }
            }
            add("</span></li>\n")
        }
        add("</ol>\n</section>\n")
        return html
    }
}
