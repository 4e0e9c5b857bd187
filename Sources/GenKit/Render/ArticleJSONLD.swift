import ByteText

/// The schema.org `Article` in an article page's `<script type="application/ld+json">`; with
/// fact-check notes, an array of the Article and one ClaimReview per note. Written straight into
/// bytes, compact and safe inside `<script>` (as `JSONValue.bytes(forScript: true)` writes it):
/// every page has one.
enum ArticleJSONLD {
    static func bytes(_ rendered: RenderedArticle, config: SiteConfig, fragments: Fragments) -> [UInt8] {
        let article = rendered.article
        var out: [UInt8] = []
        out.reserveCapacity(2048 + rendered.claimReviewsBytes.count)
        func string(_ text: String) { JSONValue.writeString(text, to: &out, forScript: true) }
        func field(_ key: StaticString, _ value: String?) {
            guard let value else { return }
            out.append(raw: ",\"")
            out.append(raw: key)
            out.append(raw: "\":")
            string(value)
        }
        if !rendered.claimReviewsBytes.isEmpty { out.append(raw: "[") }
        out.append(raw: #"{"@context":"https://schema.org","@type":"Article","headline":"#)
        string(InlineMarkdown.plain(article.title))
        field("description", rendered.summary.isEmpty ? nil : rendered.summary)
        field("datePublished", article.date?.rfc3339)
        if let author = article.author {
            out.append(raw: #","author":{"@type":"Person","name":"#)
            string(author)
            out.append(raw: "}")
        }
        if let publisher = article.publisher {
            out.append(raw: #","publisher":{"@type":"Organization","name":"#)
            string(publisher)
            out.append(raw: "}")
        }
        field("isBasedOn", article.url)
        let url = config.normalizedBaseURL.isEmpty ? nil : config.normalizedBaseURL + article.outputPath
        field("url", url)
        field("mainEntityOfPage", url)
        if !article.tags.isEmpty {
            out.append(raw: #","keywords":["#)
            for (n, tag) in article.tags.enumerated() {
                if n > 0 { out.append(raw: ",") }
                string(tag)
            }
            out.append(raw: "]")
        }
        field("inLanguage", config.language)
        out.append(raw: #","wordCount":"#)
        out += String(rendered.wordCount).utf8
        if !rendered.citedKeys.isEmpty {
            out.append(raw: #","citation":["#)
            var first = true
            for key in rendered.citedKeys {
                guard let citation = fragments.citations[key] else { continue }
                if !first { out.append(raw: ",") }
                first = false
                out += citation
            }
            out.append(raw: "]")
        }
        if !rendered.mentions.order.isEmpty {
            out.append(raw: #","mentions":["#)
            for (n, entity) in rendered.mentions.order.enumerated() {
                if n > 0 { out.append(raw: ",") }
                out += fragments.mentions[entity]
            }
            out.append(raw: "]")
        }
        out.append(raw: "}")
        if !rendered.claimReviewsBytes.isEmpty {
            out.append(raw: ",")
            out += rendered.claimReviewsBytes
            out.append(raw: "]")
        }
        return out
    }

    /// The parts every page repeats, serialized once per build: each entity as a mention, each
    /// source as a citation.
    struct Fragments: Sendable {
        var mentions: [[UInt8]]
        var citations: [String: [UInt8]]

        init(entities: EntityIndex, sources: [SourceRecord], config: SiteConfig) {
            mentions = entities.entities.map { EntityPages.mention($0, config: config).bytes(forScript: true) }
            var citations: [String: [UInt8]] = [:]
            for source in sources { citations[source.id] = ArticleJSONLD.citation(source, labels: config.labels).bytes(forScript: true) }
            self.citations = citations
        }
    }

    /// A cited source as a schema.org CreativeWork.
    static func citation(_ source: SourceRecord, labels: ThemeLabels) -> JSONValue {
        .object([
            ("@type", .string("CreativeWork")),
            ("name", .string(source.title ?? SourceFormatter.text(source, labels: labels))),
            ("author", source.authors.isEmpty ? nil : .array(source.authors.map { author in
                .object([("@type", .string(author.literal == nil ? "Person" : "Organization")), ("name", .string(author.display))])
            })),
            ("datePublished", source.issued?.iso.map { .string($0) }),
            ("isPartOf", source.containerTitle.map { .string($0) }),
            ("publisher", source.publisher.map { .object([("@type", .string("Organization")), ("name", .string($0))]) }),
            ("url", source.url.map { .string($0) }),
            ("identifier", source.doiURL.map { .string($0) }),
            ("archivedAt", source.archived.map { .string($0) }),
        ])
    }
}
