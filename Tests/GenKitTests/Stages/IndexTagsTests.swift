@testable import GenKit
import XCTest

final class IndexTagsTests: XCTestCase {
    func article(_ slug: String, _ tags: [String]) -> Article {
        Article(slug: slug, path: "content/articles/\(slug).md", title: slug, tags: tags, body: "", bodyLine: 1)
    }

    func testSpellingsOfOneTagShareAPage() {
        var diagnostics = DiagnosticList()
        let articles = [article("a", ["US Election", "us-election"]), article("b", ["US Election"]), article("c", ["us-election", "Other"])]
        let index = IndexTags.run(articles, diagnostics: &diagnostics)
        XCTAssertEqual(index.tags.map(\.slug), ["other", "us-election"])
        XCTAssertEqual(index.tags[1].name, "US Election")
        XCTAssertEqual(index.tags[1].articleIndices, [0, 1, 2])
        XCTAssertEqual(index.tags(of: articles[0]).map { index.tags[$0].slug }, ["us-election"])
        XCTAssertEqual(diagnostics.sorted.map(\.rendered), [
            "content/articles/a.md:1:1: warning: tags 'US Election', 'us-election' share the page tags/us-election/ as 'US Election'\n"
                + "content/articles/a.md:1:1: note: 'US Election' is used here",
        ])
    }

    func testTagWithoutLettersGetsNoPage() {
        var diagnostics = DiagnosticList()
        let index = IndexTags.run([article("a", ["!!!"])], diagnostics: &diagnostics)
        XCTAssertTrue(index.tags.isEmpty)
        XCTAssertEqual(diagnostics.sorted.map(\.message), ["tag '!!!' has no letters or digits and gets no page"])
    }
}
