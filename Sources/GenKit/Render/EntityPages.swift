import Foundation
import Markdown
import Templates

/// Everything the entity pages show, gathered once after the articles are rendered: which
/// articles and notes mention each entity, with counts and the sentence of the first mention,
/// and which entities are mentioned together.
public struct EntityPages: Sendable {
    public struct Page: Sendable {
        public var entity: Entity
        public var bodyHTML: String
        /// Articles mentioning it in their text, in site order (newest first): index into the
        /// rendered articles, mentions, and the sentence around the first.
        public var articles: [(article: Int, count: Int, sentence: [UInt8])] = []
        /// Notes mentioning it: article index and note id.
        public var notes: [(article: Int, note: String)] = []
        /// The entities most often mentioned in the same articles, strongest first.
        public var coMentions: [(entity: Int, count: Int)] = []
    }

    public let index: EntityIndex
    public var pages: [Page]
    public var diagnostics = DiagnosticList()
    /// How many co-mentions a page lists and draws.
    static let coMentionLimit = 10
    static let pictureLimit = 8

    public static let empty = EntityPages(index: EntityIndex([]), pages: [])

    static func build(_ index: EntityIndex, articles: [RenderedArticle], markup: EntityMarkup,
                      options: MarkdownOptions, jobs: Int, reusing previous: EntityPages? = nil) -> EntityPages {
        let count = index.entities.count
        guard count > 0 else { return EntityPages(index: index, pages: []) }
        // Bodies, with their explicit links, on all cores (or as they were, when only articles changed).
        let bodies = previous.map { old in old.pages.map { ($0.bodyHTML, DiagnosticList()) } }
            ?? parallelMap(count, jobs: jobs) { i -> (String, DiagnosticList) in
            let entity = index.entities[i]
            let document = MarkdownDocument(entity.body, options: options)
            var mentions = EntityMentions()
            if EntityMarkup.mayLink(entity.body) {
                let runs = document.textRuns()
                let spans = markup.run(runs, path: entity.path, bodyLine: entity.bodyLine, note: "", into: &mentions)
                document.apply(spans, to: runs)
            }
            return (document.renderHTML(), mentions.diagnostics)
        }
        var result = EntityPages(index: index, pages: bodies.enumerated().map { Page(entity: index.entities[$0], bodyHTML: $1.0) })
        if let previous { result.diagnostics = previous.diagnostics }
        for (_, problems) in bodies { result.diagnostics.append(contentsOf: problems) }

        // Mentions, and pairs of entities in the same article: a matrix while it is small.
        let dense = count <= 4000
        var matrix = dense ? [Int32](repeating: 0, count: count * count) : []
        var sparse: [Int: [Int: Int]] = [:]
        for a in articles.indices {
            let mentions = articles[a].mentions
            for (n, entity) in mentions.order.enumerated() {
                result.pages[entity].articles.append((a, mentions.counts[n], mentions.sentences[n]))
            }
            for entity in mentions.notes.keys.sorted() {
                for note in mentions.notes[entity]! { result.pages[entity].notes.append((a, note)) }
            }
            let present = mentions.order
            for x in present.indices {
                for y in present.indices where y != x {
                    if dense { matrix[present[x] * count + present[y]] += 1 } else { sparse[present[x], default: [:]][present[y], default: 0] += 1 }
                }
            }
        }
        for entity in 0..<count {
            var pairs: [(entity: Int, count: Int)] = []
            if dense {
                for other in 0..<count where matrix[entity * count + other] > 0 {
                    pairs.append((other, Int(matrix[entity * count + other])))
                }
            } else {
                pairs = (sparse[entity] ?? [:]).map { ($0.key, $0.value) }
            }
            pairs.sort { $0.count != $1.count ? $0.count > $1.count : index.entities[$0.entity].name < index.entities[$1.entity].name }
            result.pages[entity].coMentions = Array(pairs.prefix(coMentionLimit))
        }
        return result
    }

    /// An article's line on the pages of the entities it mentions, and its notes there, after
    /// an edit that kept the same entities (so the co-mentions stay as they were).
    mutating func replace(article: Int, old: EntityMentions, new: EntityMentions) {
        for entity in Set(old.order).union(new.order) {
            pages[entity].articles.removeAll { $0.article == article }
            if let count = new.count(of: entity) {
                let line = (article, count, new.sentence(of: entity) ?? [])
                let at = pages[entity].articles.firstIndex { $0.article > article } ?? pages[entity].articles.count
                pages[entity].articles.insert(line, at: at)
            }
        }
        for entity in Set(old.notes.keys).union(new.notes.keys) {
            pages[entity].notes.removeAll { $0.article == article }
            let notes = (new.notes[entity] ?? []).map { (article, $0) }
            let at = pages[entity].notes.firstIndex { $0.article > article } ?? pages[entity].notes.count
            pages[entity].notes.insert(contentsOf: notes, at: at)
        }
    }

    /// The schema.org type of an entity kind.
    static func schemaType(_ kind: Entity.Kind) -> String {
        switch kind {
        case .person: "Person"
        case .organization: "Organization"
        case .place: "Place"
        case .event: "Event"
        case .work: "CreativeWork"
        case .topic, .other: "Thing"
        }
    }

