/// The cross-page indexes of a site: which articles carry which tag, in list order.
public struct SiteIndex: Sendable {
    public struct Tag: Sendable {
        public var name: String
        public var slug: String
        /// Positions in the sorted article list.
        public var articleIndices: [Int]
    }

    public var tags: [Tag]
    var tagContexts: [String: TagContext]

    /// Builds the indexes over `articles` (already in list order). Spellings of a tag that make
    /// the same slug ("US Election", "us-election") share one page, named by the most used
    /// spelling, with a warning, as Hugo folds tags by case.
    public static func build(_ articles: [Article], diagnostics: inout DiagnosticList) -> SiteIndex {
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
        var tags: [Tag] = []
        var contexts: [String: TagContext] = [:]
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
            tags.append(Tag(name: name, slug: slug, articleIndices: indices))
            let context = TagContext(name: name, slug: slug, count: indices.count)
            for spelling in names { contexts[spelling] = context }
        }
        return SiteIndex(tags: tags, tagContexts: contexts)
    }

    /// The tags of an article as shown on its page: in its own order, each page once.
    func tagContexts(of article: Article) -> [TagContext] {
        var seen = Set<String>()
        return article.tags.compactMap { tagContexts[$0] }.filter { seen.insert($0.slug).inserted }
    }
}
