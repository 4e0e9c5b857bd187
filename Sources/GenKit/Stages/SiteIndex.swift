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

    /// Builds the indexes over `articles` (already in list order); two tag names that make
    /// the same slug are reported, since they would share a page.
    public static func build(_ articles: [Article], diagnostics: inout DiagnosticList) -> SiteIndex {
        var byName: [String: [Int]] = [:]
        var firstUse: [String: SourceLocation] = [:]
        for (i, article) in articles.enumerated() {
            for tag in Set(article.tags) {
                byName[tag, default: []].append(i)
                if firstUse[tag] == nil { firstUse[tag] = SourceLocation(article.path) }
            }
        }
        var bySlug: [String: String] = [:]
        var tags: [Tag] = []
        for name in byName.keys.sorted() {
            let slug = Slug.make(from: name)
            if slug.isEmpty {
                diagnostics.warning("tag '\(name)' has no letters or digits and gets no page", at: firstUse[name])
                continue
            }
            if let other = bySlug[slug] {
                diagnostics.error("tags '\(other)' and '\(name)' would share the page tags/\(slug)/",
                                  at: firstUse[name], notes: [.init("'\(other)' is used here", at: firstUse[other])])
                continue
            }
            bySlug[slug] = name
            tags.append(Tag(name: name, slug: slug, articleIndices: byName[name]!.sorted()))
        }
        tags.sort { ($0.slug, $0.name) < ($1.slug, $1.name) }
        var contexts: [String: TagContext] = [:]
        for tag in tags { contexts[tag.name] = TagContext(name: tag.name, slug: tag.slug, count: tag.articleIndices.count) }
        return SiteIndex(tags: tags, tagContexts: contexts)
    }
}