    static func kindLabel(_ kind: Entity.Kind, plural: Bool = false) -> String {
        switch kind {
        case .person: plural ? "People" : "Person"
        case .organization: plural ? "Organisations" : "Organisation"
        case .place: plural ? "Places" : "Place"
        case .event: plural ? "Events" : "Event"
        case .work: plural ? "Works" : "Work"
        case .topic: plural ? "Topics" : "Topic"
        case .other: plural ? "Others" : "Other"
        }
    }

    static func wikidataURL(_ id: String) -> String { "https://www.wikidata.org/wiki/" + id }

    /// `sameAs`: the Wikidata item and the official site.
    static func sameAs(_ entity: Entity) -> [String] {
        (entity.wikidata.map { [wikidataURL($0)] } ?? []) + (entity.url.map { [$0] } ?? [])
    }

    /// The entity's JSON-LD: Person, Organization, Place, ... with `sameAs`.
    static func jsonLD(_ entity: Entity, config: SiteConfig) -> JSONValue {
        let base = config.normalizedBaseURL
        let same = sameAs(entity)
        return .object([
            ("@context", .string("https://schema.org")),
            ("@type", .string(schemaType(entity.kind))),
            ("name", .string(entity.name)),
            ("alternateName", entity.aliases.isEmpty ? nil : .array(entity.aliases.map { .string($0) })),
            ("description", entity.description.map { .string($0) }),
            ("url", base.isEmpty ? nil : .string(base + "entities/\(entity.slug)/")),
            ("sameAs", same.isEmpty ? nil : .array(same.map { .string($0) })),
        ])
    }

    /// A mention for an article's JSON-LD `mentions`.
    static func mention(_ entity: Entity, config: SiteConfig) -> JSONValue {
        let base = config.normalizedBaseURL
        let same = sameAs(entity)
        return .object([
            ("@type", .string(schemaType(entity.kind))),
            ("name", .string(entity.name)),
            ("url", base.isEmpty ? nil : .string(base + "entities/\(entity.slug)/")),
            ("sameAs", same.isEmpty ? nil : .array(same.map { .string($0) })),
        ])
    }

    /// The strongest co-mentions drawn around the entity, as an SVG written at build time: no
    /// script, scales to the screen, each name a link to its page.
    func picture(_ page: Int) -> String {
        let entity = pages[page].entity
        let pairs = Array(pages[page].coMentions.prefix(Self.pictureLimit))
        guard !pairs.isEmpty else { return "" }
        // Narrow and tall, names centred on their nodes and short: legible when a phone
        // scales it to its width.
        let width = 400.0, height = 420.0, cx = 200.0, cy = 205.0, radius = 130.0
        let strongest = Double(pairs.map(\.count).max() ?? 1)
        // One decimal, by hand: String(format:) took a tenth of the entity pages' time.
        func number(_ value: Double) -> String {
            let tenths = Int((value * 10).rounded()), magnitude = abs(tenths)
            return (tenths < 0 ? "-" : "") + String(magnitude / 10) + "." + String(magnitude % 10)
        }
        func short(_ name: String) -> String { name.count > 16 ? String(name.prefix(15)) + "…" : name }
        let titleID = "co-mentions-\(HTMLEscape.escape(entity.slug))"
        var svg = "<svg class=\"co-mentions\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(titleID)\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<title id=\"\(titleID)\">\(HTMLEscape.escape(entity.name)) and the entities most often mentioned with it</title>\n"
        var lines = "", nodes = ""
        for (n, pair) in pairs.enumerated() {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(n) / Double(pairs.count)
            let x = cx + radius * cos(angle), y = cy + radius * sin(angle)
            let weight = 1.5 + 6.5 * Double(pair.count) / strongest
            lines += "<line x1=\"\(number(cx))\" y1=\"\(number(cy))\" x2=\"\(number(x))\" y2=\"\(number(y))\" stroke-width=\"\(number(weight))\"/>\n"
            let other = index.entities[pair.entity]
            // Above the node in the upper half, below it in the lower half.
            let nameY = y < cy - 1 ? y - 30 : y + 24
            nodes += "<a href=\"../\(HTMLEscape.escape(other.slug))/\"><title>\(HTMLEscape.escape(other.name)): \(pair.count)</title>"
            nodes += "<circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"7\"/>"
            nodes += "<text x=\"\(number(x))\" y=\"\(number(nameY))\" text-anchor=\"middle\">\(HTMLEscape.escape(short(other.name)))"
            nodes += "<tspan class=\"co-mention-count\" x=\"\(number(x))\" dy=\"15\">\(pair.count)</tspan></text></a>\n"
        }
        svg += "<g class=\"co-mention-lines\">\n" + lines + "</g>\n<g class=\"co-mention-nodes\">\n" + nodes + "</g>\n"
        svg += "<circle class=\"co-mention-centre\" cx=\"\(number(cx))\" cy=\"\(number(cy))\" r=\"11\"/>\n"
        return svg + "</svg>\n"
    }
}
