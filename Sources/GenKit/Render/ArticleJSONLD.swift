/// The schema.org `Article` in an article page's `<script type="application/ld+json">`; with
/// fact-check notes, an array of the Article and one ClaimReview per note.
enum ArticleJSONLD {
    static func make(_ rendered: RenderedArticle, config: SiteConfig, sources: [String: SourceRecord] = [:],
                     entities: EntityIndex? = nil, fragments: Fragments? = nil) -> JSONValue {
        var article = articleObject(rendered, config: config, sources: sources, fragments: fragments)
        if let entities, !rendered.mentions.order.isEmpty, case .object(var pairs) = article {
            pairs.append(("mentions", .array(rendered.mentions.order.map { entity in
                fragments.map { .raw($0.mentions[entity]) } ?? EntityPages.mention(entities.entities[entity], config: config)
            })))
            article = .object(pairs)
        }
        return rendered.claimReviews.isEmpty ? article : .array([article] + rendered.claimReviews)
    }

    /// The parts every page repeats, serialized once per build: each entity as a mention, each
    /// source as a citation.
    struct Fragments: Sendable {
        var mentions: [[UInt8]]
        var citations: [String: [UInt8]]

        init(entities: EntityIndex, sources: [SourceRecord], config: SiteConfig) {
            mentions = entities.entities.map { EntityPages.mention($0, config: config).bytes(forScript: true) }
            var citations: [String: [UInt8]] = [:]
            for source in sources { citations[source.id] = ArticleJSONLD.citation(source).bytes(forScript: true) }
            self.citations = citations
        }
    }

    static func articleObject(_ rendered: RenderedArticle, config: SiteConfig, sources: [String: SourceRecord],
                              fragments: Fragments? = nil) -> JSONValue {
        let article = rendered.article
        let url = config.normalizedBaseURL.isEmpty ? nil : config.normalizedBaseURL + article.outputPath
        return .object([
            ("@context", .string("https://schema.org")),
            ("@type", .string("Article")),
            ("headline", .string(article.title)),
            ("description", rendered.summary.isEmpty ? nil : .string(rendered.summary)),
            ("datePublished", article.date.map { .string($0.rfc3339) }),
            ("author", article.author.map { .object([("@type", .string("Person")), ("name", .string($0))]) }),
            ("publisher", article.publisher.map { .object([("@type", .string("Organization")), ("name", .string($0))]) }),
            ("isBasedOn", article.url.map { .string($0) }),
            ("url", url.map { .string($0) }),
            ("mainEntityOfPage", url.map { .string($0) }),
            ("keywords", article.tags.isEmpty ? nil : .array(article.tags.map { .string($0) })),
            ("inLanguage", .string(config.language)),
            ("wordCount", .number(rendered.wordCount)),
            ("citation", rendered.citedKeys.isEmpty ? nil : .array(rendered.citedKeys.compactMap { key in
                fragments?.citations[key].map { .raw($0) } ?? sources[key].map(citation)
            })),
        ])
    }

    /// A cited source as a schema.org CreativeWork.
    static func citation(_ source: SourceRecord) -> JSONValue {
        .object([
            ("@type", .string("CreativeWork")),
            ("name", .string(source.title ?? SourceFormatter.text(source))),
            ("author", source.authors.isEmpty ? nil : .array(source.authors.map { author in
                .object([("@type", .string(author.literal == nil ? "Person" : "Organization")), ("name", .string(author.display))])
            })),
            ("datePublished", source.issued?.iso.map { .string($0) }),
            ("isPartOf", source.containerTitle.map { .string($0) }),
            ("publisher", source.publisher.map { .object([("@type", .string("Organization")), ("name", .string($0))]) }),
            ("url", source.url.map { .string($0) }),
            ("archivedAt", source.archived.map { .string($0) }),
        ])
    }
}
