import ByteText

/// What Pagefind reads from a document's page besides its text: the filters a search can be
/// narrowed by (`tag`, `entity`, `verdict`, `kind` of note, `source`, `year`; `note`, a note's
/// kind and verdict together, for a search by both), the metadata a
/// result shows (`date_label`, the date as the page shows it; `date`, as ISO 8601; `publisher`;
/// `title` is the page's heading, `image` its first image)
/// and the `date` results can be sorted by (every document has one: an undated one sorts as
/// the oldest). One hidden block, made only when the site is
/// indexed (the theme's `search_filters`); Pagefind reads filters and metadata inside
/// `data-pagefind-ignore`, which keeps the block's words out of the text.
///
/// Pagefind keeps each filter's values in one file of its index, which a search by that filter
/// downloads whole: for names without bound (tags, entities, sources; a site may have
/// thousands) that was 230 KB for 1,000 entities. Those filters are split by the first letter
/// of the value, `entity-t` for "Tony Blair" (`-0` for a digit, `-other` for anything else),
/// so that a search by one entity reads one letter's file; `assets/search.js` asks for the
/// filter the same way and shows one list per filter.
enum SearchMarkup {
    /// The filters split by initial.
    static let splitFilters: Set<String> = ["tag", "entity", "source"]

    /// The Pagefind filter that holds `value` of `filter`.
    static func filterKey(_ filter: String, for value: String) -> String {
        guard splitFilters.contains(filter) else { return filter }
        guard let first = value.utf8.first else { return filter + "-other" }
        switch first {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return filter + "-" + String(UnicodeScalar(first | 0x20))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return filter + "-" + String(UnicodeScalar(first))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return filter + "-0"
        default: return filter + "-other"
        }
    }

    /// The `date` sort key of a document without a date: before every ISO 8601 date.
    static let undatedSortKey = "0000-00-00"

    static func filters(_ rendered: RenderedArticle, tags: [String], entities: [String],
                        sourceTitles: [String: String]) -> [UInt8] {
        let article = rendered.article
        var html: [UInt8] = []
        html.reserveCapacity(512)
        html.append(raw: "<div hidden data-pagefind-ignore>")
        func element(_ attribute: StaticString, _ name: String, _ value: String) {
            guard !value.isEmpty else { return }
            html.append(raw: "<span ")
            html.append(raw: attribute)
            html.append(raw: "=\"")
            html += name.utf8
            html.append(raw: "\">")
            HTMLEscape.append(value, to: &html)
            html.append(raw: "</span>")
        }
        if let date = article.date {
            element("data-pagefind-filter", "year", String(date.year))
            element("data-pagefind-meta", "date", date.isoDate)
            element("data-pagefind-meta", "date_label", rendered.displayDate ?? date.display)
            element("data-pagefind-sort", "date", date.isoDate)
        } else {
            // Pagefind leaves a page without the sort key out of a sorted search altogether (a
            // search by filters alone is sorted by date): an undated article or page sorts as the
            // oldest instead, last in a list newest first.
            element("data-pagefind-sort", "date", undatedSortKey)
        }
        if let publisher = article.publisher { element("data-pagefind-meta", "publisher", publisher) }
        for tag in tags { element("data-pagefind-filter", filterKey("tag", for: tag), tag) }
        for entity in entities { element("data-pagefind-filter", filterKey("entity", for: entity), entity) }
        var verdicts: [String] = [], kinds: [String] = [], pairs: [String] = []
        for anchored in rendered.anchored {
            let kind = anchored.note.kind.rawValue
            if let verdict = anchored.note.publishedVerdict {
                if !verdicts.contains(verdict) { verdicts.append(verdict) }
                // A verdict and a kind asked for together select a note that has both.
                if case let pair = kind + " " + verdict, !pairs.contains(pair) { pairs.append(pair) }
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        for verdict in verdicts.sorted() { element("data-pagefind-filter", "verdict", verdict) }
        for kind in kinds.sorted() { element("data-pagefind-filter", "kind", kind) }
        for pair in pairs.sorted() { element("data-pagefind-filter", "note", pair) }
        for key in rendered.citedKeys {
            let title = sourceTitles[key] ?? key
            element("data-pagefind-filter", filterKey("source", for: title), title)
        }
        html.append(raw: "</div>\n")
        return html
    }
}
