import Foundation
import GenKit
import TestSupport
import XCTest

/// Input made to break the build: nesting deeper than a stack, one very long paragraph.
final class HostileInputTests: XCTestCase {
    func testDeeplyNestedListsAndQuotesBuild() throws {
        let site = try TemporarySite([
            "content/articles/list.md": "---\ntitle: List\ndate: 2024-01-01\n---\n" + String(repeating: "- ", count: 30_000) + "Kamala Harris\n",
            "content/articles/quote.md": "---\ntitle: Quote\ndate: 2024-01-01\n---\n" + String(repeating: "> ", count: 30_000) + "x [@a]\n",
            "content/entities/kamala-harris.md": "---\nname: Kamala Harris\nkind: person\n---\nShe.\n",
            "content/sources.yaml": "- id: a\n  type: book\n  title: A\n",
        ])
        let result = site.build()
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [])
        let list = try XCTUnwrap(result.files.first { $0.path == "articles/list/index.html" })
        let html = String(decoding: list.bytes, as: UTF8.self)
        XCTAssertGreaterThanOrEqual(html.components(separatedBy: "<ul>").count - 1, 30_000)
        XCTAssertTrue(html.contains("data-entity=\"kamala-harris\""), "the mention is marked")
        let quote = try XCTUnwrap(result.files.first { $0.path == "articles/quote/index.html" })
        XCTAssertEqual(String(decoding: quote.bytes, as: UTF8.self).components(separatedBy: "<blockquote>").count - 1, 30_000)
        XCTAssertTrue(String(decoding: quote.bytes, as: UTF8.self).contains("class=\"citation\""), "the citation is marked")
    }

    /// Every mention, link and citation of one long paragraph is marked; the summary is its
    /// first sentences.
    func testALongParagraphOfMentionsIsMarkedThroughout() throws {
        let sentences = (1...3_000).map { n in
            n % 10 == 0 ? "Kamala Harris went to [[North Carolina]] on day \(n) [@a]." : "On day \(n) Kamala Harris spoke in North Carolina."
        }
        let site = try TemporarySite([
            "content/articles/long.md": "---\ntitle: Long\ndate: 2024-01-01\n---\n" + sentences.joined(separator: " ") + "\n",
            "content/entities/kamala-harris.md": "---\nname: Kamala Harris\nkind: person\n---\nShe.\n",
            "content/entities/north-carolina.md": "---\nname: North Carolina\nkind: place\n---\nA state.\n",
            "content/sources.yaml": "- id: a\n  type: book\n  title: A\n",
        ])
        let result = site.build()
        XCTAssertEqual(result.diagnostics.sorted.map(\.rendered), [])
        let page = try XCTUnwrap(result.files.first { $0.path == "articles/long/index.html" })
        // The article's text, without the list of who it mentions.
        let html = try XCTUnwrap(String(decoding: page.bytes, as: UTF8.self).components(separatedBy: "In this article").first)
        XCTAssertEqual(html.components(separatedBy: ">Kamala Harris</").count - 1, 3_000)
        XCTAssertEqual(html.components(separatedBy: ">North Carolina</").count - 1, 3_000)
        // The explicit links, and the first mention.
        XCTAssertEqual(html.components(separatedBy: "href=\"../../entities/north-carolina/\">North Carolina</a>").count - 1, 301)
        XCTAssertEqual(html.components(separatedBy: "class=\"citation\"").count - 1, 300)
        let index = try XCTUnwrap(result.files.first { $0.path == "index.html" })
        XCTAssertTrue(String(decoding: index.bytes, as: UTF8.self)
            .contains("On day 1 Kamala Harris spoke in North Carolina. On day 2 Kamala Harris spoke in North Carolina."))
    }
}
