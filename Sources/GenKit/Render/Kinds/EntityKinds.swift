import Templates

/// `/entities/`: every entity grouped by kind, with counts; paged over the whole list.
struct EntitiesKind: TemplatedPageKind {
    var name: String { "entities" }
    var templateName: String { "entities" }
    var phase: PagePhase { .entities }
    var inSitemap: Bool { true }

    /// The entities in the order of `/entities/`: by kind (in `Entity.Kind` order), then by
    /// name; with each one's kind and each kind's count, made once for all its pages.
    struct Listing: Sendable {
        /// Entity indices in listing order.
        let order: [Int]
        /// Each entity's kind, as a position in `Entity.Kind.allCases`.
        let kinds: [Int]
        /// How many entities each kind has, by position in `Entity.Kind.allCases`.
        let counts: [Int]

        init(_ index: EntityIndex) {
            let rank = Dictionary(uniqueKeysWithValues: Entity.Kind.allCases.enumerated().map { ($1, $0) })
            let kinds = index.entities.map { rank[$0.kind]! }, names = index.entities.map { $0.name.lowercased() }
            order = index.entities.indices.sorted { (kinds[$0], names[$0], $0) < (kinds[$1], names[$1], $1) }
            var counts = Array(repeating: 0, count: Entity.Kind.allCases.count)
            for kind in kinds { counts[kind] += 1 }
            self.kinds = kinds
            self.counts = counts
        }
    }

    func items(in site: SiteContent) -> [Pagination] {
        Pagination.pages(folder: "entities/", count: site.entities.entities.count, perPage: site.config.perPage)
    }
    func path(of item: Pagination, in site: SiteContent) -> String { item.file }
    func dependsOn(_ change: SiteChange, item: Pagination, in site: SiteContent) -> Bool { change.mentionedSet }

    func render(_ item: Pagination, in environment: PageEnvironment) -> OutputFile {
        let listing = environment.entityListing
        // The page's share of each kind, in listing order (one pass over the page, not one per kind).
        var members = Array(repeating: [Int](), count: Entity.Kind.allCases.count)
        for entity in listing.order[item.range] { members[listing.kinds[entity]].append(entity) }
        var groups: [KindGroupContext] = []
        for (rank, kind) in Entity.Kind.allCases.enumerated() where !members[rank].isEmpty {
            // The group's count is the kind's, not this page's share of it.
            groups.append(KindGroupContext(kind: kind, entities: members[rank].map { EntityContext(environment, entity: $0) },
                                           count: listing.counts[rank], labels: environment.siteContext.labels.labels))
        }
        return environment.listPage(self, title: environment.siteContext.labels.labels["entities"], pagination: item,
                                    extra: ["groups": .objects(groups), "has_entities": .bool(!groups.isEmpty)])
    }
}

/// An entity's page: what it is, every article that mentions it (paged), the standalone pages
/// and the notes that mention it, and the entities mentioned with it.
struct EntityKind: TemplatedPageKind {
    var name: String { "entity" }
    var templateName: String { "entity" }
    var phase: PagePhase { .entities }
    var inSitemap: Bool { true }

    func items(in site: SiteContent) -> [Paged] {
        // Planned before the backlinks are gathered, an entity has its first page only; the
        // build plans again once they are. Articles are paged; standalone pages are on the first.
        Pagination.pages(of: site.entities.entities.indices, perPage: site.config.perPage) {
            (site.entities.paths[$0],
             site.backlinks.links.isEmpty ? 0 : site.backlinks.links[$0].articleLines(articleCount: site.articleCount))
        }
    }
    func path(of item: Paged, in site: SiteContent) -> String { item.pagination.file }
    func dependsOn(_ change: SiteChange, item: Paged, in site: SiteContent) -> Bool { change.entities.contains(item.owner) }

    /// Whether `path` is an entity's page after the first (`entities/SLUG/page/N/index.html`):
    /// those are known only once the entities' mentions are counted.
    static func isLaterPage(_ path: String) -> Bool {
        guard path.hasPrefix("entities/"), path.hasSuffix("/index.html") else { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 5 && parts[0] == "entities" && parts[2] == "page" && parts[4] == "index.html"
    }

    func render(_ item: Paged, in environment: PageEnvironment) -> OutputFile {
        let entity = environment.site.entities.entities[item.owner]
        let context = EntityContext(environment, entity: item.owner, full: true, pagination: item.pagination)
        let jsonld = EntityPages.jsonLD(entity, config: environment.config).bytes(forScript: true)
        return environment.listPage(self, title: entity.name, pagination: item.pagination,
                                    extra: ["entity": .object(context), "jsonld": .bytes(jsonld),
                                            "description": .string(entity.description),
                                            "feed_path": .text(EntityFeedKind.path(item.owner, in: environment.site.entities)),
                                            "feed_title": .text(entity.name)],
                                    source: entity.path)
    }
}
