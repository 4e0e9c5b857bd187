import ByteText
import Templates
/// The house style of a reference, close to Chicago's author-date: authors (date, or "n.d.").
/// “Title”. In Container volume (number): pages. Edited by editors. Translated by translators.
/// 2nd ed. Place: Publisher. DOI or link, archived copy, accessed date. Written as HTML, every
/// value escaped.
public enum SourceFormatter {
    /// In the site's language (`labels`): its dates, "n.d.", "and", "In", "Edited by",
    /// "Translated by", "ed." after an edition's ordinal, "archived copy" and "Accessed".
    public static func html(_ source: SourceRecord, labels: ThemeLabels, linked: Bool = true) -> String {
        var parts: [String] = []
        let authors = source.authors.map(\.display)
        // Without authors, the editors lead ("Hiro Nakamura and Tolu Adeyemi, eds. (2020)").
        let editorsLead = authors.isEmpty && !source.editors.isEmpty
        if !authors.isEmpty || editorsLead {
            var lead = HTMLEscape.escape(editorsLead
                ? names(source.editors.map(\.display), labels: labels) + ", " + labels[source.editors.count == 1 ? "editor_short" : "editors_short"]
                : names(authors, labels: labels, shortened: true))
            // Chicago's author-date style: a work without a date has "n.d." where its year goes.
            lead += " (\(HTMLEscape.escape(source.issued.map(labels.date) ?? labels["no_date"])))"
            parts.append(lead)
        }
        if let title = source.title {
            let isBook = ["book", "report", "thesis", "motion_picture"].contains(source.type)
            parts.append(isBook ? "<cite>\(HTMLEscape.escape(title))</cite>" : "\u{201C}\(HTMLEscape.escape(title))\u{201D}")
        }
        // "Technical report FCERM-2022-07", "PhD thesis": what kind of work, and its number.
        if case let kind = [source.genre, source.number].compactMap({ $0 }).filter({ !$0.isEmpty }), !kind.isEmpty {
            parts.append(HTMLEscape.escape(kind.joined(separator: " ")))
        }
        let inSerial = serialTypes.contains(source.type)
        if let container = source.containerTitle {
            var part = "<cite>\(HTMLEscape.escape(container))</cite>"
            if partTypes.contains(source.type) { part = HTMLEscape.escape(labels["in"]) + " " + part }
            if inSerial { part += volumeAndIssue(source).map { " " + $0 } ?? "" }
            if let page = source.page { part += (inSerial ? ": " : ", ") + HTMLEscape.escape(pageRange(page)) }
            parts.append(part)
        } else if inSerial, let numbers = volumeAndIssue(source) {
            parts.append(numbers + (source.page.map { ": " + HTMLEscape.escape(pageRange($0)) } ?? ""))
        } else if let page = source.page {
            parts.append(HTMLEscape.escape(pageRange(page)))
        }
        if !source.editors.isEmpty && !editorsLead {
            let editors = names(source.editors.map(\.display), labels: labels)
            parts.append(HTMLEscape.escape(labels["edited_by"].replacingOccurrences(of: "{names}", with: editors)))
        }
        if !source.translators.isEmpty {
            let translators = names(source.translators.map(\.display), labels: labels)
            parts.append(HTMLEscape.escape(labels["translated_by"].replacingOccurrences(of: "{names}", with: translators)))
        }
        if let edition = source.edition?.trimmingCharacters(in: .whitespaces), !edition.isEmpty {
            parts.append(HTMLEscape.escape(labels.edition(edition)))
        }
        let publisher = source.publisher == source.containerTitle ? nil : source.publisher
        switch (source.publisherPlace, publisher) {
        case (let place?, let publisher?): parts.append(HTMLEscape.escape(place + ": " + publisher))
        case (let place?, nil): parts.append(HTMLEscape.escape(place))
        case (nil, let publisher?): parts.append(HTMLEscape.escape(publisher))
        case (nil, nil): break
        }
        if authors.isEmpty, !editorsLead, let date = source.issued { parts.append(HTMLEscape.escape(labels.date(date))) }
        // A part that ends with its own full stop ("2nd ed.", "Jr.") takes no second one.
        var html = parts.first ?? ""
        for part in parts.dropFirst() { html += (html.hasSuffix(".") ? " " : ". ") + part }
        if !html.isEmpty && !html.hasSuffix(".") { html += "." }
        var links: [String] = []
        if let doi = source.doiURL {
            links.append(linked ? "<a class=\"source-doi\" href=\"\(HTMLEscape.escape(doi))\" rel=\"noopener\">\(HTMLEscape.escape(doi))</a>" : HTMLEscape.escape(doi))
        }
        if let url = source.url, url != source.doiURL {
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

    /// Types whose container is a journal, magazine or newspaper: "Container 12 (3): 45–67".
    static let serialTypes: Set<String> = ["article-journal", "article-magazine", "article-newspaper", "article",
                                           "review", "review-book", "periodical"]
    /// Types that are a part of their container (a book, proceedings, a dictionary): "In Container, 45–67".
    static let partTypes: Set<String> = ["chapter", "paper-conference", "entry", "entry-dictionary", "entry-encyclopedia"]

    /// "A", "A and B", "A, B and C"; `shortened`, more than ten as Chicago's style has them:
    /// the first seven, then "et al.".
    static func names(_ names: [String], labels: ThemeLabels, shortened: Bool = false) -> String {
        if shortened, names.count > 10 { return names.prefix(7).joined(separator: ", ") + " " + labels["et_al"] }
        return names.count <= 1 ? names.first ?? "" : names.dropLast().joined(separator: ", ") + " \(labels["and"]) " + names.last!
    }

    /// "12 (3)", "12", "(3)", escaped; nil without either.
    static func volumeAndIssue(_ source: SourceRecord) -> String? {
        switch (source.volume, source.issue) {
        case (let volume?, let issue?): return HTMLEscape.escape(volume) + " (" + HTMLEscape.escape(issue) + ")"
        case (let volume?, nil): return HTMLEscape.escape(volume)
        case (nil, let issue?): return "(" + HTMLEscape.escape(issue) + ")"
        case (nil, nil): return nil
        }
    }

    /// A page range with an en dash between its numbers, as citeproc writes it: `45-67` and
    /// `45--67` become `45–67`; anything else (`xii`, `45, 48`) is kept as written.
    static func pageRange(_ page: String) -> String {
        let pieces = page.components(separatedBy: "-").filter { !$0.isEmpty }
        guard pieces.count == 2, page.allSatisfy({ $0 == "-" || $0.isNumber || $0.isLetter || $0 == " " }),
              pieces.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return page }
        return pieces.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\u{2013}")
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
