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

        {#when}

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

    func testWebAnnotationCollectionIsTheSameEveryTime() {
        var config = SiteConfig()
        config.baseURL = "https://example.org/review/"
        let (article, notes, bodies) = anchored()
        let json = AnnotationJSONLD.collection(notes, bodies: bodies, article: article, config: config).serialized(pretty: true)
        XCTAssertEqual(json, AnnotationJSONLD.collection(notes, bodies: bodies, article: article, config: config).serialized(pretty: true))
        XCTAssertTrue(json.contains("\"type\": \"AnnotationCollection\""), json)
        XCTAssertTrue(json.contains("\"id\": \"https://example.org/review/articles/a/#note-budget\""), json)
        XCTAssertTrue(json.contains("\"exact\": \"approved the budget\""), json)
        XCTAssertTrue(json.contains("\"prefix\": \"The council \u{201C}\""), json)
        XCTAssertTrue(json.contains("\"suffix\": \"\u{201D} on Tuesday.\""), json)
        XCTAssertTrue(json.contains("\"type\": \"TextPositionSelector\",\n              \"start\": 13,\n              \"end\": 32"), json)
        XCTAssertTrue(json.contains("\"value\": \"<p>The vote was <em>postponed</em>.</p>\\n\""), json)
        XCTAssertTrue(json.contains("\"name\": \"Fact desk\""), json)
    }

    /// The build's direct writer gives the same bytes as the value tree.
    func testDirectWriterMatchesTheValueTree() {
        for base in ["", "https://example.org/review/"] {
            var config = SiteConfig()
            config.baseURL = base
            let (article, notes, bodies) = anchored()
            XCTAssertEqual(AnnotationJSONLD.collectionJSON(notes, bodies: bodies, article: article, config: config),
                           AnnotationJSONLD.collection(notes, bodies: bodies, article: article, config: config).serialized())
        }
    }

    func testClaimReviewForFactChecksOnly() {
        let (article, notes, _) = anchored()
        let reviews = AnnotationJSONLD.claimReviews(notes, article: article, config: SiteConfig(), forScript: false)
        XCTAssertEqual(String(decoding: reviews, as: UTF8.self), ##"{"@context":"https://schema.org","@type":"ClaimReview","url":"#note-budget","##
            + #""claimReviewed":"approved the budget","reviewRating":{"@type":"Rating","ratingValue":1,"bestRating":5,"worstRating":1,"#
            + #""alternateName":"False"},"author":{"@type":"Person","name":"Fact desk"},"itemReviewed":{"@type":"Claim","#
            + #""appearance":{"@type":"Article","headline":"Budget","url":"https://news.example/budget"}}}"#)
    }
}
