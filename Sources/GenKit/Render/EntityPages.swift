import ByteText
import Foundation
import Markdown
import Templates

/// What entity pages show beyond their backlinks: each entity's Markdown body rendered (with its
/// explicit links), its JSON-LD and the picture of its co-mentions.
public struct EntityPages: Sendable {
    /// Each entity's body as HTML, in the index's order.
    public var bodies: [String]
    public var diagnostics = DiagnosticList()
    /// How many co-mentions a page draws.
    static let pictureLimit = 8

    public static let empty = EntityPages(bodies: [])

    /// Renders every entity's body on all cores.
    static func render(_ index: EntityIndex, markup: EntityMarkup, options: MarkdownOptions, jobs: Int) -> EntityPages {
        let bodies = parallelMap(index.entities.count, jobs: jobs) { i -> (String, DiagnosticList) in
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
        var result = EntityPages(bodies: bodies.map(\.0))
        for (_, problems) in bodies { result.diagnostics.append(contentsOf: problems) }
        return result
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
    static func picture(_ page: Int, backlinks: EntityBacklinks) -> String {
        let index = backlinks.index
        let entity = index.entities[page]
        let pairs = Array(backlinks.links[page].coMentions.prefix(Self.pictureLimit))
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
        /// A name on one line, or two (split at the space nearest its middle) when long; each line
        /// at most 18 characters.
        func nameLines(_ name: String) -> [String] {
            func cut(_ line: String) -> String { line.count > 18 ? String(line.prefix(17)) + "…" : line }
            guard name.count > 16 else { return [name] }
            let words = name.split(separator: " ").map(String.init)
            guard words.count > 1 else { return [cut(name)] }
            var best = 1, bestGap = Int.max
            for k in 1..<words.count {
                let gap = abs(words[..<k].joined(separator: " ").count - words[k...].joined(separator: " ").count)
                if gap < bestGap { (best, bestGap) = (k, gap) }
            }
            return [cut(words[..<best].joined(separator: " ")), cut(words[best...].joined(separator: " "))]
        }
        let titleID = "co-mentions-\(HTMLEscape.escape(entity.slug))"
        // A picture, not a set of links: the list after it links to every entity it shows.
        var svg = "<svg class=\"co-mentions\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(titleID)\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<title id=\"\(titleID)\">\(HTMLEscape.escape(entity.name)) and the entities most often mentioned with it</title>\n"
        var lines = "", nodes = ""
        for (n, pair) in pairs.enumerated() {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(n) / Double(pairs.count)
            let x = cx + radius * cos(angle), y = cy + radius * sin(angle)
            let weight = 1.5 + 6.5 * Double(pair.count) / strongest
            lines += "<line x1=\"\(number(cx))\" y1=\"\(number(cy))\" x2=\"\(number(x))\" y2=\"\(number(y))\" stroke-width=\"\(number(weight))\"/>\n"
            let other = index.entities[pair.entity]
            let name = nameLines(other.name)
            // Above the node in the upper half, below it in the lower half.
            let nameY = y < cy - 1 ? y - 30 - 16 * Double(name.count - 1) : y + 24
            nodes += "<g><circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"7\"/>"
            nodes += "<text x=\"\(number(x))\" y=\"\(number(nameY))\" text-anchor=\"middle\">\(HTMLEscape.escape(name[0]))"
            if name.count > 1 {
                nodes += "<tspan x=\"\(number(x))\" dy=\"16\">\(HTMLEscape.escape(name[1]))</tspan>"
            }
            nodes += "<tspan class=\"co-mention-count\" x=\"\(number(x))\" dy=\"15\">\(pair.count)</tspan></text></g>\n"
        }
        svg += "<g class=\"co-mention-lines\">\n" + lines + "</g>\n<g class=\"co-mention-nodes\">\n" + nodes + "</g>\n"
        svg += "<circle class=\"co-mention-centre\" cx=\"\(number(cx))\" cy=\"\(number(cy))\" r=\"11\"/>\n"
        return svg + "</svg>\n"
    }
}
