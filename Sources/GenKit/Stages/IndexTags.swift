/// The index stage: gathers the site's tags over the articles in list order.
enum IndexTags {
    /// Builds the indexes over `articles` (already in list order). Spellings of a tag that make
    /// the same slug ("US Election", "us-election") share one page, named by the most used
    /// spelling, with a warning, as Hugo folds tags by case.
    static func run(_ articles: [Article], diagnostics: inout DiagnosticList) -> SiteIndex {
        var bySlug: [String: [String: [Int]]] = [:]
        var firstUse: [String: SourceLocation] = [:]
        // A site has few tags and many articles: each name's slug is made once.
        var slugs: [String: String] = [:]
        for (i, article) in articles.enumerated() {
            for name in Set(article.tags) {
                let slug = slugs[name] ?? Slug.make(from: name)
                slugs[name] = slug
                if firstUse[name] == nil { firstUse[name] = SourceLocation(article.path) }
                guard !slug.isEmpty else { continue }
                bySlug[slug, default: [:]][name, default: []].append(i)
            }
        }
        for name in firstUse.keys.sorted() where slugs[name]?.isEmpty ?? true {
            diagnostics.warning("tag '\(name)' has no letters or digits and gets no page", at: firstUse[name])
        }
        var tags: [SiteIndex.Tag] = []
        for slug in bySlug.keys.sorted() {
            let spellings = bySlug[slug]!
            let names = spellings.keys.sorted { (spellings[$0]!.count, $1) > (spellings[$1]!.count, $0) }
            let name = names[0]
            if names.count > 1 {
                diagnostics.warning("tags \(names.map { "'\($0)'" }.joined(separator: ", ")) share the page tags/\(slug)/ as '\(name)'",
                                    at: firstUse[names[1]],
                                    notes: [.init("'\(name)' is used here", at: firstUse[name])])
            }
            let indices = Array(Set(spellings.values.joined())).sorted()
            tags.append(SiteIndex.Tag(name: name, slug: slug, spellings: names, articleIndices: indices))
        }
        return SiteIndex(tags: tags)
    }
}
