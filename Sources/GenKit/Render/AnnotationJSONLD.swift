/// Structured data for an article's notes: the W3C Web Annotation collection written to
/// `articles/<slug>/annotations.jsonld`, and a schema.org ClaimReview per fact-check note for
/// the page's JSON-LD.
public enum AnnotationJSONLD {
    /// The notes as an `AnnotationCollection` with one page of items, each with a
    /// TextQuoteSelector (the article's real text) and a TextPositionSelector.
    public static func collection(_ notes: [AnchoredNote], bodies: [String], article: Article,
                                  config: SiteConfig) -> JSONValue {
        // Without base_url, addresses are relative to annotations.jsonld, beside the page.
        let base = config.normalizedBaseURL
        let page = base.isEmpty ? "./" : base + article.outputPath
        let items: [JSONValue] = notes.map { anchored in
            let note = anchored.note
            return .object([
                ("id", .string(page + "#note-" + note.id)),
                ("type", .string("Annotation")),
                ("motivation", .string(note.kind == .factCheck ? "assessing" : note.kind == .correction ? "editing" : "commenting")),
                ("creator", note.author.map { .object([("type", .string("Person")), ("name", .string($0))]) }),
                ("body", .object([
                    ("type", .string("TextualBody")),
                    ("value", .string(bodies[anchored.number - 1])),
                    ("format", .string("text/html")),
                    ("purpose", .string(note.kind == .factCheck ? "assessing" : "commenting")),
                ])),
                ("target", .object([
                    ("source", .string(page)),
                    ("selector", .array([
                        .object([("type", .string("TextQuoteSelector")), ("exact", .string(anchored.exact)),
                                 ("prefix", .string(anchored.prefix)), ("suffix", .string(anchored.suffix))]),
                        .object([("type", .string("TextPositionSelector")), ("start", .number(anchored.textStart)),
                                 ("end", .number(anchored.textEnd))]),
                    ])),
                ])),
            ])
        }
        return .object([
            ("@context", .string("http://www.w3.org/ns/anno.jsonld")),
            ("id", .string(page + "annotations.jsonld")),
            ("type", .string("AnnotationCollection")),
            ("label", .string("Notes on \u{201C}\(article.title)\u{201D}")),
            ("total", .number(notes.count)),
            ("first", .object([
                ("id", .string(page + "annotations.jsonld#page1")),
                ("type", .string("AnnotationPage")),
                ("startIndex", .number(0)),
                ("items", .array(items)),
            ])),
        ])
    }

    /// A ClaimReview for each fact-check note: the claim, the rating on the site's scale, its
    /// author and the article where the claim appears.
    public static func claimReviews(_ notes: [AnchoredNote], article: Article, config: SiteConfig) -> [JSONValue] {
        // Without base_url, addresses are relative to the page itself.
        let page = config.normalizedBaseURL.isEmpty ? "" : config.normalizedBaseURL + article.outputPath
        let ratings = config.verdicts.map(\.rating)
        return notes.compactMap { anchored in
            let note = anchored.note
            guard note.kind == .factCheck, let key = note.verdict,
                  let verdict = config.verdicts.first(where: { $0.key == key }) else { return nil }
            return .object([
                ("@context", .string("https://schema.org")),
                ("@type", .string("ClaimReview")),
                ("url", .string(page + "#note-" + note.id)),
                ("claimReviewed", .string(anchored.exact)),
                ("reviewRating", .object([
                    ("@type", .string("Rating")),
                    ("ratingValue", .number(verdict.rating)),
                    ("bestRating", .number(ratings.max() ?? verdict.rating)),
                    ("worstRating", .number(ratings.min() ?? verdict.rating)),
                    ("alternateName", .string(verdict.label)),
                ])),
                ("author", .object([("@type", .string(note.author == nil ? "Organization" : "Person")),
                                    ("name", .string(note.author ?? config.title))])),
                ("itemReviewed", .object([
                    ("@type", .string("Claim")),
                    ("appearance", .object([
                        ("@type", .string("Article")),
                        ("headline", .string(article.title)),
                        ("url", article.url.map { .string($0) } ?? .string(page.isEmpty ? "./" : page)),
                    ])),
                ])),
            ])
        }
    }
}
