import Templates

/// The search page, `search/index.html`, made only when the site is indexed for search: a
/// form whose query and filters are the page's address (`search/?q=farage&verdict=false`), and
/// the theme's script that asks Pagefind's index (`pagefind/`) and lists the results.
struct SearchKind: TemplatedPageKind {
    var name: String { "search" }
    var templateName: String { "search" }
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

extension SearchKind {
    /// A site's own search page template that does not name the index's further parts
    /// (`search_parts`, in it or a partial or parent) searches only the first part of a large
    /// site's index: a warning at the template, said when the site is indexed in parts.
    static func unnamedParts(_ theme: Theme, in site: SiteContent) -> [Diagnostic] {
        guard site.config.search.indexed, site.searchParts > 1, let origin = theme.origins["search"],
              origin.hasPrefix(Theme.folder + "/") else { return [] }
        let named = theme.uses("search").contains { name in theme.library[name]?.names.contains { $0.parts == ["search_parts"] } ?? false }
        if named { return [] }
        return [.warning("the search page does not name the further parts of the search index: it searches only the first",
                         at: SourceLocation(origin),
                         notes: [.init("this site's index is made in \(site.searchParts) parts; merge those that '{{search_parts}}' names "
                                       + "with Pagefind's mergeIndex, as gen's own search page does (docs/templates.md)")])]
    }
}

extension SiteContent {
    /// How many parts the search index is made in (`Pagefind.partCount`): from the pages it may
    /// index, the documents and the entities, known before any page is made (the search page
    /// names the parts).
    var searchParts: Int { Pagefind.partCount(pages: documents.count + entities.entities.count) }
}
