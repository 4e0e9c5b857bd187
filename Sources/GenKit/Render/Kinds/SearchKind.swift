import Templates

/// The search page, `search/index.html`, made only when the site is indexed for search: a
/// form whose query and filters are the page's address (`search/?q=farage&verdict=false`), and
/// the theme's script that asks Pagefind's index (`pagefind/`) and lists the results.
struct SearchKind: PageKind {
    var name: String { "search" }
    var template: PageTemplate { .template("search") }
    var phase: PagePhase { .lists }
    var inSitemap: Bool { false }

    func items(in site: SiteContent) -> [Int] { site.config.search.indexed ? [0] : [] }
    func path(of item: Int, in site: SiteContent) -> String { "search/index.html" }
    func dependsOn(_ change: SiteChange, item: Int, in site: SiteContent) -> Bool { false }

    func render(_ item: Int, in environment: PageEnvironment) -> OutputFile {
        let verdicts = environment.config.verdicts.map { verdict -> TemplateValue in
            .dictionary(["key": .string(verdict.key), "label": .string(verdict.label)])
        }
        let kinds = Note.Kind.allCases.map { kind -> TemplateValue in
            .dictionary(["key": .string(kind.rawValue), "label": .string(NoteMarkup.kindLabel(kind))])
        }
        return environment.page(self, title: "Search", path: "search/", root: SitePath.root(depth: 1),
                                file: "search/index.html",
                                extra: ["verdicts": .list(verdicts), "note_kinds": .list(kinds),
                                        "search_parts": .string((1..<environment.site.searchParts).map(Pagefind.partFolder).joined(separator: " "))])
    }
}

extension SiteContent {
    /// How many parts the search index is made in (`Pagefind.partCount`): from the pages it may
    /// index, the documents and the entities, known before any page is made (the search page
    /// names the parts).
    var searchParts: Int { Pagefind.partCount(pages: documents.count + entities.entities.count) }
}
