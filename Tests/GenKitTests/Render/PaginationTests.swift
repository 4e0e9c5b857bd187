@testable import GenKit
import Templates
import TestSupport
import XCTest

final class PaginationTests: XCTestCase {
    func testAListIsCutIntoPagesWithTheirFoldersAndRoots() {
        let pages = Pagination.pages(folder: "tags/x/", count: 5, perPage: 2)
        XCTAssertEqual(pages.map(\.range), [0..<2, 2..<4, 4..<5])
        XCTAssertEqual(pages.map(\.file), ["tags/x/index.html", "tags/x/page/2/index.html", "tags/x/page/3/index.html"])
        XCTAssertEqual(pages.map(\.root), ["../../", "../../../../", "../../../../"])
        XCTAssertEqual(Pagination.pages(folder: "", count: 3, perPage: 2).map(\.root), ["./", "../../"])
    }

    func testAnEmptyListHasOneEmptyPage() {
        let pages = Pagination.pages(folder: "sources/", count: 0, perPage: 50)
        XCTAssertEqual(pages.count, 1)
        XCTAssertEqual(pages[0].range, 0..<0)
        XCTAssertFalse(PaginationContext(pages[0]).value(for: "paged").isTruthy)
    }

    func testNumbersShownAroundTheCurrentPageWithGaps() {
        let pages = Pagination.pages(folder: "", count: 200, perPage: 10)
        let context = PaginationContext(pages[9])
        XCTAssertEqual(context.shown, [1, 8, 9, 10, 11, 12, 20])
        XCTAssertEqual(context.value(for: "prev_path").textValue, "page/9/")
        XCTAssertEqual(context.value(for: "next_path").textValue, "page/11/")
        XCTAssertEqual(PaginationContext(pages[1]).value(for: "prev_path").textValue, "")
        XCTAssertTrue(PaginationContext(pages[19]).value(for: "next_path").isNull)
    }
}

extension TemplateValue {
    var textValue: String? { if case .text(let text) = self { text } else { nil } }
}

final class EntityKindPathTests: XCTestCase {
    func testAnEntitysLaterPagesAreToldFromTheEntityListsOwnPages() {
        XCTAssertTrue(EntityKind.isLaterPage("entities/nigel-farage/page/2/index.html"))
        XCTAssertTrue(EntityKind.isLaterPage("entities/page/page/2/index.html"))
        XCTAssertFalse(EntityKind.isLaterPage("entities/page/2/index.html"))
        XCTAssertFalse(EntityKind.isLaterPage("entities/nigel-farage/index.html"))
        XCTAssertFalse(EntityKind.isLaterPage("entities/nigel-farage/page/2/feed.xml"))
    }
}

/// The sitemap dates what has a date: articles and standalone pages.
final class SitemapTests: XCTestCase {
    func testArticlesAndPagesWithADateHaveALastmod() throws {
        let site = try TemporarySite([
            "gen.toml": "base_url = \"https://example.org/\"\n",
            "content/articles/a.md": "---\ntitle: A\ndate: 2024-05-06\n---\nText.\n",
            "content/pages/about.md": "---\ntitle: About\ndate: 2025-01-02\n---\nText.\n",
            "content/pages/legal.md": "---\ntitle: Legal\n---\nText.\n",
        ])
        let result = site.build()
        let sitemap = try result.text("sitemap.xml")
        XCTAssertTrue(sitemap.contains("<url><loc>https://example.org/articles/a/</loc><lastmod>2024-05-06</lastmod></url>"), sitemap)
        XCTAssertTrue(sitemap.contains("<url><loc>https://example.org/about/</loc><lastmod>2025-01-02</lastmod></url>"), sitemap)
        XCTAssertTrue(sitemap.contains("<url><loc>https://example.org/legal/</loc></url>"), sitemap)
    }
}
