import ByteText

/// What Pagefind reads from a document's page besides its text: the filters a search can be
/// narrowed by (`tag`, `entity`, `verdict`, `kind` of note, `source`, `year`), the metadata a
/// result shows (`date`, `publisher`; `title` is the page's heading, `image` its first image)
/// and the `date` results can be sorted by. One hidden block, made only when the site is
/// indexed (the theme's `search_filters`); Pagefind reads filters and metadata inside
/// `data-pagefind-ignore`, which keeps the block's words out of the text.
enum SearchMarkup {
    static func filters(_ rendered: RenderedArticle, tags: [String], entities: [String],
                        sourceTitles: [String: String]) -> [UInt8] {
        let article = rendered.article
        var html: [UInt8] = []
        html.reserveCapacity(512)
        html.append(raw: "<div hidden data-pagefind-ignore>")
        func element(_ attribute: StaticString, _ name: StaticString, _ value: String) {
            guard !value.isEmpty else { return }
            html.append(raw: "<span ")
            html.append(raw: attribute)
            html.append(raw: "=\"")
            html.append(raw: name)
            html.append(raw: "\">")
            HTMLEscape.append(value, to: &html)
            html.append(raw: "</span>")
        }
        if let date = article.date {
            element("data-pagefind-filter", "year", String(date.year))
            element("data-pagefind-meta", "date", date.isoDate)
            element("data-pagefind-sort", "date", date.isoDate)
        }
        if let publisher = article.publisher { element("data-pagefind-meta", "publisher", publisher) }
        for tag in tags { element("data-pagefind-filter", "tag", tag) }
        for entity in entities { element("data-pagefind-filter", "entity", entity) }
        var verdicts: [String] = [], kinds: [String] = []
        for anchored in rendered.anchored {
            if let verdict = anchored.note.verdict, !verdicts.contains(verdict) { verdicts.append(verdict) }
            let kind = anchored.note.kind.rawValue
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        for verdict in verdicts.sorted() { element("data-pagefind-filter", "verdict", verdict) }
        for kind in kinds.sorted() { element("data-pagefind-filter", "kind", kind) }
        for key in rendered.citedKeys { element("data-pagefind-filter", "source", sourceTitles[key] ?? key) }
        html.append(raw: "</div>\n")
        return html
    }
}
