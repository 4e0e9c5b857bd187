import ByteText
import Foundation
import Markdown
import Templates

/// What entity pages show beyond their backlinks: each entity's Markdown body rendered (with its
/// explicit links), its JSON-LD and the picture of its co-mentions.
public struct EntityPages: Sendable {
    /// Each entity's body as HTML, in the index's order: its links from the site's root (`/about/`)
    /// made relative to the entity's page, as an article's are.
    public var bodies: [String]
    public var diagnostics = DiagnosticList()
    /// How many co-mentions a page draws.
    static let pictureLimit = 8

    public static let empty = EntityPages(bodies: [])

    /// Renders every entity's body on all cores, its images found (`images`) as an article's are.
    static func render(_ index: EntityIndex, markup: EntityMarkup, links: SiteLinks, images: ImageResolver, options: MarkdownOptions,
                       jobs: Int) -> EntityPages {
        let bodies = parallelMap(index.entities.count, jobs: jobs) { i -> (String, DiagnosticList) in
            let entity = index.entities[i]
            let document = MarkdownDocument(entity.body, options: options)
            // Shown on the entity's first page only, at the markup's depth (entities/SLUG/).
            var linked = links.rewrite(document, path: entity.path, bodyLine: entity.bodyLine, root: markup.root)
            linked.append(contentsOf: RenderMarkdown.resolveImages(in: document, file: entity.path, bodyLine: entity.bodyLine,
                                                                   folder: SitePath.folder(of: entity.path),
                                                                   depth: SitePath.depth(of: index.paths[i]), with: images).diagnostics)
            var mentions = EntityMentions()
            var uncited = DiagnosticList()
            let (mayCite, mayLink) = (CitationMarkup.mayCite(entity.body), EntityMarkup.mayLink(entity.body))
            let runs = mayCite || mayLink ? document.textRuns() : []
            if mayCite {
                // An entity page has no Sources list: its body's citations are shown as written.
                for run in runs where run.kind == .text && run.line > 0 {
                    let bytes = Array(run.text.utf8)
                    for range in EntityMarkup.citationRanges(in: bytes) {
                        var start = range.lowerBound
                        while bytes[start] == 0x20 { start += 1 }
                        let citation = String(decoding: bytes[start..<range.upperBound], as: UTF8.self)
                        let column = run.column + String(decoding: bytes[..<start], as: UTF8.self).count
                        uncited.warning("an entity's body cites no source: '\(citation)' is shown as written",
                                        at: SourceLocation(entity.path, line: run.line + entity.bodyLine - 1, column: column),
                                        notes: [.init("cite it in an article or a note, or link the source's address here")])
                    }
                }
            }
            if mayLink {
                let spans = markup.run(runs, path: entity.path, bodyLine: entity.bodyLine, note: "", into: &mentions)
                document.apply(spans, to: runs)
            }
            var problems = linked
            problems.append(contentsOf: uncited)
            problems.append(contentsOf: mentions.diagnostics)
            return (document.renderHTML(), problems)
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
    static func picture(_ page: Int, backlinks: EntityBacklinks, labels: ThemeLabels) -> String {
        let index = backlinks.index
        let entity = index.entities[page]
        let all = backlinks.links[page].coMentions
        let pairs = Array(all.prefix(Self.pictureLimit))
        guard !pairs.isEmpty else { return "" }
        // Narrow and tall, names centred on their nodes and short: legible when a phone
        // scales it to its width.
        let width = 400.0, height = 420.0, cx = 200.0, cy = 205.0, radius = 130.0
        let strongest = Double(pairs.map(\.count).max() ?? 1)
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
        // Written as bytes, numbers with one decimal by hand: String(format:) and string
        // interpolation are slow enough to show in the entity pages' time.
        var svg: [UInt8] = [], nodes: [UInt8] = []
        svg.reserveCapacity(4096)
        nodes.reserveCapacity(2048)
        func put(_ text: StaticString, _ out: inout [UInt8]) { out.append(raw: text) }
        func put(_ text: String, _ out: inout [UInt8]) { out += text.utf8 }
        func escaped(_ text: String, _ out: inout [UInt8]) { HTMLEscape.append(text, to: &out) }
        func put(number value: Double, _ out: inout [UInt8]) {
            let tenths = Int((value * 10).rounded()), magnitude = abs(tenths)
            if tenths < 0 { out.append(0x2D) }
            out += String(magnitude / 10).utf8
            out.append(0x2E)
            out.append(UInt8(0x30 + magnitude % 10))
        }
        put("<svg class=\"co-mentions\" viewBox=\"0 0 ", &svg)
        put(String(Int(width)) + " " + String(Int(height)), &svg)
        put("\" role=\"img\" aria-labelledby=\"co-mentions-", &svg)
        escaped(entity.slug, &svg)
        put("\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"co-mentions-", &svg)
        escaped(entity.slug, &svg)
        put("\">", &svg)
        escaped(labels["co_mentions_title"].replacingOccurrences(of: "{name}", with: entity.name), &svg)
        put("</title>\n<g class=\"co-mention-lines\">\n", &svg)
        for (n, pair) in pairs.enumerated() {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(n) / Double(pairs.count)
            let x = cx + radius * cos(angle), y = cy + radius * sin(angle)
            let weight = 1.5 + 6.5 * Double(pair.count) / strongest
            put("<line x1=\"", &svg); put(number: cx, &svg)
            put("\" y1=\"", &svg); put(number: cy, &svg)
            put("\" x2=\"", &svg); put(number: x, &svg)
            put("\" y2=\"", &svg); put(number: y, &svg)
            put("\" stroke-width=\"", &svg); put(number: weight, &svg)
            put("\"/>\n", &svg)
            let name = nameLines(index.entities[pair.entity].name)
            // Above the node in the upper half, below it in the lower half.
            let nameY = y < cy - 1 ? y - 30 - 16 * Double(name.count - 1) : y + 24
            put("<g><circle cx=\"", &nodes); put(number: x, &nodes)
            put("\" cy=\"", &nodes); put(number: y, &nodes)
            put("\" r=\"7\"/><text x=\"", &nodes); put(number: x, &nodes)
            put("\" y=\"", &nodes); put(number: nameY, &nodes)
            put("\" text-anchor=\"middle\">", &nodes)
            escaped(name[0], &nodes)
            if name.count > 1 {
                put("<tspan x=\"", &nodes); put(number: x, &nodes)
                put("\" dy=\"16\">", &nodes)
                escaped(name[1], &nodes)
                put("</tspan>", &nodes)
            }
            put("<tspan class=\"co-mention-count\" x=\"", &nodes); put(number: x, &nodes)
            put("\" dy=\"15\">", &nodes)
            put(String(pair.count), &nodes)
            put("</tspan></text></g>\n", &nodes)
        }
        put("</g>\n<g class=\"co-mention-nodes\">\n", &svg)
        svg += nodes
        put("</g>\n<circle class=\"co-mention-centre\" cx=\"", &svg); put(number: cx, &svg)
        put("\" cy=\"", &svg); put(number: cy, &svg)
        put("\" r=\"11\"/>\n</svg>\n", &svg)
        // Fewer in the picture than in the list below it (the strongest ten): said, so that no
        // reader takes it for all.
        if all.count > pairs.count {
            put("<p class=\"meta co-mention-caption\">", &svg)
            escaped(labels["co_mentions_shown"].replacingOccurrences(of: "{n}", with: String(pairs.count))
                .replacingOccurrences(of: "{total}", with: String(all.count)), &svg)
            put("</p>\n", &svg)
        }
        return String(decoding: svg, as: UTF8.self)
    }
}
