@testable import GenKit
import Markdown
import XCTest

final class CitationMarkupTests: XCTestCase {
    let sources = [
        SourceRecord(id: "a", type: "webpage", title: "Source A", location: SourceLocation("content/sources.yaml")),
        SourceRecord(id: "b", type: "book", title: "Source B", location: SourceLocation("content/sources.yaml")),
    ]

    func render(_ body: String) -> RenderedArticle {
        let article = Article(slug: "x", path: "content/articles/x.md", title: "X", body: body, bodyLine: 4)
        return RenderMarkdown.render(article, options: MarkdownOptions(), citations: CitationMarkup(sources: sources))
    }

    func testNumbersInOrderOfFirstCitationAndKeepsANumber() {
        let rendered = render("One [@b]. Two [@a, p. 4]. Three [see @b; @a].\n")
        XCTAssertEqual(rendered.diagnostics.sorted.map(\.rendered), [])
        XCTAssertEqual(rendered.citedKeys, ["b", "a"])
        XCTAssertEqual(rendered.citationPlaces["b"], ["cite-b-1", "cite-b-2"])
        let links = rendered.html.components(separatedBy: "<a class=\"citation\"").dropFirst().map { $0.components(separatedBy: "</a>")[0] }
        XCTAssertEqual(links.map { String($0.split(separator: ">").last!) }, ["1", "2", "1", "2"])
        XCTAssertTrue(rendered.html.contains("One<span class=\"citations\" data-gen-added>[<a class=\"citation\" data-source=\"b\" href=\"#source-b\" id=\"cite-b-1\""), rendered.html)
        XCTAssertTrue(rendered.html.contains("</span>, p. 4]</span>"), rendered.html)
        XCTAssertTrue(rendered.html.contains("<span class=\"citations\" data-gen-added>[see <a class=\"citation\" data-source=\"b\""), rendered.html)
        XCTAssertTrue(rendered.sourcesHTML.contains("<li id=\"source-b\"><cite>Source B</cite>. <span class=\"source-backlinks\"><a href=\"#cite-b-1\" aria-label=\"Back to citation 1 (1)\">↩1</a> <a href=\"#cite-b-2\" aria-label=\"Back to citation 1 (2)\""),
                      rendered.sourcesHTML)
        XCTAssertTrue(rendered.sourcesHTML.contains("<li id=\"source-a\">\u{201C}Source A\u{201D}."), rendered.sourcesHTML)
        // Each back link's name says which source (its number) and which of its places.
        XCTAssertTrue(rendered.sourcesHTML.contains("<a href=\"#cite-a-2\" aria-label=\"Back to citation 2 (2)\">↩2</a>"), rendered.sourcesHTML)
    }

    func testCodeEmailsAndHandlesAreNotCitations() {
        let rendered = render("Write to me@example.org or @a. `[@a]` stays code.\n\n```\n[@a]\n```\n")
        XCTAssertEqual(rendered.citedKeys, [])
        XCTAssertTrue(rendered.html.contains("<code>[@a]</code>"))
        XCTAssertEqual(rendered.sourcesHTML, "")
    }

    /// As in Pandoc, a bracket or `@` escaped with a backslash makes no citation; the page
    /// shows the brackets, and the summary keeps them too.
    func testEscapedBracketsOrAtAreNoCitation() {
        let rendered = render(#"Write \[@a\], \[@a], [@a\] or [\@a] to cite; \\[@b] cites."# + "\n")
        XCTAssertEqual(rendered.citedKeys, ["b"])
        XCTAssertTrue(rendered.html.hasPrefix("<p>Write [@a], [@a], [@a] or [@a] to cite; \\<span class=\"citations\""), rendered.html)
        XCTAssertEqual(rendered.summary, #"Write [@a], [@a], [@a] or [@a] to cite; \ cites."#)
        // The summary reads the paragraph as it does without a backslash (an image's words too).
        XCTAssertEqual(render("![Chart](c.png) Sales rose [@a].\n").summary, "Chart Sales rose.")
        XCTAssertEqual(render(#"![Chart](c.png) Sales rose \[@a\]."# + "\n").summary, "Chart Sales rose [@a].")
    }

    func testFootnotesKeepTheirOwnIDs() {
        let rendered = render("Claim [@a].[^1]\n\n[^1]: A footnote.\n")
        XCTAssertTrue(rendered.html.contains("href=\"#fn-1\" id=\"fnref-1\""))
        XCTAssertTrue(rendered.html.contains("id=\"cite-a-1\""))
    }

    func testUnknownKeyIsAnErrorAtItsPlaceWithSuggestions() {
        let rendered = render("Fine [@a].\nNot [@c, p. 2].\n")
        XCTAssertEqual(rendered.diagnostics.sorted.map(\.rendered), [
            "content/articles/x.md:5:5: error: unknown source '@c'\nnote: did you mean '@a'?\nnote: did you mean '@b'?",
        ])
    }
}
