import ByteText
import Templates
/// The house style of a reference: authors (date). “Title”. Container. Publisher. Link,
/// archived copy, accessed date. Written as HTML, every value escaped.
public enum SourceFormatter {
    /// In the site's language (`labels`): its dates, "and", "archived copy" and "Accessed".
    public static func html(_ source: SourceRecord, labels: ThemeLabels, linked: Bool = true) -> String {
        var parts: [String] = []
        let authors = source.authors.map(\.display)
        var lead = ""
        if !authors.isEmpty {
            lead = authors.count == 1 ? authors[0]
                : authors.dropLast().joined(separator: ", ") + " \(labels["and"]) " + authors.last!
            lead = HTMLEscape.escape(lead)
            if let date = source.issued { lead += " (\(HTMLEscape.escape(labels.date(date))))" }
            parts.append(lead)
        }
        if let title = source.title {
            let isBook = ["book", "report", "thesis", "motion_picture"].contains(source.type)
            parts.append(isBook ? "<cite>\(HTMLEscape.escape(title))</cite>" : "\u{201C}\(HTMLEscape.escape(title))\u{201D}")
        }
        if let container = source.containerTitle { parts.append("<cite>\(HTMLEscape.escape(container))</cite>") }
        if let publisher = source.publisher, publisher != source.containerTitle { parts.append(HTMLEscape.escape(publisher)) }
        if authors.isEmpty, let date = source.issued { parts.append(HTMLEscape.escape(labels.date(date))) }
        var html = parts.joined(separator: ". ")
        if !html.isEmpty && !html.hasSuffix(".") { html += "." }
        var links: [String] = []
        if let url = source.url {
            links.append(linked ? "<a class=\"source-url\" href=\"\(HTMLEscape.escape(url))\" rel=\"noopener\">\(HTMLEscape.escape(shortURL(url)))</a>" : HTMLEscape.escape(shortURL(url)))
        }
        if let archived = source.archived {
            let words = HTMLEscape.escape(labels["archived_copy"])
            links.append(linked ? "<a class=\"source-archived\" href=\"\(HTMLEscape.escape(archived))\" rel=\"noopener\">\(words)</a>" : words)
        }
        if !links.isEmpty { html += " " + links.joined(separator: ", ") + "." }
        if let accessed = source.accessed {
            html += " " + HTMLEscape.escape(labels["accessed"].replacingOccurrences(of: "{date}", with: labels.date(accessed))) + "."
        }
        return html.isEmpty ? HTMLEscape.escape(source.id) : html
    }

    /// The reference as plain text (for tooltips' accessible descriptions and JSON-LD names).
    public static func text(_ source: SourceRecord, labels: ThemeLabels) -> String {
        let text = html(source, labels: labels, linked: false).replacingOccurrences(of: "<cite>", with: "").replacingOccurrences(of: "</cite>", with: "")
        return HTMLEscape.unescape(text)
    }

    /// `example.org/path` for `https://www.example.org/path/`.
    static func shortURL(_ url: String) -> String {
        var text = Substring(url)
        for scheme in ["https://", "http://"] where text.hasPrefix(scheme) { text = text.dropFirst(scheme.count) }
        if text.hasPrefix("www.") { text = text.dropFirst(4) }
        if text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }

}

import Foundation
