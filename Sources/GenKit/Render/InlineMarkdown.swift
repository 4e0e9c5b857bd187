import ByteText
import Markdown

/// Titles and summaries written with inline Markdown (`*why*`, `` `code` ``): as HTML for the
/// page, and as plain text for `<title>`, meta tags, feeds and JSON-LD. Text without any
/// character that could start Markdown syntax is returned as it is, without parsing.
///
/// A citation (`[@key]`) is left out with the spaces before it, as it is of the summary made
/// from an article's first sentences: titles and summaries are shown in lists and feeds, where
/// no list of sources numbers it. An entity link shows its words (`[[Sofia Patel]]` "Sofia
/// Patel", `[[sofia-patel|the director]]` "the director"), not a link: a title is one in
/// lists. `\[@key\]`, `\[\[x\]\]` and code stay as written.
enum InlineMarkdown {
    static func mayHaveSyntax(_ text: String) -> Bool {
        text.utf8.contains { byte in
            byte == 0x2A || byte == 0x5F || byte == 0x60 || byte == 0x5C || byte == 0x3C || byte == 0x26 || byte == 0x5B || byte == 0x7E
        }
    }

    /// Inline HTML tags a title or summary may use: their text stays (the tags themselves are
    /// dropped, as raw HTML is in safe mode). Any other `<` is text: `<angles>` stays literal.
    static let inlineTags: Set<String> = ["b", "i", "em", "strong", "code", "sup", "sub", "small", "mark", "s", "u",
                                          "br", "span", "abbr", "cite", "q", "kbd", "var", "del", "ins", "dfn", "time"]

    /// `text` with every `<` that does not open or close one of `inlineTags` escaped.
    static func escapingStrayAngles(_ text: String) -> String {
        guard text.utf8.contains(0x3C) else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            let name = after.drop { $0 == "/" }.prefix { $0.isASCII && $0.isLetter }.lowercased()
            let next = after.drop { $0 == "/" }.dropFirst(name.count).first
            let isTag = inlineTags.contains(name) && (next == ">" || next == " " || next == "/")
            out += isTag ? "<" : "\\<"
            rest = after
        }
        return out + rest
    }

    /// The text as inline HTML (no paragraph around it). Anything that is not one paragraph of
    /// inline text, and links (a title is itself a link in lists), come out as plain text.
    static func html(_ text: String) -> String {
        guard mayHaveSyntax(text) else { return HTMLEscape.escape(text) }
        let text = withoutSiteSyntax(text)
        let rendered = MarkdownDocument(escapingStrayAngles(text)).renderHTML()
        guard rendered.hasPrefix("<p>"), rendered.hasSuffix("</p>\n"),
              rendered.components(separatedBy: "<p>").count == 2, !rendered.contains("<a ") else {
            return HTMLEscape.escape(plain(text))
        }
        return String(rendered.dropFirst(3).dropLast(5)).replacingOccurrences(of: "<!-- raw HTML omitted -->", with: "")
    }

    /// The text a reader sees, without the syntax: `*why*` is "why", `<b>x</b>` is "x".
    static func plain(_ text: String) -> String {
        guard mayHaveSyntax(text) else { return text }
        let text = withoutSiteSyntax(text)
        var out = ""
        for run in MarkdownDocument(escapingStrayAngles(text)).textRuns() {
            out += run.kind == .text || run.kind == .code ? run.text : " "
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// `text` (Markdown) without its citations and the spaces before each, and with the words of
    /// its entity links in their place; a backslash-escaped bracket and a code span are copied
    /// as they are.
    static func withoutSiteSyntax(_ text: String) -> String {
        guard text.utf8.contains(0x5B) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case 0x5C where i + 1 < bytes.count:
                out += bytes[i...(i + 1)]
                i += 2
            case 0x60:
                let end = codeSpanEnd(bytes, from: i)
                out += bytes[i..<end]
                i = end
            case 0x5B:
                if let link = EntityMarkup.explicitLink(at: i, in: bytes)?.link {
                    out += bytes[link.textStart..<link.textEnd]
                    i = link.end
                } else if let group = CitationParser.group(at: i, in: bytes),
                          // `[@jack](https://…)` is a link, whose text only looks like a citation.
                          group.range.upperBound == bytes.count || (bytes[group.range.upperBound] != 0x28 && bytes[group.range.upperBound] != 0x5B) {
                    while out.last == 0x20 { out.removeLast() }
                    i = group.range.upperBound
                } else {
                    out.append(0x5B)
                    i += 1
                }
            default:
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Where the code span opened by the backticks at `start` ends (after its closing run of as
    /// many backticks); without one, the opening run is text and ends there.
    static func codeSpanEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var open = start
        while open < bytes.count && bytes[open] == 0x60 { open += 1 }
        var i = open
        while i < bytes.count {
            guard bytes[i] == 0x60 else { i += 1; continue }
            var run = i
            while run < bytes.count && bytes[run] == 0x60 { run += 1 }
            if run - i == open - start { return run }
            i = run
        }
        return open
    }
}
