@testable import GenKit
import Markdown
import XCTest

final class AnnotationJSONLDTests: XCTestCase {
    func anchored() -> (Article, [AnchoredNote], [String]) {
        var diagnostics = DiagnosticList()
        let loader = AnnotationLoader(fileSystem: LocalFileSystem(), siteDirectory: "/", verdicts: SiteConfig().verdicts)
        let file = loader.parse("""
        ---
        author: "Fact desk"
        ---
        > approved the budget

        {#budget .fact-check verdict=false}

        The vote was *postponed*.

        > on Tuesday

        {#when tags="council, dates"}

        Context.
        """, path: "content/annotations/a.md", diagnostics: &diagnostics)
        var notes = file.notes
        CollectNotes.assignIDs(&notes, diagnostics: &diagnostics)
        let article = Article(slug: "a", path: "content/articles/a.md", title: "Budget", url: "https://news.example/budget",
                              body: "The council \u{201C}approved the budget\u{201D} on Tuesday.", bodyLine: 4)
        let runs = MarkdownDocument(article.body).textRuns()
        let result = AnchorNotes(article: article, runs: runs, orphanSeverity: .error).run(notes)
        XCTAssertEqual(diagnostics.sorted.map(\.rendered) + result.diagnostics.sorted.map(\.rendered), [])
        return (article, result.anchored, NoteMarkup(config: SiteConfig()).bodies(result.anchored).map { String(decoding: $0, as: UTF8.self) })
    }

