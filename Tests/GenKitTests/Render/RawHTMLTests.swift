import XCTest
import TestSupport
@testable import GenKit

/// Raw HTML is left out of a page without `unsafe_html`; text that goes with it must not go
/// unseen: a warning names the first block that takes text with it, else the first tag. A
/// comment alone is the writer's aside.
final class RawHTMLTests: XCTestCase {
    func warnings(_ body: String) throws -> [String] {
        let site = try TemporarySite(["gen.toml": "title = \"T\"\nbase_url = \"https://example.org/\"\n",
                                      "content/articles/a.md": "---\ntitle: A\ndate: 2025-01-02\n---\n" + body])
        return site.diagnosticLines().filter { $0.contains("warning:") }
    }

    func testTextThatGoesWithRawHTMLIsWarnedOf() throws {
        XCTAssertEqual(try warnings("The licence cost <strong>two shillings</strong>.\n\n<div class=\"box\">\nA box with **Markdown**.\n</div>\n"),
                       ["content/articles/a.md:7:1: warning: raw HTML is left out of the page, with the text in it: '<div class=\"box\">' "
                        + "(and 2 more in this article)"])
        XCTAssertEqual(try warnings("Text.\n\n<br>\n"), ["content/articles/a.md:7:1: warning: raw HTML is left out of the page: '<br>'"])
        // Text after a comment on its line is read with it, as an HTML block.
        XCTAssertEqual(try warnings("Text.\n\n<!-- check the figure --> The plan will cost £14m.\n"),
                       ["content/articles/a.md:7:1: warning: raw HTML is left out of the page, with the text in it: "
                        + "'<!-- check the figure --> The plan will cost £14m.'"])
    }

    func testACommentAloneIsNoLoss() throws {
        XCTAssertEqual(try warnings("Text.\n\n<!-- an aside -->\n\nMore <!-- inline --> text.\n\n<!--\nover\nlines\n-->\n"), [])
    }
}
