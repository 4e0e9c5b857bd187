import ByteText
import Markdown

/// Titles and summaries written with inline Markdown (`*why*`, `` `code` ``): as HTML for the
/// page, and as plain text for `<title>`, meta tags, feeds and JSON-LD. Text without any
/// character that could start Markdown syntax is returned as it is, without parsing.
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
        var out = ""
        for run in MarkdownDocument(escapingStrayAngles(text)).textRuns() {
            out += run.kind == .text || run.kind == .code ? run.text : " "
        }
        return out.trimmingCharacters(in: .whitespaces)
    }
}