    /// The collection as the build writes it, read back.
    func collection(base: String) throws -> (json: String, value: [String: Any]) {
        var config = SiteConfig()
        config.baseURL = base
        let (article, notes, bodies) = anchored()
        let json = AnnotationJSONLD.collectionJSON(notes, bodies: bodies, article: article, config: config)
        XCTAssertEqual(json, AnnotationJSONLD.collectionJSON(notes, bodies: bodies, article: article, config: config),
                       "the same bytes every time")
        return (json, try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], json))
    }

    func testWebAnnotationCollection() throws {
        for base in ["", "https://example.org/review/"] {
            // Without base_url, addresses are relative to annotations.jsonld, beside the page.
            let page = base.isEmpty ? "./" : base + "articles/a/"
            let (json, collection) = try collection(base: base)
            XCTAssertEqual(collection["@context"] as? String, "http://www.w3.org/ns/anno.jsonld")
            XCTAssertEqual(collection["id"] as? String, page + "annotations.jsonld")
            XCTAssertEqual(collection["type"] as? String, "AnnotationCollection")
            XCTAssertEqual(collection["label"] as? String, "Notes on \u{201C}Budget\u{201D}")
            XCTAssertEqual(collection["total"] as? Int, 2)
            let first = try XCTUnwrap(collection["first"] as? [String: Any])
            XCTAssertEqual(first["id"] as? String, page + "annotations.jsonld#page1")
            XCTAssertEqual(first["type"] as? String, "AnnotationPage")
            XCTAssertEqual(first["startIndex"] as? Int, 0)
            let items = try XCTUnwrap(first["items"] as? [[String: Any]])
            XCTAssertEqual(items.map { $0["id"] as? String }, [page + "#note-budget", page + "#note-when"])
            XCTAssertEqual(items.map { $0["type"] as? String }, ["Annotation", "Annotation"])
            XCTAssertEqual(items.map { $0["motivation"] as? String }, ["assessing", "commenting"])
            for item in items {
                XCTAssertEqual(item["creator"] as? [String: String], ["type": "Person", "name": "Fact desk"])
            }
            // The text, then a body per tag and one for the verdict.
            let bodies = items.compactMap { $0["body"] as? [[String: String]] }
            XCTAssertEqual(bodies, [
                [["type": "TextualBody", "value": "<p>The vote was <em>postponed</em>.</p>\n", "format": "text/html", "purpose": "assessing"],
                 ["type": "TextualBody", "purpose": "classifying", "value": "false"]],
                [["type": "TextualBody", "value": "<p>Context.</p>\n", "format": "text/html", "purpose": "commenting"],
                 ["type": "TextualBody", "purpose": "tagging", "value": "council"],
                 ["type": "TextualBody", "purpose": "tagging", "value": "dates"]],
            ])
            let target = try XCTUnwrap(items[0]["target"] as? [String: Any])
            XCTAssertEqual(target["source"] as? String, page)
            let selectors = try XCTUnwrap(target["selector"] as? [[String: Any]])
            XCTAssertEqual(selectors[0] as? [String: String], ["type": "TextQuoteSelector", "exact": "approved the budget",
                                                               "prefix": "The council \u{201C}", "suffix": "\u{201D} on Tuesday."])
            XCTAssertEqual(selectors[1]["type"] as? String, "TextPositionSelector")
            XCTAssertEqual(selectors[1]["start"] as? Int, 13)
            XCTAssertEqual(selectors[1]["end"] as? Int, 32)
            // Keys in a fixed order (the same bytes on every build).
            XCTAssertTrue(json.hasPrefix(#"{"@context":"http://www.w3.org/ns/anno.jsonld","id":"#), json)
        }
    }

    func testClaimReviewForFactChecksOnly() {
        let (article, notes, _) = anchored()
        let reviews = AnnotationJSONLD.claimReviews(notes, article: article, config: SiteConfig(), forScript: false)
        XCTAssertEqual(String(decoding: reviews, as: UTF8.self), ##"{"@context":"https://schema.org","@type":"ClaimReview","url":"#note-budget","##
            + #""claimReviewed":"approved the budget","reviewRating":{"@type":"Rating","ratingValue":1,"bestRating":5,"worstRating":1,"#
            + #""alternateName":"False"},"author":{"@type":"Person","name":"Fact desk"},"itemReviewed":{"@type":"Claim","#
            + #""appearance":{"@type":"Article","headline":"Budget","url":"https://news.example/budget"}}}"#)
        // Published with the article, on its date.
        var dated = article
        dated.date = SiteDate(parsing: "2025-03-04")
        let withDate = String(decoding: AnnotationJSONLD.claimReviews(notes, article: dated, config: SiteConfig(), forScript: false), as: UTF8.self)
        XCTAssertTrue(withDate.contains(#""claimReviewed":"approved the budget","datePublished":"2025-03-04T00:00:00Z","reviewRating""#), withDate)
        // On its own date, when the note has one; exported as the annotation's `created`.
        var ownDate = notes
        for i in ownDate.indices { ownDate[i].note.date = SiteDate(parsing: "2025-03-06") }
        let reviewed = String(decoding: AnnotationJSONLD.claimReviews(ownDate, article: dated, config: SiteConfig(), forScript: false), as: UTF8.self)
        XCTAssertTrue(reviewed.contains(#""datePublished":"2025-03-06T00:00:00Z""#), reviewed)
        let created = String(decoding: AnnotationJSONLD.collectionBytes(ownDate, bodies: [[], []], article: dated, config: SiteConfig()),
                             as: UTF8.self)
        XCTAssertTrue(created.contains(#""created":"2025-03-06T00:00:00Z""#), created)
        // An author the site has as an organisation is one, in the review and in the export.
        let desk = EntityIndex([Entity(slug: "fact-desk", path: "content/entities/fact-desk.md", name: "Fact desk", kind: .organization,
                                       aliases: [], description: nil, wikidata: nil, url: nil, auto: false, body: "", bodyLine: 1)])
        let byDesk = String(decoding: AnnotationJSONLD.claimReviews(notes, article: article, config: SiteConfig(), entities: desk,
                                                                    forScript: false), as: UTF8.self)
        XCTAssertTrue(byDesk.contains(#""author":{"@type":"Organization","name":"Fact desk"}"#), byDesk)
        let export = String(decoding: AnnotationJSONLD.collectionBytes(notes, bodies: [[], []], article: article, config: SiteConfig(),
                                                                       entities: desk), as: UTF8.self)
        XCTAssertTrue(export.contains(#""creator":{"type":"Organization","name":"Fact desk"}"#), export)
    }
}
