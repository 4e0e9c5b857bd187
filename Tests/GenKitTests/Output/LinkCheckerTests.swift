@testable import GenKit
import XCTest

final class LinkCheckerTests: XCTestCase {
    let checker = LinkChecker(basePath: "/site/", jobs: 2)

    func page(_ path: String, _ html: String, source: String? = nil) -> OutputFile {
        OutputFile(path: path, text: html, source: source)
    }

    func testResolvesRelativeLinks() {
        XCTAssertEqual(checker.resolve("../../tags/x/", from: "articles/a/index.html")?.0, "tags/x/")
        XCTAssertEqual(checker.resolve("./articles/a/#top", from: "index.html")?.0, "articles/a/")
        XCTAssertEqual(checker.resolve("./articles/a/#top", from: "index.html")?.1, "top")
        XCTAssertEqual(checker.resolve("#fn-1", from: "articles/a/index.html")?.0, "articles/a/index.html")
        XCTAssertEqual(checker.resolve("/site/tags/", from: "404.html")?.0, "tags/")
        XCTAssertNil(checker.resolve("https://example.org/", from: "index.html"))
        XCTAssertNil(checker.resolve("mailto:a@b.c", from: "index.html"))
        XCTAssertNil(checker.resolve("//cdn.example/x.js", from: "index.html"))
    }

    /// A Markdown link to a Markdown file is the build's to report (it was, where it is written);
    /// one in raw HTML is this check's.
    func testALinkToAMarkdownFileInRawHTMLIsReported() {
        let source = "---\ntitle: A\n---\nSee [b](b.md) and <a href=\"c.md\">c</a>.\n"
        let checker = LinkChecker(basePath: "/", jobs: 1, readSource: { _ in Array(source.utf8) })
        let files = [page("a/index.html", "<p>See <a href=\"b.md\">b</a> and <a href=\"c.md\">c</a>.</p>", source: "content/articles/a.md")]
        XCTAssertEqual(checker.check(files).map(\.rendered), [
            "a/index.html:1:36: error: broken link 'c.md': no page at 'a/c.md'\nnote: the page is made from content/articles/a.md",
        ])
    }

    func testReportsMissingPagesAndFragmentsWithTheirLine() {
        let files = [
            page("index.html", "<p>\n<a href=\"./a/\">a</a> <a href=\"./missing/\">m</a>\n<a href=\"./a/#nope\">x</a></p>"),
            page("a/index.html", "<h1 id=\"top\">A</h1><a href=\"../#\">home</a> <a href=\"#top\">top</a>", source: "content/articles/a.md"),
        ]
        XCTAssertEqual(checker.check(files).map(\.rendered), [
            "index.html:2:25: error: broken link './missing/': no page at 'missing/'",
            "index.html:3:4: error: broken link './a/#nope': no element with id 'nope' in 'a/index.html'",
        ])
    }

    func testAnIdGivenTwiceIsAnError() {
        let files = [page("a/index.html", "<main id=\"main\">\n<h2 id=\"main\">Main</h2> <p id=\"x\" data-id=\"main\">x</p></main>",
                          source: "content/articles/a.md")]
        XCTAssertEqual(checker.check(files).map(\.rendered), [
            "a/index.html:2:5: error: id 'main' is given to two elements of the page: a link to #main leads to the first\n"
                + "note: the first is at line 1, column 7\nnote: the page is made from content/articles/a.md",
        ])
    }
}
