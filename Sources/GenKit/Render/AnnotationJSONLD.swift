import ByteText
import Foundation

/// Structured data for an article's notes: the W3C Web Annotation collection written to
/// `articles/<slug>/annotations.jsonld`, and a schema.org ClaimReview per fact-check note for
/// the page's JSON-LD.
public enum AnnotationJSONLD {
    /// The notes as an `AnnotationCollection` with one page of items, each with a
    /// TextQuoteSelector (the article's real text) and a TextPositionSelector; written straight
    /// into bytes (no tree of values): the build writes one for every annotated article.
    public static func collectionJSON(_ notes: [AnchoredNote], bodies: [String], article: Article,
                                      config: SiteConfig) -> String {
        String(decoding: collectionBytes(notes, bodies: bodies.map { Array($0.utf8) }, article: article, config: config),
               as: UTF8.self)
    }

    /// `collectionJSON` as UTF-8 bytes, as the build writes it (the bodies too).
    /// A note's author (`creator`) is an Organization when `entities` has it as one, a Person
    /// otherwise.
    static func collectionBytes(_ notes: [AnchoredNote], bodies: [[UInt8]], article: Article,
                                config: SiteConfig, entities: EntityIndex? = nil) -> [UInt8] {
        let base = config.normalizedBaseURL
        let page = base.isEmpty ? "./" : base + article.outputPath
        var out: [UInt8] = []
        out.reserveCapacity(bodies.reduce(1024) { $0 + $1.count * 2 + 600 })
        func string(_ text: String) { JSONValue.writeString(text, to: &out, forScript: false) }
        var exporter = BodyExporter(page: page, depth: article.depth, absolute: !base.isEmpty)
        out.append(raw: #"{"@context":"http://www.w3.org/ns/anno.jsonld","id":"#)
        string(page + "annotations.jsonld")
        out.append(raw: #","type":"AnnotationCollection","label":"#)
        string("Notes on \u{201C}\(InlineMarkdown.plain(article.title))\u{201D}")
        out.append(raw: #","total":"#)
        out += String(notes.count).utf8
        out.append(raw: #","first":{"id":"#)
        string(page + "annotations.jsonld#page1")
        out.append(raw: #","type":"AnnotationPage","startIndex":0,"items":["#)
        for (n, anchored) in notes.enumerated() {
            let note = anchored.note
            if n > 0 { out.append(raw: ",") }
            out.append(raw: #"{"id":"#)
            string(page + "#note-" + note.id)
            out.append(raw: #","type":"Annotation","motivation":"#)
            switch note.kind {
            case .factCheck: out.append(raw: #""assessing""#)
            case .correction: out.append(raw: #""editing""#)
            case .context: out.append(raw: #""commenting""#)
            }
            if let author = note.author {
                out.append(raw: #","creator":{"type":"#)
                string(isPerson(author, entities: entities) ? "Person" : "Organization")
                out.append(raw: #","name":"#)
                string(author)
                out.append(raw: "}")
            }
            if let date = note.date {
                out.append(raw: #","created":"#)
                string(date.rfc3339)
            }
            // Tags and a verdict are bodies of their own (purposes "tagging" and "classifying"),
            // beside the note's text.
            let extra = !note.tags.isEmpty || note.publishedVerdict != nil
            out.append(raw: extra ? #","body":[{"type":"TextualBody","value":"# : #","body":{"type":"TextualBody","value":"#)
            exporter.export(bodies[anchored.number - 1])
                .withUnsafeBufferPointer { JSONValue.writeString($0, to: &out, forScript: false) }
            out.append(raw: #","format":"text/html","purpose":"#)
            if note.kind == .factCheck { out.append(raw: #""assessing""#) } else { out.append(raw: #""commenting""#) }
            out.append(raw: "}")
            if extra {
                for tag in note.tags {
                    out.append(raw: #",{"type":"TextualBody","purpose":"tagging","value":"#)
                    string(tag)
                    out.append(raw: "}")
                }
                if let verdict = note.publishedVerdict {
                    out.append(raw: #",{"type":"TextualBody","purpose":"classifying","value":"#)
                    string(verdict)
                    out.append(raw: "}")
                }
                // Why a fact check is held for review: its verdict is in question.
                if note.publishedVerdict == Note.underReview, let review = note.review {
                    out.append(raw: #",{"type":"TextualBody","purpose":"questioning","value":"#)
                    string(review)
                    out.append(raw: "}")
                }
                out.append(raw: "]")
            }
            out.append(raw: #","target":{"source":"#)
            string(page)
            out.append(raw: #","selector":[{"type":"TextQuoteSelector","exact":"#)
            string(anchored.exact)
            out.append(raw: #","prefix":"#)
            string(anchored.prefix)
            out.append(raw: #","suffix":"#)
            string(anchored.suffix)
            out.append(raw: #"},{"type":"TextPositionSelector","start":"#)
            out += String(anchored.textStart).utf8
            out.append(raw: #","end":"#)
            out += String(anchored.textEnd).utf8
            out.append(raw: "}]")
            // gen's own: the lead-in a list item's claim reads with (docs/output.md).
            if let leadIn = anchored.leadIn {
                out.append(raw: #","leadIn":"#)
                string(leadIn)
            }
            // gen's own too: the citations written in a fact check's sentence.
            if let citations = anchored.citations {
                out.append(raw: #","citations":"#)
                string(citations)
            }
            out.append(raw: "}}")
        }
        out.append(raw: "]}}")
        return out
    }

    /// A ClaimReview for each fact-check note: the claim, the rating on the site's scale, its
    /// author, its date (the article's) and the article where the claim appears. Compact JSON, separated by commas, safe
    /// inside `<script>` with `forScript`; [] without fact-check notes.
    ///
    /// The author is the note's (an Organization when `entities` has it as one, a Person
    /// otherwise), or the site (an Organization).
    public static func claimReviews(_ notes: [AnchoredNote], article: Article, config: SiteConfig,
                                    entities: EntityIndex? = nil, forScript: Bool = true) -> [UInt8] {
        // Without base_url, addresses are relative to the page itself.
        let page = config.normalizedBaseURL.isEmpty ? "" : config.normalizedBaseURL + article.outputPath
        let ratings = config.verdicts.map(\.rating)
        var out: [UInt8] = []
        func string(_ text: String) { JSONValue.writeString(text, to: &out, forScript: forScript) }
        for anchored in notes {
            let note = anchored.note
            // A fact check held for review publishes no rating (`Note.publishedVerdict`).
            guard note.kind == .factCheck, let key = note.publishedVerdict,
                  let verdict = config.verdicts.first(where: { $0.key == key }) else { continue }
            if !out.isEmpty { out.append(raw: ",") }
            out.append(raw: #"{"@context":"https://schema.org","@type":"ClaimReview","url":"#)
            string(page + "#note-" + note.id)
            out.append(raw: #","claimReviewed":"#)
            string(anchored.exact)
            // The review is published on its own date, or with the article that carries it.
            if let date = (note.date ?? article.date)?.rfc3339 {
                out.append(raw: #","datePublished":"#)
                string(date)
            }
            out.append(raw: #","reviewRating":{"@type":"Rating","ratingValue":"#)
            out += String(verdict.rating).utf8
            out.append(raw: #","bestRating":"#)
            out += String(ratings.max() ?? verdict.rating).utf8
            out.append(raw: #","worstRating":"#)
            out += String(ratings.min() ?? verdict.rating).utf8
            out.append(raw: #","alternateName":"#)
            string(verdict.label)
            out.append(raw: #"},"author":{"@type":"#)
            string(note.author.map { isPerson($0, entities: entities) } == true ? "Person" : "Organization")
            out.append(raw: #","name":"#)
            string(note.author ?? config.title)
            out.append(raw: #"},"itemReviewed":{"@type":"Claim","appearance":{"@type":"Article","headline":"#)
            string(InlineMarkdown.plain(article.title))
            out.append(raw: #","url":"#)
            string(article.url ?? (page.isEmpty ? "./" : page))
            out.append(raw: "}}}")
        }
        return out
    }

    /// Whether a note's author is a person: unless an entity of another kind has that name.
    static func isPerson(_ author: String, entities: EntityIndex?) -> Bool {
        guard let entities, let known = entities.targets[author] else { return true }
        return entities.entities[known].kind == .person
    }

    /// Note bodies as they travel without their page: citation tooltips (the page's markup, and
    /// their `aria-describedby`) left out, and, with `absolute`, links made absolute from the
    /// page's address (`page`, `depth` folders below the site root): `../../entities/x/` and
    /// `#source-x` resolve wherever the annotation is read. One per page: the site's address is
    /// worked out once for all its notes.
    struct BodyExporter {
        let page: String
        let depth: Int
        let absolute: Bool
        private lazy var pageBytes: [UInt8] = Array(page.utf8)
        private lazy var site: [UInt8] = Array(page.dropLast(article: depth).utf8)

        init(page: String, depth: Int, absolute: Bool) {
            self.page = page
            self.depth = depth
            self.absolute = absolute
        }

        mutating func export(_ body: [UInt8]) -> [UInt8] {
            // One pass; the body is copied in chunks between the places that change, and not at
            // all when none does (most bodies without links or citations).
            let absolute = absolute, depth = depth
            var out: [UInt8]? = nil
            var copied = 0
            body.withUnsafeBufferPointer { body in
                // Tooltips and what points at them are left out only in bodies with a tooltip.
                let tip: StaticString = "<span class=\"citation-tip\""
                var hasTip = false
                var from = 0
                while !hasTip, from < body.count, let found = memchr(body.baseAddress! + from, 0x3C, body.count - from) {
                    let at = UnsafeRawPointer(found) - UnsafeRawPointer(body.baseAddress!)
                    hasTip = Self.at(body, at, tip)
                    from = at + 1
                }
                func flush(_ upTo: Int) {
                    if out == nil { out = []; out!.reserveCapacity(body.count + 128) }
                    out!.append(contentsOf: UnsafeBufferPointer(rebasing: body[copied..<upTo]))
                }
                var i = 0
                while i < body.count {
                    let byte = body[i]
                    guard byte == 0x3C || byte == 0x20 else { i += 1; continue }
                    if byte == 0x3C {
                        guard hasTip, Self.at(body, i, "<span class=\"citation-tip\"") else { i += 1; continue }
                        // Up to the tooltip's own closing tag (it may hold spans of its own).
                        flush(i)
                        var open = 0, j = i
                        while j < body.count {
                            if body[j] == 0x3C {
                                if Self.at(body, j, "<span") { open += 1 } else if Self.at(body, j, "</span>") {
                                    open -= 1
                                    if open == 0 { j += 7; break }
                                }
                            }
                            j += 1
                        }
                        i = min(j, body.count)
                        copied = i
                        continue
                    }
                    if hasTip, Self.at(body, i, " aria-describedby=\""), let close = body[(i + 19)...].firstIndex(of: 0x22) {
                        flush(i)
                        i = close + 1
                        copied = i
                        continue
                    }
                    // A link's or an image's address (a note's image, found as an article's is).
                    if absolute, case let length = Self.at(body, i, " href=\"") ? 7 : Self.at(body, i, " src=\"") ? 6 : 0, length > 0 {
                        let target = i + length
                        if target < body.count, body[target] == 0x23 {
                            flush(target)
                            out! += pageBytes
                            i = target
                            copied = i
                            continue
                        }
                        if Self.at(body, target, "../") {
                            flush(target)
                            var k = target, climbed = 0
                            while Self.at(body, k, "../") && climbed < depth { k += 3; climbed += 1 }
                            out! += site
                            i = k
                            copied = i
                            continue
                        }
                    }
                    i += 1
                }
                if out != nil { flush(body.count) }
            }
            return out ?? body
        }

        @inline(__always) private static func at(_ body: UnsafeBufferPointer<UInt8>, _ i: Int, _ pattern: StaticString) -> Bool {
            let count = pattern.utf8CodeUnitCount
            guard i + count <= body.count else { return false }
            return memcmp(body.baseAddress! + i, pattern.utf8Start, count) == 0
        }
    }
}

private extension String {
    /// The address `depth` folders up from this page's address (ending in "/").
    func dropLast(article depth: Int) -> Substring {
        var result = Substring(self)
        for _ in 0..<depth {
            result = result.dropLast()
            if let slash = result.lastIndex(of: "/") { result = result[...slash] }
        }
        return result
    }
}
